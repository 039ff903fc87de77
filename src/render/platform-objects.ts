import { stringify } from 'yaml';
import { MigValidationError, type Diagnostic } from '../diagnostics';
import {
  ALL_DISABLED_CONFIG,
  DEVICE_PLUGIN_CONFIG_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  MIG_CONFIG_LABEL,
  MIG_PARTED_CONFIGMAP_KEY,
  migResourceName,
  quotaResourceKey,
  WORKLOAD_NAME_LABEL,
} from '../naming';
import { validatePlatform, type NodePoolSpec, type NodeTaint, type PlatformSpec, type ResolvedOperator, type ResolvedPlatform, type ResolvedPool, type ResolvedTenant, type ResolvedWorkload, type WorkloadSpec } from '../spec';
import { buildMigPartedDocument, stringifyMigPartedConfig } from '../mig-parted';
import { compareKeys } from '../order';

/** A Kubernetes manifest as a plain object. */
export type KubeManifest = { readonly apiVersion: string; readonly kind: string; readonly metadata: KubeMetadata } & Record<string, unknown>;

export interface KubeMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Who an object belongs to, so each adapter can parent it under the right construct/component. */
export type ObjectOwner =
  | { readonly kind: 'cluster' }
  | { readonly kind: 'pool'; readonly name: string }
  | { readonly kind: 'workload'; readonly namespace: string; readonly name: string; readonly workloadKind: string }
  | { readonly kind: 'tenant'; readonly namespace: string };

export interface RenderedObject {
  /** Stable id, e.g. `cluster/mig-parted-config`, `tenant/team-a/resourcequota`. */
  readonly id: string;
  readonly owner: ObjectOwner;
  readonly manifest: KubeManifest;
}

const managed = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };

/**
 * The top-level keys of a manifest besides apiVersion/kind/metadata, per kind. Adapters create an
 * object from its identity first and fill in these keys once the platform is rendered.
 */
export function manifestBodyKeys(kind: string): string[] {
  if (kind === 'Namespace') return [];
  if (kind === 'ConfigMap') return ['data'];
  return ['spec'];
}

// ---------------------------------------------------------------- identities
// Each object's apiVersion/kind/metadata is a pure function of its owner's own props, so adapters can
// create the object before the whole platform is known (cdk8s) and fill in its body at synth.

export function operatorNamespaceIdentity(op: ResolvedOperator): KubeManifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: op.namespace, labels: managed } };
}
export function migConfigMapIdentity(op: ResolvedOperator): KubeManifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: op.migConfigMapName, namespace: op.namespace, labels: managed } };
}
export function devicePluginConfigMapIdentity(op: ResolvedOperator): KubeManifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: op.devicePluginConfigMapName, namespace: op.namespace, labels: managed } };
}
export function fluxHelmRepositoryIdentity(op: ResolvedOperator): KubeManifest {
  return { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'nvidia', namespace: op.namespace, labels: managed } };
}
export function fluxHelmReleaseIdentity(op: ResolvedOperator): KubeManifest {
  return { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: op.releaseName, namespace: op.namespace, labels: managed } };
}
export function argoApplicationIdentity(op: ResolvedOperator): KubeManifest {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: op.releaseName, namespace: op.argocd?.namespace ?? 'argocd', labels: managed } };
}
export function karpenterNodePoolIdentity(poolName: string): KubeManifest {
  return { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: poolName, labels: managed } };
}
export function workloadIdentity(w: WorkloadSpec): KubeManifest {
  const kind = w.kind ?? 'Deployment';
  return {
    apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1',
    kind,
    metadata: { name: w.name, namespace: w.namespace ?? 'default', labels: { ...(w.labels ?? {}), [WORKLOAD_NAME_LABEL]: w.name, ...managed } },
  };
}
export function tenantNamespaceIdentity(namespace: string): KubeManifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: managed } };
}
export function tenantQuotaIdentity(namespace: string, quotaName = 'mig-slices'): KubeManifest {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: quotaName, namespace, labels: managed } };
}

/** An object the cluster owns from the start: its stable id, a short name for adapters, its identity. */
export interface ClusterObject {
  readonly id: string;
  /** Short name for adapter ids, e.g. `mig-parted-config`. */
  readonly name: string;
  readonly identity: KubeManifest;
}

/**
 * The objects a cluster emits whatever its pools: the operator Namespace (unless createNamespace is
 * false), the MIG Manager ConfigMap, and the GitOps objects asked for. (The device-plugin ConfigMap
 * joins when a pool needs one.) Both adapters create exactly these.
 */
