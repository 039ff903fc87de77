import { GPU_MODELS, listGpuModels, resolveProfile } from '../catalog';
import { listValues, showValue, type Diagnostic } from '../diagnostics';
import { dns1123LabelProblem, FULL_GPU_RESOURCE, labelValueProblem, promDurationProblem, type MigAllocation } from '../naming';
import { roundSignificant } from '../numbers';
import { compareKeys } from '../order';
import { checkLabels } from './checks';
import { telemetryIdentityFields } from './defaults';
import type { TelemetryOptions } from './platform';
import type { BillingUnit, ResolvedOperator, ResolvedPool, ResolvedTelemetry, ResolvedTenant } from './resolved';
import { SPEC_DEFAULTS } from './shape';
import { checkSection } from './shape-check';

/**
 * The telemetry option, checked against the platform it bills: every resource the pools offer must
 * stand for one profile, one weight and one price, because kube-state-metrics reports a pod's
 * request by resource name only, not by the GPU or pool that served it.
 */
export function resolveTelemetry(
  t: TelemetryOptions, path: string, allocation: MigAllocation, op: ResolvedOperator | undefined,
  pools: readonly ResolvedPool[], tenants: readonly ResolvedTenant[], d: Diagnostic[],
): ResolvedTelemetry | undefined {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) {
    d.push({ path, message: `telemetry is ${showValue(t)}, not a map of options`, hint: 'write telemetry: {} for the defaults, or e.g. telemetry: { labels: { release: kube-prometheus-stack } }' });
    return undefined;
  }
  const start = d.length;
  const bad = checkSection('telemetry', t as Record<string, unknown>, path, d);
  if (allocation === 'dra') {
    d.push({
      path,
      message: 'per-slice chargeback reads the MIG resources in pods\' requests (kube-state-metrics); under allocation dra pods hold ResourceClaims, which carry no per-profile request',
      hint: 'use allocation device-plugin with telemetry, or drop telemetry',
    });
  }
  if (d.length > start || !op) return undefined;
  const id = telemetryIdentityFields(t, op.namespace);
  const operatorMonitor = op.dcgmExporter.serviceMonitor;
  if (operatorMonitor !== undefined && operatorMonitor !== (id.serviceMonitor === 'operator')) {
    d.push({
      path: `${path}.serviceMonitor`,
      message: id.serviceMonitor === 'operator'
        ? "telemetry scrapes the DCGM exporter through the operator's ServiceMonitor, and operator.dcgmExporter.serviceMonitor turns it off"
        : "telemetry emits its own ServiceMonitor, and operator.dcgmExporter.serviceMonitor turns on the operator's too: every series would be scraped twice",
      hint: 'remove operator.dcgmExporter.serviceMonitor: telemetry sets it',
    });
  }
  for (const key of ['idleFor', 'scrapeInterval'] as const) {
    const value = t[key] ?? SPEC_DEFAULTS.telemetry[key];
    const p = promDurationProblem(value);
    if (p) d.push({ path: `${path}.${key}`, message: `${key} ${JSON.stringify(value)} is not a duration: ${p}`, hint: `write e.g. ${SPEC_DEFAULTS.telemetry[key]}` });
  }
  for (const [where, ns] of [['namespace', t.namespace], ['dashboard.namespace', typeof t.dashboard === 'object' ? t.dashboard?.namespace : undefined]] as const) {
    const p = ns === undefined ? undefined : dns1123LabelProblem(ns);
    if (p) d.push({ path: `${path}.${where}`, message: `namespace ${JSON.stringify(ns)} is not valid: ${p}`, hint: 'use the namespace your Prometheus Operator or Grafana watches, e.g. monitoring' });
  }
  const labels = bad.has('labels') ? {} : checkLabels(t.labels, `${path}.labels`, 'telemetry labels', d);
  const dashboardLabels = id.dashboard ? checkLabels(id.dashboard.labels, `${path}.dashboard.labels`, 'dashboard labels', d) : {};
  const prices = resolvePrices(t.prices, `${path}.prices`, pools, d);
  const units = billingUnits(pools, prices, path, d);
  const profiles = profileWeights(pools, path, d);
  const quotas = tenantQuotas(tenants);
  const constants = (units?.length ?? 0) * 3 + profiles.length + quotas.length;
  if (constants > MAX_CONSTANT_RULES) {
    d.push({
      path,
      message: `telemetry would record ${constants} constant series (weights, prices and one per tenant and granted resource); the PrometheusRule would pass Kubernetes' object size limit (about 1.5 MiB)`,
      hint: `keep it to ${MAX_CONSTANT_RULES}: fewer tenants per platform, or fewer resources per tenant`,
    });
  }
  if (d.length > start || !units) return undefined;
  return {
    namespace: id.namespace,
    labels: { ...labels },
    quotaAlertRatio: t.quotaAlertRatio ?? SPEC_DEFAULTS.telemetry.quotaAlertRatio,
    idleBelow: t.idleBelow ?? SPEC_DEFAULTS.telemetry.idleBelow,
    idleFor: t.idleFor ?? SPEC_DEFAULTS.telemetry.idleFor,
    serviceMonitor: id.serviceMonitor,
    scrapeInterval: t.scrapeInterval ?? SPEC_DEFAULTS.telemetry.scrapeInterval,
    ...(t.gpuIdType !== undefined ? { gpuIdType: t.gpuIdType } : {}),
    customMetrics: id.customMetrics,
    ...(id.dashboard ? { dashboard: { namespace: id.dashboard.namespace, labels: { ...dashboardLabels } } } : {}),
    ...(prices ? { currency: prices.currency } : {}),
    units,
    profiles,
    quotas,
  };
}

