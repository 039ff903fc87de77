import { findGpuModel, GPU_MODELS, resolveProfile, type GpuModel, type GpuModelInfo } from '../catalog';
import { listValues, MigValidationError, type Diagnostic } from '../diagnostics';
import { fitUntypedLayout, type FitSuccess } from '../geometry';
import { buildMigPartedDocument, type MigPartedDocument } from '../mig-parted';
import type { MigStrategy } from '../naming';
import { baselines, type Baseline } from './baselines';
import { firstFitDecreasing } from './ffd';
import { layoutIndex, type LayoutIndex } from './layout-index';
import { compareKeys } from '../order';
import { solvePlan, type PlanModel, type PlanVariable } from './mip';

export interface PlanGpuOption {
  readonly model: GpuModel;
  /** GPUs of this model available; unbounded when omitted. */
  readonly available?: number;
  /** @default 8 */
  readonly gpusPerNode?: number;
}

export interface DemandItem {
  readonly profile: string;
  readonly count: number;
  readonly tenant?: string;
}

export interface PlanRequest {
  /** One or more GPU models the plan may use, in order of preference for the heuristic. */
  readonly gpus: readonly PlanGpuOption[];
  /** Instances per profile, or items with an optional tenant. */
  readonly demand: Readonly<Record<string, number>> | readonly DemandItem[];
  /** `mixed`: any layout per GPU; `single`: one profile on every GPU of a node. @default 'mixed' */
  readonly strategy?: MigStrategy;
  /** `auto`: exact below the size limit and within the time limit, else the heuristic. @default 'auto' */
  readonly method?: 'auto' | 'exact' | 'heuristic';
  /** Solver time limit per stage. @default 20 */
  readonly timeLimitSeconds?: number;
  /** Above this many integer variables `auto` uses the heuristic. @default 5000 */
  readonly exactVariableLimit?: number;
  /** Progress messages for long plans. */
  readonly onProgress?: (message: string) => void;
}

export interface PlannedLayout {
  readonly model: GpuModel;
  /** Instances per profile on each of these GPUs (catalogue order). */
  readonly layout: Readonly<Record<string, number>>;
  readonly gpus: number;
  /** A concrete placement of one such GPU; null where the model's placements are unknown. */
  readonly placement: FitSuccess['instances'];
}

export interface PlannedNodeGroup {
  /** The mig-parted config name, e.g. `plan-h100-80gb-1`. */
  readonly name: string;
  readonly model: GpuModel;
  readonly nodes: number;
  readonly gpusPerNode: number;
  /** One layout per GPU index; `false` = a GPU left without MIG (unused by the plan). */
  readonly perGpu: readonly (Readonly<Record<string, number>> | false)[];
}

export interface ProfileCapacity {
  readonly profile: string;
  readonly demand: number;
  readonly supply: number;
  /** Instances carved beyond the demand. */
  readonly extraConfigured: number;
  /** More instances that would fit in the plan's unconfigured space (per profile, not all at once). */
  readonly freeRoom: number;
}

export interface Plan {
  readonly strategy: MigStrategy;
  readonly method: 'exact' | 'heuristic';
  /** True when the solver proved no plan uses fewer GPUs (and, for that count, less carved spare). */
  readonly provenOptimal: boolean;
  readonly gpusUsed: number;
  /** No plan can serve the met demand with fewer GPUs. */
  readonly lowerBound: number;
  readonly nodesUsed: number;
  /** GPUs in the plan's nodes that it leaves unused (the last node of a group may be partly empty). */
  readonly idleGpus: number;
  readonly gpusByModel: Readonly<Record<string, number>>;
  readonly layouts: readonly PlannedLayout[];
  readonly nodeGroups: readonly PlannedNodeGroup[];
  readonly migPartedConfig: MigPartedDocument;
  /** Demand and supply per profile; `extraConfigured` = instances carved beyond demand; `freeRoom` = more that fit in unconfigured space. */
  readonly profiles: readonly ProfileCapacity[];
  readonly unmet: readonly { readonly profile: string; readonly count: number; readonly reason: string }[];
  /** Per tenant and profile, the instances the plan serves (grants for TenantQuota). */
  readonly tenants: readonly { readonly tenant: string; readonly profile: string; readonly count: number }[];
  /** Baselines on the first requested model. */
  readonly baselines: readonly Baseline[];
  readonly notes: readonly string[];
}

