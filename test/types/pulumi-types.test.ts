/** Compile-time promises of the Pulumi components: the same generic props as the cdk8s constructs. */
import { expectTypeOf } from 'expect-type';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../../src/pulumi';
import { settled } from '../pulumi/mocks';

test('profiles are checked against the pool GPU at compile time', async () => {
  const cluster = new MigCluster('types-gpus', { strategy: 'mixed', installOperator: false });
  const pool = new MigNodePool('types-h100', { cluster, gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } });
  expectTypeOf(pool).toEqualTypeOf<MigNodePool<'H100-80GB'>>();
  new MigWorkload('types-ok', { pool, profile: '1g.10gb', image: 'x' });
  new TenantQuota('types-t', { cluster, namespace: 't', slices: { '1g.10gb': 7 } });

  const other = new MigCluster('types-other', { strategy: 'mixed', installOperator: false });
  // @ts-expect-error 1g.18gb is an H200 profile, not an H100-80GB one
  expect(() => new MigNodePool('types-bad', { cluster: other, gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.18gb': 7 } })).toThrow();
  await expect(other.whenValidated()).rejects.toThrow(/1g\.18gb/);
  // @ts-expect-error the pool is H100-80GB; 1g.5gb is an A100-40GB profile
  const wrong = () => new MigWorkload('types-bad-w', { pool, profile: '1g.5gb', image: 'x' });
  expect(typeof wrong).toBe('function');
  // A Kueue quota is checked against the pool's GPU too.
  expect(pool.kueueQuota({ slices: { '1g.10gb': 2 } })).toEqual({ pool: 'types-h100', slices: { '1g.10gb': 2 } });
  // @ts-expect-error the pool is H100-80GB; 1g.5gb is an A100-40GB profile
  pool.kueueQuota({ slices: { '1g.5gb': 2 } });
  await cluster.whenValidated();
  await settled([cluster, pool, ...cluster.resources]);
});
