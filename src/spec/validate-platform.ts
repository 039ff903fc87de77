import { listGpuModels, resolveProfile, type GpuModelInfo } from '../catalog';
import { isError, listValues, type Diagnostic } from '../diagnostics';
import type { FitSuccess } from '../geometry';
import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  FULL_GPU_RESOURCE,
  labelKeyProblem,
  labelValueProblem,
  poolResourceName,
  type MigStrategy,
} from '../naming';
import { compareKeys } from '../order';
import { checkGpuModel, checkLayout } from './layout-check';
import { OPERATOR_DEFAULTS, type NodePoolSpec, type NodeTaint, type OperatorOptions, type PlatformSpec, type TenantSpec, type WorkloadKind, type WorkloadSpec } from './platform';

/** A pool after validation: its model, its GPUs' fitted layouts and what one node offers. */
export interface ResolvedPool {
  readonly spec: NodePoolSpec;
  readonly path: string;
  readonly model: GpuModelInfo;
  /** One entry per GPU index: the fitted layout, or false (MIG disabled). */
  readonly gpus: readonly (FitSuccess | false)[];
  /** Uniform layout when the pool gives every GPU the same one. */
  readonly uniform?: FitSuccess;
  /** Slices per node, by canonical profile name (catalogue order). */
  readonly slicesPerNode: ReadonlyMap<string, number>;
  /** Advertised count per node, by resource name (time-slicing replicas included). */
  readonly resourcesPerNode: ReadonlyMap<string, number>;
  /** Resource name of each profile the pool offers. */
  readonly resourceOf: ReadonlyMap<string, string>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
}

export interface ResolvedWorkload {
  readonly spec: WorkloadSpec;
  readonly path: string;
  readonly pool: ResolvedPool;
  readonly namespace: string;
  readonly kind: WorkloadKind;
  readonly profile: string;
  readonly resource: string;
  readonly slicesPerPod: number;
  readonly replicas: number;
}

export interface ResolvedTenant {
  readonly spec: TenantSpec<string>;
  readonly path: string;
  /** `requests.<resource>` limits, by resource name, granted ones first then denied ones (0). */
  readonly grants: ReadonlyMap<string, number>;
  readonly denied: readonly string[];
}

export interface ResolvedOperator {
  readonly version: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly chartRepository: string;
  readonly releaseName: string;
  readonly migConfigMapName: string;
  readonly devicePluginConfigMapName: string;
  readonly withReboot: boolean;
  readonly dcgmExporter: { readonly serviceMonitor?: boolean; readonly podLabels?: boolean };
  readonly flux?: { readonly interval: string };
  readonly argocd?: { readonly namespace: string; readonly project: string };
}

export interface ResolvedPlatform {
  readonly strategy: MigStrategy;
  readonly operator: ResolvedOperator;
  readonly pools: readonly ResolvedPool[];
  readonly workloads: readonly ResolvedWorkload[];
  readonly tenants: readonly ResolvedTenant[];
  /** Every resource the pools advertise, sorted. */
  readonly offeredResources: readonly string[];
  /** Cluster capacity per resource: nodes x per-node count, summed over pools. */
  readonly capacity: ReadonlyMap<string, number>;
}

export interface PlatformValidation {
  /** Set only when there is no error. */
  readonly platform?: ResolvedPlatform;
  /** Every error and warning, in declaration order. */
  readonly diagnostics: readonly Diagnostic[];
}

const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'Job', 'StatefulSet'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * Every synth-time rule of the platform, run before anything is rendered. All problems are
 * reported together; each names where (the declaring construct or spec path), the bad value, the
 * allowed values and the fix.
 */
