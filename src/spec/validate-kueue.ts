import { resolveProfile } from '../catalog';
import { hasErrorSince, listValues, showValue, type Diagnostic } from '../diagnostics';
import { dns1123SubdomainProblem, KUEUE_MAX_FLAVOR_LABELS, KUEUE_MAX_LIST, KUEUE_QUEUE_LABEL, POOL_LABEL } from '../naming';
import { checkSliceCount } from './checks';
import type { KueueFlavorQuota, TenantKueueOptions } from './platform';
import type { ResolvedKueueFlavor, ResolvedPool, ResolvedTenant, ResolvedTenantKueue, ResolvedWorkload } from './resolved';
import { SPEC_DEFAULTS } from './shape';
import { GrantTally } from './validate-capacity';
import { poolsByName } from './validate-workload';

/**
 * Kueue admission (docs/reference/k8s-mig-integration.md §5.2; kueue v0.19.2 CRDs in vendor/schemas).
 * A JSON-schema validator does not run the CRDs' CEL rules, and the API server would reject the
 * objects late, at apply: the rules that matter here are checked now, each with its own message.
 */

type Limits = { nominalQuota: number; borrowingLimit?: number; lendingLimit?: number };
type Counts = Map<string, number>;

/** What resolving a tenant's Kueue options needs from the platform. */
export interface KueueContext {
  /** Whether the platform enables Kueue (its pools have ResourceFlavors). */
  readonly enabled: boolean;
  readonly pools: readonly ResolvedPool[];
  /** Every resource the platform offers, sorted. */
  readonly offeredResources: readonly string[];
}

function nameProblem(value: string, path: string, what: string, d: Diagnostic[]): void {
  const p = dns1123SubdomainProblem(value);
  if (p) d.push({ path, message: `${JSON.stringify(value)} is not a valid ${what} name: ${p}`, hint: "use lower-case letters, digits, '-' and '.'" });
}

/**
 * Counts per profile (a quota or a limit) on one pool, by canonical profile name. Each name must be
 * a profile the pool offers: a flavor's nodes are the pool's nodes, so no other profile is there.
 */
function poolCounts(raw: unknown, pool: ResolvedPool, path: string, d: Diagnostic[]): Counts {
  const out: Counts = new Map();
  if (raw === undefined) return out;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    d.push({ path, message: `${showValue(raw)} is not a map of slices per profile`, hint: "write e.g. { '1g.10gb': 4 }" });
    return out;
  }
  for (const [name, n] of Object.entries(raw)) {
    if (!checkSliceCount(n, `the count for '${name}'`, `${path}.${name}`, 'give a whole number of slices', d)) continue;
    const canonical = resolveProfile(pool.model, name)?.profile.name;
    if (canonical === undefined || !pool.resourceOf.has(canonical)) {
      d.push({
        path: `${path}.${name}`,
        message: `pool '${pool.spec.name}' (${pool.model.key}) does not offer '${name}' slices, so its flavor cannot hold them`,
        hint: `use profiles its layout has: ${listValues([...pool.resourceOf.keys()])}`,
      });
      continue;
    }
    out.set(canonical, (out.get(canonical) ?? 0) + n);
  }
  return out;
}

/** One flavor entry in profile terms, before it is turned into resources. */
interface FlavorDraft { pool: ResolvedPool; path: string; slices: Counts; borrowing: Counts; lending: Counts }

/** The flavors as the user listed them (`kueue.flavors`), each checked against its pool. */
function explicitFlavors(list: readonly KueueFlavorQuota[], path: string, pools: readonly ResolvedPool[], d: Diagnostic[]): FlavorDraft[] {
  const byName = poolsByName(pools);
  const seen = new Set<string>();
  const out: FlavorDraft[] = [];
  list.forEach((f, i) => {
    const at = `${path}[${i}]`;
    const pool = byName.get(f.pool);
    if (!pool) {
      d.push({ path: `${at}.pool`, message: `no pool is named ${JSON.stringify(f.pool)}`, hint: pools.length > 0 ? `use one of ${listValues(pools.map((p) => p.spec.name))}` : 'declare the pool first' });
      return;
    }
    if (seen.has(f.pool)) {
      d.push({ path: `${at}.pool`, message: `pool '${f.pool}' is listed twice in the tenant's flavors`, hint: 'give each pool one entry with all its slices' });
      return;
    }
    seen.add(f.pool);
    out.push({ pool, path: at, slices: poolCounts(f.slices, pool, `${at}.slices`, d), borrowing: poolCounts(f.borrowingLimit, pool, `${at}.borrowingLimit`, d), lending: poolCounts(f.lendingLimit, pool, `${at}.lendingLimit`, d) });
  });
  return out;
}

