/**
 * Bad-input corpus for the cdk8s constructs and the Pulumi components, as JavaScript callers (or
 * `as any`) reach them: a clear error at construction or at synth, never a TypeError, and for cdk8s
 * no file written.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart, Testing } from 'cdk8s';
import { MigValidationError } from '../../src';
import * as c8 from '../../src/cdk8s';
import * as pu from '../../src/pulumi';
import '../pulumi/mocks';
import { tmpDir } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const POOL = { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } };

/** [case, a program that builds (and synthesizes) a chart, the words of the error] */
const CDK8S: [string, (chart: Chart) => void, RegExp][] = [
  ['MigCluster with null props', (c) => new c8.MigCluster(c, 'g', null as Any), /props of MigCluster are null, not a map/],
  ['MigCluster with a string', (c) => new c8.MigCluster(c, 'g', 'mixed' as Any), /props of MigCluster are "mixed"/],
  ['MigCluster with an unknown strategy', (c) => new c8.MigCluster(c, 'g', { strategy: 'both' as Any }), /not a MIG strategy/],
  ['MigCluster with operator as a string', (c) => new c8.MigCluster(c, 'g', { strategy: 'mixed', operator: 'v26' as Any }), /operator is not a map/],
  ['MigCluster with withReboot "false"', (c) => new c8.MigCluster(c, 'g', { strategy: 'mixed', operator: { withReboot: 'false' as Any } }), /withReboot is "false", not true or false/],
  ['MigCluster with telemetry null', (c) => new c8.MigCluster(c, 'g', { strategy: 'mixed', telemetry: null as Any }), /telemetry is null, not a map of options/],
  ['MigCluster with a dashboard of bad labels', (c) => {
    new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed', telemetry: { dashboard: { labels: { 'a b': 1 } as Any } } }), 'p', POOL as Any);
  }, /telemetry.dashboard.labels.a b: labels.a b is 1, not a string/],
  ['MigCluster with telemetry labels as a string', (c) => new c8.MigCluster(c, 'g', { strategy: 'mixed', telemetry: { labels: 'release=x' as Any } }), /labels is "release=x", not a map/],
  ['MigCluster with a NaN price', (c) => {
    new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed', telemetry: { prices: { gpus: { 'H100-80GB': NaN } } } }), 'p', POOL as Any);
  }, /the price of H100-80GB is NaN, not a number >= 0/],
  ['a pool under a Chart', (c) => new c8.MigNodePool(c as Any, 'p', POOL as Any), /a MigNodePool is created inside a MigCluster/],
  ['a pool with null props', (c) => new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', null as Any), /props of MigNodePool are null/],
  ['a pool with taints as a map', (c) => new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', { ...POOL, taints: { key: 'a' } } as Any), /taints is a map, not a list/],
  ['a pool with gpusPerNode 2^32', (c) => new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', { ...POOL, gpusPerNode: 2 ** 32 } as Any), /at most 64/],
  ['a pool with a sparse perGpu', (c) => new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', { ...POOL, layout: undefined, gpusPerNode: 2, perGpu: [, { '1g.10gb': 7 }] } as Any), /not a map of profile to count/],
  ['a pool with a sparse taint list', (c) => new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', { ...POOL, taints: [, { key: 'a', effect: 'NoSchedule' }] } as Any), /taints\[0\] is missing, not a map/],
  ['a pool with a typo', (c) => new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', { ...POOL, gpuPerNode: 8 } as Any), /unknown field 'gpuPerNode'/],
  ['a workload with null props', (c) => new c8.MigWorkload(c, 'w', null as Any), /props of MigWorkload are null/],
  ['a workload with a plain object as pool', (c) => new c8.MigWorkload(c, 'w', { pool: { name: 'p' }, profile: '1g.10gb', image: 'x' } as Any), /pool is a map, not a MigNodePool/],
  ['a workload with a pool name', (c) => new c8.MigWorkload(c, 'w', { pool: 'p', profile: '1g.10gb', image: 'x' } as Any), /pool is "p", not a MigNodePool/],
  ['a workload with numeric env', (c) => {
    const pool = new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', POOL as Any);
    new c8.MigWorkload(c, 'w', { pool, profile: '1g.10gb', image: 'x', env: { PORT: 8080 } } as Any);
  }, /env.PORT is 8080, not a string/],
  ['a workload with args as a string', (c) => {
    const pool = new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', POOL as Any);
    new c8.MigWorkload(c, 'w', { pool, profile: '1g.10gb', image: 'x', args: '--model x' } as Any);
  }, /args is "--model x", not a list/],
  ['a workload with replicas 1e10', (c) => {
    const pool = new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', POOL as Any);
    new c8.MigWorkload(c, 'w', { pool, profile: '1g.10gb', image: 'x', replicas: 1e10 } as Any);
  }, /at most 2147483647/],
  ['a workload with a number as kind', (c) => {
    const pool = new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', POOL as Any);
    new c8.MigWorkload(c, 'w', { pool, profile: '1g.10gb', image: 'x', kind: 5 } as Any);
  }, /kind is 5, not one of 'Deployment', 'Job' or 'StatefulSet'/],
  ['a workload with a number as kind under DRA', (c) => {
    const pool = new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed', allocation: 'dra' }), 'p', POOL as Any);
    new c8.MigWorkload(c, 'w', { pool, profile: '1g.10gb', image: 'x', kind: 7 } as Any);
  }, /kind is 7, not one of 'Deployment', 'Job' or 'StatefulSet'/],
  ['a workload with NUL in its image', (c) => {
    const pool = new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', POOL as Any);
    new c8.MigWorkload(c, 'w', { pool, profile: '1g.10gb', image: 'x\u0000' });
  }, /control character/],
  ['a workload named with a dot', (c) => {
    const pool = new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', POOL as Any);
    new c8.MigWorkload(c, 'my.app', { pool, profile: '1g.10gb', image: 'x' });
  }, /cannot be the container name/],
  ['a quota without cluster', (c) => new c8.TenantQuota(c, 't', { namespace: 't', slices: {} } as Any), /cluster is missing, not a MigCluster/],
  ['a quota with null props', (c) => new c8.TenantQuota(c, 't', null as Any), /props of TenantQuota are null/],
  ['a quota with a pool as cluster', (c) => {
    const pool = new c8.MigNodePool(new c8.MigCluster(c, 'g', { strategy: 'mixed' }), 'p', POOL as Any);
    new c8.TenantQuota(c, 't', { cluster: pool, namespace: 't', slices: {} } as Any);
  }, /cluster is .*not a MigCluster/],
  ['a quota with slices as a list', (c) => new c8.TenantQuota(c, 't', { cluster: new c8.MigCluster(c, 'g', { strategy: 'mixed' }), namespace: 't', slices: ['1g.10gb'] } as Any), /slices is a list of 1, not a map/],
  ['a quota of 0 for a workload', (c) => {
    const cluster = new c8.MigCluster(c, 'g', { strategy: 'mixed' });
    const pool = new c8.MigNodePool(cluster, 'p', POOL as Any);
    new c8.MigWorkload(c, 'w', { pool, profile: '1g.10gb', image: 'x', namespace: 't' });
    new c8.TenantQuota(c, 't', { cluster, namespace: 't', slices: { '1g.10gb': 0 } });
  }, /quota allows 0 of it/],
];

describe('cdk8s constructs refuse bad props clearly, and a failed synth writes nothing', () => {
  test.each(CDK8S)('%s', (_name, program, words) => {
    const outdir = path.join(tmpDir(), 'dist');
    let error: unknown;
    try {
      const app = new App({ outdir });
      program(new Chart(app, 'c'));
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(String((error as Error).message)).toMatch(words);
    const written = fs.existsSync(outdir) ? fs.readdirSync(outdir) : [];
    expect(written).toEqual([]);
  });
});

/** [case, a program declaring components, the words of the error it throws at construction] */
const PULUMI: [string, () => void, RegExp][] = [
  ['MigCluster with null args', () => new pu.MigCluster('x-null', null as Any), /props of MigCluster are null/],
  ['MigNodePool with null args', () => new pu.MigNodePool('x-pool-null', null as Any), /props of MigNodePool are null/],
  ['MigNodePool without cluster', () => new pu.MigNodePool('x-pool-nocluster', { ...POOL } as Any), /cluster is missing, not a MigCluster/],
  ['MigNodePool with a plain object as cluster', () => new pu.MigNodePool('x-pool-plain', { ...POOL, cluster: { strategy: 'mixed' } } as Any), /cluster is a map, not a MigCluster/],
  ['MigWorkload with a pool name', () => new pu.MigWorkload('x-w', { pool: 'p', profile: '1g.10gb', image: 'x' } as Any), /pool is "p", not a MigNodePool/],
  ['MigWorkload with null args', () => new pu.MigWorkload('x-w-null', null as Any), /props of MigWorkload are null/],
  ['TenantQuota without cluster', () => new pu.TenantQuota('x-t', { namespace: 't', slices: {} } as Any), /cluster is missing, not a MigCluster/],
  ['TenantQuota with null args', () => new pu.TenantQuota('x-t-null', null as Any), /props of TenantQuota are null/],
];

describe('Pulumi components refuse bad args with InputPropertiesError', () => {
  test.each(PULUMI)('%s', (_name, program, words) => {
    let error: unknown;
    try {
      program();
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(words);
  });

  test.each([
    ['gpusPerNode 2^31', { gpusPerNode: 2 ** 31 }, /at most 64/],
    ['taints as a map', { taints: { key: 'a' } }, /taints is a map, not a list/],
    ['nodeSelector claiming nvidia.com/mig.config', { nodeSelector: { 'nvidia.com/mig.config': 'x' } }, /set by mig-constructs/],
    ['a pool named all-disabled', { name: 'all-disabled' }, /reserved/],
  ])('a pool with %s throws and fails its whole platform', async (name, patch, words) => {
    const cluster = new pu.MigCluster(`x-${name.replace(/[^a-z0-9]/gi, '')}`, { strategy: 'mixed', installOperator: false });
    const failed = cluster.whenValidated();
    expect(() => new pu.MigNodePool(`x-p-${name.replace(/[^a-z0-9]/gi, '')}`, { cluster, ...POOL, ...patch } as Any)).toThrow(words);
    await expect(failed).rejects.toThrow(words);
  });
});

test('a valid chart still synthesizes (the corpus programs are otherwise valid)', () => {
  const chart = new Chart(Testing.app(), 'ok');
  const cluster = new c8.MigCluster(chart, 'g', { strategy: 'mixed' });
  const pool = new c8.MigNodePool(cluster, 'p', POOL as Any);
  new c8.MigWorkload(chart, 'w', { pool, profile: '1g.10gb', image: 'x' });
  expect(() => Testing.synth(chart)).not.toThrow();
  expect(MigValidationError).toBeDefined();
});