export function validatePlatform(spec: PlatformSpec): PlatformValidation {
  const d: Diagnostic[] = [];
  const root = spec.path ?? '';
  const at = (suffix: string) => (root ? `${root}.${suffix}` : suffix);

  const strategy = spec.strategy;
  if (strategy !== 'single' && strategy !== 'mixed') {
    d.push({ path: at('strategy'), message: `strategy ${JSON.stringify(strategy)} is not a MIG strategy`, hint: "use 'mixed' (one resource per profile) or 'single' (every slice is nvidia.com/gpu)" });
    return { diagnostics: d };
  }
  const operator = resolveOperator(spec.operator ?? {}, at('operator'), d);

  const pools: ResolvedPool[] = [];
  const poolNames = new Set<string>();
  for (const [i, pool] of (spec.pools ?? []).entries()) {
    const path = pool?.path ?? at(`pools[${i}]`);
    if (pool?.name !== undefined && poolNames.has(pool.name)) {
      d.push({ path, message: `pool name '${pool.name}' is used twice; it is the mig-parted config name, so it must be unique`, hint: 'give every pool its own name' });
      continue;
    }
    if (pool?.name !== undefined) poolNames.add(pool.name);
    const resolved = resolvePool(pool, path, strategy, d);
    if (resolved) pools.push(resolved);
  }
  checkOverlappingPools(pools, d);
  const declared = new Set<unknown>((spec.pools ?? []).map((p) => p?.name));

  const workloads: ResolvedWorkload[] = [];
  const workloadKeys = new Set<string>();
  for (const [i, w] of (spec.workloads ?? []).entries()) {
    const path = w?.path ?? at(`workloads[${i}]`);
    const key = `${w?.kind ?? 'Deployment'}/${w?.namespace ?? 'default'}/${w?.name}`;
    if (workloadKeys.has(key)) {
      d.push({ path, message: `a ${w.kind ?? 'Deployment'} named '${w.name}' already exists in namespace '${w.namespace ?? 'default'}'`, hint: 'give the workload another name' });
      continue;
    }
    workloadKeys.add(key);
    const r = resolveWorkload(w, path, pools, d, declared);
    if (r) workloads.push(r);
  }

  for (const [i, r] of (spec.attachedRequests ?? []).entries()) {
    const path = r?.path ?? at(`attachedRequests[${i}]`);
    const slicesPerPod = r?.slicesPerPod ?? 1;
    if (!wholeNumber(slicesPerPod, 1)) {
      d.push({ path: `${path}.slicesPerPod`, message: `slicesPerPod is ${JSON.stringify(slicesPerPod)}; it must be a whole number >= 1`, hint: 'request 1 or more slices per pod (extended resources are whole numbers)' });
    }
    resolvePoolRequest(r?.pool, r?.profile, slicesPerPod, path, pools, d, declared);
  }

  const capacity = new Map<string, number>();
  for (const p of pools) for (const [res, n] of p.resourcesPerNode) capacity.set(res, (capacity.get(res) ?? 0) + n * p.spec.nodes);
  const offeredResources = [...capacity.keys()].sort(compareKeys);
  checkWorkloadDemand(workloads, d);

  const tenants: ResolvedTenant[] = [];
  const namespaces = new Set<string>();
  const profilesOffered = offeredProfiles(pools);
  for (const [i, t] of (spec.tenants ?? []).entries()) {
    const path = t?.path ?? at(`tenants[${i}]`);
    if (t?.namespace !== undefined && namespaces.has(t.namespace)) {
      d.push({ path, message: `namespace '${t.namespace}' has two tenant quotas`, hint: 'merge the grants into one TenantQuota per namespace' });
      continue;
    }
    if (t?.namespace !== undefined) namespaces.add(t.namespace);
    const r = resolveTenant(t as TenantSpec<string>, path, strategy, pools, offeredResources, profilesOffered, d);
    if (r) tenants.push(r);
  }
  checkQuotaCapacity(tenants, capacity, spec.allowOvercommit ?? false, d);

  if (d.some(isError)) return { diagnostics: d };
  return { platform: { strategy, operator, pools, workloads, tenants, offeredResources, capacity }, diagnostics: d };
}

