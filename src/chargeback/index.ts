import { RECORDED } from '../naming';
import { roundSignificant } from '../numbers';
import { compareKeys } from '../order';

/**
 * Chargeback from a Prometheus that runs the platform's PrometheusRule: per tenant (namespace), the
 * compute-slice-hours and GPU-hours its running pods held, the slice-hours its instances were busy,
 * and their cost. Each hour figure is the recorded series summed over evaluation steps of `step`
 * seconds from `start` (inclusive) to `end` (exclusive), each step standing for the step that
 * follows it: the same answer from any Prometheus version, with no range-boundary double count.
 */

export interface ChargebackRequest {
  /** The Prometheus base URL, e.g. `http://prometheus.monitoring:9090`. */
  readonly prometheus: string;
  readonly start: Date;
  readonly end: Date;
  /** Seconds between evaluations. @default 60 */
  readonly step?: number;
  /** Per HTTP request. @default 30000 */
  readonly timeoutMs?: number;
}

export interface TenantCharge {
  readonly namespace: string;
  /** Compute-slice-hours held by running pods (a 3g instance for an hour = 3). */
  readonly sliceHours: number;
  /** GPU-hours held (compute slices over the GPU's). */
  readonly gpuHours: number;
  /** Compute-slice-hours the engines were busy (engine activity x slices). */
  readonly busySliceHours: number;
  /** busySliceHours / sliceHours; null when nothing was held. */
  readonly utilisation: number | null;
  /** Cost of what was held, in `currency`; absent without prices. */
  readonly cost?: number;
}

export interface ChargebackReport {
  readonly start: string;
  readonly end: string;
  readonly stepSeconds: number;
  /** Set when the rules carry prices. */
  readonly currency?: string;
  /** Sorted by namespace. */
  readonly tenants: readonly TenantCharge[];
}

/** A problem talking to Prometheus, said in one line with its fix. */
export class ChargebackError extends Error {
  constructor(message: string, public readonly hint: string) {
    super(message);
    this.name = 'ChargebackError';
  }
}

/** Prometheus refuses a range query of more than 11,000 points per series: ask in windows below that. */
const MAX_POINTS_PER_QUERY = 10_000;

interface Series { readonly metric: Record<string, string>; readonly values: [number, string][] }

async function getJson(url: URL, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'application/json' } });
  } catch (e) {
    const why = e instanceof Error ? (e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause as Error | undefined)?.message ?? e.message) : String(e);
    throw new ChargebackError(`cannot reach Prometheus at ${url.origin}: ${why}`, 'check --prometheus (scheme, host and port), e.g. kubectl -n monitoring port-forward svc/prometheus-operated 9090 and --prometheus http://127.0.0.1:9090');
  }
  const text = await res.text();
  let body: { status?: string; error?: string; data?: unknown } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (!res.ok || body?.status !== 'success') {
    const detail = body?.error ?? `${res.status} ${res.statusText}`.trim();
    throw new ChargebackError(`Prometheus at ${url.origin} refused ${url.pathname}: ${detail}`, 'check that --prometheus points at the Prometheus HTTP API (it answers /api/v1/query)');
  }
  return body.data;
}

/** Sums each series' values over [start, end) at `step`, asking in windows Prometheus accepts. */
type SeriesKey = (m: Record<string, string>) => string;

async function sumOverSteps(req: Required<ChargebackRequest>, expr: string, key: SeriesKey): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const startS = Math.floor(req.start.getTime() / 1000);
  const endS = Math.floor(req.end.getTime() / 1000);
  const lastS = endS - req.step; // the step at end would stand for time after the range
  for (let from = startS; from <= lastS; from += MAX_POINTS_PER_QUERY * req.step) {
    const to = Math.min(lastS, from + (MAX_POINTS_PER_QUERY - 1) * req.step);
    const url = new URL('api/v1/query_range', req.prometheus.endsWith('/') ? req.prometheus : `${req.prometheus}/`);
    url.searchParams.set('query', expr);
    url.searchParams.set('start', String(from));
    url.searchParams.set('end', String(to));
    url.searchParams.set('step', `${req.step}s`);
    const data = (await getJson(url, req.timeoutMs)) as { resultType?: string; result?: Series[] };
    for (const s of data?.result ?? []) {
      const k = key(s.metric);
      let sum = out.get(k) ?? 0;
      for (const [, v] of s.values) {
        const n = Number(v);
        if (Number.isFinite(n)) sum += n;
      }
      out.set(k, sum);
    }
  }
  return out;
}

