import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { renderPlatform, stringifyOperatorValues, type PlatformSpec } from '../../src';
import { GPU_OPERATOR_CHART_DIR, helmBinary, renderOperatorChart } from '../support/helm';
import { SCHEMA_DIR, validateManifest } from '../support/schemas';
import { testUnless } from '../support/tools';

/**
 * The operator values meet their real consumer: the GPU Operator chart v26.7.0 (vendored), rendered
 * by helm. Every value the library can emit must arrive in the ClusterPolicy at the same path under
 * spec, and the ClusterPolicy must be valid against the chart's own CRD.
 */
const helm = helmBinary();
const withHelm = testUnless('missing' in helm ? helm.missing : undefined, 'the GPU Operator chart tests (helm template)');

const pools = (timeSliced: boolean): PlatformSpec['pools'] => [
  { name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 }, ...(timeSliced ? { timeSlicing: { replicas: 2 } } : {}) },
];

/** Platforms that together use every option that reaches the operator values. */
const PLATFORMS: Record<string, PlatformSpec> = {
  'reboot, time-slicing, pod labels and telemetry through the operator\'s ServiceMonitor': {
    strategy: 'mixed',
    operator: { withReboot: true, dcgmExporter: { podLabels: true } },
    telemetry: { labels: { release: 'kube-prometheus-stack' }, scrapeInterval: '30s', gpuIdType: 'device-name', customMetrics: true },
    pools: pools(true),
    workloads: [],
    tenants: [],
  },
  'strategy single with telemetry\'s own ServiceMonitor': {
    strategy: 'single',
    operator: { migConfigMapName: 'custom-mig-config' },
    telemetry: { serviceMonitor: 'platform' },
    pools: [{ name: 'a100', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } }],
    workloads: [],
    tenants: [],
  },
  'the operator\'s DCGM options without telemetry': {
    strategy: 'mixed',
    operator: { dcgmExporter: { serviceMonitor: false, podLabels: true } },
    pools: pools(false),
    workloads: [],
    tenants: [],
  },
};

/** Every key path of the values with its value (lists are leaves). */
function leaves(obj: unknown, prefix: string[] = []): [string[], unknown][] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [[prefix, obj]];
  return Object.entries(obj).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

function at(obj: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((cur, k) => (typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined), obj);
}

test('the chart the tests render carries the same ClusterPolicy CRD as vendor/schemas', () => {
  expect(fs.readFileSync(path.join(GPU_OPERATOR_CHART_DIR, 'crds/nvidia.com_clusterpolicies.yaml'), 'utf8'))
    .toBe(fs.readFileSync(path.join(SCHEMA_DIR, 'nvidia.com_clusterpolicies.yaml'), 'utf8'));
});

describe.each(Object.entries(PLATFORMS))('%s', (_, spec) => {
  withHelm('every value reaches the rendered ClusterPolicy, which is valid against the chart\'s CRD', () => {
    const values = renderPlatform(spec).operatorValues;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-helm-'));
    const file = path.join(dir, 'values.yaml');
    fs.writeFileSync(file, stringifyOperatorValues(values));
    const docs = parseAllDocuments(renderOperatorChart((helm as { helm: string }).helm, file)).map((d) => d.toJS()).filter(Boolean);
    fs.rmSync(dir, { recursive: true, force: true });
    const policies = docs.filter((d) => d.kind === 'ClusterPolicy');
    expect(policies).toHaveLength(1);
    const policy = policies[0];
    const paths = leaves(values);
    expect(paths.length).toBeGreaterThan(3);
    for (const [keys, value] of paths) {
      const got = at(policy.spec, keys);
      // Lists the chart merges into (env) must hold ours; everything else arrives as is.
      if (Array.isArray(value)) expect([keys.join('.'), got]).toEqual([keys.join('.'), expect.arrayContaining(value)]);
      else expect([keys.join('.'), got]).toEqual([keys.join('.'), value]);
    }
    validateManifest(policy);
  });
});
