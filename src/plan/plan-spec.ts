import type { NodePoolSpec, PlatformSpec, TenantSpec } from '../spec';
import type { Plan } from './types';

/**
 * A plan as the platform spec `mig render` takes: one pool per node group (the same layout on every
 * GPU as `layout`, else `perGpu`; a GPU the plan leaves unused gets MIG disabled) and one tenant per
 * tenant of the demand, granted what the plan serves it. Workloads are yours to add.
 */
export function planSpec(plan: Plan): PlatformSpec {
  const pools: NodePoolSpec[] = plan.nodeGroups.map((g) => {
    const first = g.perGpu[0];
    const uniform = first !== false && g.perGpu.every((x) => x !== false && JSON.stringify(x) === JSON.stringify(first));
    return {
      name: g.name,
      gpu: g.model,
      gpusPerNode: g.gpusPerNode,
      nodes: g.nodes,
      ...(uniform ? { layout: { ...first } } : { perGpu: g.perGpu.map((x) => (x === false ? false : { ...x })) }),
    } as NodePoolSpec;
  });
  const byTenant = new Map<string, Record<string, number>>();
  for (const t of plan.tenants) {
    const slices = byTenant.get(t.tenant) ?? {};
    slices[t.profile] = (slices[t.profile] ?? 0) + t.count;
    byTenant.set(t.tenant, slices);
  }
  // Under strategy single a per-profile ResourceQuota is impossible: the tenants are left to you there.
  const tenants = plan.strategy === 'single' ? [] : [...byTenant].map(([namespace, slices]) => ({ namespace, slices }) as TenantSpec);
  return { strategy: plan.strategy, pools, workloads: [], tenants };
}
