import { entriesToRecord, enumerateLayouts, layoutKey, type FitSuccess } from '../../geometry';
import { compareKeys } from '../../order';
import type { NodePoolSpec, PlatformSpec, ResolvedPlatform, ResolvedPool } from '../../spec';
import { loadSolver } from '../mip';
import { planLayouts } from '../planner';
import { podsOnNode, stateFromPlatform, type ClusterState, type NodeState } from './state';

/**
 * Minimal-disruption replanning: new layouts for the fewest nodes of a running fleet that meet a
 * new demand, then the fewest stopped pods, then the fewest GPUs repartitioned. An exact integer
 * program on the planner's solver (HiGHS), solved in three stages, each holding the optimum of the
 * ones before; compared with replanning everything from scratch (the planner on the same GPUs).
 */

export interface ReplanRequest {
  /** The platform as it runs now: its pools, GPUs and layouts (a spec). */
  readonly platform: ResolvedPlatform;
  /** Which nodes hold which pods: a snapshot; by default the spec's workloads spread over the pool's nodes. */
  readonly state?: ClusterState;
  /** Instances per profile the fleet must offer after the change. */
  readonly demand: Readonly<Record<string, number>>;
  /** Per solver stage. @default 20 */
  readonly timeLimitSeconds?: number;
}

export interface ReplanGroup {
  /** The pool the nodes come from. */
  readonly fromPool: string;
  /** The pool they form in the desired spec. */
  readonly pool: string;
  /** Instances per profile on each GPU of these nodes. */
  readonly layout: Readonly<Record<string, number>>;
  readonly nodes: readonly string[];
}

export interface ReplanResult {
  /** Every stage was solved to optimality. */
  readonly provenOptimal: boolean;
  readonly nodesChanged: number;
  readonly podsStopped: number;
  readonly gpusChanged: number;
  /** The nodes that get a new layout, by source pool and new layout. */
  readonly groups: readonly ReplanGroup[];
  /** Demand no choice meets (even repartitioning every node). */
  readonly unmet: Readonly<Record<string, number>>;
  /** Replanning from scratch on the same GPUs: the nodes it would repartition. */
  readonly scratch: { readonly nodesChanged: number; readonly gpusUsed: number; readonly provenOptimal: boolean };
  /** The desired platform: kept nodes stay in their pool, moved ones form new pools. */
  readonly spec: PlatformSpec;
  readonly notes: readonly string[];
}

interface PoolVars {
  readonly pool: ResolvedPool;
  /** The pool's nodes, fewest running MIG pods first. */
  readonly nodes: readonly { readonly name: string; readonly pods: number }[];
  /** Per node, instances of each demanded profile now. */
  readonly supply: ReadonlyMap<string, number>;
  /** Candidate layouts (one per GPU, the same on every GPU of a node), as instances per profile. */
  readonly layouts: readonly Readonly<Record<string, number>>[];
}

/** Layouts of only demanded profiles that no other such layout dominates: enough to meet any demand. */
function candidateLayouts(pool: ResolvedPool, demanded: ReadonlySet<string>): FitSuccess[] {
  const usable = enumerateLayouts(pool.model).filter((f) => f.entries.length > 0 && f.entries.every((e) => demanded.has(e.profile.name)));
  const vec = usable.map((f) => entriesToRecord(f.entries));
  const size = vec.map((v) => Object.values(v).reduce((s, n) => s + n, 0));
  // j dominates i: at least as many of every profile of i, and more instances in all.
  const covers = (j: number, i: number) => Object.keys(vec[i]).every((p) => (vec[j][p] ?? 0) >= vec[i][p]) && size[j] > size[i];
  const dominated = (i: number) => usable.some((_, j) => j !== i && layoutKey(usable[j]) !== layoutKey(usable[i]) && covers(j, i));
  return usable.filter((_, i) => !dominated(i));
}

function nodesOf(pool: ResolvedPool, state: ClusterState): { name: string; pods: number }[] {
  const nodes: readonly NodeState[] = state.pools.get(pool.spec.name)?.nodes ?? [];
  const running = (node: NodeState) => podsOnNode(state, node).filter((p) => p.phase === 'Running').length;
  return nodes.map((n) => ({ name: n.name, pods: running(n) })).sort((a, b) => a.pods - b.pods || compareKeys(a.name, b.name));
}

