import type { GpuModel, GpuModelInfo } from '../catalog';
import { hasErrorSince, listValues, type Diagnostic } from '../diagnostics';
import type { FitSuccess } from '../geometry';
import { migPartedEntries, versionedConfigName, type CheckedMigPartedConfig } from '../mig-parted';
import {
  ALL_DISABLED_CONFIG,
  DEVICE_PLUGIN_CONFIG_LABEL,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  DRA_GPU_DEVICE_CLASS,
  draQuotaResource,
  FULL_GPU_RESOURCE,
  isQuantity,
  labelKeyProblem,
  labelValueProblem,
  MIG_CONFIG_LABEL,
  POOL_LABEL,
  POOL_NAME_MAX,
  sliceResourceName,
  type MigAllocation,
  type MigStrategy,
} from '../naming';
import { checkLabels, wholeNumber } from './checks';
import { checkGpuModel, checkLayoutOrPerGpu } from './layout-check';
import type { NodePoolSpec } from './platform';
import type { ResolvedPool } from './resolved';
import { checkItem } from './shape-check';

/** Config names the library emits itself: a pool may not take them (its config would replace ours). */
const RESERVED_CONFIG_NAMES: readonly string[] = [ALL_DISABLED_CONFIG];
/** Node labels the library sets on a pool's nodes: a selector of the user's may not claim them. */
const OWNED_NODE_LABELS: readonly string[] = [MIG_CONFIG_LABEL, DEVICE_PLUGIN_CONFIG_LABEL, POOL_LABEL];

