import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { formatDiagnostic, RECORDED, renderPlatform, telemetryDashboard, validatePlatform, type PlatformSpec, type TelemetryOptions } from '../../src';
import * as c8 from '../../src/cdk8s';
import * as pl from '../../src/pulumi';
import { mig, ROOT } from '../cli/helpers';
import { kubeObjects, promiseOf, settled } from '../pulumi/mocks';
import { validateManifest } from '../support/schemas';

/** Two pools, two tenants: the platform the telemetry tests vary. */
function spec(telemetry: TelemetryOptions, extra: Partial<PlatformSpec> = {}): PlatformSpec {
  return {
    strategy: 'mixed',
    telemetry,
    pools: [
      { name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 } },
      { name: 'a100', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } },
    ],
    workloads: [],
    tenants: [{ namespace: 'team-a', slices: { '3g.40gb': 2 } }, { namespace: 'team-b', slices: { '1g.5gb': 20 } }],
    ...extra,
  };
}

function errors(s: PlatformSpec): string[] {
  return validatePlatform(s).diagnostics.map(formatDiagnostic);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const objects = (s: PlatformSpec): Any[] => renderPlatform(s).objects.map((o) => o.manifest);
const ruleOf = (s: PlatformSpec): Any => objects(s).find((o) => o.kind === 'PrometheusRule');
const records = (rule: Any): Any[] => rule.spec.groups.flatMap((g: Any) => g.rules).filter((r: Any) => r.record);

describe('telemetry objects', () => {
  test('a PrometheusRule and a dashboard ConfigMap in the telemetry namespace, labelled for the Prometheus and the Grafana sidecar', () => {
    const out = objects(spec({ namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } }));
    const telemetry = out.filter((o) => ['PrometheusRule', 'ServiceMonitor'].includes(o.kind) || o.metadata.name.startsWith('mig-telemetry') || o.metadata.name === 'mig-dcgm-metrics');
    expect(telemetry.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'monitoring.coreos.com/v1 PrometheusRule monitoring/mig-telemetry',
      'v1 ConfigMap monitoring/mig-telemetry-dashboard',
    ]);
    expect(telemetry[0].metadata.labels).toEqual({ 'release': 'kube-prometheus-stack', 'app.kubernetes.io/managed-by': 'mig-constructs' });
    expect(telemetry[1].metadata.labels).toEqual({ 'grafana_dashboard': '1', 'app.kubernetes.io/managed-by': 'mig-constructs' });
    expect(Object.keys(telemetry[1].data)).toEqual(['mig-slices.json']);
    for (const o of out) validateManifest(o);
  });

  test('defaults: the operator namespace; serviceMonitor platform adds a ServiceMonitor; customMetrics a DCGM metrics ConfigMap; dashboard false none', () => {
    const out = objects(spec({ serviceMonitor: 'platform', customMetrics: true, dashboard: false, scrapeInterval: '30s' }));
    const names = out.filter((o) => o.metadata.namespace === 'gpu-operator').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names).toEqual(['ConfigMap/mig-parted-config', 'ConfigMap/mig-dcgm-metrics', 'ServiceMonitor/mig-dcgm-exporter', 'PrometheusRule/mig-telemetry']);
    const monitor = out.find((o) => o.kind === 'ServiceMonitor');
    expect(monitor.spec).toEqual({
      jobLabel: 'app',
      selector: { matchLabels: { app: 'nvidia-dcgm-exporter' } },
      namespaceSelector: { matchNames: ['gpu-operator'] },
      endpoints: [{ port: 'gpu-metrics', path: '/metrics', interval: '30s', honorLabels: true }],
    });
    const csv: string = out.find((o) => o.metadata.name === 'mig-dcgm-metrics').data['dcgm-metrics.csv'];
    expect(csv.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',')[0])).toEqual([
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', 'DCGM_FI_PROF_DRAM_ACTIVE', 'DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_FB_FREE',
    ]);
    expect(csv).not.toContain('DCGM_FI_DEV_GPU_UTIL');
    for (const o of out) validateManifest(o);
  });

  test('operator values: the operator\'s ServiceMonitor keeps the exporter\'s pod labels (honorLabels), GKE\'s GPU id type, the metrics ConfigMap', () => {
    const op = renderPlatform(spec({ labels: { release: 'prom' }, gpuIdType: 'device-name', customMetrics: true })).operatorValues;
    expect(op.dcgmExporter).toEqual({
      serviceMonitor: { enabled: true, interval: '15s', honorLabels: true, additionalLabels: { release: 'prom' } },
      env: [{ name: 'DCGM_EXPORTER_KUBERNETES_GPU_ID_TYPE', value: 'device-name' }],
      config: { name: 'mig-dcgm-metrics' },
    });
    expect(renderPlatform(spec({ serviceMonitor: 'platform' })).operatorValues.dcgmExporter).toEqual({ serviceMonitor: { enabled: false } });
  });

  test('weights and prices come from the catalogue: a 3g.40gb is 3 compute slices and 3/7 of an H100; a GPU price is split by compute share', () => {
    const rule = ruleOf(spec({ prices: { currency: 'EUR', gpus: { 'H100-80GB': 3.5 }, profiles: { '1g.5gb': 0.25 } } }));
    const constant = (name: string, resource: string) => records(rule).find((r: Any) => r.record === name && r.labels?.resource === resource);
    expect(constant(RECORDED.resourceComputeSlices, 'nvidia_com_mig_3g_40gb')).toEqual({ record: RECORDED.resourceComputeSlices, expr: 'vector(3)', labels: { resource: 'nvidia_com_mig_3g_40gb', profile: '3g.40gb' } });
    expect(constant(RECORDED.resourceGpuEquivalents, 'nvidia_com_mig_3g_40gb').expr).toBe('vector(0.428571428571)');
    expect(constant(RECORDED.resourcePrice, 'nvidia_com_mig_3g_40gb')).toEqual({
      record: RECORDED.resourcePrice, expr: 'vector(1.5)', labels: { resource: 'nvidia_com_mig_3g_40gb', profile: '3g.40gb', currency: 'EUR' },
    });
    expect(constant(RECORDED.resourcePrice, 'nvidia_com_mig_1g_10gb').expr).toBe('vector(0.5)');
    // A profile's own price wins over its GPU's.
    expect(constant(RECORDED.resourcePrice, 'nvidia_com_mig_1g_5gb').expr).toBe('vector(0.25)');
    expect(records(rule).filter((r: Any) => r.record === RECORDED.tenantQuota).map((r: Any) => [r.labels, r.expr])).toEqual([
      [{ namespace: 'team-a', resource: 'nvidia_com_mig_3g_40gb' }, 'vector(2)'],
      [{ namespace: 'team-b', resource: 'nvidia_com_mig_1g_5gb' }, 'vector(20)'],
    ]);
  });

  test('every offered resource name is selected, .shared replicas weighted by their share of the instance', () => {
    const s = spec({}, {
      pools: [{ name: 'shared', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 }, timeSlicing: { replicas: 4, renameByDefault: true } }],
      tenants: [],
    });
    const rule = ruleOf(s);
    expect(records(rule).find((r: Any) => r.record === RECORDED.resourceComputeSlices)).toEqual({
      record: RECORDED.resourceComputeSlices, expr: 'vector(0.25)', labels: { resource: 'nvidia_com_mig_1g_5gb_shared', profile: '1g.5gb' },
    });
    expect(records(rule).find((r: Any) => r.record === RECORDED.allocatedUnits).expr).toContain('resource=~"nvidia_com_mig_1g_5gb_shared"');
  });

  test('strategy single: nvidia.com/gpu stands for the pools\' one profile', () => {
    const s: PlatformSpec = {
      strategy: 'single',
      telemetry: {},
      pools: [{ name: 'a', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } }, { name: 'b', gpu: 'A100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } }],
      workloads: [],
      tenants: [],
    };
    expect(errors(s)).toEqual([
      "error: telemetry: nvidia.com/gpu stands for '1g.5gb' and '1g.10gb' on pool 'a' and pool 'b'; a pod's request names only the resource, so its slices cannot be weighed or billed (fix: give the pools resources of their own (strategy mixed, or time-slicing renameByDefault), or bill them as one by giving them the same profile)",
    ]);
    const one = { ...s, pools: [s.pools[0]] };
    expect(records(ruleOf(one)).find((r: Any) => r.record === RECORDED.resourceComputeSlices).labels).toEqual({ resource: 'nvidia_com_gpu', profile: '1g.5gb' });
  });

  test('without prices no cost is recorded and the dashboard has no cost panels', () => {
    const s = spec({});
    expect(records(ruleOf(s)).map((r: Any) => r.record)).not.toContain(RECORDED.costPerHour);
    const platform = validatePlatform(s).platform!;
    expect(telemetryDashboard(platform.telemetry!).panels).toHaveLength(9);
    const priced = validatePlatform(spec({ prices: { gpus: { 'H100-80GB': 3, 'A100-40GB': 1 } } })).platform!;
    expect((telemetryDashboard(priced.telemetry!).panels as Any[]).map((p) => p.title)).toContain('Cost per hour (USD), by tenant');
  });

  test('every dashboard query reads only series the PrometheusRule records', () => {
    const s = spec({ prices: { gpus: { 'H100-80GB': 3, 'A100-40GB': 1 } } });
    const recorded = new Set(records(ruleOf(s)).map((r: Any) => r.record));
    const dashboard = JSON.parse(objects(s).find((o) => o.metadata.name === 'mig-telemetry-dashboard').data['mig-slices.json']);
    const exprs: string[] = dashboard.panels.flatMap((p: Any) => p.targets.map((t: Any) => t.expr));
    expect(exprs.length).toBe(11);
    for (const expr of exprs) {
      // Drop label lists (by/on), range selectors and strings; what is left that is not a function or keyword is a series.
      const bare = expr.replace(/\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ').replace(/"[^"]*"/g, ' ');
      const series = [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].filter((m) => !/^\s*\(/.test(bare.slice(m.index! + m[0].length)) && !/^(and|or|unless)$/.test(m[0])).map((m) => m[0]);
      expect(series.length).toBeGreaterThan(0);
      for (const name of series) expect([expr, name, recorded.has(name)]).toEqual([expr, name, true]);
    }
  });

  test('the same platform renders byte-identical rules and dashboard', () => {
    const a = JSON.stringify(objects(spec({ prices: { gpus: { 'H100-80GB': 3, 'A100-40GB': 1 } } })));
    const b = JSON.stringify(objects(spec({ prices: { gpus: { 'H100-80GB': 3, 'A100-40GB': 1 } } })));
    expect(a).toBe(b);
  });

  test('Kueue tenants: the quota is their nominal quotas summed over flavors', () => {
    const s = spec({}, { kueue: true, tenants: [{ namespace: 'team-a', slices: { '3g.40gb': 2, '1g.5gb': 3 }, kueue: {} }] });
    expect(records(ruleOf(s)).filter((r: Any) => r.record === RECORDED.tenantQuota).map((r: Any) => [r.labels.resource, r.expr])).toEqual([
      ['nvidia_com_mig_1g_5gb', 'vector(3)'],
      ['nvidia_com_mig_3g_40gb', 'vector(2)'],
    ]);
  });
});

describe('telemetry validation', () => {
  test.each<[string, TelemetryOptions | unknown, Partial<PlatformSpec>, string[]]>([
    ['not a map', 'yes', {}, ['error: telemetry: telemetry is "yes", not a map of options (fix: write telemetry: {} for the defaults, or e.g. telemetry: { labels: { release: kube-prometheus-stack } })']],
    ['an unknown field', { prices: { gpu: {} } }, {}, ["error: telemetry.prices.gpu: unknown field 'gpu' (fix: allowed here: currency, profiles, gpus)"]],
    ['a namespace Kubernetes refuses', { namespace: 'Monitoring', dashboard: { namespace: 'grafana_' } }, {}, [
      'error: telemetry.namespace: namespace "Monitoring" is not valid: it must consist of lower-case letters, digits and "-", and start and end with a letter or digit (fix: use the namespace your Prometheus Operator or Grafana watches, e.g. monitoring)',
      'error: telemetry.dashboard.namespace: namespace "grafana_" is not valid: it must consist of lower-case letters, digits and "-", and start and end with a letter or digit (fix: use the namespace your Prometheus Operator or Grafana watches, e.g. monitoring)',
    ]],
    ['a ratio above 1', { quotaAlertRatio: 1.5 }, {}, ['error: telemetry.quotaAlertRatio: quotaAlertRatio is 1.5; it must be a number above 0 and at most 1 (fix: give a share between 0 and 1, e.g. 0.9)']],
    ['a duration Prometheus cannot read', { idleFor: '2 hours' }, {}, ['error: telemetry.idleFor: idleFor "2 hours" is not a duration: Prometheus takes units y, w, d, h, m, s and ms, largest first, such as 2h or 1h30m (fix: write e.g. 2h)']],
    ['a bad label', { labels: { 'release!': 'x' } }, {}, ["error: telemetry.labels.release!: 'release!' is not a valid label key: its name part must consist of letters, digits, \"-\", \"_\" and \".\", and start and end with a letter or digit (fix: use [prefix/]name, e.g. node.kubernetes.io/instance-type)"]],
    ['a price for a profile no pool offers', { prices: { profiles: { '7g.80gb': 9 } } }, {}, [
      "error: telemetry.prices.profiles.7g.80gb: no pool of the cluster offers '7g.80gb', so its price would bill nothing (fix: price the profiles the pools offer: '1g.10gb', '3g.40gb' or '1g.5gb')",
    ]],
    ['a model without pools', { prices: { gpus: { A30: 1 } } }, {}, [
      "error: telemetry.prices.gpus.A30: no pool of the cluster has A30 GPUs, so its price would bill nothing (fix: price the models the pools have: 'H100-80GB' or 'A100-40GB')",
    ]],
    ['a negative price', { prices: { gpus: { 'H100-80GB': -1 } } }, {}, ['error: telemetry.prices.gpus.H100-80GB: the price of H100-80GB is -1, not a number >= 0 (fix: give a price per hour as a plain number, e.g. 0.55)']],
    ['a profile left without a price', { prices: { gpus: { 'H100-80GB': 3 } } }, {}, [
      "error: telemetry.prices: pool 'a100' offers '1g.5gb' (A100-40GB), which has no price (fix: give prices.profiles['1g.5gb'], or a price per GPU-hour in prices.gpus['A100-40GB'])",
    ]],
    ['one resource at two prices', { prices: { gpus: { 'H100-80GB': 3.5, 'A100-80GB': 2.1 } } }, {
      pools: [
        { name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } },
        { name: 'a100', gpu: 'A100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } },
      ],
      tenants: [],
    }, [
      "error: telemetry.prices: nvidia.com/mig-1g.10gb stands for a price of 0.5 and 0.3 per hour on pool 'h100' and pool 'a100'; a pod's request names only the resource, so its slices cannot be weighed or billed (fix: give one price for the profile in prices.profiles['1g.10gb'])",
    ]],
    ['DRA allocation', {}, { allocation: 'dra' }, [
      "error: telemetry: per-slice chargeback reads the MIG resources in pods' requests (kube-state-metrics); under allocation dra pods hold ResourceClaims, which carry no per-profile request (fix: use allocation device-plugin with telemetry, or drop telemetry)",
    ]],
    ['the operator ServiceMonitor turned off', {}, { operator: { dcgmExporter: { serviceMonitor: false } } }, [
      "error: telemetry.serviceMonitor: telemetry scrapes the DCGM exporter through the operator's ServiceMonitor, and operator.dcgmExporter.serviceMonitor turns it off (fix: remove operator.dcgmExporter.serviceMonitor: telemetry sets it)",
    ]],
  ])('%s', (_, telemetry, extra, expected) => {
    expect(errors(spec(telemetry as TelemetryOptions, extra))).toEqual(expected);
  });

  test('one price for a profile on two models resolves the two-price conflict', () => {
    const s = spec({ prices: { gpus: { 'H100-80GB': 3.5, 'A100-80GB': 2.1 }, profiles: { '1g.10gb': 0.45 } } }, {
      pools: [
        { name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } },
        { name: 'a100', gpu: 'A100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } },
      ],
      tenants: [],
    });
    expect(errors(s)).toEqual([]);
  });
});

describe('telemetry through every front end', () => {
  test('mig render examples/spec/chargeback.yaml: the rule, the dashboard and the values, all valid', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-telemetry-'));
    const r = mig(['render', path.join(ROOT, 'examples/spec/chargeback.yaml'), '-o', out]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const rendered: Any[] = parseAllDocuments(fs.readFileSync(path.join(out, 'platform.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    for (const o of rendered) validateManifest(o);
    expect(rendered.filter((o) => o.metadata.namespace === 'monitoring').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['PrometheusRule/mig-telemetry', 'ConfigMap/mig-telemetry-dashboard']);
    expect(fs.readFileSync(path.join(out, 'gpu-operator-values.yaml'), 'utf8')).toContain('dcgmExporter:\n  serviceMonitor:\n    enabled: true\n    interval: 15s\n    honorLabels: true\n    additionalLabels:\n      release: kube-prometheus-stack\n');
  });

  test('a YAML spec with a bad telemetry field names file:line:col and writes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-telemetry-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, ['strategy: mixed', 'telemetry:', '  idleFor: soon', 'pools:', '  - name: p', '    gpu: A100-40GB', '    gpusPerNode: 8', '    nodes: 1', '    layout: { "1g.5gb": 7 }', ''].join('\n'));
    const r = mig(['render', file, '-o', path.join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: ${file}:3:12 telemetry.idleFor: idleFor "soon" is not a duration: Prometheus takes units y, w, d, h, m, s and ms, largest first, such as 2h or 1h30m (fix: write e.g. 2h)\n`);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('cdk8s and Pulumi emit the same telemetry objects and values', async () => {
    const telemetry: TelemetryOptions = { namespace: 'monitoring', serviceMonitor: 'platform', customMetrics: true, prices: { gpus: { 'H100-80GB': 3.5 } } };
    const chart = new Chart(Testing.app(), 'tm');
    const cluster = new c8.MigCluster(chart, 'gpus', { strategy: 'mixed', telemetry });
    new c8.MigNodePool(cluster, 'h100', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 } });
    new c8.TenantQuota(chart, 'team-a', { cluster, namespace: 'team-a', slices: { '3g.40gb': 2 } });
    const fromCdk8s = Object.fromEntries(Testing.synth(chart).map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));

    const pc = new pl.MigCluster('tm-gpus', { strategy: 'mixed', telemetry, installOperator: false });
    new pl.MigNodePool('tm-h100', { cluster: pc, name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 } });
    new pl.TenantQuota('tm-team-a', { cluster: pc, namespace: 'team-a', slices: { '3g.40gb': 2 } });
    await pc.whenValidated();
    await settled(pc.resources);
    const fromPulumi = kubeObjects('tm-');
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    for (const key of Object.keys(fromCdk8s)) expect([key, fromPulumi[key]]).toEqual([key, fromCdk8s[key]]);
    expect(Object.keys(fromCdk8s).filter((k) => /PrometheusRule|ServiceMonitor|mig-dcgm|mig-telemetry/.test(k)).sort()).toEqual([
      'ConfigMap/gpu-operator/mig-dcgm-metrics', 'ConfigMap/monitoring/mig-telemetry-dashboard', 'PrometheusRule/monitoring/mig-telemetry', 'ServiceMonitor/monitoring/mig-dcgm-exporter',
    ]);
    expect(cluster.operatorValues).toEqual(await promiseOf(pc.operatorValues));
  });
});