/** The operator options with every default filled in. Pure: no validation. */
export function applyOperatorDefaults(o: OperatorOptions = {}): ResolvedOperator {
  const flux = o.gitops?.flux;
  const argo = o.gitops?.argocd;
  return {
    version: o.version ?? OPERATOR_DEFAULTS.version,
    namespace: o.namespace ?? OPERATOR_DEFAULTS.namespace,
    createNamespace: o.createNamespace ?? true,
    chartRepository: o.chartRepository ?? OPERATOR_DEFAULTS.chartRepository,
    releaseName: o.releaseName ?? OPERATOR_DEFAULTS.releaseName,
    migConfigMapName: o.migConfigMapName ?? OPERATOR_DEFAULTS.migConfigMapName,
    devicePluginConfigMapName: o.devicePluginConfigMapName ?? OPERATOR_DEFAULTS.devicePluginConfigMapName,
    withReboot: o.withReboot ?? false,
    dcgmExporter: { ...(o.dcgmExporter ?? {}) },
    flux: flux ? { interval: (typeof flux === 'object' ? flux.interval : undefined) ?? OPERATOR_DEFAULTS.fluxInterval } : undefined,
    argocd: argo
      ? {
        namespace: (typeof argo === 'object' ? argo.namespace : undefined) ?? OPERATOR_DEFAULTS.argocdNamespace,
        project: (typeof argo === 'object' ? argo.project : undefined) ?? OPERATOR_DEFAULTS.argocdProject,
      }
      : undefined,
  };
}

function resolveOperator(o: OperatorOptions, path: string, d: Diagnostic[]): ResolvedOperator {
  const op = applyOperatorDefaults(o);
  const nsProblem = dns1123LabelProblem(op.namespace);
  if (nsProblem) d.push({ path: `${path}.namespace`, message: `namespace '${op.namespace}' is not a valid Namespace name: ${nsProblem}`, hint: "use lower-case letters, digits and '-', e.g. gpu-operator" });
  for (const key of ['migConfigMapName', 'devicePluginConfigMapName', 'releaseName'] as const) {
    const p = dns1123SubdomainProblem(op[key]);
    if (p) d.push({ path: `${path}.${key}`, message: `'${op[key]}' is not a valid object name: ${p}`, hint: "use lower-case letters, digits, '-' and '.'" });
  }
  if (op.migConfigMapName === op.devicePluginConfigMapName) {
    d.push({ path: `${path}.devicePluginConfigMapName`, message: `the MIG Manager and device-plugin ConfigMaps are both named '${op.migConfigMapName}'`, hint: 'give them different names' });
  }
  if (typeof op.version !== 'string' || op.version.trim() === '') d.push({ path: `${path}.version`, message: 'the chart version is empty', hint: `give a chart version such as ${OPERATOR_DEFAULTS.version}` });
  if (op.argocd) {
    const p = dns1123LabelProblem(op.argocd.namespace);
    if (p) d.push({ path: `${path}.gitops.argocd.namespace`, message: `'${op.argocd.namespace}' is not a valid Namespace name: ${p}`, hint: 'use the namespace Argo CD runs in, e.g. argocd' });
  }
  return op;
}

function wholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

function checkLabels(labels: unknown, path: string, what: string, d: Diagnostic[]): Record<string, string> {
  if (labels === undefined) return {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    d.push({ path, message: `${what} is ${JSON.stringify(labels)}, not a map of label to value`, hint: "write it like { 'node.kubernetes.io/instance-type': 'p5.48xlarge' }" });
    return {};
  }
  for (const [k, v] of Object.entries(labels)) {
    const kp = labelKeyProblem(k);
    if (kp) d.push({ path: `${path}.${k}`, message: `'${k}' is not a valid label key: ${kp}`, hint: 'use [prefix/]name, e.g. node.kubernetes.io/instance-type' });
    const vp = typeof v === 'string' ? labelValueProblem(v) : 'it is not a string';
    if (vp) d.push({ path: `${path}.${k}`, message: `${JSON.stringify(v)} is not a valid label value: ${vp}`, hint: 'use letters, digits, "-", "_" and ".", at most 63 characters' });
  }
  return labels as Record<string, string>;
}