const term = (c: number, v: string) => `${c === 1 ? '' : `${c} `}${v}`;
const lpSum = (terms: string[]) => (terms.length === 0 ? '0 zero' : terms.join(' + ').replace(/\+ -/g, '- '));

export async function replanFleet(request: ReplanRequest): Promise<ReplanResult> {
  const { platform } = request;
  const state = request.state ?? stateFromPlatform(platform);
  const demand = new Map(Object.entries(request.demand).filter(([, n]) => n > 0).sort(([a], [b]) => compareKeys(a, b)));
  const demanded = new Set(demand.keys());
  const limit = request.timeLimitSeconds ?? 20;
  const pools: PoolVars[] = platform.pools.map((pool) => ({
    pool,
    nodes: nodesOf(pool, state),
    supply: new Map([...demanded].map((p) => [p, pool.slicesPerNode.get(p) ?? 0])),
    layouts: candidateLayouts(pool, demanded).map((l) => entriesToRecord(l.entries)),
  }));
  const totalNodes = pools.reduce((s, p) => s + p.nodes.length, 0);
  const profiles = [...demand.keys()];
  const big = totalNodes + 1;

  // Variables: w_i_k = node k of pool i gets a new layout; y_i_j = nodes of pool i moved to layout j; u_d = unmet.
  const w = (i: number, k: number) => `w_${i}_${k}`;
  const y = (i: number, j: number) => `y_${i}_${j}`;
  const rows: string[] = [];
  pools.forEach((p, i) => {
    const terms = [...p.layouts.map((_, j) => y(i, j)), ...p.nodes.map((_, k) => term(-1, w(i, k)))];
    rows.push(` n${i}: ${lpSum(terms)} = 0`);
  });
  profiles.forEach((d, di) => {
    const terms: string[] = [];
    let kept = 0;
    pools.forEach((p, i) => {
      const s = p.supply.get(d) ?? 0;
      kept += s * p.nodes.length;
      p.layouts.forEach((l, j) => {
        const c = (l[d] ?? 0) * p.pool.spec.gpusPerNode;
        if (c > 0) terms.push(term(c, y(i, j)));
      });
      if (s > 0) p.nodes.forEach((_, k) => terms.push(term(-s, w(i, k))));
    });
    rows.push(` d${di}: ${lpSum([...terms, `u${di}`])} >= ${demand.get(d)! - kept}`);
  });
  const allW = pools.flatMap((p, i) => p.nodes.map((_, k) => w(i, k)));
  const allY = pools.flatMap((p, i) => p.layouts.map((_, j) => y(i, j)));
  const us = profiles.map((_, di) => `u${di}`);
  const objectives = [
    lpSum([...allW, ...us.map((u) => term(big, u))]),
    lpSum(pools.flatMap((p, i) => p.nodes.filter((n) => n.pods > 0).map((n) => term(n.pods, w(i, p.nodes.indexOf(n)))))),
    lpSum(pools.flatMap((p, i) => p.nodes.map((_, k) => term(p.pool.spec.gpusPerNode, w(i, k))))),
  ];
  const lp = (stage: number, fixed: string[]) => [
    'Minimize', ` obj: ${objectives[stage]}`,
    'Subject To', ...rows, ...fixed,
    'Bounds', ...allY.map((v) => ` ${v} >= 0`), ...us.map((u) => ` ${u} >= 0`), ' zero = 0',
    'General', ` ${[...allY, ...us].join(' ') || 'zero'}`,
    ...(allW.length > 0 ? ['Binary', ` ${allW.join(' ')}`] : []),
    'End', '',
  ].join('\n');

  const highs = await loadSolver();
  const options = { output_flag: false, time_limit: limit } as never;
  const fixed: string[] = [];
  let solution: ReturnType<typeof highs.solve> | undefined;
  let optimal = true;
  for (let stage = 0; stage < objectives.length; stage++) {
    const s = highs.solve(lp(stage, fixed), options);
    if (s.Status !== 'Optimal' && s.Status !== 'Time limit reached') break;
    if (s.Status !== 'Optimal') optimal = false;
    solution = s;
    const value = Math.round(s.ObjectiveValue);
    // Hold this stage's optimum while the next one optimises.
    if (stage === 0) {
      const unmetNow = us.map((u) => Math.round((s.Columns[u] as { Primal?: number })?.Primal ?? 0));
      fixed.push(` f0: ${lpSum(allW)} <= ${value - big * unmetNow.reduce((a, b) => a + b, 0)}`);
      us.forEach((u, di) => fixed.push(` fu${di}: ${u} = ${unmetNow[di]}`));
    } else {
      fixed.push(` f${stage}: ${objectives[stage]} <= ${value}`);
    }
  }
  if (!solution) throw new Error('the solver found no replan within its time limit');
  const read = (v: string) => Math.round((solution!.Columns[v] as { Primal?: number } | undefined)?.Primal ?? 0);

  const groups: ReplanGroup[] = [];
  const used = new Set(platform.pools.map((p) => p.spec.name));
  let podsStopped = 0;
  let gpusChanged = 0;
  pools.forEach((p, i) => {
    const moving = p.nodes.filter((_, k) => read(w(i, k)) === 1);
    podsStopped += moving.reduce((s, n) => s + n.pods, 0);
    gpusChanged += moving.length * p.pool.spec.gpusPerNode;
    let next = 0;
    p.layouts.forEach((l, j) => {
      const n = read(y(i, j));
      if (n === 0) return;
      let name = '';
      for (let k = 2; name === '' || used.has(name); k++) name = `${p.pool.spec.name}-${k}`;
      used.add(name);
      const nodes = moving.slice(next, next + n).map((x) => x.name).sort(compareKeys);
      groups.push({ fromPool: p.pool.spec.name, pool: name, layout: l, nodes });
      next += n;
    });
  });
  const unmet = Object.fromEntries(profiles.map((d, di) => [d, read(`u${di}`)]).filter(([, n]) => (n as number) > 0));
  const notes: string[] = [];
  if (!optimal) notes.push(`the solver stopped at its time limit (${limit} s per stage): the replan is feasible but not proven optimal`);
  const scratch = await scratchBaseline(platform, state, request.demand, limit);
  return {
    provenOptimal: optimal,
    nodesChanged: groups.reduce((s, g) => s + g.nodes.length, 0),
    podsStopped,
    gpusChanged,
    groups,
    unmet,
    scratch,
    spec: desiredSpec(platform, state, pools, groups, notes),
    notes,
  };
}

