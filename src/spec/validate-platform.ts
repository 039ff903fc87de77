import { isError, showValue, type Diagnostic } from '../diagnostics';
import type { MigAllocation } from '../naming';
import { compareKeys } from '../order';
import { wholeNumber } from './checks';
import { workloadIdentityFields } from './defaults';
import type { KueueOptions, PlatformSpec, TenantSpec, WorkloadSpec } from './platform';
import type { PlatformValidation, ResolvedPool, ResolvedTenant, ResolvedWorkload } from './resolved';
import { SPEC_DEFAULTS } from './shape';
import { checkSection } from './shape-check';
import { checkQuotaCapacity, checkWorkloadDemand, checkWorkloadQuotas } from './validate-capacity';
import { checkClusterQueueNames, checkKueueCapacity, checkKueuePools, checkKueueWorkloads, type KueueContext } from './validate-kueue';
import { resolveOperator } from './validate-operator';
import { checkOverlappingPools, resolvePool } from './validate-pool';
import { resolveTelemetry } from './validate-telemetry';
import { offeredProfiles, resolveTenant } from './validate-tenant';
import { resolvePoolRequest, resolveWorkload } from './validate-workload';

/**
 * Every synth-time rule of the platform, run before anything is rendered. All problems are
 * reported together; each names where (the declaring construct or spec path), the bad value, the
 * allowed values and the fix.
 */
export function validatePlatform(spec: PlatformSpec): PlatformValidation {
  const d: Diagnostic[] = [];
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return { diagnostics: [{ path: '(platform)', message: `the platform is ${showValue(spec)}, not a map`, hint: 'give strategy, pools, workloads and tenants' }] };
  }
  const root = typeof spec.path === 'string' ? spec.path : '';
  const at = (suffix: string) => (root ? `${root}.${suffix}` : suffix);

  const strategy = spec.strategy;
  if (strategy !== 'single' && strategy !== 'mixed') {
    d.push({ path: at('strategy'), message: `strategy ${showValue(strategy)} is not a MIG strategy`, hint: "use 'mixed' (one resource per profile) or 'single' (every slice is nvidia.com/gpu)" });
    return { diagnostics: d };
  }
  if (spec.allowOvercommit !== undefined && typeof spec.allowOvercommit !== 'boolean') {
    d.push({ path: at('allowOvercommit'), message: `allowOvercommit is ${showValue(spec.allowOvercommit)}, not true or false`, hint: 'write true or false, unquoted' });
  }
  for (const key of ['pools', 'workloads', 'tenants', 'attachedRequests'] as const) {
    if (spec[key] !== undefined && !Array.isArray(spec[key])) {
      d.push({ path: at(key), message: `${key} is ${showValue(spec[key])}, not a list`, hint: `give ${key} as a list` });
      return { diagnostics: d };
    }
  }
  const allocation = spec.allocation ?? SPEC_DEFAULTS.platform.allocation;
  if (allocation !== 'device-plugin' && allocation !== 'dra') {
    d.push({ path: at('allocation'), message: `allocation ${showValue(allocation)} is not a way to allocate slices`, hint: "use 'device-plugin' (extended resources) or 'dra' (ResourceClaims)" });
    return { diagnostics: d };
  }
  if (allocation === 'dra' && strategy !== 'mixed') {
    d.push({ path: at('allocation'), message: 'allocation dra needs strategy mixed: under DRA each profile is its own DeviceClass, which strategy single cannot express', hint: "set strategy 'mixed' (MIG Manager and GFD still read it), or use allocation device-plugin" });
  }
  const operator = resolveOperator(spec.operator ?? {}, at('operator'), d);
  const kueue = resolveKueue(spec.kueue, at('kueue'), allocation, d);

  const pools: ResolvedPool[] = [];
  const poolNames = new Set<string>();
  const specPools = spec.pools ?? [];
  for (let i = 0; i < specPools.length; i++) {
    const pool = specPools[i];
    const path = pool?.path ?? at(`pools[${i}]`);
    if (pool?.name !== undefined && poolNames.has(pool.name)) {
      d.push({ path, message: `pool name '${pool.name}' is used twice; it is the mig-parted config name, so it must be unique`, hint: 'give every pool its own name' });
      continue;
    }
    if (pool?.name !== undefined) poolNames.add(pool.name);
    const resolved = resolvePool(pool, path, strategy, d, allocation);
    if (resolved) pools.push(resolved);
  }
  checkOverlappingPools(pools, d);
  const declared = new Set<unknown>((spec.pools ?? []).map((p) => p?.name));

  const workloads: ResolvedWorkload[] = [];
  const taken: TakenNames = new Map();
  // An index loop over a function per workload: fleets have thousands (bench/synth.ts), and the
  // per-workload function is compiled once for all of them.
  const specWorkloads = spec.workloads ?? [];
  for (let i = 0; i < specWorkloads.length; i++) {
    const r = admitWorkload(specWorkloads[i], i, at, taken, pools, d, declared, allocation);
    if (r) workloads.push(r);
  }

  for (const [i, r] of (spec.attachedRequests ?? []).entries()) {
    const path = r?.path ?? at(`attachedRequests[${i}]`);
    if (allocation === 'dra') {
      d.push({ path, message: 'a MIG request added to a cdk8s-plus workload uses extended resources, which allocation dra does not advertise', hint: 'use a MigWorkload (it writes the ResourceClaim), or allocation device-plugin' });
      continue;
    }
    const slicesPerPod = r?.slicesPerPod ?? SPEC_DEFAULTS.workload.slicesPerPod;
    if (!wholeNumber(slicesPerPod, 1)) {
      d.push({ path: `${path}.slicesPerPod`, message: `slicesPerPod is ${JSON.stringify(slicesPerPod)}; it must be a whole number >= 1`, hint: 'request 1 or more slices per pod (extended resources are whole numbers)' });
    }
    resolvePoolRequest(r?.pool, r?.profile, slicesPerPod, path, pools, d, declared);
  }

  const capacity = new Map<string, number>();
  for (const p of pools) for (const [res, n] of p.resourcesPerNode) capacity.set(res, (capacity.get(res) ?? 0) + n * p.spec.nodes);
  const offeredResources = [...capacity.keys()].sort(compareKeys);
  checkWorkloadDemand(workloads, d);

  const tenants: ResolvedTenant[] = [];
  const namespaces = new Set<string>();
  const profilesOffered = offeredProfiles(pools);
  // A cluster kueue option that has its own error still counts as on: its tenants are not told to set it.
  const kueueContext: KueueContext = { enabled: spec.kueue !== undefined && spec.kueue !== false, pools, offeredResources };
  for (const [i, t] of (spec.tenants ?? []).entries()) {
    const path = t?.path ?? at(`tenants[${i}]`);
    if (t?.namespace !== undefined && namespaces.has(t.namespace)) {
      d.push({ path, message: `namespace '${t.namespace}' has two tenant quotas`, hint: 'merge the grants into one TenantQuota per namespace' });
      continue;
    }
    if (t?.namespace !== undefined) namespaces.add(t.namespace);
    const r = resolveTenant(t as TenantSpec<string>, path, strategy, pools, offeredResources, profilesOffered, d, kueueContext);
    if (r) tenants.push(r);
  }
  const allowOvercommit = spec.allowOvercommit ?? SPEC_DEFAULTS.platform.allowOvercommit;
  // ResourceQuota rules apply to the tenants that have one; Kueue rules to those Kueue admits.
  const quotaTenants = tenants.filter((t) => t.resourceQuota);
  checkWorkloadQuotas(workloads, quotaTenants, d);
  checkQuotaCapacity(quotaTenants, capacity, allowOvercommit, d);
  if (kueue) {
    checkKueuePools(pools, d);
    checkClusterQueueNames(tenants, d);
    checkKueueWorkloads(workloads, tenants, d);
    checkKueueCapacity(tenants, allowOvercommit, d);
  }
  const telemetry = spec.telemetry !== undefined ? resolveTelemetry(spec.telemetry, at('telemetry'), allocation, operator, pools, tenants, d) : undefined;

  if (d.some(isError)) return { diagnostics: d };
  if (!operator) return { diagnostics: d }; // resolveOperator reported why
  const options = { ...(kueue ? { kueue } : {}), ...(telemetry ? { telemetry } : {}) };
  const platform = { strategy, allocation, ...options, operator, pools, workloads, tenants, offeredResources, capacity };
  return { platform, diagnostics: d };
}


