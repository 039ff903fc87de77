/**
 * Large-input benchmark (a report, not a test): `mig render` on platform specs and `mig check` on
 * mig-parted files of about 1, 5 and 10 MB, spawned as a user runs them. Prints the median wall
 * time of 3 runs per size (after one warm-up run) and the time per MB, which must stay flat
 * (linear cost).
 *
 *   npx ts-node -P bench/tsconfig.json bench/large-input.ts
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLI = path.resolve(__dirname, '../lib/cli/main.js');
const MODELS = [['H100-80GB', '1g.10gb', 7], ['A100-40GB', '1g.5gb', 7], ['H200-141GB', '1g.18gb', 7], ['B200', '1g.23gb', 7]] as const;

/** A platform spec of about `mb` megabytes: pools with their own node group, workloads, tenants. */
export function specOfSize(mb: number): string {
  const out = ['strategy: mixed', 'allowOvercommit: true', 'pools:'];
  const pools: string[] = [];
  const workloads: string[] = ['workloads:'];
  const tenants: string[] = ['tenants:'];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const [gpu, profile, count] = MODELS[i % MODELS.length];
    const pool = `  - name: pool-${i}\n    gpu: ${gpu}\n    gpusPerNode: 8\n    nodes: 4\n    nodeSelector: { example.com/node-group: group-${i} }\n    layout: { ${profile}: ${count} }\n`;
    const wl = [0, 1, 2].map((k) => `  - name: w-${i}-${k}\n    namespace: tenant-${i}\n    pool: pool-${i}\n    profile: ${profile}\n    replicas: 2\n    image: registry.example.com/model-server:1.0\n`).join('');
    const tn = `  - namespace: tenant-${i}\n    slices: { ${profile}: 6 }\n    denyUngrantedProfiles: false\n`;
    pools.push(pool);
    workloads.push(wl);
    tenants.push(tn);
    size += pool.length + wl.length + tn.length;
  }
  return [...out, ...pools, ...workloads, ...tenants].join('\n');
}

/** A mig-parted file of about `mb` megabytes: many named configs. */
export function migPartedOfSize(mb: number): string {
  const out = ['version: v1', 'mig-configs:'];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const entry = `  config-${i}:\n    - device-filter: [ "0x233010DE", "0x233110DE" ]\n      devices: [ 0, 1, 2, 3 ]\n      mig-enabled: true\n      mig-devices:\n        1g.10gb: 4\n        3g.40gb: 1\n    - devices: [ 4, 5, 6, 7 ]\n      mig-enabled: false\n`;
    out.push(entry);
    size += entry.length;
  }
  return out.join('\n');
}

function run(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`mig ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

if (require.main === module) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-large-'));
  console.log('command      size (MB)  median ms  ms per MB');
  for (const [name, make, args] of [
    ['mig render', specOfSize, (f: string) => ['render', f, '-o', path.join(dir, 'out')]],
    ['mig check ', migPartedOfSize, (f: string) => ['check', f]],
  ] as const) {
    for (const mb of [1, 5, 10]) {
      const file = path.join(dir, `${name.trim().replace(' ', '-')}-${mb}.yaml`);
      fs.writeFileSync(file, make(mb));
      const realMb = fs.statSync(file).size / 1e6;
      run(args(file)); // warm-up (file cache, node start-up)
      const times = [0, 1, 2].map(() => run(args(file)));
      const m = median(times);
      console.log(`${name}   ${realMb.toFixed(1).padStart(9)}  ${m.toFixed(0).padStart(9)}  ${(m / realMb).toFixed(0).padStart(9)}`);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