/** The planner from scratch on the fleet's GPUs; every node whose per-node layout it changes counts, the nodes it leaves unused do not. */
async function scratchBaseline(platform: ResolvedPlatform, state: ClusterState, demand: Readonly<Record<string, number>>, limit: number): Promise<ReplanResult['scratch']> {
  const byModel = new Map<string, { gpus: number; gpusPerNode: number }>();
  for (const p of platform.pools) {
    const m = byModel.get(p.model.key) ?? { gpus: 0, gpusPerNode: p.spec.gpusPerNode };
    m.gpus += (state.pools.get(p.spec.name)?.nodes.length ?? p.spec.nodes) * p.spec.gpusPerNode;
    byModel.set(p.model.key, m);
  }
  const plan = await planLayouts({
    gpus: [...byModel].map(([model, m]) => ({ model: model as never, available: m.gpus, gpusPerNode: m.gpusPerNode })),
    demand: Object.fromEntries(Object.entries(demand).filter(([, n]) => n > 0)),
    timeLimitSeconds: limit,
  });
  // Nodes whose layout the scratch plan keeps: per model and identical per-node layout.
  const nodeKey = (model: string, perGpu: readonly (Readonly<Record<string, number>> | false)[]) => `${model}|${JSON.stringify(perGpu.map((g) => (g ? Object.entries(g).sort(([a], [b]) => compareKeys(a, b)) : false)))}`;
  const now = new Map<string, number>();
  let fleet = 0;
  for (const p of platform.pools) {
    const n = state.pools.get(p.spec.name)?.nodes.length ?? p.spec.nodes;
    fleet += n;
    const key = nodeKey(p.model.key, p.gpus.map((g) => (g ? entriesToRecord(g.entries) : false)));
    now.set(key, (now.get(key) ?? 0) + n);
  }
  let kept = 0;
  let planned = 0;
  for (const g of plan.nodeGroups) {
    planned += g.nodes;
    const key = nodeKey(g.model, g.perGpu);
    const match = Math.min(now.get(key) ?? 0, g.nodes);
    kept += match;
    now.set(key, (now.get(key) ?? 0) - match);
  }
  const unused = Math.max(0, fleet - planned);
  return { nodesChanged: fleet - kept - unused, gpusUsed: plan.gpusUsed, provenOptimal: plan.provenOptimal };
}