/** Workload names taken per namespace and kind: nested sets, so no key string is built per workload. */
type TakenNames = Map<string, Map<string, Set<string>>>;

/** One workload of the spec: its name not yet taken in its namespace and kind, then its own rules. */
function admitWorkload(
  w: WorkloadSpec, i: number, at: (suffix: string) => string, taken: TakenNames,
  pools: readonly ResolvedPool[], d: Diagnostic[], declared: ReadonlySet<unknown>, allocation: MigAllocation,
): ResolvedWorkload | undefined {
  const path = w?.path ?? at(`workloads[${i}]`);
  const id = workloadIdentityFields(w);
  let kinds = taken.get(id.namespace);
  if (!kinds) taken.set(id.namespace, (kinds = new Map()));
  let names = kinds.get(id.kind);
  if (!names) kinds.set(id.kind, (names = new Set()));
  if (names.has(id.name)) {
    d.push({ path, message: `a ${id.kind} named '${id.name}' already exists in namespace '${id.namespace}'`, hint: 'give the workload another name' });
    return undefined;
  }
  names.add(id.name);
  return resolveWorkload(w, path, pools, d, declared, allocation, id);
}

/**
 * The cluster's Kueue switch. Kueue accounts DRA claims only through its own deviceClassMappings
 * configuration (docs/reference/k8s-mig-integration.md §5.2), which this library does not write:
 * with allocation dra, Kueue would mark every claim inadmissible, so the combination is refused.
 */
function resolveKueue(
  k: boolean | KueueOptions | undefined, path: string, allocation: string, d: Diagnostic[],
): { queueingStrategy: 'BestEffortFIFO' | 'StrictFIFO' } | undefined {
  if (k === undefined || k === false) return undefined;
  if (typeof k !== 'boolean' && (typeof k !== 'object' || k === null || Array.isArray(k))) {
    d.push({ path, message: `kueue is ${showValue(k)}, not true, false or a map of options`, hint: 'write kueue: true, or kueue: { queueingStrategy: StrictFIFO }' });
    return undefined;
  }
  if (typeof k === 'object' && checkSection('kueue', k as Record<string, unknown>, path, d).size > 0) return undefined;
  if (allocation === 'dra') {
    d.push({ path, message: 'Kueue cannot admit DRA claims without its deviceClassMappings configuration, which mig-constructs does not write: every claim would be inadmissible', hint: "use allocation 'device-plugin' with Kueue, or admit DRA work with ResourceQuotas (drop kueue)" });
    return undefined;
  }
  return { queueingStrategy: (typeof k === 'object' ? k.queueingStrategy : undefined) ?? SPEC_DEFAULTS.kueue.queueingStrategy };
}