/** The flavors made from the tenant's slices: each profile on the one pool that offers it. */
function derivedFlavors(
  k: TenantKueueOptions<string>, path: string, granted: Counts, pools: readonly ResolvedPool[], d: Diagnostic[],
): FlavorDraft[] {
  const drafts = new Map<ResolvedPool, FlavorDraft>();
  const ambiguous = new Set<string>();
  for (const [profile, n] of granted) {
    const offering = pools.filter((p) => p.resourceOf.has(profile));
    if (offering.length > 1) {
      ambiguous.add(profile);
      d.push({
        path: `${path}.slices.${profile}`,
        message: `'${profile}' is offered by pools ${offering.map((p) => `'${p.spec.name}'`).join(', ')}, each its own Kueue flavor, so the tenant's ${n} slices do not say which flavor holds them`,
        hint: 'split them in kueue.flavors, e.g. flavors: [pool.kueueQuota({ slices: { ... } }), ...] (YAML: { pool: <name>, slices: { ... } })',
      });
      continue;
    }
    const pool = offering[0];
    const draft = drafts.get(pool) ?? { pool, path: `${path}.kueue`, slices: new Map(), borrowing: new Map(), lending: new Map() };
    draft.slices.set(profile, n);
    drafts.set(pool, draft);
  }
  // Tenant-wide limits go to the flavor holding the profile.
  for (const [key, field] of [['borrowingLimit', 'borrowing'], ['lendingLimit', 'lending']] as const) {
    const raw = k[key];
    if (raw === undefined) continue;
    for (const [name, n] of Object.entries(raw as Record<string, unknown>)) {
      const at = `${path}.kueue.${key}.${name}`;
      if (!checkSliceCount(n, `the ${key} for '${name}'`, at, 'give a whole number of slices', d)) continue;
      const draft = [...drafts.values()].find((f) => f.slices.has(resolveProfile(f.pool.model, name)?.profile.name ?? name));
      if (!draft) {
        if (pools.some((p) => ambiguous.has(resolveProfile(p.model, name)?.profile.name ?? name))) continue; // reported on the slices
        d.push({ path: at, message: `the tenant is granted no '${name}' slices, so a ${key} for it has nothing to apply to`, hint: `grant '${name}' slices, or remove it from ${key}` });
        continue;
      }
      draft[field].set(resolveProfile(draft.pool.model, name)!.profile.name, n);
    }
  }
  return [...drafts.values()];
}

/** Flavors in profile terms turned into resources: under `single` every profile of a pool is nvidia.com/gpu, so counts add up. */
function toResources(draft: FlavorDraft, covered: readonly string[]): ResolvedKueueFlavor {
  const resources = new Map<string, Limits>(covered.map((r) => [r, { nominalQuota: 0 }]));
  const add = (counts: Counts, key: keyof Limits) => {
    for (const [profile, n] of counts) {
      const res = draft.pool.resourceOf.get(profile)!;
      const cur = resources.get(res)!;
      cur[key] = (cur[key] ?? 0) + n;
    }
  };
  add(draft.slices, 'nominalQuota');
  add(draft.borrowing, 'borrowingLimit');
  add(draft.lending, 'lendingLimit');
  return { pool: draft.pool, resources };
}

/**
 * A tenant's Kueue options, resolved. `granted` is the tenant's `slices` by canonical profile
 * (already checked): the default quota, and with explicit flavors the totals they must match;
 * undefined when a grant had an error (already reported), so nothing is compared against it.
 */