interface Normalised {
  readonly models: { readonly info: GpuModelInfo; readonly index: LayoutIndex; readonly available?: number; readonly gpusPerNode: number }[];
  /** Canonical profile -> demanded count (only profiles some model has). */
  readonly demand: Map<string, number>;
  readonly unservable: { profile: string; count: number; reason: string }[];
  readonly items: { tenant?: string; profile: string; count: number }[];
}

function normalise(request: PlanRequest): Normalised {
  const d: Diagnostic[] = [];
  if (!Array.isArray(request.gpus) || request.gpus.length === 0) d.push({ path: 'gpus', message: 'no GPU model given', hint: 'give at least one model, e.g. --gpu H100-80GB' });
  const models = (request.gpus ?? []).flatMap((g, i) => {
    const info = findGpuModel(g?.model);
    if (!info) {
      d.push({ path: `gpus[${i}].model`, message: `${JSON.stringify(g?.model)} is not a GPU model in the catalogue`, hint: `use one of ${listValues(GPU_MODELS, 20)}` });
      return [];
    }
    const gpusPerNode = g.gpusPerNode ?? 8;
    if (!Number.isInteger(gpusPerNode) || gpusPerNode < 1) d.push({ path: `gpus[${i}].gpusPerNode`, message: `gpusPerNode is ${JSON.stringify(gpusPerNode)}; it must be a whole number >= 1`, hint: 'give the GPUs in one node, e.g. 8' });
    if (g.available !== undefined && (!Number.isInteger(g.available) || g.available < 0)) d.push({ path: `gpus[${i}].available`, message: `available is ${JSON.stringify(g.available)}; it must be a whole number >= 0`, hint: 'give the GPUs of this model you can use, or leave it out for no limit' });
    return [{ info, index: layoutIndex(info), available: g.available, gpusPerNode }];
  });
  if (request.strategy !== undefined && request.strategy !== 'mixed' && request.strategy !== 'single') {
    d.push({ path: 'strategy', message: `strategy ${JSON.stringify(request.strategy)} is not a MIG strategy`, hint: "use 'mixed' or 'single'" });
  }
  const rawItems: DemandItem[] = Array.isArray(request.demand)
    ? [...request.demand]
    : Object.entries(request.demand ?? {}).map(([profile, count]) => ({ profile, count }));
  if (rawItems.length === 0) d.push({ path: 'demand', message: 'the demand is empty', hint: 'give instances per profile, e.g. --demand 1g.10gb=40,3g.40gb=6' });
  const demand = new Map<string, number>();
  const unservable = new Map<string, { count: number; reason: string }>();
  const items: { tenant?: string; profile: string; count: number }[] = [];
  rawItems.forEach((item, i) => {
    if (!Number.isInteger(item.count) || item.count < 0) {
      d.push({ path: `demand[${i}]`, message: `the count for '${item.profile}' is ${JSON.stringify(item.count)}; it must be a whole number >= 0`, hint: 'give a whole number of instances' });
      return;
    }
    const canonical = models.map((m) => resolveProfile(m.info, item.profile)?.profile.name).find((x) => x !== undefined);
    if (!canonical) {
      const prev = unservable.get(item.profile);
      unservable.set(item.profile, { count: (prev?.count ?? 0) + item.count, reason: `'${item.profile}' is not a profile of ${listValues(models.map((m) => m.info.key))}` });
      return;
    }
    if (item.count === 0) return;
    demand.set(canonical, (demand.get(canonical) ?? 0) + item.count);
    items.push({ tenant: item.tenant, profile: canonical, count: item.count });
  });
  if (d.length > 0) throw new MigValidationError(d);
  return { models, demand, unservable: [...unservable].map(([profile, u]) => ({ profile, ...u })), items };
}

