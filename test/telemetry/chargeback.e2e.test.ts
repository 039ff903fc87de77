import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { scenarioRuleFile, scenarioSeries } from './scenario';
import { RECORDED } from '../../src';
import { CLI, ROOT } from '../cli/helpers';
import { backfillOpenMetrics, backfillRules, moveBlocks, startPrometheus, type PrometheusServer } from '../support/prometheus';
import { testWithTools } from '../support/tools';

/**
 * `mig chargeback` end to end against a real Prometheus (Debian package `prometheus`) started on
 * 127.0.0.1: three hours of the two-tenant scenario's raw series are backfilled with promtool
 * (create-blocks-from openmetrics), the platform's recording rules are evaluated over them by
 * Prometheus itself (create-blocks-from rules, layer by layer), and the CLI bills one hour.
 */
const withPrometheus = testWithTools(['prometheus', 'promtool'], 'the mig chargeback end-to-end tests');
jest.setTimeout(180_000);

const HOUR = 3600;
// Blocks are cut on 2-hour boundaries: start there, four hours back, so the data is all in the past.
const T0 = Math.floor(Date.now() / 1000 / (2 * HOUR)) * 2 * HOUR - 4 * HOUR;
const T_END = T0 + 3 * HOUR;

let work: string;
let server: PrometheusServer | undefined;

/** The scenario as OpenMetrics: each series' samples together, one a minute over three hours. */
function openMetrics(): string {
  const byFamily = new Map<string, string[]>();
  for (const s of scenarioSeries()) {
    const family = s.series.slice(0, s.series.indexOf('{'));
    const lines = byFamily.get(family) ?? [];
    for (let t = T0; t <= T_END; t += 60) lines.push(`${s.series} ${s.value} ${t}`);
    byFamily.set(family, lines);
  }
  return `${[...byFamily].map(([family, lines]) => `# TYPE ${family} gauge\n${lines.join('\n')}`).join('\n')}\n# EOF\n`;
}

/** The recording rules in dependency layers: a rule's layer is one above the highest recorded series it reads. */
function ruleLayers(): { record: string }[][] {
  const recorded = new Set<string>(Object.values(RECORDED));
  const groups = scenarioRuleFile().groups as { rules: { record?: string; expr: string }[] }[];
  const rules = groups.flatMap((g) => g.rules).filter((r) => r.record !== undefined);
  const layerOf = new Map<string, number>();
  const layers: { record: string }[][] = [];
  for (const rule of rules) {
    const reads = (rule.expr.match(/[a-z_]+:[a-z_]+:[a-z_]+/g) ?? []).filter((name) => recorded.has(name));
    const layer = reads.length === 0 ? 0 : Math.max(...reads.map((name) => layerOf.get(name)!)) + 1;
    layerOf.set(rule.record!, Math.max(layerOf.get(rule.record!) ?? 0, layer));
    (layers[layer] ??= []).push(rule as { record: string });
  }
  return layers;
}

beforeAll(async () => {
  if (withPrometheus === test.skip) return;
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-prometheus-'));
  const data = path.join(work, 'data');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(work, 'series.om'), openMetrics());
  backfillOpenMetrics(path.join(work, 'series.om'), data);
  for (const [i, rules] of ruleLayers().entries()) {
    const file = path.join(work, `layer-${i}.yaml`);
    fs.writeFileSync(file, stringify({ groups: [{ name: `layer-${i}`, rules }] }, { lineWidth: 0 }));
    const s = await startPrometheus(data);
    try {
      backfillRules(file, s.url, T0, T_END, path.join(work, `out-${i}`));
    } finally {
      await s.stop();
    }
    expect(moveBlocks(path.join(work, `out-${i}`), data)).toBeGreaterThan(0);
  }
  server = await startPrometheus(data);
});

afterAll(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Runs the compiled CLI without blocking the event loop. */
function mig(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const range = () => ['--start', String(T0 + HOUR), '--end', String(T0 + 2 * HOUR), '--step', '1m'];

withPrometheus('mig chargeback prints each tenant\'s slice-hours, GPU-hours, utilisation and cost for one hour', async () => {
  const r = await mig(['chargeback', '--prometheus', server!.url, ...range()]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│').map((c) => c.trim()).filter((c) => c !== ''));
  expect(rows).toEqual([
    ['tenant', 'slice-hours', 'GPU-hours', 'busy slice-hours', 'utilisation', 'cost (USD)'],
    // team-a: two 3g.40gb (3 slices, 3/7 GPU, 1.50/h each) busy 75% and 50%; team-b: four 1g.5gb (0.20/h) at 3.125%.
    ['team-a', '6.00', '0.86', '3.75', '62.5%', '3.00'],
    ['team-b', '4.00', '0.57', '0.13', '3.1%', '0.80'],
    ['total', '10.00', '1.43', '3.88', '38.8%', '3.80'],
  ]);
});

withPrometheus('mig chargeback -o json and -o csv carry the same figures, unrounded', async () => {
  const json = await mig(['chargeback', '--prometheus', server!.url, ...range(), '-o', 'json']);
  expect(json.status).toBe(0);
  const report = JSON.parse(json.stdout);
  expect(report.currency).toBe('USD');
  expect(report.stepSeconds).toBe(60);
  expect(report.start).toBe(new Date((T0 + HOUR) * 1000).toISOString());
  const a = report.tenants.find((t: { namespace: string }) => t.namespace === 'team-a');
  expect(a.sliceHours).toBeCloseTo(6, 9);
  expect(a.gpuHours).toBeCloseTo(0.857142857142, 9);
  expect(a.busySliceHours).toBeCloseTo(3.75, 9);
  expect(a.utilisation).toBeCloseTo(0.625, 9);
  expect(a.cost).toBeCloseTo(3, 9);
  expect(report.tenants.map((t: { namespace: string }) => t.namespace)).toEqual(['team-a', 'team-b']);

  const csv = await mig(['chargeback', '--prometheus', server!.url, ...range(), '-o', 'csv']);
  expect(csv.status).toBe(0);
  expect(csv.stdout).toBe([
    'tenant,slice_hours,gpu_hours,busy_slice_hours,utilisation,cost,currency',
    'team-a,6.0000,0.8571,3.7500,0.6250,3.0000,USD',
    'team-b,4.0000,0.5714,0.1250,0.0313,0.8000,USD',
    '',
  ].join('\n'));
});

withPrometheus('a range where the rules recorded nothing says they are not loaded there, exit 1', async () => {
  const later = await mig(['chargeback', '--prometheus', server!.url, '--start', String(T_END + HOUR), '--end', String(T_END + 2 * HOUR), '-o', 'json']);
  expect(later.status).toBe(1);
  expect(later.stderr).toContain('has no resource:mig_compute_slices_per_unit:value series in the range: the mig-constructs PrometheusRule is not loaded there');
});

withPrometheus('an unreachable Prometheus is one line with the fix, exit 1', async () => {
  const r = await mig(['chargeback', '--prometheus', 'http://127.0.0.1:1', ...range(), '--timeout', '5s']);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^error: cannot reach Prometheus at http:\/\/127\.0\.0\.1:1: .+ \(fix: check --prometheus/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});
