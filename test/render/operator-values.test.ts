import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { renderOperatorValues, validatePlatform, type PlatformSpec } from '../../src';
import { SCHEMA_DIR } from '../support/schemas';

/** Every key path of an object, e.g. migManager.config.name. Arrays are leaves. */
function keyPaths(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

function hasPath(values: unknown, p: string): boolean {
  let cur: unknown = values;
  for (const part of p.split('.')) {
    if (typeof cur !== 'object' || cur === null || !(part in cur)) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  return true;
}

test('every values key the library sets exists in the GPU Operator chart v26.7.0', () => {
  const chartValues = parse(fs.readFileSync(path.join(SCHEMA_DIR, 'gpu-operator-values-v26.7.0.yaml'), 'utf8'));
  const spec: PlatformSpec = {
    strategy: 'mixed',
    operator: { withReboot: true, dcgmExporter: { serviceMonitor: true, podLabels: true } },
    pools: [{ name: 'p', gpu: 'A100-40GB', gpusPerNode: 1, nodes: 1, layout: { '1g.5gb': 7 }, timeSlicing: { replicas: 2 } }],
    workloads: [],
    tenants: [],
  };
  const values = renderOperatorValues(validatePlatform(spec).platform!);
  const paths = keyPaths(values);
  expect(paths).toEqual([
    'mig.strategy',
    'migManager.config.name',
    'migManager.config.default',
    'migManager.env',
    'devicePlugin.config.name',
    'devicePlugin.config.default',
    'dcgmExporter.serviceMonitor.enabled',
    'dcgmExporter.enablePodLabels',
  ]);
  for (const p of paths) expect([p, hasPath(chartValues, p)]).toEqual([p, true]);
  // The values the ClusterPolicy CRD constrains: strategy and the default config are in its enums.
  expect(['none', 'single', 'mixed']).toContain((values.mig as { strategy: string }).strategy);
  expect(['all-disabled', '']).toContain((values.migManager as { config: { default: string } }).config.default);
});
