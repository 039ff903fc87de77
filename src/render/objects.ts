import { resolveProfile } from '../catalog';
import {
  draDeviceClassName,
  GPU_OPERATOR_CHART,
  KUEUE_API_VERSION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  MONITORING_API_VERSION,
  TELEMETRY_OBJECTS,
  WORKLOAD_NAME_LABEL,
  type MigAllocation,
} from '../naming';
import { compareKeys } from '../order';
import {
  tenantIdentityFields,
  workloadIdentityFields,
  type NodePoolSpec,
  type ResolvedOperator,
  type TelemetryIdentityFields,
  type TenantSpec,
  type WorkloadSpec,
} from '../spec';

/**
 * Which objects each owner emits — the cluster, a pool, a workload, a tenant — with their stable
 * id, short name and identity (apiVersion, kind, metadata). This is the one list both adapters map
 * onto their framework: an identity is a pure function of its owner's own props, so an adapter can
 * create the object before the whole platform is known (cdk8s) and fill in its body later, by id,
 * from renderPlatformObjects. A new object kind is one entry here and one body renderer.
 */

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

/** An object an owner emits, known before its body is rendered. */
export interface EmittedObject {
  /** Stable id, e.g. `cluster/mig-parted-config`, `tenant/team-a/resourcequota`: the key of its rendered body. */
  readonly id: string;
  /** Short kebab-case name, unique within its owner: adapters derive their resource/construct ids from it. */
  readonly name: string;
  readonly identity: KubeManifest;
  /** The GPU Operator is installed after this object exists (its Namespace and ConfigMaps). */
  readonly beforeOperator?: boolean;
}

/** A fresh copy of a label map (or none) with one label set. */
export function withLabel(labels: Readonly<Record<string, string>> | undefined, key: string, value: string): Record<string, string> {
  const out: Record<string, string> = Object.assign({}, labels);
  out[key] = value;
  return out;
}

/** The top-level keys of a manifest besides apiVersion/kind/metadata: what an adapter fills in once the platform is rendered. */
export function manifestBodyKeys(kind: string): readonly string[] {
  if (kind === 'Namespace') return NO_BODY;
  if (kind === 'ConfigMap') return DATA_BODY;
  return SPEC_BODY;
}
const NO_BODY: readonly string[] = Object.freeze([]);
const DATA_BODY: readonly string[] = Object.freeze(['data']);
const SPEC_BODY: readonly string[] = Object.freeze(['spec']);

/** The GPU Operator chart to install and its release, for Helm (Pulumi), Flux and Argo CD alike. */
export function operatorChart(op: ResolvedOperator): { chart: string; version: string; repository: string; releaseName: string; namespace: string } {
  return { chart: GPU_OPERATOR_CHART, version: op.version, repository: op.chartRepository, releaseName: op.releaseName, namespace: op.namespace };
}

/** The name of the Flux HelmRepository the HelmRelease points at. */
export const FLUX_REPOSITORY_NAME = 'nvidia';

// Assignments and Object.assign, not spread syntax, where a fleet makes an object per workload: in
// Node 20 a spread of these label maps is about ten times slower (bench/synth.ts).
function objectIdentity(
  apiVersion: string, kind: string, name: string, namespace?: string, labels?: Readonly<Record<string, string>>, ownKey?: string, ownValue?: string,
): KubeManifest {
  // Keys in the order cdk8s writes them (code-unit order), so every object of a kind has one shape
  // and the serialiser sorts what is already sorted.
  const metadata: { labels: Record<string, string>; name: string; namespace?: string } = { labels: mergedLabels(labels, ownKey, ownValue), name };
  if (namespace !== undefined) metadata.namespace = namespace;
  return { apiVersion, kind, metadata };
}

/** The given labels, then the one the owner sets (a workload's name), then managed-by (later wins), in code-unit order. */
function mergedLabels(labels: Readonly<Record<string, string>> | undefined, ownKey?: string, ownValue?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (labels === undefined || Object.keys(labels).length === 0) {
    // The common case, without a sort: managed-by and at most one label of the owner's.
    if (ownKey !== undefined && ownKey < MANAGED_BY_LABEL) out[ownKey] = ownValue!;
    out[MANAGED_BY_LABEL] = MANAGED_BY_VALUE;
    if (ownKey !== undefined && ownKey > MANAGED_BY_LABEL) out[ownKey] = ownValue!;
    return out;
  }
  const all: Record<string, string> = Object.assign({}, labels);
  if (ownKey !== undefined) all[ownKey] = ownValue!;
  all[MANAGED_BY_LABEL] = MANAGED_BY_VALUE;
  for (const key of Object.keys(all).sort(compareKeys)) out[key] = all[key];
  return out;
}