function resolvePool(pool: NodePoolSpec, path: string, strategy: MigStrategy, d: Diagnostic[]): ResolvedPool | undefined {
  const start = d.length;
  if (typeof pool !== 'object' || pool === null) {
    d.push({ path, message: 'the pool is not an object', hint: 'give name, gpu, gpusPerNode, nodes and layout' });
    return undefined;
  }
  const nameProblem = typeof pool.name === 'string' ? dns1123LabelProblem(pool.name) : 'it is not a string';
  if (nameProblem) {
    d.push({ path: `${path}.name`, message: `pool name ${JSON.stringify(pool.name)} is not valid: ${nameProblem}`, hint: "it becomes the node label value nvidia.com/mig.config and object names: use lower-case letters, digits and '-', e.g. h100-inference" });
  }
  const { model, diagnostics } = checkGpuModel(pool.gpu, `${path}.gpu`);
  d.push(...diagnostics);
  if (!wholeNumber(pool.gpusPerNode, 1)) {
    d.push({ path: `${path}.gpusPerNode`, message: `gpusPerNode is ${JSON.stringify(pool.gpusPerNode)}; it must be a whole number >= 1`, hint: 'give the GPUs in one node, e.g. 8 for a p5.48xlarge' });
  }
  if (!wholeNumber(pool.nodes, 1)) {
    d.push({ path: `${path}.nodes`, message: `nodes is ${JSON.stringify(pool.nodes)}; it must be a whole number >= 1`, hint: 'give the number of nodes in the pool (its capacity is checked against tenant quotas)' });
  }
  const nodeSelector = checkLabels(pool.nodeSelector, `${path}.nodeSelector`, 'nodeSelector', d);
  const taints = pool.taints ?? [];
  taints.forEach((t, i) => {
    const kp = typeof t?.key === 'string' ? labelKeyProblem(t.key) : 'it is not a string';
    if (kp) d.push({ path: `${path}.taints[${i}].key`, message: `taint key ${JSON.stringify(t?.key)} is not valid: ${kp}`, hint: 'use [prefix/]name, e.g. nvidia.com/gpu' });
    if (!TAINT_EFFECTS.includes(t?.effect)) d.push({ path: `${path}.taints[${i}].effect`, message: `taint effect ${JSON.stringify(t?.effect)} is not valid`, hint: `use ${listValues(TAINT_EFFECTS)}` });
  });
  if (pool.timeSlicing !== undefined && !wholeNumber(pool.timeSlicing?.replicas, 2)) {
    d.push({ path: `${path}.timeSlicing.replicas`, message: `time-slicing replicas is ${JSON.stringify(pool.timeSlicing?.replicas)}; the device plugin requires a whole number >= 2`, hint: 'give 2 or more clients per slice, or remove timeSlicing' });
  }
  if (pool.karpenter !== undefined) {
    const ref = pool.karpenter.nodeClassRef;
    for (const k of ['group', 'kind', 'name'] as const) {
      if (typeof ref?.[k] !== 'string' || ref[k].length === 0) {
        d.push({ path: `${path}.karpenter.nodeClassRef.${k}`, message: `nodeClassRef.${k} is missing`, hint: "give the provider's node class, e.g. { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }" });
      }
    }
  }
  if (!model) return undefined;

  const hasLayout = pool.layout !== undefined;
  const hasPerGpu = pool.perGpu !== undefined;
  let gpus: (FitSuccess | false)[] = [];
  let uniform: FitSuccess | undefined;
  if (hasLayout === hasPerGpu) {
    d.push({ path, message: hasLayout ? 'both layout and perGpu are given' : 'neither layout nor perGpu is given', hint: 'give layout (the same on every GPU) or perGpu (one layout per GPU index), not both' });
  } else if (hasLayout) {
    const r = checkLayout(model, pool.layout, `${path}.layout`, { requireInstances: true, minCount: 1 });
    d.push(...r.diagnostics);
    if (r.fit && wholeNumber(pool.gpusPerNode, 1)) {
      uniform = r.fit;
      gpus = new Array<FitSuccess>(pool.gpusPerNode).fill(r.fit);
    }
  } else if (!Array.isArray(pool.perGpu)) {
    d.push({ path: `${path}.perGpu`, message: 'perGpu is not a list', hint: 'give one layout (or false) per GPU index' });
  } else {
    if (wholeNumber(pool.gpusPerNode, 1) && pool.perGpu.length !== pool.gpusPerNode) {
      d.push({ path: `${path}.perGpu`, message: `perGpu has ${pool.perGpu.length} entries but the nodes have ${pool.gpusPerNode} GPUs`, hint: `give exactly ${pool.gpusPerNode} entries, one per GPU index (false for a GPU with MIG disabled)` });
    }
    pool.perGpu.forEach((layout, i) => {
      if (layout === false) {
        gpus.push(false);
        return;
      }
      const r = checkLayout(model, layout, `${path}.perGpu[${i}]`, { requireInstances: true, minCount: 1 });
      d.push(...r.diagnostics);
      if (r.fit) gpus.push(r.fit);
    });
  }
  if (d.slice(start).some(isError)) return undefined;

  if (strategy === 'single') {
    // k8s-device-plugin assertAllMigDevicesAreValid(uniform=true): one MIG device type per node and
    // no mix of MIG-enabled and disabled GPUs, else the plugin advertises nothing (docs/reference/k8s-mig-integration.md §2.2).
    const profiles = new Set<string>();
    for (const g of gpus) if (g) for (const e of g.entries) profiles.add(e.profile.name);
    if (gpus.includes(false)) {
      d.push({ path: `${path}.perGpu`, message: 'strategy single needs every GPU of a node MIG-enabled; this pool leaves some GPUs with MIG disabled', hint: "use strategy 'mixed', or give every GPU the same profile" });
    }
    if (profiles.size > 1) {
      d.push({ path: hasLayout ? `${path}.layout` : `${path}.perGpu`, message: `strategy single needs one and the same profile on every GPU of a node; this pool has ${listValues([...profiles])}`, hint: "use strategy 'mixed', or one profile for the whole pool (the device plugin fails with \"more than one MIG device type present on node\")" });
    }
    if (d.slice(start).some(isError)) return undefined;
  }

  const slicesPerNode = new Map<string, number>();
  for (const p of model.profiles) {
    const n = gpus.reduce((sum, g) => sum + (g ? g.entries.find((e) => e.profile.name === p.name)?.count ?? 0 : 0), 0);
    if (n > 0) slicesPerNode.set(p.name, n);
  }
  const replicas = pool.timeSlicing?.replicas ?? 1;
  const resourcesPerNode = new Map<string, number>();
  const resourceOf = new Map<string, string>();
  for (const [profile, n] of slicesPerNode) {
    const res = poolResourceName(strategy, profile, pool.timeSlicing);
    resourceOf.set(profile, res);
    resourcesPerNode.set(res, (resourcesPerNode.get(res) ?? 0) + n * replicas);
  }
  const disabled = gpus.filter((g) => g === false).length;
  if (disabled > 0) resourcesPerNode.set(FULL_GPU_RESOURCE, (resourcesPerNode.get(FULL_GPU_RESOURCE) ?? 0) + disabled);
  return { spec: pool, path, model, gpus, uniform, slicesPerNode, resourcesPerNode, resourceOf, nodeSelector, taints };
}

