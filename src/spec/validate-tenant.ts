import { listGpuModels, resolveProfile, type GpuModelInfo } from '../catalog';
import { hasErrorSince, listValues, type Diagnostic } from '../diagnostics';
import { dns1123LabelProblem, dns1123SubdomainProblem, type MigStrategy } from '../naming';
import { compareKeys } from '../order';
import { checkSliceCount } from './checks';
import { tenantIdentityFields } from './defaults';
import type { TenantSpec } from './platform';
import type { ResolvedPool, ResolvedTenant } from './resolved';
import { SPEC_DEFAULTS } from './shape';
import { checkItem } from './shape-check';
import { resolveTenantKueue, type KueueContext } from './validate-kueue';

/** Each offered profile and the resource names it is advertised under. */
export function offeredProfiles(pools: readonly ResolvedPool[]): Map<string, Set<string>> {
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

const MODELS_OF = new WeakMap<readonly ResolvedPool[], GpuModelInfo[]>();
/** The distinct GPU models of the pools, in pool order (a grant's name is resolved once per model, not per pool). */
function modelsOf(pools: readonly ResolvedPool[]): GpuModelInfo[] {
  let models = MODELS_OF.get(pools);
  if (!models) {
    models = [...new Set(pools.map((p) => p.model))];
    MODELS_OF.set(pools, models);
  }
  return models;
}

/** One tenant: its namespace and quota name, and each grant resolved to the resource the pools advertise. */
export function resolveTenant(
  t: TenantSpec<string>, path: string, strategy: MigStrategy, pools: readonly ResolvedPool[],
  offered: readonly string[], profilesOffered: ReadonlyMap<string, ReadonlySet<string>>, d: Diagnostic[], kueue: KueueContext,
): ResolvedTenant | undefined {
  const start = d.length;
  const bad = checkItem('tenant', t, path, d);
  if (!bad) return undefined;
  if (!bad.has('namespace') && t.namespace !== undefined) {
    const nsProblem = dns1123LabelProblem(t.namespace);
    if (nsProblem) d.push({ path: `${path}.namespace`, message: `namespace ${JSON.stringify(t.namespace)} is not valid: ${nsProblem}`, hint: "use lower-case letters, digits and '-', e.g. team-a" });
  }
  const { quotaName, createNamespace } = tenantIdentityFields(t);
  if (!bad.has('quotaName')) {
    const qp = dns1123SubdomainProblem(quotaName);
    if (qp) d.push({ path: `${path}.quotaName`, message: `'${quotaName}' is not a valid ResourceQuota name: ${qp}`, hint: "use lower-case letters, digits, '-' and '.'" });
  }
  if (bad.size > 0) return undefined;
  // A ResourceQuota unless Kueue admits the tenant; both when asked for.
  const { resourceQuota } = tenantIdentityFields(t);
  if (!resourceQuota && t.kueue === undefined) {
    d.push({ path: `${path}.resourceQuota`, message: 'resourceQuota is false and the tenant has no kueue option, so nothing would limit its use of MIG slices', hint: 'remove resourceQuota: false, or admit the tenant through Kueue (kueue: { ... })' });
    return undefined;
  }
  const slices = t.slices ?? {};
  const entries = Object.entries(slices);
  if (strategy === 'single' && entries.length > 0 && resourceQuota) {
    d.push({
      path: `${path}.slices`,
      message: 'a per-profile ResourceQuota is impossible under strategy single: every slice is advertised as nvidia.com/gpu, whatever its profile',
      hint: t.kueue ? 'set resourceQuota: false: Kueue tells the profiles apart by pool (each pool is its own flavor)' : "use strategy 'mixed', where each profile is its own resource nvidia.com/mig-<profile>, or admit the tenant through Kueue",
    });
    return undefined;
  }
  const grants = new Map<string, number>();
  const byProfile = new Map<string, number>();
  for (const [name, count] of entries) {
    if (!checkSliceCount(count, `the count for '${name}'`, `${path}.slices.${name}`, 'grant a whole number of slices', d)) continue;
    const canonical = modelsOf(pools).map((m) => resolveProfile(m, name)?.profile.name).find((x) => x !== undefined) ?? name;
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
    byProfile.set(canonical, (byProfile.get(canonical) ?? 0) + count);
  }
  // With a bad grant the totals are unknown: Kueue's own rules still run, without comparing against them.
  const granted = hasErrorSince(d, start) ? undefined : byProfile;
  const queue = t.kueue !== undefined ? resolveTenantKueue(t.kueue, t.namespace, path, granted, kueue, d) : undefined;
  if (hasErrorSince(d, start)) return undefined;
  const denied = (t.denyUngrantedProfiles ?? SPEC_DEFAULTS.tenant.denyUngrantedProfiles) ? offered.filter((r) => !grants.has(r)) : [];
  const all = new Map<string, number>([...[...grants].sort(([a], [b]) => compareKeys(a, b)), ...denied.map((r) => [r, 0] as [string, number])]);
  const { namespace } = t;
  return { spec: t, path, namespace, quotaName, createNamespace, grants: all, denied, resourceQuota, ...(queue ? { kueue: queue } : {}) };
}