/** The current spec with the moved nodes as new pools (named when the nodes have names). */
function desiredSpec(
  platform: ResolvedPlatform, state: ClusterState, pools: readonly PoolVars[], groups: readonly ReplanGroup[], notes: string[],
): PlatformSpec {
  const named = state.source === 'snapshot';
  const outPools: NodePoolSpec[] = [];
  for (const p of pools) {
    const spec = { ...p.pool.spec };
    delete (spec as { path?: string }).path;
    delete (spec as { previous?: unknown }).previous;
    const moved = groups.filter((g) => g.fromPool === spec.name);
    const movedNames = new Set(moved.flatMap((g) => g.nodes));
    const kept = p.nodes.filter((n) => !movedNames.has(n.name)).map((n) => n.name).sort(compareKeys);
    const current = spec.layout !== undefined ? { layout: spec.layout } : { perGpu: spec.perGpu };
    if (moved.length === 0) {
      outPools.push(spec);
      continue;
    }
    // Kept nodes keep the pool (and its config name); if none is kept, the first moved group takes the
    // pool's name and keeps its old layout as `previous` until every node is rolled.
    const groupsOut = [...moved];
    if (kept.length > 0) {
      outPools.push({ ...spec, nodes: kept.length, ...(named ? { nodeNames: kept } : {}) });
    } else {
      const first = groupsOut.shift()!;
      const names = named ? { nodeNames: [...first.nodes] } : {};
      outPools.push({ ...spec, layout: first.layout as never, perGpu: undefined, nodes: first.nodes.length, ...names, previous: current as never });
    }
    for (const g of groupsOut) {
      const names = named ? { nodeNames: [...g.nodes] } : {};
      outPools.push({ ...spec, name: g.pool, layout: g.layout as never, perGpu: undefined, nodes: g.nodes.length, ...names });
    }
  }
  if (!named && groups.length > 0) notes.push('the nodes are not named (CURRENT is a spec): label the nodes that move with their new pool, or give nodeNames');
  const clean = (pool: NodePoolSpec) => Object.fromEntries(Object.entries(pool).filter(([, v]) => v !== undefined)) as unknown as NodePoolSpec;
  const offered = new Map(outPools.map((p) => [p.name, p]));
  const workloads = platform.workloads.map((w) => w.spec).filter((w) => {
    const pool = offered.get(w.pool);
    const layouts = pool === undefined ? [] : pool.layout ? [pool.layout] : (pool.perGpu ?? []);
    const ok = layouts.some((g) => g && Object.keys(g).includes(w.profile));
    if (!ok) notes.push(`workload ${w.namespace ?? 'default'}/${w.name} asks for ${w.profile}, which pool '${w.pool}' no longer offers: it is left out of the desired spec`);
    return ok;
  }).map((w) => Object.fromEntries(Object.entries(w).filter(([k]) => k !== 'path')) as never);
  return {
    strategy: platform.strategy,
    ...(platform.allocation !== 'device-plugin' ? { allocation: platform.allocation } : {}),
    pools: outPools.map(clean),
    workloads,
    tenants: platform.tenants.map((t) => Object.fromEntries(Object.entries(t.spec).filter(([k]) => k !== 'path')) as never),
  };
}