/**
 * Two pools whose node selectors can match the same node (no label with different values in both)
 * would label that node with two MIG configs. Only an error when the layouts differ (docs/architecture.md, cross-checks).
 */
function checkOverlappingPools(pools: readonly ResolvedPool[], d: Diagnostic[]): void {
  const layoutOf = (p: ResolvedPool) => `${p.model.key}:${p.gpus.map((g) => (g ? g.entries.map((e) => `${e.profile.name}=${e.count}`).join(',') : 'off')).join('|')}`;
  for (let i = 0; i < pools.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = pools[j];
      const b = pools[i];
      const ka = Object.keys(a.nodeSelector);
      const kb = Object.keys(b.nodeSelector);
      if (ka.length === 0 || kb.length === 0) continue;
      const conflict = ka.some((k) => k in b.nodeSelector && b.nodeSelector[k] !== a.nodeSelector[k]);
      if (conflict || layoutOf(a) === layoutOf(b)) continue;
      d.push({
        path: `${b.path}.nodeSelector`,
        message: `pool '${b.spec.name}' and pool '${a.spec.name}' (${a.path}) can select the same nodes (${JSON.stringify({ ...a.nodeSelector, ...b.nodeSelector })}) with different layouts`,
        hint: 'give each pool a label the other does not match, e.g. a distinct node-group label',
      });
    }
  }
}

