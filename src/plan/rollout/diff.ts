import { podsOnNode, type ClusterState, type PodState } from './state';
import { planWaves, type WavePlan } from './waves';
import { migPartedEntries, sameMigPartedEntries } from '../../mig-parted';
import { compareKeys } from '../../order';
import { poolMigPartedConfigs, type ResolvedPlatform } from '../../spec';

/**
 * The impact of moving a cluster from its current state to a desired platform: which nodes get a
 * new MIG config (MIG Manager repartitions them and kills every GPU pod on them; it does not drain
 * them: docs/reference/k8s-mig-integration.md §8.3), which pods must stop, what stays Pending, which
 * quotas outgrow the new capacity, and a safe order to roll it in.
 */

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly owner?: string;
  readonly node?: string;
  readonly phase: string;
  readonly resources: Readonly<Record<string, number>>;
}

export interface NodeChange {
  readonly name: string;
  /** The pool it belongs to after the change. */
  readonly pool: string;
  /** The pool it belonged to, when it moves to another (a pool split by `nodeNames`). */
  readonly poolBefore?: string;
  readonly configBefore?: string;
  readonly configAfter: string;
  /** Running and pending pods that hold or wait for this node's MIG resources. */
  readonly podsToStop: readonly PodRef[];
  /**
   * Only the name changes: the old config's entries are the new one's (known from the ConfigMap), so
   * MIG Manager finds it applied and touches no GPU. No pod stops; the node is relabelled, not drained.
   */
  readonly renameOnly?: true;
}

export interface PoolImpact {
  readonly pool: string;
  readonly configBefore?: string;
  readonly configAfter?: string;
  /** MIG resources per node, before and after. */
  readonly perNodeBefore: Readonly<Record<string, number>>;
  readonly perNodeAfter: Readonly<Record<string, number>>;
  readonly nodes: number;
  /** Nodes whose config changes. */
  readonly changing: readonly NodeChange[];
  /** The pool is new (no node has it yet), or gone from the desired platform. */
  readonly status: 'unchanged' | 'changed' | 'new' | 'removed';
}

export interface ResourceShortfall {
  readonly resource: string;
  readonly demand: number;
  readonly capacityAfter: number;
  readonly short: number;
  /** The owners (or pods) asking for it. */
  readonly workloads: readonly string[];
}

export interface QuotaOverCapacity {
  readonly resource: string;
  readonly granted: number;
  readonly capacityAfter: number;
  readonly tenants: readonly { readonly namespace: string; readonly units: number }[];
}

export interface ImpactReport {
  readonly source: ClusterState['source'];
  readonly pools: readonly PoolImpact[];
  /** Running pods that must stop (on nodes that change). */
  readonly podsToStop: readonly PodRef[];
  /** Resources the pods would ask for beyond what the new layouts offer: pods left Pending. */
  readonly pending: readonly ResourceShortfall[];
  /** Resources whose tenant quotas add up to more than the new layouts offer. */
  readonly quotas: readonly QuotaOverCapacity[];
  readonly waves: WavePlan;
  /** Some node gets a new config. */
  readonly changed: boolean;
  /** Some running pod must stop. */
  readonly stopsRunningPods: boolean;
  /** What to fix in the desired platform before rolling (one sentence each). */
  readonly warnings: readonly string[];
}

