import Table from 'cli-table3';
import { ChargebackError, queryChargeback, type ChargebackReport } from '../chargeback';
import { promDurationProblem } from '../naming';
import { CliError, EXIT } from './errors';

export interface ChargebackOptions {
  readonly prometheus: string;
  readonly start?: string;
  readonly end?: string;
  readonly range: string;
  readonly step: string;
  readonly output: 'table' | 'csv' | 'json';
  readonly timeout: string;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** A Prometheus duration (`90s`, `1h30m`, `7d`) in seconds. */
export function durationSeconds(text: string, flag: string): number {
  const problem = promDurationProblem(text);
  if (problem) throw new CliError(`${flag} ${JSON.stringify(text)} is not a duration: ${problem}`, `write e.g. ${flag} 1h`);
  let seconds = 0;
  for (const m of text.matchAll(/([0-9]+)(ms|y|w|d|h|m|s)/g)) seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
  return seconds;
}

/** RFC 3339 (`2026-11-01T00:00:00Z`) or Unix seconds. */
function parseTime(text: string, flag: string): Date {
  const date = /^[0-9]+(\.[0-9]+)?$/.test(text) ? new Date(Number(text) * 1000) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new CliError(`${flag} ${JSON.stringify(text)} is not a time`, `give an RFC 3339 time with its zone, e.g. ${flag} 2026-11-01T00:00:00Z, or Unix seconds`);
  return date;
}

// Figures are printed with a fixed number of decimals: the same on every machine and locale.
const fixed = (n: number, digits = 2) => n.toFixed(digits);
const percent = (n: number | null) => (n === null ? '-' : `${(n * 100).toFixed(1)}%`);

function table(report: ChargebackReport): string {
  const cost = report.currency !== undefined;
  const t = new Table({
    style: { head: [], border: [] },
    head: ['tenant', 'slice-hours', 'GPU-hours', 'busy slice-hours', 'utilisation', ...(cost ? [`cost (${report.currency})`] : [])],
    colAligns: ['left', 'right', 'right', 'right', 'right', ...(cost ? (['right'] as const) : [])],
  });
  const total = { slice: 0, gpu: 0, busy: 0, cost: 0 };
  for (const r of report.tenants) {
    const money = cost ? [fixed(r.cost ?? 0)] : [];
    t.push([r.namespace, fixed(r.sliceHours), fixed(r.gpuHours), fixed(r.busySliceHours), percent(r.utilisation), ...money]);
    total.slice += r.sliceHours;
    total.gpu += r.gpuHours;
    total.busy += r.busySliceHours;
    total.cost += r.cost ?? 0;
  }
  t.push(['total', fixed(total.slice), fixed(total.gpu), fixed(total.busy), percent(total.slice > 0 ? total.busy / total.slice : null), ...(cost ? [fixed(total.cost)] : [])]);
  const head = `MIG chargeback ${report.start} to ${report.end} (step ${report.stepSeconds}s; slice-hours in compute slices: a 3g instance for an hour is 3)\n`;
  return `${head}${t.toString()}\n`;
}

function csv(report: ChargebackReport): string {
  const rows = [['tenant', 'slice_hours', 'gpu_hours', 'busy_slice_hours', 'utilisation', 'cost', 'currency']];
  for (const r of report.tenants) {
    rows.push([
      r.namespace, fixed(r.sliceHours, 4), fixed(r.gpuHours, 4), fixed(r.busySliceHours, 4),
      r.utilisation === null ? '' : fixed(r.utilisation, 4), r.cost === undefined ? '' : fixed(r.cost, 4), report.currency ?? '',
    ]);
  }
  // Namespaces are DNS labels and the other fields numbers: nothing needs quoting.
  return `${rows.map((r) => r.join(',')).join('\n')}\n`;
}

/** `mig chargeback`: per-tenant slice-hours, utilisation and cost from Prometheus. */
export async function chargebackCommand(opts: ChargebackOptions, out: (s: string) => void): Promise<number> {
  const end = opts.end !== undefined ? parseTime(opts.end, '--end') : new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const start = opts.start !== undefined ? parseTime(opts.start, '--start') : new Date(end.getTime() - durationSeconds(opts.range, '--range') * 1000);
  const step = durationSeconds(opts.step, '--step');
  const timeoutMs = durationSeconds(opts.timeout, '--timeout') * 1000;
  let report: ChargebackReport;
  try {
    report = await queryChargeback({ prometheus: opts.prometheus, start, end, step, timeoutMs });
  } catch (e) {
    if (e instanceof ChargebackError) throw new CliError(e.message, e.hint, EXIT.problems);
    throw e;
  }
  if (opts.output === 'json') out(`${JSON.stringify(report, null, 2)}\n`);
  else if (opts.output === 'csv') out(csv(report));
  else out(table(report));
  return EXIT.ok;
}
