/**
 * Synth benchmark (a report, not a test): a generated fleet of 1,000 pools, 10,000 workloads and
 * 1,000 tenants through the constructs, against emitting the same objects as raw cdk8s ApiObjects
 * in the same process. One warm-up round of each, then ROUNDS rounds that alternate which goes
 * first; prints the median of each, their ratio and peak memory.
 *
 *   npx ts-node -P bench/tsconfig.json bench/synth.ts [pools] [workloadsPerPool] [tenants] [rounds]
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { maximalLayouts, type GpuModel } from '../src';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../src/cdk8s';

const POOLS = Number(process.argv[2] ?? 1000);
const PER_POOL = Number(process.argv[3] ?? 10);
const TENANTS = Number(process.argv[4] ?? 1000);
const ROUNDS = Number(process.argv[5] ?? 5);
const MODELS: GpuModel[] = ['H100-80GB', 'A100-40GB', 'A100-80GB', 'H200-141GB', 'B200'];

function buildFleet(chart: Chart): MigCluster {
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', allowOvercommit: true });
  const pools: { pool: MigNodePool; profiles: string[] }[] = [];
  for (let i = 0; i < POOLS; i++) {
    const gpu = MODELS[i % MODELS.length];
    const layouts = maximalLayouts(gpu);
    const fit = layouts[i % layouts.length];
    const layout = Object.fromEntries(fit.entries.map((e) => [e.profile.name, e.count]));
    const pool = new MigNodePool(cluster, `pool-${i}`, { gpu, gpusPerNode: 8, nodes: 2 + (i % 4), nodeSelector: { 'example.com/node-group': `group-${i}` }, layout: layout as never });
    pools.push({ pool, profiles: Object.keys(layout) });
  }
  for (let i = 0; i < POOLS * PER_POOL; i++) {
    const { pool, profiles } = pools[i % POOLS];
    new MigWorkload(chart, `w-${i}`, { pool, profile: profiles[i % profiles.length] as never, image: 'registry.example.com/model-server:1.0', namespace: `tenant-${i % TENANTS}` });
  }
  for (let t = 0; t < TENANTS; t++) {
    const { profiles } = pools[t % POOLS];
    // Workloads of many pools share a namespace, so a tenant grants one profile and leaves the others unlimited.
    new TenantQuota(chart, `t-${t}`, { cluster, namespace: `tenant-${t}`, slices: { [profiles[0]]: 20 } as never, denyUngrantedProfiles: false });
  }
  return cluster;
}

function time<T>(f: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = f();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

type Manifest = { apiVersion: string; kind: string; metadata: Record<string, unknown> };

/** Constructs: build the tree, validate, render and serialise. */
function constructs(): Manifest[] {
  const chart = new Chart(Testing.app(), 'fleet');
  buildFleet(chart);
  return Testing.synth(chart);
}

/** Raw: the same manifests as plain ApiObjects (no validation, no rendering). */
function raw(objects: readonly Manifest[]): Manifest[] {
  const chart = new Chart(Testing.app(), 'raw');
  objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as never));
  return Testing.synth(chart);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const objects = constructs(); // warm-up, and the objects raw cdk8s emits
if (JSON.stringify(raw(objects)) !== JSON.stringify(objects)) throw new Error('raw output differs from the constructs output');
const mig: number[] = [];
const base: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    mig.push(time(constructs).ms);
    base.push(time(() => raw(objects)).ms);
  } else {
    base.push(time(() => raw(objects)).ms);
    mig.push(time(constructs).ms);
  }
}
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(`fleet: ${POOLS} pools, ${POOLS * PER_POOL} workloads, ${TENANTS} tenants -> ${objects.length} objects; ${ROUNDS} alternating rounds after a warm-up`);
console.log(`constructs (build + validate + render + synth): median ${median(mig).toFixed(0)} ms  [${mig.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`raw ApiObjects (same objects, synth only):     median ${median(base).toFixed(0)} ms  [${base.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`ratio of medians: ${(median(mig) / median(base)).toFixed(2)}x`);
console.log(`peak RSS: ${peakMiB.toFixed(0)} MiB`);