function resolveWorkload(
  w: WorkloadSpec, path: string, pools: readonly ResolvedPool[], d: Diagnostic[], declared: ReadonlySet<unknown>,
): ResolvedWorkload | undefined {
  const start = d.length;
  const nameProblem = typeof w?.name === 'string' ? dns1123SubdomainProblem(w.name) : 'it is not a string';
  if (nameProblem) d.push({ path: `${path}.name`, message: `workload name ${JSON.stringify(w?.name)} is not valid: ${nameProblem}`, hint: "use lower-case letters, digits, '-' and '.', e.g. vllm" });
  const namespace = w?.namespace ?? 'default';
  const nsProblem = dns1123LabelProblem(namespace);
  if (nsProblem) d.push({ path: `${path}.namespace`, message: `namespace '${namespace}' is not valid: ${nsProblem}`, hint: "use lower-case letters, digits and '-'" });
  const kind = w?.kind ?? 'Deployment';
  if (!WORKLOAD_KINDS.includes(kind)) d.push({ path: `${path}.kind`, message: `kind ${JSON.stringify(kind)} is not supported`, hint: `use ${listValues(WORKLOAD_KINDS)}` });
  if (typeof w?.image !== 'string' || w.image.trim() === '') d.push({ path: `${path}.image`, message: 'the image is empty', hint: 'give a container image, e.g. vllm/vllm-openai:0.6.4' });
  const slicesPerPod = w?.slicesPerPod ?? 1;
  if (!wholeNumber(slicesPerPod, 1)) d.push({ path: `${path}.slicesPerPod`, message: `slicesPerPod is ${JSON.stringify(slicesPerPod)}; it must be a whole number >= 1`, hint: 'request 1 or more slices per pod (extended resources are whole numbers)' });
  const replicas = w?.replicas ?? 1;
  if (!wholeNumber(replicas, 0)) d.push({ path: `${path}.replicas`, message: `replicas is ${JSON.stringify(replicas)}; it must be a whole number >= 0`, hint: 'give a whole number of pods' });
  if (w?.containerName !== undefined) {
    const p = dns1123LabelProblem(w.containerName);
    if (p) d.push({ path: `${path}.containerName`, message: `container name '${w.containerName}' is not valid: ${p}`, hint: "use lower-case letters, digits and '-'" });
  }
  checkLabels(w?.labels, `${path}.labels`, 'labels', d);
  const request = resolvePoolRequest(w?.pool, w?.profile, slicesPerPod, path, pools, d, declared);
  if (!request) return undefined;
  const { pool, profile, resource } = request;
  if (d.slice(start).some(isError)) return undefined;
  return { spec: w, path, pool, namespace, kind, profile, resource, slicesPerPod, replicas };
}

const POOL_INDEX = new WeakMap<readonly ResolvedPool[], Map<string, ResolvedPool>>();
function poolsByName(pools: readonly ResolvedPool[]): Map<string, ResolvedPool> {
  let index = POOL_INDEX.get(pools);
  if (!index) {
    index = new Map(pools.map((p) => [p.spec.name, p]));
    POOL_INDEX.set(pools, index);
  }
  return index;
}

/** Each offered profile and the resource names it is advertised under. */
function offeredProfiles(pools: readonly ResolvedPool[]): Map<string, Set<string>> {
  const offered = new Map<string, Set<string>>();
  for (const p of pools) {
    for (const [profile, res] of p.resourceOf) {
      const set = offered.get(profile) ?? new Set<string>();
      set.add(res);
      offered.set(profile, set);
    }
  }
  return offered;
}