/** Integer variables: one per (model, layout of demanded profiles) under mixed; one per (model, profile) node under single. */
function buildModel(n: Normalised, strategy: MigStrategy): { model: PlanModel; describe: Map<string, { model: number; counts: number[] }> } {
  const variables: PlanVariable[] = [];
  const describe = new Map<string, { model: number; counts: number[] }>();
  n.models.forEach((m, mi) => {
    const demanded = m.index.profiles.map((p) => n.demand.has(p));
    if (strategy === 'mixed') {
      m.index.layouts.forEach((fit, li) => {
        const counts = m.index.countsOf(fit);
        if (counts.some((c, i) => c > 0 && !demanded[i])) return; // carving undemanded profiles never helps
        const name = `x${mi}_${li}`;
        const supply = new Map(m.index.profiles.map((p, i) => [p, counts[i]] as [string, number]).filter(([, c]) => c > 0));
        const carved = counts.reduce((s, c, i) => s + c * m.info.profiles[i].computeSlices, 0);
        variables.push({ name, gpus: 1, carved, supply, model: mi });
        describe.set(name, { model: mi, counts });
      });
    } else {
      m.index.profiles.forEach((p, i) => {
        const per = m.index.maxAlone(p);
        if (!demanded[i] || per === 0) return;
        const counts = m.index.profiles.map((_, j) => (j === i ? per : 0));
        const name = `y${mi}_${i}`;
        const carved = per * m.info.profiles[i].computeSlices * m.gpusPerNode;
        variables.push({ name, gpus: m.gpusPerNode, carved, supply: new Map([[p, per * m.gpusPerNode]]), model: mi });
        describe.set(name, { model: mi, counts });
      });
    }
  });
  const available = n.models.map((m) => m.available);
  return { model: { variables, demand: n.demand, available }, describe };
}

/** GPUs (count vectors) per model from a solution or the heuristic. */
type Assignment = { model: number; counts: number[]; gpus: number }[];

function heuristic(n: Normalised, strategy: MigStrategy): { assignment: Assignment; unmet: Map<string, number> } {
  let remaining = new Map(n.demand);
  const assignment: Assignment = [];
  n.models.forEach((m, mi) => {
    const here = new Map([...remaining].filter(([p]) => m.index.profiles.includes(p)));
    if (here.size === 0) return;
    if (strategy === 'single') {
      let budget = m.available ?? Infinity;
      for (const [p, count] of here) {
        const per = m.index.maxAlone(p) * m.gpusPerNode;
        const nodes = Math.min(Math.ceil(count / per), Math.floor(budget / m.gpusPerNode));
        if (nodes <= 0) continue;
        budget -= nodes * m.gpusPerNode;
        assignment.push({ model: mi, counts: m.index.profiles.map((q) => (q === p ? m.index.maxAlone(p) : 0)), gpus: nodes * m.gpusPerNode });
        const left = count - nodes * per;
        if (left > 0) remaining.set(p, left);
        else remaining.delete(p);
      }
      return;
    }
    const { gpus, unplaced } = firstFitDecreasing(m.index, here, m.available ?? Infinity);
    const byKey = new Map<string, { counts: number[]; gpus: number }>();
    for (const g of gpus) {
      const key = g.join(',');
      byKey.set(key, { counts: g, gpus: (byKey.get(key)?.gpus ?? 0) + 1 });
    }
    for (const v of byKey.values()) assignment.push({ model: mi, ...v });
    const next = new Map([...remaining].filter(([p]) => !here.has(p)));
    for (const [p, c] of unplaced) next.set(p, c);
    remaining = next;
  });
  return { assignment, unmet: remaining };
}

/**
 * Plans MIG layouts from demand: the GPUs to use, their layouts grouped into nodes and mig-parted
 * configs, spare capacity, unmet demand with its reason, and three baselines. Exact by default: an
 * integer program over every valid single-GPU layout of each model (geometry layer), solved by HiGHS
 * in two stages (fewest GPUs, then least carved spare); the LP relaxation gives the lower bound.
 */
