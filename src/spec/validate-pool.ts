import { hasErrorSince, listValues, type Diagnostic } from '../diagnostics';
import type { FitSuccess } from '../geometry';
import { dns1123LabelProblem, FULL_GPU_RESOURCE, labelKeyProblem, poolResourceName, type MigStrategy } from '../naming';
import { checkLabels, wholeNumber } from './checks';
import { checkGpuModel, checkLayoutOrPerGpu } from './layout-check';
import type { NodePoolSpec } from './platform';
import type { ResolvedPool } from './resolved';
import { SPEC_SHAPE } from './shape';

const TAINT_EFFECTS: readonly string[] = SPEC_SHAPE.taint.effect.schema.enum as string[];

/** One pool: its own fields, its layout's geometry, and what one node offers under the strategy. */
export function resolvePool(pool: NodePoolSpec, path: string, strategy: MigStrategy, d: Diagnostic[]): ResolvedPool | undefined {
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
  const gpuCount = wholeNumber(pool.gpusPerNode, 1) ? pool.gpusPerNode : undefined;
  const checked = checkLayoutOrPerGpu(model, pool, path, { requireInstances: true, minCount: 1, gpuCount });
  d.push(...checked.diagnostics);
  const uniform = checked.uniform;
  let gpus: (FitSuccess | false)[] = [];
  if (checked.perGpu) gpus = [...checked.perGpu];
  else if (uniform && gpuCount !== undefined) gpus = new Array<FitSuccess>(gpuCount).fill(uniform);
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
export function checkOverlappingPools(pools: readonly ResolvedPool[], d: Diagnostic[]): void {
  // Keys and layouts once per pool: the pair loop is quadratic, so it must only compare.
  const info = pools.map((p) => ({
    keys: Object.keys(p.nodeSelector),
    layout: `${p.model.key}:${p.gpus.map((g) => (g ? g.entries.map((e) => `${e.profile.name}=${e.count}`).join(',') : 'off')).join('|')}`,
  }));
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
      if (conflict || info[j].layout === info[i].layout) continue;
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