/**
 * The objects a cluster emits whatever its pools: the operator Namespace (unless createNamespace is
 * false), the MIG Manager ConfigMap, the GitOps objects asked for, and with telemetry its
 * PrometheusRule, dashboard, DCGM metrics ConfigMap and ServiceMonitor as asked for. (The
 * device-plugin ConfigMap joins when a pool needs one: devicePluginConfigObject.)
 */
export function clusterObjects(op: ResolvedOperator, telemetry?: TelemetryIdentityFields): EmittedObject[] {
  const out: EmittedObject[] = [];
  const add = (name: string, id: KubeManifest, beforeOperator?: boolean) => out.push({ id: `cluster/${name}`, name, identity: id, ...(beforeOperator ? { beforeOperator } : {}) });
  if (op.createNamespace) add('operator-namespace', objectIdentity('v1', 'Namespace', op.namespace), true);
  add('mig-parted-config', objectIdentity('v1', 'ConfigMap', op.migConfigMapName, op.namespace), true);
  if (op.flux) {
    add('flux-helmrepository', objectIdentity('source.toolkit.fluxcd.io/v1', 'HelmRepository', FLUX_REPOSITORY_NAME, op.namespace));
    add('flux-helmrelease', objectIdentity('helm.toolkit.fluxcd.io/v2', 'HelmRelease', op.releaseName, op.namespace));
  }
  if (op.argocd) add('argocd-application', objectIdentity('argoproj.io/v1alpha1', 'Application', op.releaseName, op.argocd.namespace));
  if (telemetry) {
    const labels = telemetry.labels;
    // The operator mounts the metrics ConfigMap from its own namespace, before its exporter starts.
    if (telemetry.customMetrics) add('dcgm-metrics', objectIdentity('v1', 'ConfigMap', TELEMETRY_OBJECTS.dcgmMetrics, op.namespace), true);
    if (telemetry.serviceMonitor === 'platform') add('servicemonitor', objectIdentity(MONITORING_API_VERSION, 'ServiceMonitor', TELEMETRY_OBJECTS.serviceMonitor, telemetry.namespace, labels));
    add('prometheusrule', objectIdentity(MONITORING_API_VERSION, 'PrometheusRule', TELEMETRY_OBJECTS.prometheusRule, telemetry.namespace, labels));
    if (telemetry.dashboard) add('dashboard', objectIdentity('v1', 'ConfigMap', TELEMETRY_OBJECTS.dashboard, telemetry.dashboard.namespace, telemetry.dashboard.labels));
  }
  return out;
}

/** Whether the pool needs its own device-plugin config (time-slicing on top of MIG). */
export function poolNeedsDevicePluginConfig(pool: Pick<NodePoolSpec, 'timeSlicing'>): boolean {
  return pool.timeSlicing !== undefined;
}

/** The device-plugin ConfigMap, a cluster object emitted once some pool uses time-slicing. */
export function devicePluginConfigObject(op: ResolvedOperator): EmittedObject {
  return { id: 'cluster/device-plugin-config', name: 'device-plugin-config', identity: objectIdentity('v1', 'ConfigMap', op.devicePluginConfigMapName, op.namespace), beforeOperator: true };
}

/** What a pool emits: a Karpenter NodePool when asked, and its Kueue ResourceFlavor (named after the pool) when the cluster uses Kueue. */
export function poolObjects(pool: Pick<NodePoolSpec, 'name' | 'karpenter'>, kueue = false): EmittedObject[] {
  const out: EmittedObject[] = [];
  if (pool.karpenter) out.push({ id: `pool/${pool.name}/karpenter-nodepool`, name: 'karpenter-nodepool', identity: objectIdentity('karpenter.sh/v1', 'NodePool', pool.name) });
  if (kueue) out.push({ id: `pool/${pool.name}/kueue-resourceflavor`, name: 'kueue-resourceflavor', identity: objectIdentity(KUEUE_API_VERSION, 'ResourceFlavor', pool.name) });
  return out;
}

/**
 * An object a workload emits. Its id is spelled out only when asked for: a fleet declares thousands
 * of workloads and the adapters find their objects by reference (render/platform-objects.ts).
 */
