import { stringify } from 'yaml';
import { MigValidationError, type Diagnostic } from '../diagnostics';
import {
  ALL_DISABLED_CONFIG,
  DEVICE_PLUGIN_CONFIG_LABEL,
  DRA_CLAIM_REQUEST,
  DRA_PARENT_ATTRIBUTE,
  draDeviceClassName,
  KUEUE_QUEUE_LABEL,
  NAMESPACE_NAME_LABEL,
  draProfileSelector,
  MIG_CONFIG_LABEL,
  MIG_PARTED_CONFIGMAP_KEY,
  migResourceName,
  POOL_LABEL,
  quotaResourceKey,
  WORKLOAD_NAME_LABEL,
  type MigAllocation,
} from '../naming';
import { poolConfigName, poolMigPartedConfigs, validatePlatform, type NodePoolSpec, type NodeTaint, type PlatformSpec, type ResolvedOperator, type ResolvedPlatform, type ResolvedPool, type ResolvedTenant, type ResolvedWorkload, type TenantSpec, type WorkloadSpec } from '../spec';
import {
  claimTemplateName,
  clusterObjects,
  devicePluginConfigObject,
  draDeviceClassObject,
  FLUX_REPOSITORY_NAME,
  operatorChart,
  poolNeedsDevicePluginConfig,
  poolObjects,
  poolProfiles,
  tenantObjects,
  workloadObjects,
  type EmittedObject,
  type KubeManifest,
  type ObjectOwner,
  withLabel,
} from './objects';

export interface RenderedObject {
  /** Stable id, e.g. `cluster/mig-parted-config`, `tenant/team-a/resourcequota` (render/objects.ts). */
  readonly id: string;
  readonly owner: ObjectOwner;
  readonly manifest: KubeManifest;
}
import { buildMigPartedDocument, stringifyMigPartedConfig } from '../mig-parted';
import { compareKeys } from '../order';
import { dashboardBody, dcgmMetricsBody, prometheusRuleBody, serviceMonitorBody, telemetryOperatorValues } from './telemetry';

// ---------------------------------------------------------------- node labels and device plugin

/**
 * Labels a pool's nodes must carry: `mig-constructs.io/pool=<pool>`, which workloads select and
 * which never changes; `nvidia.com/mig.config=<config>`, the versioned name of the pool's
 * mig-parted config (a new layout is a new name: setting it repartitions the node); and
 * `nvidia.com/device-plugin.config=<pool>` when the pool has a device-plugin config.
 */
export function poolNodeLabels(pool: Pick<NodePoolSpec, 'name' | 'timeSlicing'>, configName: string): Record<string, string> {
  const labels: Record<string, string> = { [POOL_LABEL]: pool.name, [MIG_CONFIG_LABEL]: configName };
  if (poolNeedsDevicePluginConfig(pool)) labels[DEVICE_PLUGIN_CONFIG_LABEL] = pool.name;
  return labels;
}

/**
 * What an adapter's pool exposes about its nodes: the selector and taints it was given (copies, and
 * empty when they are not a map or a list: validation reports those) and the labels the library sets.
 */
export interface PoolNodeFacts {
  readonly nodeSelector: Record<string, string>;
  readonly taints: NodeTaint[];
  /** What the pool's workloads select: the selector and the stable pool label. */
  readonly workloadSelector: Record<string, string>;
}

export function poolNodeFacts(pool: NodePoolSpec): PoolNodeFacts {
  const selector = pool.nodeSelector;
  const nodeSelector = typeof selector === 'object' && selector !== null && !Array.isArray(selector) ? { ...selector } : {};
  return {
    nodeSelector,
    taints: Array.isArray(pool.taints) ? [...pool.taints] : [],
    workloadSelector: withLabel(nodeSelector, POOL_LABEL, pool.name),
  };
}

/** The labels a pool's nodes must carry, from its spec alone (adapters expose them); a layout with a problem names no config yet (validation reports it). */
export function poolSpecNodeLabels(pool: NodePoolSpec): Record<string, string> {
  return poolNodeLabels(pool, poolConfigName(pool) ?? pool.name);
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
  if (platform.telemetry) {
    Object.assign(dcgm, telemetryOperatorValues(platform.telemetry, op));
  } else {
    if (op.dcgmExporter.serviceMonitor !== undefined) dcgm.serviceMonitor = { enabled: op.dcgmExporter.serviceMonitor };
    if (op.dcgmExporter.podLabels !== undefined) dcgm.enablePodLabels = op.dcgmExporter.podLabels;
  }
  if (Object.keys(dcgm).length > 0) values.dcgmExporter = dcgm;
  return values;
}

