/** Compile-time promises of the constructs (ts-jest type-checks this file). */
import { Chart, Testing } from 'cdk8s';
import { expectTypeOf } from 'expect-type';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../../src/cdk8s';

test('profiles are checked against the pool GPU at compile time', () => {
  const chart = new Chart(Testing.app(), 'c');
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed' });
  const h100 = new MigNodePool(cluster, 'h100', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } });
  expectTypeOf(h100).toEqualTypeOf<MigNodePool<'H100-80GB'>>();

  // @ts-expect-error 1g.18gb is an H200 profile, not an H100-80GB one
  new MigNodePool(cluster, 'bad-layout', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.18gb': 7 } });
  // @ts-expect-error per-GPU layouts are checked too
  new MigNodePool(cluster, 'bad-per-gpu', { gpu: 'A30', gpusPerNode: 2, nodes: 1, perGpu: [{ '4g.24gb': 1 }, { '1g.5gb': 1 }] });
  // @ts-expect-error V100 has no MIG
  new MigNodePool(cluster, 'v100', { gpu: 'V100', gpusPerNode: 8, nodes: 1, layout: {} });

  new MigWorkload(chart, 'ok', { pool: h100, profile: '1g.10gb', image: 'x' });
  // @ts-expect-error the pool is H100-80GB; 1g.5gb is an A100-40GB profile
  new MigWorkload(chart, 'bad', { pool: h100, profile: '1g.5gb', image: 'x' });

  new TenantQuota(chart, 't', { cluster, namespace: 't', slices: { '1g.10gb': 1 } });
  // @ts-expect-error not a MIG profile of any GPU
  new TenantQuota(chart, 't2', { cluster, namespace: 't2', slices: { '1g.11gb': 1 } });
});

test('under DRA, a claim for a profile the pool GPU lacks does not compile either', () => {
  const chart = new Chart(Testing.app(), 'dra');
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', allocation: 'dra' });
  const a100 = new MigNodePool(cluster, 'a100', { gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } });
  new MigWorkload(chart, 'ok', { pool: a100, profile: '1g.5gb', slicesPerPod: 2, sameGpu: true, image: 'x' });
  // @ts-expect-error the pool is A100-40GB; a claim for 3g.40gb (an H100-80GB profile) would match no device there
  new MigWorkload(chart, 'bad', { pool: a100, profile: '3g.40gb', image: 'x' });
  // @ts-expect-error allocation is 'device-plugin' or 'dra'
  new MigCluster(chart, 'other', { strategy: 'mixed', allocation: 'cdi' });
});

test('a Kueue quota for a profile the pool GPU lacks does not compile', () => {
  const chart = new Chart(Testing.app(), 'kueue');
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', kueue: true });
  const a100 = new MigNodePool(cluster, 'a100', { gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } });
  new TenantQuota(chart, 'ok', { cluster, namespace: 'ok', slices: {}, kueue: { flavors: [a100.kueueQuota({ slices: { '1g.5gb': 4 } })] } });
  // @ts-expect-error the pool is A100-40GB; 3g.40gb is an H100-80GB profile, so no node of its flavor has it
  a100.kueueQuota({ slices: { '3g.40gb': 1 } });
  // @ts-expect-error limits are checked the same way
  a100.kueueQuota({ slices: { '1g.5gb': 1 }, borrowingLimit: { '2g.20gb': 1 } });
  // @ts-expect-error preemption policies are Kueue's enums
  new TenantQuota(chart, 'bad', { cluster, namespace: 'bad', slices: {}, kueue: { preemption: { reclaimWithinCohort: 'Always' } } });
});

test('telemetry prices name real profiles and models, and options take only their enums', () => {
  const chart = new Chart(Testing.app(), 'telemetry');
  new MigCluster(chart, 'ok', { strategy: 'mixed', telemetry: { prices: { profiles: { '1g.10gb': 0.5 }, gpus: { 'H100-80GB': 3.5 } } } });
  // @ts-expect-error not a MIG profile of any GPU
  new MigCluster(chart, 'bad-profile', { strategy: 'mixed', telemetry: { prices: { profiles: { '1g.11gb': 0.5 } } } });
  // @ts-expect-error V100 has no MIG
  new MigCluster(chart, 'bad-model', { strategy: 'mixed', telemetry: { prices: { gpus: { V100: 2 } } } });
  // @ts-expect-error the ServiceMonitor comes from the operator or the platform
  new MigCluster(chart, 'bad-monitor', { strategy: 'mixed', telemetry: { serviceMonitor: 'both' } });
  // @ts-expect-error the DCGM exporter's GPU id types are uid and device-name
  new MigCluster(chart, 'bad-id', { strategy: 'mixed', telemetry: { gpuIdType: 'uuid' } });
});

test('a previous layout is typed by the pool GPU too', () => {
  const chart = new Chart(Testing.app(), 'previous');
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed' });
  new MigNodePool(cluster, 'ok', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '7g.80gb': 1 }, previous: { layout: { '1g.10gb': 7 } } });
  // @ts-expect-error 1g.5gb is an A100-40GB profile, not an H100-80GB one
  new MigNodePool(cluster, 'bad', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '7g.80gb': 1 }, previous: { layout: { '1g.5gb': 7 } } });
});