/**
 * Each constant is a rule of about 200 bytes of YAML; Kubernetes refuses an object above its request
 * size limit (etcd's default 1.5 MiB), so the rule stays well below it.
 */
const MAX_CONSTANT_RULES = 5_000;

interface Prices {
  readonly currency: string;
  /** Per canonical profile name. */
  readonly profiles: ReadonlyMap<string, number>;
  readonly gpus: ReadonlyMap<string, number>;
}

function checkPrice(value: unknown, path: string, what: string, d: Diagnostic[]): value is number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return true;
  d.push({ path, message: `the price of ${what} is ${showValue(value)}, not a number >= 0`, hint: 'give a price per hour as a plain number, e.g. 0.55' });
  return false;
}

function resolvePrices(p: TelemetryOptions['prices'], path: string, pools: readonly ResolvedPool[], d: Diagnostic[]): Prices | undefined {
  if (p === undefined) return undefined;
  const start = d.length;
  const currency = p.currency ?? SPEC_DEFAULTS.telemetryPrices.currency;
  const cp = currency === '' ? 'it is empty' : labelValueProblem(currency);
  if (cp) d.push({ path: `${path}.currency`, message: `currency ${JSON.stringify(currency)} is not valid: ${cp}`, hint: 'it is a label on the cost series: write a code such as USD or EUR' });
  const models = [...new Set(pools.map((pool) => pool.model))];
  const profiles = new Map<string, number>();
  for (const [name, value] of Object.entries(p.profiles ?? {})) {
    if (!checkPrice(value, `${path}.profiles.${name}`, `'${name}'`, d)) continue;
    const canonical = models.map((m) => resolveProfile(m, name)?.profile.name).find((x) => x !== undefined);
    const offered = [...new Set(pools.flatMap((pool) => [...pool.slicesPerNode.keys()]))];
    if (canonical === undefined || !offered.includes(canonical)) {
      const known = listGpuModels().some((m) => resolveProfile(m, name));
      d.push({
        path: `${path}.profiles.${name}`,
        message: known ? `no pool of the cluster offers '${name}', so its price would bill nothing` : `'${name}' is not a MIG profile of any GPU in the catalogue`,
        hint: offered.length > 0 ? `price the profiles the pools offer: ${listValues(offered)}` : 'declare a pool first',
      });
      continue;
    }
    profiles.set(canonical, value);
  }
  const gpus = new Map<string, number>();
  for (const [model, value] of Object.entries(p.gpus ?? {})) {
    if (!checkPrice(value, `${path}.gpus.${model}`, model, d)) continue;
    if (!(GPU_MODELS as readonly string[]).includes(model)) {
      d.push({ path: `${path}.gpus.${model}`, message: `'${model}' is not a GPU model of the catalogue`, hint: `use one of ${listValues([...GPU_MODELS])}` });
      continue;
    }
    if (!pools.some((pool) => pool.model.key === model)) {
      d.push({ path: `${path}.gpus.${model}`, message: `no pool of the cluster has ${model} GPUs, so its price would bill nothing`, hint: `price the models the pools have: ${listValues([...new Set(pools.map((pool) => pool.model.key))])}` });
      continue;
    }
    gpus.set(model, value);
  }
  // A price with a problem leaves the others unknown: no follow-on "has no price" errors.
  return d.length > start ? undefined : { currency, profiles, gpus };
}

/** What one unit of each resource a pool offers stands for, from one pool. */
function poolUnits(pool: ResolvedPool, prices: Prices | undefined): { unit: BillingUnit; missingPrice?: string }[] {
  const gpuSlices = pool.model.computeSlices;
  const replicas = pool.spec.timeSlicing?.replicas ?? 1;
  const gpuPrice = prices?.gpus.get(pool.model.key);
  const out: { unit: BillingUnit; missingPrice?: string }[] = [];
  for (const [profile, resource] of pool.resourceOf) {
    const info = pool.model.profiles.find((p) => p.name === profile)!;
    // A time-sliced replica is a share of the instance; its price is that share of the instance's.
    const computeSlices = info.computeSlices / replicas;
    const instancePrice = prices?.profiles.get(profile) ?? (gpuPrice !== undefined ? (gpuPrice * info.computeSlices) / gpuSlices : undefined);
    out.push({
      unit: {
        resource,
        profile,
        computeSlices: roundSignificant(computeSlices),
        gpuEquivalents: roundSignificant(computeSlices / gpuSlices),
        ...(instancePrice !== undefined ? { pricePerHour: roundSignificant(instancePrice / replicas) } : {}),
      },
      ...(prices && instancePrice === undefined ? { missingPrice: `'${profile}'` } : {}),
    });
  }
  if (pool.resourcesPerNode.has(FULL_GPU_RESOURCE) && ![...pool.resourceOf.values()].includes(FULL_GPU_RESOURCE)) {
    // GPUs with MIG disabled under strategy mixed: each is one whole nvidia.com/gpu.
    out.push({
      unit: { resource: FULL_GPU_RESOURCE, profile: 'gpu', computeSlices: gpuSlices, gpuEquivalents: 1, ...(gpuPrice !== undefined ? { pricePerHour: gpuPrice } : {}) },
      ...(prices && gpuPrice === undefined ? { missingPrice: `a whole ${pool.model.key}` } : {}),
    });
  }
  return out;
}