/** One pool: its own fields, its layout's geometry, and what one node offers under the strategy. */
export function resolvePool(pool: NodePoolSpec, path: string, strategy: MigStrategy, d: Diagnostic[], allocation: MigAllocation = 'device-plugin'): ResolvedPool | undefined {
  const start = d.length;
  const bad = checkItem('pool', pool, path, d);
  if (!bad) return undefined;
  if (!bad.has('name') && pool.name !== undefined) {
    const nameProblem = dns1123LabelProblem(pool.name);
    if (!nameProblem && pool.name.length > POOL_NAME_MAX) {
      d.push({ path: `${path}.name`, message: `pool name '${pool.name}' is ${pool.name.length} characters long; at most ${POOL_NAME_MAX} leave room for the layout hash in its config name (a label value of at most 63)`, hint: `shorten it to ${POOL_NAME_MAX} characters or fewer` });
    } else if (nameProblem) {
      d.push({ path: `${path}.name`, message: `pool name ${JSON.stringify(pool.name)} is not valid: ${nameProblem}`, hint: "it becomes the node label value nvidia.com/mig.config and object names: use lower-case letters, digits and '-', e.g. h100-inference" });
    } else if (RESERVED_CONFIG_NAMES.includes(pool.name)) {
      d.push({ path: `${path}.name`, message: `pool name '${pool.name}' is reserved: the library always emits the '${ALL_DISABLED_CONFIG}' config (MIG off), which unlabelled nodes get`, hint: 'give the pool another name' });
    }
  }
  const { model, diagnostics } = bad.has('gpu') || pool.gpu === undefined ? { model: undefined, diagnostics: [] } : checkGpuModel(pool.gpu, `${path}.gpu`);
  d.push(...diagnostics);
  const nodeSelector = bad.has('nodeSelector') ? {} : checkLabels(pool.nodeSelector, `${path}.nodeSelector`, 'nodeSelector', d, OWNED_NODE_LABELS);
  const taints = bad.has('taints') ? [] : pool.taints ?? [];
  Array.from(taints).forEach((t, i) => {
    const kp = labelKeyProblem(t.key);
    if (kp) d.push({ path: `${path}.taints[${i}].key`, message: `taint key ${JSON.stringify(t.key)} is not valid: ${kp}`, hint: 'use [prefix/]name, e.g. nvidia.com/gpu' });
    const vp = t.value === undefined ? undefined : labelValueProblem(t.value);
    if (vp) d.push({ path: `${path}.taints[${i}].value`, message: `taint value ${JSON.stringify(t.value)} is not valid: ${vp}`, hint: 'a taint value follows the label value rules: letters, digits, "-", "_" and ".", at most 63 characters' });
  });
  if (!bad.has('nodeNames') && pool.nodeNames !== undefined) {
    const seen = new Set<string>();
    Array.from(pool.nodeNames).forEach((n, i) => {
      const p = dns1123SubdomainProblem(n);
      if (p) d.push({ path: `${path}.nodeNames[${i}]`, message: `${JSON.stringify(n)} is not a node name: ${p}`, hint: 'give the names kubectl get nodes shows' });
      else if (seen.has(n)) d.push({ path: `${path}.nodeNames[${i}]`, message: `node '${n}' is listed twice`, hint: 'list each node once' });
      seen.add(n);
    });
    if (!bad.has('nodes') && pool.nodes !== pool.nodeNames.length) {
      d.push({ path: `${path}.nodes`, message: `nodes is ${pool.nodes} but nodeNames lists ${pool.nodeNames.length}`, hint: `set nodes to ${pool.nodeNames.length}, the number of nodes named` });
    }
  }
  if (allocation === 'dra' && pool.timeSlicing !== undefined) {
    // dra-driver-nvidia-gpu: "TimeSlicing has no effect on MIG devices" (docs/reference/k8s-mig-integration.md §6).
    d.push({ path: `${path}.timeSlicing`, message: 'time-slicing is not supported on MIG devices allocated through DRA', hint: 'remove timeSlicing, or use allocation device-plugin' });
  }
  if (!bad.has('karpenter') && pool.karpenter !== undefined) {
    const ref = pool.karpenter.nodeClassRef;
    for (const k of ['group', 'kind', 'name'] as const) {
      if (ref[k] === '') d.push({ path: `${path}.karpenter.nodeClassRef.${k}`, message: `nodeClassRef.${k} is empty`, hint: "give the provider's node class, e.g. { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }" });
    }
    for (const [resource, limit] of Object.entries(pool.karpenter.limits ?? {})) {
      if (!isQuantity(limit)) d.push({ path: `${path}.karpenter.limits.${resource}`, message: `the limit ${JSON.stringify(limit)} is not a Kubernetes quantity`, hint: "write a number with an optional unit, e.g. '64' or '512Gi'" });
    }
  }
  if (!model) return undefined;

  const hasLayout = pool.layout !== undefined;
  // Only a count within its bounds sizes anything: the shape check reported any other.
  const gpuCount = !bad.has('gpusPerNode') && wholeNumber(pool.gpusPerNode, 1) ? pool.gpusPerNode : undefined;
  const checked = checkLayoutOrPerGpu(model, pool, path, { requireInstances: true, minCount: 1, gpuCount });
  d.push(...checked.diagnostics);
  const uniform = checked.uniform;
  let gpus: (FitSuccess | false)[] = [];
  if (checked.perGpu) gpus = [...checked.perGpu];
  else if (uniform && gpuCount !== undefined) gpus = new Array<FitSuccess>(gpuCount).fill(uniform);
  const previous = bad.has('previous') ? undefined : resolvePrevious(model, pool, path, gpuCount, d);
  if (hasErrorSince(d, start)) return undefined;

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
    if (hasErrorSince(d, start)) return undefined;
  }

  // Instances per profile over the node's GPUs, then in the catalogue's profile order.
  const counts = new Map<string, number>();
  for (const g of gpus) if (g) for (const e of g.entries) counts.set(e.profile.name, (counts.get(e.profile.name) ?? 0) + e.count);
  const slicesPerNode = new Map<string, number>();
  for (const p of model.profiles) {
    const n = counts.get(p.name) ?? 0;
    if (n > 0) slicesPerNode.set(p.name, n);
  }
  const replicas = pool.timeSlicing?.replicas ?? 1;
  const resourcesPerNode = new Map<string, number>();
  const resourceOf = new Map<string, string>();
  for (const [profile, n] of slicesPerNode) {
    const res = sliceResourceName(allocation, strategy, profile, pool.timeSlicing);
    resourceOf.set(profile, res);
    resourcesPerNode.set(res, (resourcesPerNode.get(res) ?? 0) + n * replicas);
  }
  const disabled = gpus.filter((g) => g === false).length;
  // A GPU with MIG off is a whole GPU: nvidia.com/gpu from the device plugin, the driver's gpu class under DRA.
  const whole = allocation === 'dra' ? draQuotaResource(DRA_GPU_DEVICE_CLASS) : FULL_GPU_RESOURCE;
  if (disabled > 0) resourcesPerNode.set(whole, (resourcesPerNode.get(whole) ?? 0) + disabled);
  const configName = poolConfigNameOf(pool.name, model.key, gpus, uniform);
  if (previous && previous.configName === configName) {
    d.push({ severity: 'warning', path: `${path}.previous`, message: 'the previous layout is the current one: there is nothing to roll out', hint: 'remove previous' });
  }
  const rolling = previous && previous.configName !== configName ? { previous } : {};
  return { spec: pool, path, model, gpus, uniform, configName, ...rolling, slicesPerNode, resourcesPerNode, resourceOf, nodeSelector, taints };
}