// ---------------------------------------------------------------- workloads

// The functions below run once per workload of fleets of thousands (bench/synth.ts): they build
// each object by assignment and Object.assign; in Node 20 spread syntax copies these maps about
// ten times slower. Every object is fresh: no two manifests share one.

function tolerations(taints: readonly NodeTaint[]): Record<string, string>[] {
  return taints.map((t): Record<string, string> =>
    t.value === undefined ? { key: t.key, operator: 'Exists', effect: t.effect } : { key: t.key, operator: 'Equal', value: t.value, effect: t.effect },
  );
}

/** The limit a pod needs for its MIG slices (requests default to limits for extended resources). */
export function migResourceLimits(w: ResolvedWorkload): Record<string, number> {
  const limits: Record<string, number> = {};
  limits[w.resource] = w.slicesPerPod;
  return limits;
}

/**
 * nodeSelector that lands only on the pool's nodes: its own labels plus the stable pool label (not
 * the config name: during a rollout, nodes on the old and the new layout serve the same workloads).
 */
export function poolNodeSelector(pool: ResolvedPool): Record<string, string> {
  return withLabel(pool.nodeSelector, POOL_LABEL, pool.spec.name);
}

/** The pod template of a workload; the same for every adapter. */
export function renderPodTemplate(w: ResolvedWorkload, allocation: MigAllocation = 'device-plugin'): Record<string, unknown> {
  // Keys are set in the order cdk8s and `mig render` write them (code-unit order): the serialisers
  // then sort arrays that are already in order, and every workload's objects share one shape.
  const s = w.spec;
  const dra = allocation === 'dra';
  const container: Record<string, unknown> = {};
  if (s.args) container.args = [...s.args];
  if (s.command) container.command = [...s.command];
  if (s.env) container.env = Object.keys(s.env).sort(compareKeys).map((name) => ({ name, value: s.env![name] }));
  container.image = s.image;
  container.name = s.containerName ?? s.name;
  // Extended resources from the device plugin, or under DRA the pod's claim (no extended resource).
  container.resources = dra ? { claims: [{ name: DRA_CLAIM_REQUEST }] } : { limits: migResourceLimits(w) };
  const spec: Record<string, unknown> = { containers: [container], nodeSelector: poolNodeSelector(w.pool) };
  if (dra) spec.resourceClaims = [{ name: DRA_CLAIM_REQUEST, resourceClaimTemplateName: claimTemplateName(s.name, w.kind) }];
  if (w.kind === 'Job') spec.restartPolicy = 'Never';
  if (w.pool.taints.length > 0) spec.tolerations = tolerations(w.pool.taints);
  return { metadata: { labels: withLabel(s.labels, WORKLOAD_NAME_LABEL, s.name) }, spec };
}

/**
 * The ResourceClaimTemplate of a workload's pods under DRA: `slicesPerPod` devices of the profile's
 * DeviceClass, all from one GPU with `sameGpu` (docs/reference/k8s-mig-integration.md §6).
 */
function claimTemplateBody(w: ResolvedWorkload): Body {
  const request = { name: DRA_CLAIM_REQUEST, exactly: { deviceClassName: draDeviceClassName(w.profile), allocationMode: 'ExactCount', count: w.slicesPerPod } };
  const constraints = w.spec.sameGpu ? [{ requests: [DRA_CLAIM_REQUEST], matchAttribute: DRA_PARENT_ATTRIBUTE }] : undefined;
  return { spec: { spec: { devices: { requests: [request], ...(constraints ? { constraints } : {}) } } } };
}

/** A profile's DeviceClass: the driver's MIG devices of that profile, selected by CEL. */
function deviceClassBody(profile: string): Body {
  return { spec: { selectors: [{ cel: { expression: draProfileSelector(profile) } }] } };
}

type Body = Record<string, unknown>;

/** A workload's body; `queued` when Kueue admits its namespace: a Job then starts suspended, and Kueue unsuspends it on admission. */
function workloadBody(w: ResolvedWorkload, allocation: MigAllocation, queued = false): Body {
  const template = renderPodTemplate(w, allocation);
  const selector = { matchLabels: withLabel(undefined, WORKLOAD_NAME_LABEL, w.spec.name) };
  // Keys in code-unit order, as in renderPodTemplate.
  if (w.kind === 'Job') {
    const spec: Body = { completions: w.replicas, parallelism: w.replicas };
    if (queued) spec.suspend = true;
    spec.template = template;
    return { spec };
  }
  if (w.kind === 'StatefulSet') return { spec: { replicas: w.replicas, selector, serviceName: w.spec.serviceName ?? w.spec.name, template } };
  return { spec: { replicas: w.replicas, selector, template } };
}

