import type { PoolImpact } from './diff';
import type { ClusterState } from './state';
import { compareKeys } from '../../order';

/**
 * A safe order to repartition nodes: waves of at most `maxUnavailable` nodes of one pool, ordered so
 * that while a wave is being repartitioned, the other nodes (those done on their new layout, the
 * rest on their old one) offer every MIG resource the running pods hold. MIG Manager does not drain
 * a node (docs/reference/k8s-mig-integration.md §8.3): each wave's pods are evicted and must find
 * room elsewhere.
 */

export interface Wave {
  /** 1-based. */
  readonly index: number;
  readonly pool: string;
  readonly nodes: readonly string[];
  readonly configAfter: string;
}

export interface WaveShortfall {
  readonly wave: number;
  readonly resource: string;
  /** What the other nodes offer during that wave. */
  readonly available: number;
  /** What the running pods hold. */
  readonly needed: number;
  readonly short: number;
}

export interface WavePlan {
  readonly waves: readonly Wave[];
  /** True when every wave keeps capacity for the running pods. */
  readonly feasible: boolean;
  /** When no order keeps capacity: the first wave, resource and shortfall of the best order found. */
  readonly shortfall?: WaveShortfall;
}

/** Pool orders tried exhaustively up to this many changing pools; beyond, the greedy order only. */
const MAX_PERMUTED_POOLS = 6;

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

export function planWaves(current: ClusterState, allPools: readonly PoolImpact[], maxUnavailable: number): WavePlan {
  // A rename changes no GPU: its node never goes down, so it is no part of a wave.
  const pools = allPools.map((p) => ({ ...p, changing: p.changing.filter((n) => !n.renameOnly) }));
  const changing = pools.filter((p) => p.changing.length > 0);
  if (changing.length === 0) return { waves: [], feasible: true };
  // What running pods hold, per resource.
  const needed = new Map<string, number>();
  for (const pod of current.pods) {
    if (pod.phase !== 'Running') continue;
    for (const [res, n] of pod.resources) needed.set(res, (needed.get(res) ?? 0) + n);
  }
  const after = new Map(changing.map((p) => [p.pool, new Map(Object.entries(p.perNodeAfter))]));
  const allNodes = [...current.pools.values()].flatMap((p) => p.nodes);

  const tryOrder = (order: readonly PoolImpact[]): { waves: Wave[]; shortfall?: WaveShortfall } => {
    const waves: Wave[] = [];
    for (const p of order) {
      for (let i = 0; i < p.changing.length; i += maxUnavailable) {
        const nodes = p.changing.slice(i, i + maxUnavailable).map((n) => n.name);
        waves.push({ index: waves.length + 1, pool: p.pool, nodes, configAfter: p.configAfter! });
      }
    }
    const done = new Set<string>();
    for (const w of waves) {
      const down = new Set(w.nodes);
      const available = new Map<string, number>();
      for (const n of allNodes) {
        if (down.has(n.name)) continue;
        const offers = done.has(n.name) ? after.get(n.pool)! : n.resources;
        for (const [res, k] of offers) available.set(res, (available.get(res) ?? 0) + k);
      }
      for (const [res, k] of [...needed].sort(([a], [b]) => compareKeys(a, b))) {
        const have = available.get(res) ?? 0;
        if (have < k) return { waves, shortfall: { wave: w.index, resource: res, available: have, needed: k, short: k - have } };
      }
      for (const n of w.nodes) done.add(n);
    }
    return { waves };
  };

  // Greedy: changes that add capacity first, so the ones that take it away find room.
  const units = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((s, n) => s + n, 0);
  const gain = (p: PoolImpact) => units(p.perNodeAfter) - units(p.perNodeBefore);
  const greedy = [...changing].sort((a, b) => gain(b) - gain(a) || compareKeys(a.pool, b.pool));
  const first = tryOrder(greedy);
  if (!first.shortfall) return { waves: first.waves, feasible: true };
  if (changing.length <= MAX_PERMUTED_POOLS) {
    for (const order of permutations(greedy)) {
      const r = tryOrder(order);
      if (!r.shortfall) return { waves: r.waves, feasible: true };
    }
  }
  return { waves: first.waves, feasible: false, shortfall: first.shortfall };
}