/** Fitted layouts as the mig-parted builder takes them: `all` GPUs for a uniform layout, else one per index. */
function configInput(name: string, gpu: GpuModel, gpus: readonly (FitSuccess | false)[], uniform: FitSuccess | undefined): CheckedMigPartedConfig {
  return { name, gpu, gpus: uniform ? 'all' : gpus, uniform };
}

/** The config name of fitted layouts: `<pool>-<hash>` over the mig-parted entries they become. */
function poolConfigNameOf(name: string, gpu: GpuModel, gpus: readonly (FitSuccess | false)[], uniform: FitSuccess | undefined): string {
  if (!uniform) return versionedConfigName(name, migPartedEntries(configInput(name, gpu, gpus, uniform)));
  // A uniform layout's entries depend on its fit alone, and equal layouts share one fit
  // (spec/layout-check.ts): its config is hashed once, whatever the pool's name.
  let named = UNIFORM_CONFIG.get(uniform);
  if (named === undefined) {
    named = versionedConfigName('', migPartedEntries(configInput(name, gpu, gpus, uniform)));
    UNIFORM_CONFIG.set(uniform, named);
  }
  return `${name}${named}`;
}

/** The `-<hash>` of a uniform layout's config, by its fit. */
const UNIFORM_CONFIG = new WeakMap<FitSuccess, string>();

/** A resolved pool's configs for the MIG Manager ConfigMap: its own, and during a rollout its previous one. */
export function poolMigPartedConfigs(p: ResolvedPool): CheckedMigPartedConfig[] {
  return [
    configInput(p.configName, p.model.key, p.gpus, p.uniform),
    ...(p.previous ? [configInput(p.previous.configName, p.model.key, p.previous.gpus, p.previous.uniform)] : []),
  ];
}

/** A text equal for two pools exactly when their GPUs are partitioned alike. */
function layoutKey(p: ResolvedPool): string {
  const gpu = (g: FitSuccess | false) => (g ? g.entries.map((e) => `${e.profile.name}=${e.count}`).join(',') : 'off');
  if (!p.uniform) return `${p.model.key}:${p.gpus.map(gpu).join('|')}`;
  // Pools of one layout share its fit (spec/layout-check.ts): its text is made once.
  let perGpu = LAYOUT_KEYS.get(p.uniform);
  if (perGpu === undefined) LAYOUT_KEYS.set(p.uniform, (perGpu = gpu(p.uniform)));
  // The same text as GPU by GPU, so a perGpu pool of that layout on every GPU compares equal.
  return `${p.model.key}:${p.gpus.length > 0 ? `${perGpu}|`.repeat(p.gpus.length - 1) + perGpu : ''}`;
}
const LAYOUT_KEYS = new WeakMap<FitSuccess, string>();

