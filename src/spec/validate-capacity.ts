import type { Diagnostic } from '../diagnostics';
import type { ResolvedTenant, ResolvedWorkload } from './resolved';

/** Demand beyond a pool's capacity is not an error (pods wait), but the user should know. */
export function checkWorkloadDemand(workloads: readonly ResolvedWorkload[], d: Diagnostic[]): void {
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

/** Quotas that add up to more than the pools offer: an error, or a warning with allowOvercommit. */
export function checkQuotaCapacity(
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