// ---------------------------------------------------------------- tenants

function quotaBody(t: ResolvedTenant): Body {
  const hard: Record<string, string> = {};
  for (const [res, n] of t.grants) hard[quotaResourceKey(res)] = String(n);
  return { spec: { hard } };
}

// ---------------------------------------------------------------- Kueue (docs/reference/k8s-mig-integration.md §5.2)

/** A pool's ResourceFlavor: its nodes by the labels workloads select them by, its taints tolerated by what Kueue admits there. */
function resourceFlavorBody(pool: ResolvedPool): Body {
  const tol = tolerations(pool.taints);
  return { spec: { nodeLabels: poolNodeSelector(pool), ...(tol.length > 0 ? { tolerations: tol } : {}) } };
}

/**
 * A tenant's ClusterQueue: its namespace only, one resource group covering every MIG resource the
 * platform offers, a flavor per pool it has quota on, each listing every covered resource (the
 * CRD requires it; 0 where nothing is granted, which denies it unless the cohort lends).
 */
function clusterQueueBody(t: ResolvedTenant, queueing: string): Body {
  const k = t.kueue!;
  const flavors = k.flavors.map((f) => ({
    name: f.pool.spec.name,
    resources: k.coveredResources.map((name) => {
      const l = f.resources.get(name)!;
      return {
        name,
        nominalQuota: l.nominalQuota,
        ...(l.borrowingLimit !== undefined ? { borrowingLimit: l.borrowingLimit } : {}),
        ...(l.lendingLimit !== undefined ? { lendingLimit: l.lendingLimit } : {}),
      };
    }),
  }));
  return {
    spec: {
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: t.namespace } },
      queueingStrategy: queueing,
      ...(k.cohort !== undefined ? { cohortName: k.cohort } : {}),
      ...(k.preemption ? { preemption: { ...k.preemption } } : {}),
      ...(flavors.length > 0 ? { resourceGroups: [{ coveredResources: [...k.coveredResources], flavors }] } : {}),
    },
  };
}

// ---------------------------------------------------------------- gitops and karpenter

function fluxRepositoryBody(op: ResolvedOperator): Body {
  return { spec: { url: operatorChart(op).repository, interval: op.flux!.interval } };
}

function fluxReleaseBody(op: ResolvedOperator, values: Record<string, unknown>): Body {
  const c = operatorChart(op);
  return {
    spec: {
      interval: op.flux!.interval,
      releaseName: c.releaseName,
      targetNamespace: c.namespace,
      chart: { spec: { chart: c.chart, version: c.version, sourceRef: { kind: 'HelmRepository', name: FLUX_REPOSITORY_NAME, namespace: op.namespace } } },
      values,
    },
  };
}