/** The pool's previous layout, checked like its layout. */
function resolvePrevious(model: GpuModelInfo, pool: NodePoolSpec, path: string, gpuCount: number | undefined, d: Diagnostic[]): ResolvedPool['previous'] {
  const prev = pool.previous;
  if (prev === undefined || typeof prev !== 'object' || prev === null) return undefined;
  const checked = checkLayoutOrPerGpu(model, prev, `${path}.previous`, { requireInstances: true, minCount: 1, gpuCount });
  d.push(...checked.diagnostics);
  if (checked.diagnostics.some((x) => x.severity !== 'warning')) return undefined;
  const { perGpu, uniform } = checked;
  const gpus = perGpu ? [...perGpu] : gpuCount !== undefined && uniform ? new Array<FitSuccess>(gpuCount).fill(uniform) : [];
  return { configName: poolConfigNameOf(pool.name, model.key, gpus, uniform), gpus, ...(uniform ? { uniform } : {}) };
}

/**
 * The config name a pool's spec gets, without the rest of the platform (adapters expose the node
 * labels at construction); undefined when the layout has a problem (validation reports it).
 */
export function poolConfigName(pool: NodePoolSpec): string | undefined {
  const d: Diagnostic[] = [];
  if (typeof pool?.name !== 'string' || typeof pool.gpu !== 'string') return undefined;
  const { model } = checkGpuModel(pool.gpu, 'gpu');
  if (!model) return undefined;
  const gpuCount = wholeNumber(pool.gpusPerNode, 1) ? pool.gpusPerNode : undefined;
  const checked = checkLayoutOrPerGpu(model, pool, '', { requireInstances: true, minCount: 1, gpuCount });
  d.push(...checked.diagnostics);
  if (d.some((x) => x.severity !== 'warning')) return undefined;
  const gpus = checked.perGpu ? [...checked.perGpu] : [];
  return poolConfigNameOf(pool.name, model.key, gpus, checked.uniform);
}

/**
 * Two pools whose node selectors can match the same node (no label with different values in both)
 * would label that node with two MIG configs. Only an error when the layouts differ (docs/architecture.md, cross-checks).
 */
export function checkOverlappingPools(pools: readonly ResolvedPool[], d: Diagnostic[]): void {
  // A node named by two pools: it cannot carry two configs.
  const owner = new Map<string, ResolvedPool>();
  for (const p of pools) {
    for (const n of p.spec.nodeNames ?? []) {
      const other = owner.get(n);
      if (other && other !== p) d.push({ path: `${p.path}.nodeNames`, message: `node '${n}' is named by pool '${p.spec.name}' and pool '${other.spec.name}'`, hint: 'name each node in one pool' });
      owner.set(n, p);
    }
  }
  // Keys and layouts once per pool: the pair loop is quadratic, so it must only compare.
  const info = pools.map((p) => ({ keys: Object.keys(p.nodeSelector), layout: layoutKey(p) }));
  // Pools that differ in a label every pool has can never share a node: compare only within each
  // value of such a label (a fleet with a node-group label per pool is then linear, not quadratic).
  const selecting = pools.map((_, i) => i).filter((i) => info[i].keys.length > 0);
  const common = selecting.length === 0 ? undefined : info[selecting[0]].keys.find((k) => selecting.every((i) => k in pools[i].nodeSelector));
  const peers = new Map<string, number[]>();
  for (const i of selecting) {
    const bucket = common === undefined ? '' : pools[i].nodeSelector[common];
    const earlier = peers.get(bucket) ?? [];
    for (const j of earlier) {
      const a = pools[j];
      const b = pools[i];
      const conflict = info[j].keys.some((k) => k in b.nodeSelector && b.nodeSelector[k] !== a.nodeSelector[k]);
      const named = a.spec.nodeNames !== undefined && b.spec.nodeNames !== undefined;
      if (conflict || named || info[j].layout === info[i].layout) continue;
      d.push({
        path: `${b.path}.nodeSelector`,
        message: `pool '${b.spec.name}' and pool '${a.spec.name}' (${a.path}) can select the same nodes (${JSON.stringify({ ...a.nodeSelector, ...b.nodeSelector })}) with different layouts`,
        hint: 'give each pool a label the other does not match, e.g. a distinct node-group label',
      });
    }
    earlier.push(i);
    peers.set(bucket, earlier);
  }
}