export async function planLayouts(request: PlanRequest): Promise<Plan> {
  const strategy = request.strategy ?? 'mixed';
  const n = normalise(request);
  const progress = request.onProgress ?? (() => undefined);
  const notes: string[] = [];
  const { model, describe } = buildModel(n, strategy);

  let assignment: Assignment = [];
  let unmet = new Map<string, number>();
  let method: 'exact' | 'heuristic' = 'heuristic';
  let provenOptimal = false;
  let lowerBound = 0;
  const requested = request.method ?? 'auto';
  const limit = request.exactVariableLimit ?? 5000;
  if (requested === 'exact' || (requested === 'auto' && model.variables.length <= limit)) {
    progress(`solving an integer program over ${model.variables.length} layouts for ${[...n.demand.values()].reduce((s, c) => s + c, 0)} instances`);
    const solution = await solvePlan(model, request.timeLimitSeconds ?? 20);
    if (solution) {
      method = 'exact';
      provenOptimal = solution.optimal;
      lowerBound = solution.lowerBound;
      unmet = new Map(solution.unmet);
      for (const [name, units] of solution.values) {
        const v = model.variables.find((x) => x.name === name)!;
        assignment.push({ ...describe.get(name)!, gpus: units * v.gpus });
      }
      if (!solution.optimal) notes.push(`the solver stopped at its time limit (${request.timeLimitSeconds ?? 20} s per stage): the plan is feasible but not proven optimal`);
    } else {
      notes.push('the solver found no plan within its time limit; first-fit decreasing was used instead');
    }
  } else if (requested === 'auto') {
    notes.push(`${model.variables.length} layout variables exceed the exact-solve limit of ${limit}; first-fit decreasing was used instead`);
  }
  if (method === 'heuristic') {
    progress('placing instances first-fit decreasing');
    const h = heuristic(n, strategy);
    assignment = h.assignment;
    unmet = h.unmet;
    lowerBound = computeBound(n);
  }
  progress('grouping GPUs into nodes');
  return assemble(n, strategy, assignment, unmet, { method, provenOptimal, lowerBound, notes });
}

/** A bound without the solver: compute slices and memory placement units needed, per model at best. */
function computeBound(n: Normalised): number {
  let best = Infinity;
  for (const m of n.models) {
    let compute = 0;
    let units = 0;
    for (const [p, c] of n.demand) {
      const info = m.info.profiles.find((x) => x.name === p);
      if (!info) return 0;
      compute += c * info.computeSlices;
      units += c * (info.placementSize ?? 0);
    }
    const axis = m.info.placementUnits ?? m.info.memorySlices;
    best = Math.min(best, Math.max(Math.ceil(compute / m.info.computeSlices), Math.ceil(units / axis)));
  }
  return Number.isFinite(best) ? best : 0;
}

function layoutRecord(index: LayoutIndex, counts: readonly number[]): Record<string, number> {
  return Object.fromEntries(index.profiles.map((p, i) => [p, counts[i]] as [string, number]).filter(([, c]) => c > 0));
}