class WorkloadObject implements EmittedObject {
  constructor(
    public readonly name: string,
    public readonly identity: KubeManifest,
    private readonly workload: string,
    private readonly namespace: string,
    private readonly kind: string,
    private readonly claim: boolean,
  ) {}

  public get id(): string {
    return `workload/${this.namespace}/${this.kind}/${this.workload}${this.claim ? '/claim' : ''}`;
  }
}

/** The short names of a workload's objects by kind (no string made per workload). */
const WORKLOAD_OBJECT_NAMES: ReadonlyMap<unknown, string> = new Map([['Deployment', 'deployment'], ['Job', 'job'], ['StatefulSet', 'statefulset']]);

/** What a workload emits: its Deployment, Job or StatefulSet, and under DRA the ResourceClaimTemplate its pods use. */
export function workloadObjects(w: WorkloadSpec, allocation: MigAllocation = 'device-plugin'): readonly EmittedObject[] {
  const { name, namespace, kind } = workloadIdentityFields(w);
  const main = new WorkloadObject(
    WORKLOAD_OBJECT_NAMES.get(kind) ?? String(kind).toLowerCase(),
    objectIdentity(kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, name, namespace, w.labels, WORKLOAD_NAME_LABEL, name),
    name, namespace, kind, false,
  );
  if (allocation !== 'dra') return [main];
  const claimIdentity = objectIdentity('resource.k8s.io/v1', 'ResourceClaimTemplate', claimTemplateName(name, kind), namespace);
  return [main, new WorkloadObject('claimtemplate', claimIdentity, name, namespace, kind, true)];
}

/** The ResourceClaimTemplate of a workload's pods: named after the workload and its kind, so two kinds of one name do not clash. */
export function claimTemplateName(workload: string, kind: string): string {
  // String(): before validation a JavaScript caller's kind may be anything (validation reports it).
  return `${workload}-${String(kind).toLowerCase()}-mig`;
}

/** A profile's DeviceClass under DRA: a cluster object, brought by the first pool that offers the profile. */
export function draDeviceClassObject(profile: string): EmittedObject {
  const name = draDeviceClassName(profile);
  return { id: `cluster/deviceclass/${profile}`, name: `deviceclass-${name}`, identity: objectIdentity('resource.k8s.io/v1', 'DeviceClass', name) };
}

/**
 * The profiles a pool's layouts name, in the catalogue's spelling (before validation: a name that
 * is not a profile of the pool's GPU is left out, and validation reports it).
 */
export function poolProfiles(pool: Pick<NodePoolSpec, 'gpu' | 'layout' | 'perGpu'>): string[] {
  const layouts = [pool.layout, ...(Array.isArray(pool.perGpu) ? pool.perGpu : [])];
  const out: string[] = [];
  for (const layout of layouts) {
    if (typeof layout !== 'object' || layout === null) continue;
    for (const key of Object.keys(layout)) {
      const canonical = typeof pool.gpu === 'string' ? resolveProfile(pool.gpu, key)?.profile.name : undefined;
      if (canonical && !out.includes(canonical)) out.push(canonical);
    }
  }
  return out;
}

/**
 * What a tenant emits: its Namespace (unless createNamespace is false), its ResourceQuota (unless
 * Kueue alone admits it), and with kueue its ClusterQueue (cluster-scoped) and LocalQueue.
 */
export function tenantObjects(t: TenantSpec<string>): EmittedObject[] {
  const { namespace, quotaName, createNamespace, resourceQuota, kueue } = tenantIdentityFields(t);
  const out: EmittedObject[] = [];
  if (createNamespace) out.push({ id: `tenant/${namespace}/namespace`, name: 'namespace', identity: objectIdentity('v1', 'Namespace', namespace) });
  if (resourceQuota) out.push({ id: `tenant/${namespace}/resourcequota`, name: 'resourcequota', identity: objectIdentity('v1', 'ResourceQuota', quotaName, namespace) });
  if (kueue) {
    out.push({ id: `tenant/${namespace}/clusterqueue`, name: 'clusterqueue', identity: objectIdentity(KUEUE_API_VERSION, 'ClusterQueue', kueue.clusterQueue) });
    out.push({ id: `tenant/${namespace}/localqueue`, name: 'localqueue', identity: objectIdentity(KUEUE_API_VERSION, 'LocalQueue', kueue.localQueue, namespace) });
  }
  return out;
}