export function clusterObjects(op: ResolvedOperator): ClusterObject[] {
  const out: ClusterObject[] = [];
  const add = (name: string, identity: KubeManifest) => out.push({ id: `cluster/${name}`, name, identity });
  if (op.createNamespace) add('operator-namespace', operatorNamespaceIdentity(op));
  add('mig-parted-config', migConfigMapIdentity(op));
  if (op.flux) {
    add('flux-helmrepository', fluxHelmRepositoryIdentity(op));
    add('flux-helmrelease', fluxHelmReleaseIdentity(op));
  }
  if (op.argocd) add('argocd-application', argoApplicationIdentity(op));
  return out;
}

/** The device-plugin ConfigMap, emitted once some pool uses time-slicing. */
export function devicePluginConfigObject(op: ResolvedOperator): ClusterObject {
  return { id: 'cluster/device-plugin-config', name: 'device-plugin-config', identity: devicePluginConfigMapIdentity(op) };
}

// ---------------------------------------------------------------- node labels and device plugin

/** Whether the pool needs its own device-plugin config (time-slicing on top of MIG). */
export function poolNeedsDevicePluginConfig(pool: Pick<NodePoolSpec, 'timeSlicing'>): boolean {
  return pool.timeSlicing !== undefined;
}

/**
 * Labels a pool's nodes must carry: `nvidia.com/mig.config=<pool>` selects the pool's mig-parted
 * config; `nvidia.com/device-plugin.config=<pool>` its device-plugin config when it has one.
 */
export function poolNodeLabels(pool: Pick<NodePoolSpec, 'name' | 'timeSlicing'>): Record<string, string> {
  const labels: Record<string, string> = { [MIG_CONFIG_LABEL]: pool.name };
  if (poolNeedsDevicePluginConfig(pool)) labels[DEVICE_PLUGIN_CONFIG_LABEL] = pool.name;
  return labels;
}

/** Named device-plugin configs (docs/reference/k8s-mig-integration.md §2.3): `default` plus one per time-sliced pool. */
export function renderDevicePluginConfigs(platform: ResolvedPlatform): Record<string, string> | undefined {
  const sliced = platform.pools.filter((p) => poolNeedsDevicePluginConfig(p.spec));
  if (sliced.length === 0) return undefined;
  const out: Record<string, string> = {
    default: stringify({ version: 'v1', flags: { migStrategy: platform.strategy } }, { lineWidth: 0 }),
  };
  for (const pool of sliced) {
    const ts = pool.spec.timeSlicing!;
    // The device-plugin config names each resource before any `.shared` renaming.
    const names = [...new Set([...pool.slicesPerNode.keys()].map((p) => migResourceName(platform.strategy, p)))];
    out[pool.spec.name] = stringify(
      {
        version: 'v1',
        flags: { migStrategy: platform.strategy },
        sharing: {
          timeSlicing: {
            renameByDefault: ts.renameByDefault ?? false,
            resources: names.map((name) => ({ name, replicas: ts.replicas })),
          },
        },
      },
      { lineWidth: 0 },
    );
  }
  return out;
}

// ---------------------------------------------------------------- operator values

/**
 * GPU Operator Helm values for the platform. Only keys MIG needs are set; every key exists in the
 * chart's values.yaml (test/render/operator-values.test.ts checks them against v26.7.0).
 */
export function renderOperatorValues(platform: ResolvedPlatform): Record<string, unknown> {
  const op = platform.operator;
  const values: Record<string, unknown> = {
    mig: { strategy: platform.strategy },
    migManager: {
      config: { name: op.migConfigMapName, default: ALL_DISABLED_CONFIG },
      ...(op.withReboot ? { env: [{ name: 'WITH_REBOOT', value: 'true' }] } : {}),
    },
  };
  if (renderDevicePluginConfigs(platform)) {
    values.devicePlugin = { config: { name: op.devicePluginConfigMapName, default: 'default' } };
  }
  const dcgm: Record<string, unknown> = {};
  if (op.dcgmExporter.serviceMonitor !== undefined) dcgm.serviceMonitor = { enabled: op.dcgmExporter.serviceMonitor };
  if (op.dcgmExporter.podLabels !== undefined) dcgm.enablePodLabels = op.dcgmExporter.podLabels;
  if (Object.keys(dcgm).length > 0) values.dcgmExporter = dcgm;
  return values;
}

// ---------------------------------------------------------------- workloads

function tolerations(taints: readonly NodeTaint[]): Record<string, string>[] {
  return taints.map((t): Record<string, string> =>
    t.value === undefined ? { key: t.key, operator: 'Exists', effect: t.effect } : { key: t.key, operator: 'Equal', value: t.value, effect: t.effect },
  );
}