function assemble(
  n: Normalised, strategy: MigStrategy, assignment: Assignment, unmetMap: Map<string, number>,
  result: { method: 'exact' | 'heuristic'; provenOptimal: boolean; lowerBound: number; notes: string[] },
): Plan {
  const sorted = [...assignment].sort((a, b) => a.model - b.model || b.gpus - a.gpus || compareKeys(a.counts.join(','), b.counts.join(',')));
  const layouts: PlannedLayout[] = sorted.map((a) => {
    const m = n.models[a.model];
    const layout = layoutRecord(m.index, a.counts);
    const fit = fitUntypedLayout(m.info.key, layout);
    if (!fit.fits) throw new Error(`mig-constructs planner produced a layout that does not fit ${m.info.key}: ${fit.reason} (this is a bug: please report it)`);
    return { model: m.info.key, layout, gpus: a.gpus, placement: fit.instances };
  });

  // Node groups: full nodes of one layout first; leftover GPUs share mixed nodes (per-GPU configs).
  const nodeGroups: PlannedNodeGroup[] = [];
  let idleGpus = 0;
  n.models.forEach((m, mi) => {
    const slug = `plan-${m.info.key.toLowerCase()}`;
    const mine = sorted.filter((a) => a.model === mi);
    const leftovers: Record<string, number>[] = [];
    let groupNo = 0;
    for (const a of mine) {
      const layout = layoutRecord(m.index, a.counts);
      const full = Math.floor(a.gpus / m.gpusPerNode);
      if (full > 0) nodeGroups.push({ name: `${slug}-${++groupNo}`, model: m.info.key, nodes: full, gpusPerNode: m.gpusPerNode, perGpu: new Array(m.gpusPerNode).fill(layout) });
      for (let i = full * m.gpusPerNode; i < a.gpus; i++) leftovers.push(layout);
    }
    const mixedNodes = new Map<string, { perGpu: (Record<string, number> | false)[]; nodes: number }>();
    for (let i = 0; i < leftovers.length; i += m.gpusPerNode) {
      const perGpu: (Record<string, number> | false)[] = leftovers.slice(i, i + m.gpusPerNode);
      while (perGpu.length < m.gpusPerNode) {
        perGpu.push(false);
        idleGpus++;
      }
      const key = JSON.stringify(perGpu);
      mixedNodes.set(key, { perGpu, nodes: (mixedNodes.get(key)?.nodes ?? 0) + 1 });
    }
    let mixedNo = 0;
    for (const g of mixedNodes.values()) nodeGroups.push({ name: `${slug}-mixed-${++mixedNo}`, model: m.info.key, nodes: g.nodes, gpusPerNode: m.gpusPerNode, perGpu: g.perGpu });
  });

  const migPartedConfig = buildMigPartedDocument(
    nodeGroups.map((g) => {
      const model = findGpuModel(g.model)!;
      const fits = g.perGpu.map((l) => (l === false ? (false as const) : (fitUntypedLayout(model.key, l) as FitSuccess)));
      const uniform = g.perGpu.every((l) => l !== false && JSON.stringify(l) === JSON.stringify(g.perGpu[0]));
      return { name: g.name, gpu: model.key, gpus: uniform ? 'all' : fits, uniform: uniform ? (fits[0] as FitSuccess) : undefined };
    }),
  );

  const supply = new Map<string, number>();
  const freeRoom = new Map<string, number>();
  for (const a of assignment) {
    const m = n.models[a.model];
    m.index.profiles.forEach((p, i) => {
      if (a.counts[i] > 0) supply.set(p, (supply.get(p) ?? 0) + a.counts[i] * a.gpus);
    });
    for (const p of n.demand.keys()) if (m.index.profiles.includes(p)) freeRoom.set(p, (freeRoom.get(p) ?? 0) + m.index.room(a.counts, p) * a.gpus);
  }
  const profiles = [...n.demand].map(([profile, demand]): ProfileCapacity => {
    const supplied = supply.get(profile) ?? 0;
    return { profile, demand, supply: supplied, extraConfigured: Math.max(0, supplied - demand), freeRoom: freeRoom.get(profile) ?? 0 };
  });

  const unmet = [
    ...n.unservable,
    ...[...unmetMap].filter(([, c]) => c > 0).map(([profile, count]) => ({
      profile, count, reason: n.models.some((m) => m.available !== undefined) ? 'not enough GPUs available' : 'no GPU model given can hold it',
    })),
  ];

  // Tenants are served in the order given, from what the plan supplies.
  const left = new Map(supply);
  const tenants = n.items.filter((i) => i.tenant !== undefined).map((i) => {
    const count = Math.min(i.count, left.get(i.profile) ?? 0);
    left.set(i.profile, (left.get(i.profile) ?? 0) - count);
    return { tenant: i.tenant!, profile: i.profile, count };
  });

  const gpusByModel: Record<string, number> = {};
  for (const l of layouts) gpusByModel[l.model] = (gpusByModel[l.model] ?? 0) + l.gpus;
  const gpusUsed = layouts.reduce((s, l) => s + l.gpus, 0);
  const nodesUsed = nodeGroups.reduce((s, g) => s + g.nodes, 0);
  const first = n.models[0];
  const demandOnFirst = new Map([...n.demand].filter(([p]) => first.index.profiles.includes(p)));
  const notes = [...result.notes];
  if (strategy === 'single') notes.push('strategy single: every node holds one profile on all its GPUs');
  if (layouts.some((l) => !l.placement)) notes.push('some models have no published placements: their layouts were checked on counts and compute slices only');
  return {
    strategy,
    method: result.method,
    provenOptimal: result.provenOptimal,
    gpusUsed,
    lowerBound: Math.min(result.lowerBound, gpusUsed),
    nodesUsed,
    idleGpus,
    gpusByModel,
    layouts,
    nodeGroups,
    migPartedConfig,
    profiles,
    unmet,
    tenants,
    baselines: baselines(first.index, demandOnFirst, first.gpusPerNode),
    notes,
  };
}