/** One unit per offered resource, the same from every pool that offers it; sorted by resource. */
function billingUnits(pools: readonly ResolvedPool[], prices: Prices | undefined, path: string, d: Diagnostic[]): BillingUnit[] | undefined {
  const byResource = new Map<string, { unit: BillingUnit; pool: string }>();
  let ok = true;
  for (const pool of pools) {
    for (const { unit, missingPrice } of poolUnits(pool, prices)) {
      if (missingPrice) {
        ok = false;
        d.push({
          path: `${path}.prices`,
          message: `pool '${pool.spec.name}' offers ${missingPrice} (${pool.model.key}), which has no price`,
          hint: `give prices.profiles['${unit.profile}'], or a price per GPU-hour in prices.gpus['${pool.model.key}']`,
        });
        continue;
      }
      const seen = byResource.get(unit.resource);
      if (!seen) {
        byResource.set(unit.resource, { unit, pool: pool.spec.name });
        continue;
      }
      const why = differs(seen.unit, unit);
      if (why) {
        ok = false;
        d.push({
          path: why.includes('price') ? `${path}.prices` : path,
          message: `${unit.resource} stands for ${why} on pool '${seen.pool}' and pool '${pool.spec.name}'; a pod's request names only the resource, so its slices cannot be weighed or billed`,
          hint: why.includes('price')
            ? `give one price for the profile in prices.profiles['${unit.profile}']`
            : 'give the pools resources of their own (strategy mixed, or time-slicing renameByDefault), or bill them as one by giving them the same profile',
        });
      }
    }
  }
  if (!ok) return undefined;
  return [...byResource.values()].map((v) => v.unit).sort((a, b) => compareKeys(a.resource, b.resource));
}

function differs(a: BillingUnit, b: BillingUnit): string | undefined {
  if (a.profile !== b.profile) return `'${a.profile}' and '${b.profile}'`;
  if (a.computeSlices !== b.computeSlices) return `${a.computeSlices} and ${b.computeSlices} compute slices`;
  if (a.gpuEquivalents !== b.gpuEquivalents) return `${a.gpuEquivalents} and ${b.gpuEquivalents} GPUs`;
  if (a.pricePerHour !== b.pricePerHour) return `a price of ${a.pricePerHour} and ${b.pricePerHour} per hour`;
  return undefined;
}

/** Compute slices per instance of every profile the pools offer: DCGM labels instances by profile alone. */
function profileWeights(pools: readonly ResolvedPool[], path: string, d: Diagnostic[]): { profile: string; computeSlices: number }[] {
  const out = new Map<string, number>();
  const from = new Map<string, string>();
  for (const pool of pools) {
    for (const profile of pool.slicesPerNode.keys()) {
      const slices = pool.model.profiles.find((p) => p.name === profile)!.computeSlices;
      const seen = out.get(profile);
      if (seen !== undefined && seen !== slices) {
        d.push({ path, message: `'${profile}' has ${seen} compute slices on ${from.get(profile)} and ${slices} on ${pool.model.key}; DCGM labels an instance by profile name alone, so its activity cannot be weighed`, hint: 'keep one of the two models in this cluster' });
      }
      out.set(profile, slices);
      from.set(profile, pool.model.key);
    }
  }
  return [...out].map(([profile, computeSlices]) => ({ profile, computeSlices })).sort((a, b) => compareKeys(a.profile, b.profile));
}

/** Units granted per tenant and resource: the ResourceQuota's grants, or Kueue's nominal quotas summed over flavors. */
function tenantQuotas(tenants: readonly ResolvedTenant[]): { namespace: string; resource: string; units: number }[] {
  const out: { namespace: string; resource: string; units: number }[] = [];
  for (const t of tenants) {
    const totals = new Map<string, number>();
    if (t.kueue) {
      for (const f of t.kueue.flavors) for (const [res, q] of f.resources) totals.set(res, (totals.get(res) ?? 0) + q.nominalQuota);
    } else {
      for (const [res, n] of t.grants) totals.set(res, n);
    }
    for (const [resource, units] of [...totals].sort(([a], [b]) => compareKeys(a, b))) {
      if (units > 0) out.push({ namespace: t.namespace, resource, units });
    }
  }
  return out;
}