/** A pod's request for `slicesPerPod` slices of `profile` on `poolName`: the pool exists, offers the profile, and one node can hold it. */
function resolvePoolRequest(
  poolName: unknown, profileName: unknown, slicesPerPod: unknown, path: string,
  pools: readonly ResolvedPool[], d: Diagnostic[], declared: ReadonlySet<unknown>,
): { pool: ResolvedPool; profile: string; resource: string } | undefined {
  const pool = typeof poolName === 'string' ? poolsByName(pools).get(poolName) : undefined;
  // A declared pool with errors of its own is already reported; a second error here would mislead.
  if (!pool && declared.has(poolName)) return undefined;
  if (!pool) {
    d.push({ path: `${path}.pool`, message: `pool ${JSON.stringify(poolName)} is not a valid pool of this cluster`, hint: pools.length > 0 ? `use ${listValues(pools.map((p) => p.spec.name))} (or fix that pool's own errors first)` : 'declare the pool in the same cluster first' });
    return undefined;
  }
  const resolved = typeof profileName === 'string' ? resolveProfile(pool.model, profileName) : undefined;
  if (!resolved) {
    d.push({ path: `${path}.profile`, message: `${JSON.stringify(profileName)} is not a MIG profile of ${pool.model.key}, the GPU of pool '${pool.spec.name}'`, hint: `request a profile the pool offers: ${listValues([...pool.slicesPerNode.keys()])}` });
    return undefined;
  }
  if (resolved.alias) d.push({ path: `${path}.profile`, severity: 'warning', message: `'${profileName}' is the ${resolved.alias.source} spelling of '${resolved.profile.name}'; it was normalised`, hint: `write '${resolved.profile.name}'` });
  const profile = resolved.profile.name;
  const resource = pool.resourceOf.get(profile);
  if (!resource) {
    d.push({ path: `${path}.profile`, message: `pool '${pool.spec.name}' offers no '${profile}' slices (its layout has ${listValues([...pool.slicesPerNode.keys()])})`, hint: `request one of those profiles, or add '${profile}' to the pool's layout` });
    return undefined;
  }
  const perNode = pool.resourcesPerNode.get(resource) ?? 0;
  if (wholeNumber(slicesPerPod, 1) && slicesPerPod > perNode) {
    d.push({ path: `${path}.slicesPerPod`, message: `one pod asks for ${slicesPerPod} x ${resource} but a node of pool '${pool.spec.name}' has ${perNode}; the pod could never be scheduled`, hint: `request at most ${perNode} per pod, or give the pool more ${profile} slices per node` });
    return undefined;
  }
  return { pool, profile, resource };
}

/** Demand beyond a pool's capacity is not an error (pods wait), but the user should know. */
function checkWorkloadDemand(workloads: readonly ResolvedWorkload[], d: Diagnostic[]): void {
  const demand = new Map<string, { total: number; last: ResolvedWorkload }>();
  for (const w of workloads) {
    const key = `${w.pool.spec.name}\u0000${w.resource}`;
    const cur = demand.get(key);
    demand.set(key, { total: (cur?.total ?? 0) + w.replicas * w.slicesPerPod, last: w });
  }
  for (const { total, last } of demand.values()) {
    const cap = (last.pool.resourcesPerNode.get(last.resource) ?? 0) * last.pool.spec.nodes;
    if (total > cap) {
      d.push({ path: last.path, severity: 'warning', message: `workloads on pool '${last.pool.spec.name}' ask for ${total} x ${last.resource} in all; the pool has ${cap}, so some pods will stay Pending`, hint: 'add nodes to the pool, change its layout, or lower replicas' });
    }
  }
}