/** The limit a pod needs for its MIG slices (requests default to limits for extended resources). */
export function migResourceLimits(w: ResolvedWorkload): Record<string, number> {
  return { [w.resource]: w.slicesPerPod };
}

/** nodeSelector that lands only on the pool's nodes: its own labels plus its mig.config label. */
export function poolNodeSelector(pool: ResolvedPool): Record<string, string> {
  return { ...pool.nodeSelector, [MIG_CONFIG_LABEL]: pool.spec.name };
}

/** The pod template of a workload; the same for every adapter. */
export function renderPodTemplate(w: ResolvedWorkload): Record<string, unknown> {
  const s = w.spec;
  const container: Record<string, unknown> = {
    name: s.containerName ?? s.name,
    image: s.image,
    ...(s.command ? { command: [...s.command] } : {}),
    ...(s.args ? { args: [...s.args] } : {}),
    ...(s.env ? { env: Object.keys(s.env).sort(compareKeys).map((name) => ({ name, value: s.env![name] })) } : {}),
    resources: { limits: migResourceLimits(w) },
  };
  const tol = tolerations(w.pool.taints);
  return {
    metadata: { labels: { ...(s.labels ?? {}), [WORKLOAD_NAME_LABEL]: s.name } },
    spec: {
      ...(w.kind === 'Job' ? { restartPolicy: 'Never' } : {}),
      nodeSelector: poolNodeSelector(w.pool),
      ...(tol.length > 0 ? { tolerations: tol } : {}),
      containers: [container],
    },
  };
}

function renderWorkload(w: ResolvedWorkload): KubeManifest {
  const id = workloadIdentity(w.spec);
  const template = renderPodTemplate(w);
  const selector = { matchLabels: { [WORKLOAD_NAME_LABEL]: w.spec.name } };
  if (w.kind === 'Job') return { ...id, spec: { completions: w.replicas, parallelism: w.replicas, template } };
  if (w.kind === 'StatefulSet') return { ...id, spec: { serviceName: w.spec.serviceName ?? w.spec.name, replicas: w.replicas, selector, template } };
  return { ...id, spec: { replicas: w.replicas, selector, template } };
}

// ---------------------------------------------------------------- tenants

function renderQuota(t: ResolvedTenant): KubeManifest {
  const hard: Record<string, string> = {};
  for (const [res, n] of t.grants) hard[quotaResourceKey(res)] = String(n);
  return { ...tenantQuotaIdentity(t.spec.namespace, t.spec.quotaName), spec: { hard } };
}

// ---------------------------------------------------------------- gitops and karpenter

function renderFluxRepository(op: ResolvedOperator): KubeManifest {
  return { ...fluxHelmRepositoryIdentity(op), spec: { url: op.chartRepository, interval: op.flux!.interval } };
}

function renderFluxRelease(op: ResolvedOperator, values: Record<string, unknown>): KubeManifest {
  return {
    ...fluxHelmReleaseIdentity(op),
    spec: {
      interval: op.flux!.interval,
      releaseName: op.releaseName,
      targetNamespace: op.namespace,
      chart: { spec: { chart: 'gpu-operator', version: op.version, sourceRef: { kind: 'HelmRepository', name: 'nvidia', namespace: op.namespace } } },
      values,
    },
  };
}

function renderArgoApplication(op: ResolvedOperator, values: Record<string, unknown>): KubeManifest {
  return {
    ...argoApplicationIdentity(op),
    spec: {
      project: op.argocd!.project,
      source: { repoURL: op.chartRepository, chart: 'gpu-operator', targetRevision: op.version, helm: { releaseName: op.releaseName, valuesObject: values } },
      destination: { server: 'https://kubernetes.default.svc', namespace: op.namespace },
    },
  };
}

/**
 * Karpenter keeps well-known and provider labels (kubernetes.io, k8s.io, karpenter.*) as scheduling
 * requirements; its NodePool CRD restricts some of them as template labels.
 */
function isRequirementKey(key: string): boolean {
  const domain = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
  return /(^|\.)kubernetes\.io$|(^|\.)k8s\.io$|karpenter/.test(domain);
}

function nodeTaint(t: NodeTaint): Record<string, string> {
  return { key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect };
}

