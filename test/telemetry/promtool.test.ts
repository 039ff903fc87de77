import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { scenarioRuleFile, scenarioSeries } from './scenario';
import { testWithTools } from '../support/tools';

/**
 * The emitted rules meet Prometheus's own checker and unit-test runner (promtool, Debian package
 * `prometheus`): every expression parses, and on the two-tenant scenario each recorded series has
 * the hand-computed value and each alert fires exactly where it should.
 */
const withPromtool = testWithTools(['promtool'], 'the promtool rule tests');

function promtool(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function workdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-promtool-'));
  fs.writeFileSync(path.join(dir, 'rules.yaml'), stringify(scenarioRuleFile(), { lineWidth: 0 }));
  return dir;
}

const sample = (name: string, labels: Record<string, string>, value: number) => ({
  labels: `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`,
  value,
});

/** What each recorded series must hold at 10m, computed by hand from the scenario. */
const RECORDED_AT_10M: { expr: string; samples: ReturnType<typeof sample>[] }[] = [
  {
    expr: 'namespace_resource:mig_allocated_units:sum',
    samples: [
      sample('namespace_resource:mig_allocated_units:sum', { namespace: 'team-a', resource: 'nvidia_com_mig_3g_40gb' }, 2),
      sample('namespace_resource:mig_allocated_units:sum', { namespace: 'team-b', resource: 'nvidia_com_mig_1g_5gb' }, 4),
    ],
  },
  {
    expr: 'namespace:mig_allocated_compute_slices:sum',
    samples: [sample('namespace:mig_allocated_compute_slices:sum', { namespace: 'team-a' }, 6), sample('namespace:mig_allocated_compute_slices:sum', { namespace: 'team-b' }, 4)],
  },
  {
    // 2 x 3/7 and 4 x 1/7 of a GPU (weights rounded to 12 digits).
    expr: 'namespace:mig_allocated_gpu_equivalents:sum',
    samples: [
      sample('namespace:mig_allocated_gpu_equivalents:sum', { namespace: 'team-a' }, 0.857142857142),
      sample('namespace:mig_allocated_gpu_equivalents:sum', { namespace: 'team-b' }, 0.571428571428),
    ],
  },
  {
    // A 3g.40gb is 3/7 of a 3.5/h H100 = 1.5/h; a 1g.5gb 1/7 of a 1.4/h A100 = 0.2/h.
    expr: 'namespace:mig_cost_per_hour:sum',
    samples: [
      sample('namespace:mig_cost_per_hour:sum', { currency: 'USD', namespace: 'team-a' }, 3),
      sample('namespace:mig_cost_per_hour:sum', { currency: 'USD', namespace: 'team-b' }, 0.8),
    ],
  },
  {
    expr: 'namespace_resource:mig_quota_used:ratio',
    samples: [
      sample('namespace_resource:mig_quota_used:ratio', { namespace: 'team-a', resource: 'nvidia_com_mig_3g_40gb' }, 1),
      sample('namespace_resource:mig_quota_used:ratio', { namespace: 'team-b', resource: 'nvidia_com_mig_1g_5gb' }, 0.2),
    ],
  },
  {
    expr: 'namespace_profile:mig_engine_active:avg',
    samples: [
      sample('namespace_profile:mig_engine_active:avg', { namespace: 'team-a', profile: '3g.40gb' }, 0.625),
      sample('namespace_profile:mig_engine_active:avg', { namespace: 'team-b', profile: '1g.5gb' }, 0.03125),
    ],
  },
  {
    // 0.75 x 3 + 0.5 x 3 busy slices; 4 x 0.03125 x 1.
    expr: 'namespace:mig_used_compute_slices:sum',
    samples: [sample('namespace:mig_used_compute_slices:sum', { namespace: 'team-a' }, 3.75), sample('namespace:mig_used_compute_slices:sum', { namespace: 'team-b' }, 0.125)],
  },
  {
    expr: 'namespace_profile:mig_framebuffer_used_mib:sum',
    samples: [
      sample('namespace_profile:mig_framebuffer_used_mib:sum', { namespace: 'team-a', profile: '3g.40gb' }, 30000),
      sample('namespace_profile:mig_framebuffer_used_mib:sum', { namespace: 'team-b', profile: '1g.5gb' }, 4000),
    ],
  },
  { expr: 'profile:mig_unattributed_instances:count', samples: [sample('profile:mig_unattributed_instances:count', { profile: '1g.10gb' }, 2)] },
  {
    expr: 'resource:mig_capacity_units:sum',
    samples: [
      sample('resource:mig_capacity_units:sum', { resource: 'nvidia_com_mig_1g_10gb' }, 64),
      sample('resource:mig_capacity_units:sum', { resource: 'nvidia_com_mig_1g_5gb' }, 56),
      sample('resource:mig_capacity_units:sum', { resource: 'nvidia_com_mig_3g_40gb' }, 16),
    ],
  },
  {
    expr: 'pool_resource:mig_capacity_units:sum',
    samples: [
      sample('pool_resource:mig_capacity_units:sum', { pool: 'a100-notebooks', resource: 'nvidia_com_mig_1g_5gb' }, 56),
      sample('pool_resource:mig_capacity_units:sum', { pool: 'h100-inference', resource: 'nvidia_com_mig_1g_10gb' }, 64),
      sample('pool_resource:mig_capacity_units:sum', { pool: 'h100-inference', resource: 'nvidia_com_mig_3g_40gb' }, 16),
    ],
  },
  {
    // Nothing held of 1g.10gb: all 64 idle (the pending pod holds nothing).
    expr: 'resource:mig_idle_units:sum',
    samples: [
      sample('resource:mig_idle_units:sum', { resource: 'nvidia_com_mig_1g_10gb' }, 64),
      sample('resource:mig_idle_units:sum', { resource: 'nvidia_com_mig_1g_5gb' }, 52),
      sample('resource:mig_idle_units:sum', { resource: 'nvidia_com_mig_3g_40gb' }, 14),
    ],
  },
  {
    expr: 'resource:mig_requested_units:sum',
    samples: [
      sample('resource:mig_requested_units:sum', { resource: 'nvidia_com_mig_1g_10gb' }, 70),
      sample('resource:mig_requested_units:sum', { resource: 'nvidia_com_mig_1g_5gb' }, 4),
      sample('resource:mig_requested_units:sum', { resource: 'nvidia_com_mig_3g_40gb' }, 2),
    ],
  },
];