function resolveTenant(
  t: TenantSpec<string>, path: string, strategy: MigStrategy, pools: readonly ResolvedPool[],
  offered: readonly string[], profilesOffered: ReadonlyMap<string, ReadonlySet<string>>, d: Diagnostic[],
): ResolvedTenant | undefined {
  const start = d.length;
  const nsProblem = typeof t?.namespace === 'string' ? dns1123LabelProblem(t.namespace) : 'it is not a string';
  if (nsProblem) d.push({ path: `${path}.namespace`, message: `namespace ${JSON.stringify(t?.namespace)} is not valid: ${nsProblem}`, hint: "use lower-case letters, digits and '-', e.g. team-a" });
  const quotaName = t?.quotaName ?? 'mig-slices';
  const qp = dns1123SubdomainProblem(quotaName);
  if (qp) d.push({ path: `${path}.quotaName`, message: `'${quotaName}' is not a valid ResourceQuota name: ${qp}`, hint: "use lower-case letters, digits, '-' and '.'" });
  const slices = t?.slices ?? {};
  if (typeof slices !== 'object' || slices === null || Array.isArray(slices)) {
    d.push({ path: `${path}.slices`, message: 'slices is not a map of profile to count', hint: "write it like { '1g.10gb': 8 }" });
    return undefined;
  }
  const entries = Object.entries(slices);
  if (strategy === 'single' && entries.length > 0) {
    d.push({ path: `${path}.slices`, message: 'a per-profile quota is impossible under strategy single: every slice is advertised as nvidia.com/gpu, whatever its profile', hint: "use strategy 'mixed', where each profile is its own resource nvidia.com/mig-<profile>" });
    return undefined;
  }
  const grants = new Map<string, number>();
  for (const [name, count] of entries) {
    if (!wholeNumber(count, 0)) {
      d.push({ path: `${path}.slices.${name}`, message: `the count for '${name}' is ${JSON.stringify(count)}; it must be a whole number >= 0`, hint: 'grant a whole number of slices' });
      continue;
    }
    const canonical = pools.map((p) => resolveProfile(p.model, name)?.profile.name).find((x) => x !== undefined) ?? name;
    const resources = profilesOffered.get(canonical);
    if (!resources) {
      const known = listGpuModels().some((m) => resolveProfile(m, name));
      d.push({
        path: `${path}.slices.${name}`,
        message: known ? `no pool of the cluster offers '${name}' slices` : `'${name}' is not a MIG profile of any GPU in the catalogue`,
        hint: profilesOffered.size > 0 ? `grant profiles the pools offer: ${listValues([...profilesOffered.keys()])}` : 'declare a pool that offers the profile first',
      });
      continue;
    }
    if (resources.size > 1) {
      d.push({ path: `${path}.slices.${name}`, message: `'${canonical}' is offered under ${listValues([...resources])} (a time-sliced pool renames it), so one grant is ambiguous`, hint: 'set timeSlicing.renameByDefault to the same value on every pool with this profile' });
      continue;
    }
    const res = [...resources][0];
    grants.set(res, (grants.get(res) ?? 0) + count);
  }
  if (d.slice(start).some(isError)) return undefined;
  const denied = (t.denyUngrantedProfiles ?? true) ? offered.filter((r) => !grants.has(r)) : [];
  const all = new Map<string, number>([...[...grants].sort(([a], [b]) => compareKeys(a, b)), ...denied.map((r) => [r, 0] as [string, number])]);
  return { spec: t, path, grants: all, denied };
}

function checkQuotaCapacity(
  tenants: readonly ResolvedTenant[], capacity: ReadonlyMap<string, number>, allowOvercommit: boolean, d: Diagnostic[],
): void {
  const granted = new Map<string, { total: number; who: string[]; last: ResolvedTenant }>();
  for (const t of tenants) {
    for (const [res, n] of t.grants) {
      if (n === 0) continue;
      const cur = granted.get(res) ?? { total: 0, who: [], last: t };
      granted.set(res, { total: cur.total + n, who: [...cur.who, `${t.spec.namespace}=${n}`], last: t });
    }
  }
  for (const [res, { total, who, last }] of granted) {
    const cap = capacity.get(res) ?? 0;
    if (total <= cap) continue;
    d.push({
      path: `${last.path}.slices`,
      severity: allowOvercommit ? 'warning' : 'error',
      message: `tenant quotas grant ${total} x ${res} (${who.join(', ')}) but the pools offer ${cap}`,
      hint: allowOvercommit ? 'quotas are overcommitted on purpose (allowOvercommit); pods beyond capacity will wait' : `lower the grants to ${cap} in all, add capacity, or set allowOvercommit on the cluster`,
    });
  }
}