export function resolveTenantKueue(
  k: TenantKueueOptions<string>, namespace: string, path: string, granted: Counts | undefined, ctx: KueueContext, d: Diagnostic[],
): ResolvedTenantKueue | undefined {
  const start = d.length;
  const kpath = `${path}.kueue`;
  if (!ctx.enabled) {
    d.push({ path: kpath, message: 'the tenant is admitted through Kueue, but the cluster does not enable Kueue, so no pool has a ResourceFlavor for its ClusterQueue', hint: 'set kueue: true on the cluster (MigCluster, the Pulumi MigCluster or the spec)' });
    return undefined;
  }
  const clusterQueue = k.clusterQueue ?? namespace;
  const localQueue = k.localQueue ?? SPEC_DEFAULTS.tenantKueue.localQueue;
  nameProblem(clusterQueue, `${kpath}.clusterQueue`, 'ClusterQueue', d);
  nameProblem(localQueue, `${kpath}.localQueue`, 'LocalQueue', d);
  if (k.cohort !== undefined) nameProblem(k.cohort, `${kpath}.cohort`, 'cohort', d);
  if (k.flavors && (k.borrowingLimit || k.lendingLimit)) {
    d.push({ path: kpath, message: 'tenant-wide borrowingLimit or lendingLimit cannot be combined with flavors: with flavors, each flavor has its own limits', hint: 'move the limits into the flavors (pool.kueueQuota({ slices, borrowingLimit, lendingLimit }))' });
  }
  if (!granted && !k.flavors) return undefined; // the quota comes from the grants, which have errors
  const drafts = k.flavors ? explicitFlavors(k.flavors, `${kpath}.flavors`, ctx.pools, d) : derivedFlavors(k, path, granted!, ctx.pools, d);
  if (k.flavors && granted && granted.size > 0) checkFlavorTotals(drafts, granted, path, d);
  for (const f of drafts) checkLimits(f, k.cohort, d);
  const covered = ctx.offeredResources;
  if (covered.length > KUEUE_MAX_LIST) {
    d.push({ path: kpath, message: `the platform offers ${covered.length} MIG resources; a Kueue resource group covers at most ${KUEUE_MAX_LIST}`, hint: 'offer fewer profiles (or fewer .shared variants)' });
  }
  if (hasErrorSince(d, start)) return undefined;
  return {
    clusterQueue,
    localQueue,
    ...(k.cohort !== undefined ? { cohort: k.cohort } : {}),
    ...(k.preemption ? { preemption: { ...k.preemption } } : {}),
    coveredResources: covered,
    flavors: drafts.map((f) => toResources(f, covered)),
  };
}

/** With explicit flavors and `slices` both given, they must say the same per profile (one truth for the ResourceQuota and Kueue). */
function checkFlavorTotals(drafts: readonly FlavorDraft[], granted: Counts, path: string, d: Diagnostic[]): void {
  const totals: Counts = new Map();
  for (const f of drafts) for (const [p, n] of f.slices) totals.set(p, (totals.get(p) ?? 0) + n);
  for (const p of new Set([...granted.keys(), ...totals.keys()])) {
    const a = granted.get(p) ?? 0;
    const b = totals.get(p) ?? 0;
    if (a !== b) d.push({ path: `${path}.kueue.flavors`, message: `the flavors grant ${b} '${p}' slices in all, but the tenant's slices say ${a}`, hint: 'make them match, or leave slices empty and let the flavors say it' });
  }
}

/**
 * The ClusterQueue CRD (v1beta2, kueue v0.19.2): its CEL rule "borrowingLimit must be nil when cohort
 * is empty", its field doc "lendingLimit must be null if spec.cohortName is empty", and a queue keeps
 * `nominalQuota - lendingLimit` for itself (same doc), so it lends at most its nominal quota.
 */
function checkLimits(f: FlavorDraft, cohort: string | undefined, d: Diagnostic[]): void {
  if (cohort === undefined) {
    for (const [key, counts] of [['borrowingLimit', f.borrowing], ['lendingLimit', f.lending]] as const) {
      if (counts.size === 0) continue;
      d.push({
        path: `${f.path}.${key}`,
        message: `a ${key} needs a cohort: Kueue rejects a ClusterQueue with a ${key} and no cohortName${key === 'borrowingLimit' ? " ('borrowingLimit must be nil when cohort is empty')" : " ('lendingLimit must be null if spec.cohortName is empty')"}`,
        hint: `set kueue.cohort, or remove the ${key}`,
      });
    }
  }
  for (const [profile, n] of f.lending) {
    const nominal = f.slices.get(profile) ?? 0;
    if (n > nominal) d.push({ path: `${f.path}.lendingLimit.${profile}`, message: `the lendingLimit for '${profile}' is ${n}, above the quota of ${nominal} on pool '${f.pool.spec.name}': a queue lends only what it has`, hint: `lower it to ${nominal} or less` });
  }
}

/** ClusterQueue names are cluster-wide: two tenants cannot share one. */
export function checkClusterQueueNames(tenants: readonly ResolvedTenant[], d: Diagnostic[]): void {
  const seen = new Map<string, ResolvedTenant>();
  for (const t of tenants) {
    if (!t.kueue) continue;
    const other = seen.get(t.kueue.clusterQueue);
    if (other) d.push({ path: `${t.path}.kueue.clusterQueue`, message: `ClusterQueue '${t.kueue.clusterQueue}' is also the queue of namespace '${other.namespace}' (${other.path})`, hint: 'give each tenant its own clusterQueue name' });
    else seen.set(t.kueue.clusterQueue, t);
  }
}