function renderKarpenterNodePool(pool: ResolvedPool): KubeManifest {
  const k = pool.spec.karpenter!;
  const requirements = Object.entries(pool.nodeSelector)
    .filter(([key]) => isRequirementKey(key))
    .map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  const labels = { ...Object.fromEntries(Object.entries(pool.nodeSelector).filter(([key]) => !isRequirementKey(key))), ...poolNodeLabels(pool.spec) };
  return {
    ...karpenterNodePoolIdentity(pool.spec.name),
    spec: {
      template: {
        metadata: { labels },
        spec: {
          nodeClassRef: { group: k.nodeClassRef.group, kind: k.nodeClassRef.kind, name: k.nodeClassRef.name },
          requirements,
          ...(pool.taints.length > 0 ? { taints: pool.taints.map(nodeTaint) } : {}),
        },
      },
      ...(k.limits ? { limits: { ...k.limits } } : {}),
    },
  };
}

// ---------------------------------------------------------------- the whole platform

export interface RenderedPlatformObjects {
  readonly objects: readonly RenderedObject[];
  readonly operatorValues: Record<string, unknown>;
  /** Labels per pool name, for node provisioning. */
  readonly nodeLabels: Readonly<Record<string, Record<string, string>>>;
}

/** Every object of a validated platform, in a stable order: cluster, pools, workloads, tenants. */
export function renderPlatformObjects(platform: ResolvedPlatform): RenderedPlatformObjects {
  const op = platform.operator;
  const cluster = { kind: 'cluster' } as const;
  const objects: RenderedObject[] = [];
  const operatorValues = renderOperatorValues(platform);
  const migParted = buildMigPartedDocument(
    platform.pools.map((p) => ({ name: p.spec.name, gpu: p.model.key, gpus: p.uniform ? 'all' : p.gpus, uniform: p.uniform })),
  );
  const bodies: Record<string, () => KubeManifest> = {
    'operator-namespace': () => operatorNamespaceIdentity(op),
    'mig-parted-config': () => ({ ...migConfigMapIdentity(op), data: { [MIG_PARTED_CONFIGMAP_KEY]: stringifyMigPartedConfig(migParted) } }),
    'flux-helmrepository': () => renderFluxRepository(op),
    'flux-helmrelease': () => renderFluxRelease(op, operatorValues),
    'argocd-application': () => renderArgoApplication(op, operatorValues),
  };
  for (const o of clusterObjects(op)) objects.push({ id: o.id, owner: cluster, manifest: bodies[o.name]() });
  const plugin = renderDevicePluginConfigs(platform);
  if (plugin) {
    const o = devicePluginConfigObject(op);
    objects.push({ id: o.id, owner: cluster, manifest: { ...o.identity, data: plugin } });
  }
  for (const p of platform.pools) {
    if (p.spec.karpenter) objects.push({ id: `pool/${p.spec.name}/karpenter-nodepool`, owner: { kind: 'pool', name: p.spec.name }, manifest: renderKarpenterNodePool(p) });
  }
  for (const w of platform.workloads) {
    objects.push({
      id: `workload/${w.namespace}/${w.kind}/${w.spec.name}`,
      owner: { kind: 'workload', namespace: w.namespace, name: w.spec.name, workloadKind: w.kind },
      manifest: renderWorkload(w),
    });
  }
  for (const t of platform.tenants) {
    const owner = { kind: 'tenant', namespace: t.spec.namespace } as const;
    if (t.spec.createNamespace ?? true) objects.push({ id: `tenant/${t.spec.namespace}/namespace`, owner, manifest: tenantNamespaceIdentity(t.spec.namespace) });
    objects.push({ id: `tenant/${t.spec.namespace}/resourcequota`, owner, manifest: renderQuota(t) });
  }
  const nodeLabels = Object.fromEntries(platform.pools.map((p) => [p.spec.name, poolNodeLabels(p.spec)]));
  return { objects, operatorValues, nodeLabels };
}

export interface RenderedPlatform extends RenderedPlatformObjects {
  readonly platform: ResolvedPlatform;
  /** Warnings from validation (errors throw). */
  readonly warnings: readonly Diagnostic[];
}

/**
 * Validates a platform spec and renders every object. Throws one MigValidationError with every
 * problem when the spec is invalid: nothing is rendered from an invalid spec.
 */
export function renderPlatform(spec: PlatformSpec): RenderedPlatform {
  const validation = validatePlatform(spec);
  if (!validation.platform) throw new MigValidationError(validation.diagnostics);
  return { ...renderPlatformObjects(validation.platform), platform: validation.platform, warnings: validation.diagnostics };
}

/** Operator values as a Helm values file (deterministic YAML). */
export function stringifyOperatorValues(values: Record<string, unknown>): string {
  return stringify(values, { lineWidth: 0 });
}