const NEAR_QUOTA = {
  exp_labels: { severity: 'warning', namespace: 'team-a', resource: 'nvidia_com_mig_3g_40gb' },
  exp_annotations: {
    summary: 'A tenant is near its MIG quota.',
    description: 'Namespace team-a holds 100% of its nvidia_com_mig_3g_40gb quota; new pods will wait or be refused.',
  },
};
const IDLE = {
  exp_labels: { severity: 'info', namespace: 'team-b', profile: '1g.5gb' },
  exp_annotations: {
    summary: 'MIG slices are held but nearly idle.',
    description: 'Namespace team-b holds 1g.5gb slices whose engines were active 3.125% of the time for 30m; they are billed all the same.',
  },
};
const CONFIG_FAILED = {
  exp_labels: { severity: 'critical', node: 'a1', label_nvidia_com_mig_config: 'a100-notebooks-4a5b6c7d' },
  exp_annotations: {
    summary: 'MIG Manager failed to apply a layout.',
    description: "Node a1 has nvidia.com/mig.config.state=failed for config a100-notebooks-4a5b6c7d: its GPUs may offer no slices. Read the nvidia-mig-manager pod's log on that node.",
  },
};
const ABOVE_CAPACITY = {
  exp_labels: { severity: 'warning', resource: 'nvidia_com_mig_1g_10gb' },
  exp_annotations: {
    summary: 'Pods request more MIG slices than the nodes offer.',
    description: 'Running and pending pods request 70 nvidia_com_mig_1g_10gb, more than the nodes offer: some stay Pending until the layout or the node count changes.',
  },
};

/** Each alert before its `for` has passed (not firing) and after (firing, with exact labels and text). */
const ALERT_TESTS = [
  { eval_time: '10m', alertname: 'MigTenantNearQuota', exp_alerts: [] },
  { eval_time: '20m', alertname: 'MigTenantNearQuota', exp_alerts: [NEAR_QUOTA] },
  { eval_time: '20m', alertname: 'MigSlicesIdle', exp_alerts: [] },
  { eval_time: '40m', alertname: 'MigSlicesIdle', exp_alerts: [IDLE] },
  { eval_time: '3m', alertname: 'MigConfigFailed', exp_alerts: [] },
  { eval_time: '10m', alertname: 'MigConfigFailed', exp_alerts: [CONFIG_FAILED] },
  { eval_time: '10m', alertname: 'MigRequestsAboveCapacity', exp_alerts: [] },
  { eval_time: '20m', alertname: 'MigRequestsAboveCapacity', exp_alerts: [ABOVE_CAPACITY] },
];

function testFile(recorded = RECORDED_AT_10M): string {
  return stringify({
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [{
      interval: '1m',
      input_series: scenarioSeries().map((s) => ({ series: s.series, values: `${s.value}x60` })),
      promql_expr_test: recorded.map((r) => ({ expr: r.expr, eval_time: '10m', exp_samples: r.samples })),
      alert_rule_test: ALERT_TESTS,
    }],
  }, { lineWidth: 0 });
}

withPromtool('promtool check rules accepts the PrometheusRule of the two-tenant platform', () => {
  const dir = workdir();
  const r = promtool(['check', 'rules', 'rules.yaml'], dir);
  expect(r.out).toContain('SUCCESS');
  expect(r.status).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

withPromtool('promtool test rules: allocation, usage, idle, cost and every alert on the two-tenant scenario', () => {
  const dir = workdir();
  fs.writeFileSync(path.join(dir, 'test.yaml'), testFile());
  const r = promtool(['test', 'rules', 'test.yaml'], dir);
  expect(r.out).toContain('SUCCESS');
  expect(r.status).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

withPromtool('promtool test rules fails when an expected value is wrong (the harness can fail)', () => {
  const dir = workdir();
  const wrong = RECORDED_AT_10M.map((r) => (r.expr === 'namespace:mig_cost_per_hour:sum' ? { ...r, samples: r.samples.map((s) => ({ ...s, value: s.value + 1 })) } : r));
  fs.writeFileSync(path.join(dir, 'test.yaml'), testFile(wrong));
  const r = promtool(['test', 'rules', 'test.yaml'], dir);
  expect(r.status).not.toBe(0);
  expect(r.out).toContain('namespace:mig_cost_per_hour:sum');
  fs.rmSync(dir, { recursive: true, force: true });
});
