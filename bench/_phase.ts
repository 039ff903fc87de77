import { Chart, Testing } from 'cdk8s';
import { maximalLayouts, type GpuModel, validatePlatform, renderPlatformObjects } from '../src';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../src/cdk8s';
const MODELS: GpuModel[] = ['H100-80GB', 'A100-40GB', 'A100-80GB', 'H200-141GB', 'B200'];
function t(label: string, f: () => any) { const s = process.hrtime.bigint(); const v = f(); console.log(label, (Number(process.hrtime.bigint() - s) / 1e6).toFixed(0)); return v; }
for (let round = 0; round < 3; round++) {
  const chart = new Chart(Testing.app(), 'fleet');
  const cluster = t('build', () => {
    const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', allowOvercommit: true });
    const pools: any[] = [];
    for (let i = 0; i < 1000; i++) {
      const gpu = MODELS[i % 5]; const layouts = maximalLayouts(gpu); const fit = layouts[i % layouts.length];
      const layout = Object.fromEntries(fit.entries.map((e) => [e.profile.name, e.count]));
      pools.push({ pool: new MigNodePool(cluster, `pool-${i}`, { gpu, gpusPerNode: 8, nodes: 2 + (i % 4), nodeSelector: { 'example.com/node-group': `group-${i}` }, layout: layout as never }), profiles: Object.keys(layout) });
    }
    for (let i = 0; i < 10000; i++) { const { pool, profiles } = pools[i % 1000]; new MigWorkload(chart, `w-${i}`, { pool, profile: profiles[i % profiles.length] as never, image: 'registry.example.com/model-server:1.0', namespace: `tenant-${i % 1000}` }); }
    for (let k = 0; k < 1000; k++) { const { profiles } = pools[k % 1000]; new TenantQuota(chart, `t-${k}`, { cluster, namespace: `tenant-${k}`, slices: { [profiles[0]]: 2 } as never }); }
    return cluster;
  });
  const v = t('validate', () => validatePlatform(cluster.toSpec()));
  t('render', () => renderPlatformObjects(v.platform!));
  t('synth(total incl validate+render)', () => Testing.synth(chart));
}