export interface DiffOptions {
  /** Nodes of one pool repartitioned at the same time. @default 1 */
  readonly maxUnavailable?: number;
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const record = (m: ReadonlyMap<string, number>): Record<string, number> => Object.fromEntries([...m].sort(([a], [b]) => compareKeys(a, b)));

function podRef(p: PodState): PodRef {
  const where = { ...(p.owner ? { owner: p.owner } : {}), ...(p.node ? { node: p.node } : {}) };
  return { namespace: p.namespace, name: p.name, ...where, phase: p.phase, resources: record(p.resources) };
}

export function diffPlatform(current: ClusterState, desired: ResolvedPlatform, options: DiffOptions = {}): ImpactReport {
  const pools: PoolImpact[] = [];
  // Nodes a desired pool names are its own, whichever pool they were in; the others stay with their pool.
  const claimed = new Map<string, string>();
  for (const p of desired.pools) for (const n of p.spec.nodeNames ?? []) claimed.set(n, p.spec.name);
  const allNodes = [...current.pools.values()].flatMap((p) => p.nodes);
  for (const p of desired.pools) {
    const now = current.pools.get(p.spec.name);
    const name = p.spec.name;
    const nodes = p.spec.nodeNames !== undefined
      ? allNodes.filter((n) => claimed.get(n.name) === name)
      : (now?.nodes ?? []).filter((n) => (claimed.get(n.name) ?? name) === name);
    const entries = migPartedEntries(poolMigPartedConfigs(p)[0]);
    const changing: NodeChange[] = nodes
      .filter((n) => n.config !== p.configName || n.pool !== name)
      .map((n) => {
        const before = n.config !== undefined ? current.configs?.get(n.config) : undefined;
        const renameOnly = before !== undefined && sameMigPartedEntries(before, entries);
        return {
          name: n.name,
          pool: name,
          ...(n.pool !== name ? { poolBefore: n.pool } : {}),
          ...(n.config !== undefined ? { configBefore: n.config } : {}),
          configAfter: p.configName,
          podsToStop: renameOnly ? [] : podsOnNode(current, n).map(podRef),
          ...(renameOnly ? { renameOnly: true as const } : {}),
        };
      });
    pools.push({
      pool: p.spec.name,
      ...(now?.configName !== undefined ? { configBefore: now.configName } : {}),
      configAfter: p.configName,
      perNodeBefore: record(now?.perNode ?? new Map()),
      perNodeAfter: record(p.resourcesPerNode),
      nodes: nodes.length,
      changing,
      status: nodes.length === 0 ? 'new' : changing.length > 0 ? 'changed' : 'unchanged',
    });
  }
  for (const [name, now] of current.pools) {
    if (desired.pools.some((p) => p.spec.name === name)) continue;
    pools.push({ pool: name, ...(now.configName !== undefined ? { configBefore: now.configName } : {}), perNodeBefore: record(now.perNode), perNodeAfter: {}, nodes: now.nodes.length, changing: [], status: 'removed' });
  }

  const podsToStop = pools.flatMap((p) => p.changing.flatMap((n) => n.podsToStop)).filter((p) => p.phase === 'Running');

  // Capacity after: each desired pool's per-node resources on its nodes (a snapshot's real nodes, else the spec's count).
  const capacityAfter = new Map<string, number>();
  for (const p of desired.pools) {
    const count = current.source === 'snapshot' ? current.pools.get(p.spec.name)?.nodes.length ?? 0 : p.spec.nodes;
    for (const [res, n] of p.resourcesPerNode) capacityAfter.set(res, (capacityAfter.get(res) ?? 0) + n * count);
  }
  // Demand after: live pods on a snapshot; the desired workloads otherwise.
  const demandPods: { owner: string; resources: ReadonlyMap<string, number> }[] = current.source === 'snapshot'
    ? current.pods.map((p) => ({ owner: p.owner ?? `Pod/${p.namespace}/${p.name}`, resources: p.resources }))
    : desired.workloads.flatMap((w) => Array.from({ length: w.replicas }, () => ({ owner: `${w.kind}/${w.namespace}/${w.spec.name}`, resources: new Map([[w.resource, w.slicesPerPod]]) })));
  const demand = new Map<string, { units: number; owners: Set<string> }>();
  for (const d of demandPods) {
    for (const [res, n] of d.resources) {
      const e = demand.get(res) ?? { units: 0, owners: new Set<string>() };
      e.units += n;
      e.owners.add(d.owner);
      demand.set(res, e);
    }
  }
  const pending: ResourceShortfall[] = [...demand]
    .filter(([res, e]) => e.units > (capacityAfter.get(res) ?? 0))
    .map(([resource, e]) => {
      const offered = capacityAfter.get(resource) ?? 0;
      return { resource, demand: e.units, capacityAfter: offered, short: e.units - offered, workloads: [...e.owners].sort(compareKeys) };
    })
    .sort((a, b) => compareKeys(a.resource, b.resource));

  const granted = new Map<string, { namespace: string; units: number }[]>();
  for (const t of desired.tenants) {
    for (const [res, n] of t.grants) {
      if (n <= 0) continue;
      granted.set(res, [...(granted.get(res) ?? []), { namespace: t.namespace, units: n }]);
    }
  }
  const quotas: QuotaOverCapacity[] = [...granted]
    .map(([resource, tenants]) => ({ resource, granted: sum(tenants.map((t) => t.units)), capacityAfter: capacityAfter.get(resource) ?? 0, tenants }))
    .filter((q) => q.granted > q.capacityAfter)
    .sort((a, b) => compareKeys(a.resource, b.resource));

  // Nodes not yet rolled keep naming their old config: it must stay in the ConfigMap (and MIG Manager
  // re-reads every node's config when it restarts, which the runbook does first).
  const warnings: string[] = [];
  for (const p of pools) {
    const old = [...new Set(p.changing.map((n) => n.configBefore).filter((c): c is string => c !== undefined))];
    const kept = desired.pools.find((d) => d.spec.name === p.pool)?.previous?.configName;
    // A config some desired pool's nodes still carry stays anyway.
    const stays = new Set(desired.pools.map((d) => d.configName));
    for (const c of old.filter((x) => x !== kept && !stays.has(x))) {
      warnings.push(`pool '${p.pool}': nodes on ${c} wait for their turn, but the desired spec drops that config from the ConfigMap: give the pool previous: { layout: <its current layout> } until every node is rolled`);
    }
  }
  const waves = planWaves(current, pools, options.maxUnavailable ?? 1);
  const changed = pools.some((p) => p.changing.length > 0);
  return { source: current.source, pools, podsToStop, pending, quotas, waves, changed, stopsRunningPods: podsToStop.length > 0, warnings };
}