/** Whether the platform's rules run in this Prometheus: their weight series exist somewhere in the range. */
async function rulesLoaded(req: Required<ChargebackRequest>): Promise<boolean> {
  const seconds = Math.max(1, Math.floor((req.end.getTime() - req.start.getTime()) / 1000));
  const url = new URL('api/v1/query', req.prometheus.endsWith('/') ? req.prometheus : `${req.prometheus}/`);
  url.searchParams.set('query', `count(count_over_time(${RECORDED.resourceComputeSlices}[${seconds}s]))`);
  url.searchParams.set('time', String(Math.floor(req.end.getTime() / 1000)));
  const data = (await getJson(url, req.timeoutMs)) as { result?: unknown[] };
  return (data?.result ?? []).length > 0;
}

export function checkChargebackRequest(req: ChargebackRequest): Required<ChargebackRequest> {
  const step = req.step ?? 60;
  if (!Number.isInteger(step) || step < 1) throw new ChargebackError(`the step is ${step} seconds; it must be a whole number of seconds >= 1`, 'give e.g. --step 1m');
  if (Number.isNaN(req.start.getTime()) || Number.isNaN(req.end.getTime())) throw new ChargebackError('the start or end time is not a valid time', 'give RFC 3339 times, e.g. 2026-11-01T00:00:00Z');
  if (req.end.getTime() - req.start.getTime() < step * 1000) {
    throw new ChargebackError(`the range ${req.start.toISOString()} to ${req.end.toISOString()} is shorter than one step (${step}s)`, 'give an end after the start by at least one step');
  }
  let url: URL;
  try {
    url = new URL(req.prometheus);
  } catch {
    throw new ChargebackError(`--prometheus ${JSON.stringify(req.prometheus)} is not a URL`, 'give e.g. http://127.0.0.1:9090');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ChargebackError(`--prometheus ${JSON.stringify(req.prometheus)} is not an http(s) URL`, 'give e.g. http://127.0.0.1:9090');
  return { prometheus: req.prometheus, start: req.start, end: req.end, step, timeoutMs: req.timeoutMs ?? 30_000 };
}

/** Per-tenant slice-hours, GPU-hours, busy slice-hours and cost over a time range. */
export async function queryChargeback(request: ChargebackRequest): Promise<ChargebackReport> {
  const req = checkChargebackRequest(request);
  if (!(await rulesLoaded(req))) {
    throw new ChargebackError(
      `Prometheus at ${new URL(req.prometheus).origin} has no ${RECORDED.resourceComputeSlices} series in the range: the mig-constructs PrometheusRule is not loaded there`,
      "apply the PrometheusRule (telemetry in the platform spec) with labels your Prometheus's ruleSelector matches, or pick a range after it was loaded",
    );
  }
  const hours = req.step / 3600;
  const byNamespace = (m: Record<string, string>) => m.namespace ?? '';
  const [held, gpus, busy] = await Promise.all([
    sumOverSteps(req, `sum by (namespace) (${RECORDED.allocatedSlices})`, byNamespace),
    sumOverSteps(req, `sum by (namespace) (${RECORDED.allocatedGpus})`, byNamespace),
    sumOverSteps(req, `sum by (namespace) (${RECORDED.usedSlices})`, byNamespace),
  ]);
  // Cost keeps its currency label: one currency per platform.
  const currencies = new Set<string>();
  const cost = await sumOverSteps(req, `sum by (namespace, currency) (${RECORDED.costPerHour})`, (m) => {
    if (m.currency) currencies.add(m.currency);
    return byNamespace(m);
  });
  if (currencies.size > 1) {
    throw new ChargebackError(`the cost series carry several currencies (${[...currencies].sort(compareKeys).join(', ')})`, 'price every platform that reports to this Prometheus in one currency');
  }
  const namespaces = [...new Set([...held.keys(), ...busy.keys(), ...cost.keys()])].filter((n) => n !== '').sort(compareKeys);
  const tenants = namespaces.map((namespace): TenantCharge => {
    const sliceHours = roundSignificant((held.get(namespace) ?? 0) * hours);
    const busySliceHours = roundSignificant((busy.get(namespace) ?? 0) * hours);
    return {
      namespace,
      sliceHours,
      gpuHours: roundSignificant((gpus.get(namespace) ?? 0) * hours),
      busySliceHours,
      utilisation: sliceHours > 0 ? roundSignificant(busySliceHours / sliceHours) : null,
      ...(currencies.size > 0 ? { cost: roundSignificant((cost.get(namespace) ?? 0) * hours) } : {}),
    };
  });
  const currency = [...currencies][0];
  return { start: req.start.toISOString(), end: req.end.toISOString(), stepSeconds: req.step, ...(currency ? { currency } : {}), tenants };
}