/** A pool's ResourceFlavor holds at most 8 node labels (its selector plus nvidia.com/mig.config) and 8 tolerations. */
export function checkKueuePools(pools: readonly ResolvedPool[], d: Diagnostic[]): void {
  for (const p of pools) {
    const labels = Object.keys(p.nodeSelector).filter((k) => k !== POOL_LABEL).length + 1;
    if (labels > KUEUE_MAX_FLAVOR_LABELS) {
      d.push({ path: `${p.path}.nodeSelector`, message: `the pool's ResourceFlavor would have ${labels} nodeLabels (its nodeSelector and ${POOL_LABEL}); Kueue allows ${KUEUE_MAX_FLAVOR_LABELS}`, hint: `keep at most ${KUEUE_MAX_FLAVOR_LABELS - 1} labels in nodeSelector` });
    }
    if (p.taints.length > KUEUE_MAX_FLAVOR_LABELS) {
      d.push({ path: `${p.path}.taints`, message: `the pool's ResourceFlavor would have ${p.taints.length} tolerations; Kueue allows ${KUEUE_MAX_FLAVOR_LABELS}`, hint: `keep at most ${KUEUE_MAX_FLAVOR_LABELS} taints` });
    }
  }
}

/** Nominal quotas on a flavor add up to at most what its pool offers: an error, or a warning with allowOvercommit. */
export function checkKueueCapacity(tenants: readonly ResolvedTenant[], allowOvercommit: boolean, d: Diagnostic[]): void {
  const granted = new GrantTally<ResolvedTenant, { pool: ResolvedPool; res: string }>();
  for (const t of tenants) {
    for (const f of t.kueue?.flavors ?? []) {
      for (const [res, l] of f.resources) {
        if (l.nominalQuota > 0) granted.add(`${f.pool.spec.name}\u0000${res}`, l.nominalQuota, `${t.namespace}=${l.nominalQuota}`, t, { pool: f.pool, res });
      }
    }
  }
  for (const { total, who, last, of: { pool, res } } of granted.entries()) {
    const cap = (pool.resourcesPerNode.get(res) ?? 0) * pool.spec.nodes;
    if (total <= cap) continue;
    d.push({
      path: `${last.path}.kueue`,
      severity: allowOvercommit ? 'warning' : 'error',
      message: `Kueue quotas on flavor '${pool.spec.name}' add up to ${total} x ${res} (${who.join(', ')}) but the pool offers ${cap}`,
      hint: allowOvercommit ? 'quotas are overcommitted on purpose (allowOvercommit); admitted pods beyond capacity will stay Pending' : `lower the quotas on '${pool.spec.name}' to ${cap} in all, add nodes, or set allowOvercommit on the cluster`,
    });
  }
}

/**
 * Workloads in a Kueue tenant's namespace: the library sets their queue label, so a label of the
 * user's own there is refused; and Kueue admits them only on a flavor of the tenant's ClusterQueue
 * whose nodes they select, with quota there (or a cohort to borrow from).
 */
export function checkKueueWorkloads(workloads: readonly ResolvedWorkload[], tenants: readonly ResolvedTenant[], d: Diagnostic[]): void {
  const byNamespace = new Map(tenants.filter((t) => t.kueue).map((t) => [t.namespace, t]));
  if (byNamespace.size === 0) return;
  for (const w of workloads) {
    const t = byNamespace.get(w.namespace);
    if (!t) continue;
    const k = t.kueue!;
    if (w.spec.labels && Object.prototype.hasOwnProperty.call(w.spec.labels, KUEUE_QUEUE_LABEL)) {
      d.push({ path: `${w.path}.labels.${KUEUE_QUEUE_LABEL}`, message: `'${KUEUE_QUEUE_LABEL}' is set by mig-constructs in namespace '${w.namespace}' (its tenant's LocalQueue '${k.localQueue}'); a value of yours would be overwritten`, hint: `remove '${KUEUE_QUEUE_LABEL}' from labels` });
    }
    if (w.replicas === 0) continue;
    const flavor = k.flavors.find((f) => f.pool === w.pool);
    const nominal = flavor?.resources.get(w.resource)?.nominalQuota ?? 0;
    if (!flavor) {
      d.push({ path: w.path, message: `workload '${w.spec.name}' runs on pool '${w.pool.spec.name}', which is not a flavor of ClusterQueue '${k.clusterQueue}' (${t.path}): Kueue would never admit it`, hint: `give the tenant of '${w.namespace}' a quota on pool '${w.pool.spec.name}'` });
    } else if (nominal === 0 && k.cohort === undefined) {
      d.push({ path: w.path, message: `workload '${w.spec.name}' requests ${w.resource} on flavor '${w.pool.spec.name}', where ClusterQueue '${k.clusterQueue}' has a quota of 0 and no cohort to borrow from: Kueue would never admit it`, hint: `grant '${w.profile}' slices on that pool to the tenant of '${w.namespace}', or join a cohort` });
    }
  }
}