function argoApplicationBody(op: ResolvedOperator, values: Record<string, unknown>): Body {
  const c = operatorChart(op);
  return {
    spec: {
      project: op.argocd!.project,
      source: { repoURL: c.repository, chart: c.chart, targetRevision: c.version, helm: { releaseName: c.releaseName, valuesObject: values } },
      destination: { server: 'https://kubernetes.default.svc', namespace: c.namespace },
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

function karpenterNodePoolBody(pool: ResolvedPool): Body {
  const k = pool.spec.karpenter!;
  const requirements = Object.entries(pool.nodeSelector)
    .filter(([key]) => isRequirementKey(key))
    .map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  const own = Object.fromEntries(Object.entries(pool.nodeSelector).filter(([key]) => !isRequirementKey(key)));
  const labels = { ...own, ...poolNodeLabels(pool.spec, pool.configName) };
  return {
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

/** An object of the platform whose body is rendered when asked for. */
interface PendingObject {
  readonly object: EmittedObject;
  readonly owner: ObjectOwner;
  /** Labels the platform adds to the identity's (a Kueue queue label, known only once every tenant is). */
  readonly labels: Readonly<Record<string, string>> | undefined;
  body(): Body;
}

/** A workload's object (its Deployment, Job or StatefulSet, or its claim template): one small object per workload, no closures. */
class WorkloadEntry implements PendingObject {
  constructor(
    public readonly object: EmittedObject,
    private readonly workload: ResolvedWorkload,
    private readonly allocation: MigAllocation,
    public readonly labels: Readonly<Record<string, string>> | undefined,
    private readonly claim: boolean,
  ) {}

  public get owner(): ObjectOwner {
    const w = this.workload;
    return { kind: 'workload', namespace: w.namespace, name: w.spec.name, workloadKind: w.kind };
  }

  public body(): Body {
    // A Job of a namespace Kueue admits starts suspended (the queue label is set).
    return this.claim ? claimTemplateBody(this.workload) : workloadBody(this.workload, this.allocation, this.labels !== undefined);
  }
}

/**
 * A validated platform, ready to render object by object: the adapters ask for each body when
 * their framework serialises it, so a large platform's manifests are made and dropped one at a
 * time instead of all held at once (bench/synth.ts). `all()` renders everything, in order.
 * @internal adapter plumbing
 */
export interface PlatformRenderer {
  readonly operatorValues: Record<string, unknown>;
  /**
   * Labels an object gets beyond its identity's, known without rendering its body (cdk8s adds them
   * to the ApiObject's metadata); undefined when there are none, the common case. The object is its
   * id, or the EmittedObject an adapter was given.
   */
  labels(object: string | EmittedObject): Readonly<Record<string, string>> | undefined;
  /** The rendered manifest of one object (its id, or the EmittedObject an adapter was given); undefined for one the platform does not have. */
  manifest(object: string | EmittedObject): KubeManifest | undefined;
  /**
   * Only the body of an object an adapter was given (its fields besides apiVersion, kind and
   * metadata): what cdk8s fills in at synth, without building the whole manifest.
   */
  body(object: EmittedObject): Record<string, unknown> | undefined;
  /** Every object in the stable order: cluster, pools, workloads, tenants. */
  all(): RenderedPlatformObjects;
}

/** The objects an adapter already made for its specs of one kind, by index (render/registry.ts). */
export interface DeclaredObjects<S> {
  readonly specs: readonly S[];
  readonly objects: readonly (readonly EmittedObject[])[];
}

/** The objects an adapter already made for its workloads and tenants. */
export interface Declared {
  readonly workloads: DeclaredObjects<WorkloadSpec>;
  readonly tenants: DeclaredObjects<TenantSpec<string>>;
}

/**
 * @param declared the objects an adapter already made for each workload and tenant spec, reused
 * instead of made again (a valid platform resolves them in the order they were declared) and
 * found by reference.
 * @internal
 */
export function platformRenderer(platform: ResolvedPlatform, declared?: Declared): PlatformRenderer {
  const op = platform.operator;
  const operatorValues = renderOperatorValues(platform);
  // Each pool's config under its versioned name, and during a rollout its previous config too.
  const migParted = () => buildMigPartedDocument(platform.pools.flatMap(poolMigPartedConfigs));
  const devicePlugin = renderDevicePluginConfigs(platform);
  // One body renderer per object name an owner's list can hold (render/objects.ts).
  const clusterBodies: Record<string, () => Body> = {
    'operator-namespace': () => ({}),
    'mig-parted-config': () => ({ data: { [MIG_PARTED_CONFIGMAP_KEY]: stringifyMigPartedConfig(migParted()) } }),
    'device-plugin-config': () => ({ data: devicePlugin }),
    'flux-helmrepository': () => fluxRepositoryBody(op),
    'flux-helmrelease': () => fluxReleaseBody(op, operatorValues),
    'argocd-application': () => argoApplicationBody(op, operatorValues),
    'dcgm-metrics': () => dcgmMetricsBody(),
    'servicemonitor': () => serviceMonitorBody(platform.telemetry!, op),
    'prometheusrule': () => prometheusRuleBody(platform.telemetry!),
    'dashboard': () => dashboardBody(platform.telemetry!),
  };
  // Every object in order (cluster, pools, workloads, tenants). The objects an adapter declared
  // (a workload's, a tenant's) are found by the EmittedObject it holds, the others by id: a fleet's
  // thousands of ids are then never hashed (bench/synth.ts). Their id index is built only when an
  // id is asked for (the CLI, tests).
  const ordered: PendingObject[] = [];
  const pending = new Map<string, PendingObject>();
  const byObject = new Map<EmittedObject, PendingObject>();
  let declaredIds: Map<string, PendingObject> | undefined;
  const byId = (id: string): PendingObject | undefined => {
    const found = pending.get(id);
    if (found || byObject.size === 0) return found;
    declaredIds ??= new Map([...byObject.values()].map((p) => [p.object.id, p]));
    return declaredIds.get(id);
  };
  /** An object asked for by id, or by the EmittedObject an adapter holds (by reference, else by its id). */
  const entryOf = (object: string | EmittedObject): PendingObject | undefined =>
    (typeof object === 'string' ? byId(object) : byObject.get(object) ?? byId(object.id));
  const keep = (entry: PendingObject, byReference: boolean) => {
    if (byReference) byObject.set(entry.object, entry);
    else pending.set(entry.object.id, entry);
    ordered.push(entry);
  };
  type BodyOf = (o: EmittedObject) => (() => Body) | undefined;
  const add = (list: readonly EmittedObject[], owner: ObjectOwner, body: BodyOf, byReference = false) => {
    for (const object of list) {
      const b = body(object);
      if (!b) throw new Error(`mig-constructs: no body renderer for '${object.id}' (this is a bug: please report it)`);
      keep({ object, owner, body: b, labels: undefined }, byReference);
    }
  };
  add([...clusterObjects(op, platform.telemetry), ...(devicePlugin ? [devicePluginConfigObject(op)] : [])], { kind: 'cluster' }, (o) => clusterBodies[o.name]);
  if (platform.allocation === 'dra') {
    // One DeviceClass per offered profile, in the order pools offer them (as the adapters create them).
    const profiles = [...new Set(platform.pools.flatMap((p) => poolProfiles(p.spec)))];
    for (const profile of profiles) add([draDeviceClassObject(profile)], { kind: 'cluster' }, () => () => deviceClassBody(profile));
  }
  const kueue = platform.kueue;
  for (const p of platform.pools) {
    const bodies: Record<string, () => Body> = { 'karpenter-nodepool': () => karpenterNodePoolBody(p), 'kueue-resourceflavor': () => resourceFlavorBody(p) };
    add(poolObjects(p.spec, kueue !== undefined), { kind: 'pool', name: p.spec.name }, (o) => bodies[o.name]);
  }
  // The LocalQueue of each namespace Kueue admits: its workloads carry the queue label.
  const queueOf = new Map(platform.tenants.filter((t) => t.kueue).map((t) => [t.namespace, t.kueue!.localQueue]));
  // One small entry per workload object, kept by reference: fleets have thousands (bench/synth.ts).
  for (let n = 0; n < platform.workloads.length; n++) {
    const w = platform.workloads[n];
    const queue = queueOf.get(w.namespace);
    const known = declared?.workloads;
    const objects = known?.specs[n] === w.spec ? known.objects[n] : workloadObjects(w.spec, platform.allocation);
    const labels = queue !== undefined ? { [KUEUE_QUEUE_LABEL]: queue } : undefined;
    for (let i = 0; i < objects.length; i++) keep(new WorkloadEntry(objects[i], w, platform.allocation, i === 0 ? labels : undefined, i > 0), true);
  }
  for (let n = 0; n < platform.tenants.length; n++) {
    const t = platform.tenants[n];
    const bodies: Record<string, () => Body> = {
      namespace: () => ({}),
      resourcequota: () => quotaBody(t),
      clusterqueue: () => clusterQueueBody(t, kueue!.queueingStrategy),
      localqueue: () => ({ spec: { clusterQueue: t.kueue!.clusterQueue } }),
    };
    const known = declared?.tenants;
    const objects = known?.specs[n] === t.spec ? known.objects[n] : tenantObjects(t.spec);
    add(objects, { kind: 'tenant', namespace: t.namespace }, (o) => bodies[o.name], true);
  }
  const manifestOf = (p: PendingObject): KubeManifest => {
    const id = p.object.identity;
    const metadata = p.labels ? Object.assign({}, id.metadata, { labels: Object.assign({}, id.metadata.labels, p.labels) }) : id.metadata;
    return Object.assign({ apiVersion: id.apiVersion, kind: id.kind, metadata }, p.body());
  };
  return {
    operatorValues,
    labels(object) {
      // Only workloads Kueue admits get labels: without queues there is nothing to look up.
      if (queueOf.size === 0) return undefined;
      return entryOf(object)?.labels;
    },
    manifest(object) {
      const p = entryOf(object);
      return p ? manifestOf(p) : undefined;
    },
    body(object) {
      return entryOf(object)?.body();
    },
    all() {
      const nodeLabels = Object.fromEntries(platform.pools.map((p) => [p.spec.name, poolNodeLabels(p.spec, p.configName)]));
      const objects = ordered.map((p) => ({ id: p.object.id, owner: p.owner, manifest: manifestOf(p) }));
      return { objects, operatorValues, nodeLabels };
    },
  };
}

/** Every object of a validated platform, in a stable order: cluster, pools, workloads, tenants. */
export function renderPlatformObjects(platform: ResolvedPlatform): RenderedPlatformObjects {
  return platformRenderer(platform).all();
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
