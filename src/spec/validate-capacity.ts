import type { Diagnostic } from '../diagnostics';
import type { ResolvedPool, ResolvedTenant, ResolvedWorkload } from './resolved';

/** Demand beyond a pool's capacity is not an error (pods wait), but the user should know. */
export function checkWorkloadDemand(workloads: readonly ResolvedWorkload[], d: Diagnostic[]): void {
  const demand = new PairTally<ResolvedPool, ResolvedWorkload>();
  for (const w of workloads) demand.add(w.pool, w.resource, w.replicas * w.slicesPerPod, w);
  for (const { total, last } of demand.entries()) {
    const cap = (last.pool.resourcesPerNode.get(last.resource) ?? 0) * last.pool.spec.nodes;
    if (total > cap) {
      d.push({ path: last.path, severity: 'warning', message: `workloads on pool '${last.pool.spec.name}' ask for ${total} x ${last.resource} in all; the pool has ${cap}, so some pods will stay Pending`, hint: 'add nodes to the pool, change its layout, or lower replicas' });
    }
  }
}

/**
 * Workload demand added up per owner (a pool, a namespace) and resource, keeping the last workload
 * (where a problem is reported). Nested maps and totals updated in place: this runs over every
 * workload of fleets of thousands (bench/synth.ts), so no key string or object per workload.
 */
class PairTally<K, T> {
  private readonly byOwner = new Map<K, Map<string, { total: number; last: T }>>();
  /** In the order pairs first appear, so diagnostics keep the spec's order. */
  private readonly ordered: { total: number; last: T }[] = [];

  public add(owner: K, resource: string, n: number, last: T): void {
    let inner = this.byOwner.get(owner);
    if (!inner) this.byOwner.set(owner, (inner = new Map()));
    const cur = inner.get(resource);
    if (cur) {
      cur.total += n;
      cur.last = last;
    } else {
      const entry = { total: n, last };
      inner.set(resource, entry);
      this.ordered.push(entry);
    }
  }

  public entries(): readonly { total: number; last: T }[] {
    return this.ordered;
  }
}

/**
 * Grants added up per key (a resource, or a flavor and a resource): the total, who granted how much
 * (`team-a=8`, for the message), the last grantor (where the problem is reported) and what the key
 * stands for. Lists grow in place: a resource granted by thousands of tenants stays linear.
 */
export class GrantTally<T, C> {
  private readonly byKey = new Map<string, { total: number; who: string[]; last: T; of: C }>();

  public add(key: string, n: number, who: string, last: T, of: C): void {
    const cur = this.byKey.get(key);
    if (!cur) {
      this.byKey.set(key, { total: n, who: [who], last, of });
      return;
    }
    cur.total += n;
    cur.who.push(who);
    cur.last = last;
  }

  public entries(): IterableIterator<{ total: number; who: string[]; last: T; of: C }> {
    return this.byKey.values();
  }
}

/** Quotas that add up to more than the pools offer: an error, or a warning with allowOvercommit. */
export function checkQuotaCapacity(
  tenants: readonly ResolvedTenant[], capacity: ReadonlyMap<string, number>, allowOvercommit: boolean, d: Diagnostic[],
): void {
  const granted = new GrantTally<ResolvedTenant, string>();
  for (const t of tenants) {
    for (const [res, n] of t.grants) if (n > 0) granted.add(res, n, `${t.spec.namespace}=${n}`, t, res);
  }
  for (const { total, who, last, of: res } of granted.entries()) {
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

/**
 * A workload in a tenant's namespace needs the tenant's quota to allow its resource: a quota of 0
 * (granted as 0, or denied because it was not granted) means the API server rejects every pod, and
 * a quota below the workloads' total rejects the pods beyond it.
 */
export function checkWorkloadQuotas(workloads: readonly ResolvedWorkload[], tenants: readonly ResolvedTenant[], d: Diagnostic[]): void {
  const byNamespace = new Map(tenants.map((t) => [t.namespace, t]));
  const demand = new PairTally<string, ResolvedWorkload>();
  for (const w of workloads) {
    const tenant = byNamespace.get(w.namespace);
    const allowed = tenant?.grants.get(w.resource);
    if (!tenant || allowed === undefined || w.replicas === 0) continue;
    if (allowed === 0) {
      d.push({
        path: w.path,
        message: `workload '${w.spec.name}' requests ${w.resource} in namespace '${w.namespace}', whose quota allows 0 of it (${tenant.path}): the API server would reject every pod`,
        hint: `grant '${w.profile}' slices to the tenant of '${w.namespace}', or set denyUngrantedProfiles: false there`,
      });
      continue;
    }
    demand.add(w.namespace, w.resource, w.replicas * w.slicesPerPod, w);
  }
  for (const { total, last } of demand.entries()) {
    const tenant = byNamespace.get(last.namespace)!;
    const allowed = tenant.grants.get(last.resource)!;
    if (total <= allowed) continue;
    d.push({
      path: last.path,
      severity: 'warning',
      message: `workloads in namespace '${last.namespace}' ask for ${total} x ${last.resource}; the quota (${tenant.path}) allows ${allowed}, so pods beyond it are rejected`,
      hint: 'raise the grant, or lower replicas',
    });
  }
}
