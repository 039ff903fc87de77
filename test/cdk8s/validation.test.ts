import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import type { GpuModel } from '../../src';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota, type MigClusterProps, type MigNodePoolProps } from '../../src/cdk8s';
import { validateManifest } from '../support/schemas';

/** Synthesizes with a real App into a temp dir; returns the error and the files written. */
function synthFails(build: (chart: Chart) => void): { error: string; files: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-synth-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'c');
  build(chart);
  let error = '';
  try {
    app.synth();
  } catch (e) {
    error = (e as Error).message;
  }
  const files = fs.readdirSync(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  if (!error) throw new Error('expected synth to fail');
  return { error, files };
}

/** The error lines of a failed synth, without the cdk8s prefix. */
function errorLines(build: (chart: Chart) => void): string[] {
  const { error, files } = synthFails(build);
  expect(files).toEqual([]); // a failed synth writes nothing
  return error.split('\n').slice(1).map((l) => l.trim().replace(/^\[c\/gpus\] /, ''));
}

const cluster = (chart: Chart, props: Partial<MigClusterProps> = {}) => new MigCluster(chart, 'gpus', { strategy: 'mixed', ...props });
const h100 = (c: MigCluster, id = 'h100', props: Partial<MigNodePoolProps<'H100-80GB'>> = {}) =>
  new MigNodePool(c, id, { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 }, ...props });

describe('synth-time checks: each reports the construct path, the bad value, the allowed values and the fix', () => {
  test('throws when a layout does not fit the GPU', () => {
    expect(errorLines((chart) => h100(cluster(chart), 'h100', { layout: { '3g.40gb': 2, '1g.10gb': 1 } }))).toEqual([
      'error: c/gpus/h100.layout: the layout does not fit one H100-80GB: 3g.40gb x2 occupies memory slices 0-7; no placement is left for 1g.10gb (1g.10gb takes 1 memory slice starting at 0, 1, 2, 3, 4, 5, 6), and no other arrangement fits either (fix: choose profiles whose placements do not overlap; `mig catalog H100-80GB` shows the legal placements, and enumerateLayouts(\'H100-80GB\') lists every layout that fits)',
    ]);
  });

  test('throws when a profile does not exist (JavaScript callers, `as any`)', () => {
    expect(errorLines((chart) => h100(cluster(chart), 'h100', { layout: { '1g.5gb': 7 } as never }))).toEqual([
      "error: c/gpus/h100.layout.1g.5gb: '1g.5gb' is not a MIG profile of H100-80GB (fix: use one of H100-80GB's profiles: 1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb)",
    ]);
  });

  test('throws when counts are not whole numbers >= 1 and GPUs per node < 1', () => {
    expect(errorLines((chart) => h100(cluster(chart), 'h100', { gpusPerNode: 0, nodes: 1.5, layout: { '1g.10gb': 0, '3g.40gb': 1.5 } }))).toEqual([
      'error: c/gpus/h100.gpusPerNode: gpusPerNode is 0; it must be a whole number >= 1 (fix: give the GPUs in one node, e.g. 8 for a p5.48xlarge)',
      'error: c/gpus/h100.nodes: nodes is 1.5; it must be a whole number >= 1 (fix: give the number of nodes in the pool (its capacity is checked against tenant quotas))',
      "error: c/gpus/h100.layout.3g.40gb: the count for '3g.40gb' is 1.5, not a whole number >= 0 (fix: give a whole number from 1 to 2 (the most H100-80GB allows), or remove the profile)",
      "error: c/gpus/h100.layout.1g.10gb: the count for '1g.10gb' is 0; counts must be >= 1 (fix: remove '1g.10gb' or give it a count of 1 or more)",
    ]);
  });

  test('throws when perGpu does not match the GPUs per node', () => {
    expect(errorLines((chart) => new MigNodePool(cluster(chart), 'a', { gpu: 'A100-40GB', gpusPerNode: 2, nodes: 1, perGpu: [{ '7g.40gb': 1 }] }))).toEqual([
      'error: c/gpus/a.perGpu: perGpu has 1 entries but the nodes have 2 GPUs (fix: give exactly 2 entries, one per GPU index (false for a GPU with MIG disabled))',
    ]);
  });

  test('throws when strategy single meets two profiles on one node, naming mixed', () => {
    expect(errorLines((chart) => h100(cluster(chart, { strategy: 'single' })))).toEqual([
      "error: c/gpus/h100.layout: strategy single needs one and the same profile on every GPU of a node; this pool has '1g.10gb' or '3g.40gb' (fix: use strategy 'mixed', or one profile for the whole pool (the device plugin fails with \"more than one MIG device type present on node\"))",
    ]);
  });

  test('throws when strategy single meets MIG-disabled GPUs', () => {
    expect(errorLines((chart) => new MigNodePool(cluster(chart, { strategy: 'single' }), 'a', { gpu: 'A100-40GB', gpusPerNode: 2, nodes: 1, perGpu: [{ '1g.5gb': 7 }, false] }))).toEqual([
      "error: c/gpus/a.perGpu: strategy single needs every GPU of a node MIG-enabled; this pool leaves some GPUs with MIG disabled (fix: use strategy 'mixed', or give every GPU the same profile)",
    ]);
  });

  test('throws when a tenant asks for a per-profile quota under single, pointing to mixed', () => {
    expect(errorLines((chart) => {
      const c = cluster(chart, { strategy: 'single' });
      h100(c, 'h100', { layout: { '1g.10gb': 7 } });
      new TenantQuota(chart, 't', { cluster: c, namespace: 't', slices: { '1g.10gb': 2 } });
    })).toEqual([
      "error: c/t.slices: a per-profile ResourceQuota is impossible under strategy single: every slice is advertised as nvidia.com/gpu, whatever its profile (fix: use strategy 'mixed', where each profile is its own resource nvidia.com/mig-<profile>, or admit the tenant through Kueue)",
    ]);
  });

  test("throws when a workload's profile is not offered by its pool", () => {
    expect(errorLines((chart) => {
      const pool = h100(cluster(chart));
      new MigWorkload(chart, 'w', { pool, profile: '7g.80gb', image: 'x' });
    })).toEqual([
      "error: c/w.profile: pool 'h100' offers no '7g.80gb' slices (its layout has '1g.10gb' or '3g.40gb') (fix: request one of those profiles, or add '7g.80gb' to the pool's layout)",
    ]);
  });

  test("throws when a pod's count cannot fit one node", () => {
    expect(errorLines((chart) => {
      const pool = h100(cluster(chart));
      new MigWorkload(chart, 'w', { pool, profile: '3g.40gb', slicesPerPod: 9, image: 'x' });
    })).toEqual([
      "error: c/w.slicesPerPod: one pod asks for 9 x nvidia.com/mig-3g.40gb but a node of pool 'h100' has 8; the pod could never be scheduled (fix: request at most 8 per pod, or give the pool more 3g.40gb slices per node)",
    ]);
  });

  test('throws when tenant quotas exceed what the pools offer, and names every tenant', () => {
    expect(errorLines((chart) => {
      const c = cluster(chart);
      h100(c); // 2 nodes x 8 GPUs x 1 = 16 x 3g.40gb
      new TenantQuota(chart, 'a', { cluster: c, namespace: 'a', slices: { '3g.40gb': 10 } });
      new TenantQuota(chart, 'b', { cluster: c, namespace: 'b', slices: { '3g.40gb': 7 } });
    })).toEqual([
      'error: c/b.slices: tenant quotas grant 17 x nvidia.com/mig-3g.40gb (a=10, b=7) but the pools offer 16 (fix: lower the grants to 16 in all, add capacity, or set allowOvercommit on the cluster)',
    ]);
  });

  test('allowOvercommit turns the capacity error into a warning', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const c = cluster(chart, { allowOvercommit: true });
    h100(c);
    new TenantQuota(chart, 'a', { cluster: c, namespace: 'a', slices: { '3g.40gb': 20 } });
    const objects = Testing.synth(chart);
    expect(objects.find((o) => o.kind === 'ResourceQuota').spec.hard['requests.nvidia.com/mig-3g.40gb']).toBe('20');
    expect(c.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', path: 'c/a.slices' })]);
  });

  test('throws when a tenant grants a profile no pool offers', () => {
    expect(errorLines((chart) => {
      const c = cluster(chart);
      h100(c);
      new TenantQuota(chart, 'a', { cluster: c, namespace: 'a', slices: { '1g.5gb': 1 } });
    })).toEqual([
      "error: c/a.slices.1g.5gb: no pool of the cluster offers '1g.5gb' slices (fix: grant profiles the pools offer: '1g.10gb' or '3g.40gb')",
    ]);
  });

  test('throws on names that are not DNS-1123', () => {
    expect(errorLines((chart) => {
      const c = cluster(chart);
      const pool = h100(c, 'H100_Pool');
      new MigWorkload(chart, 'w', { pool, profile: '1g.10gb', image: 'x', name: 'My App', namespace: 'Team A' });
      new TenantQuota(chart, 't', { cluster: c, namespace: 'team_b', slices: {} });
    }).map((l) => l.replace(/ \(fix: .*$/, ''))).toEqual([
      'error: c/gpus/H100_Pool.name: pool name "H100_Pool" is not valid: it must consist of lower-case letters, digits and "-", and start and end with a letter or digit',
      'error: c/w.name: workload name "My App" is not valid: it must consist of lower-case letters, digits, "-" and ".", and start and end with a letter or digit',
      "error: c/w.namespace: namespace 'Team A' is not valid: it must consist of lower-case letters, digits and \"-\", and start and end with a letter or digit",
      'error: c/t.namespace: namespace "team_b" is not valid: it must consist of lower-case letters, digits and "-", and start and end with a letter or digit',
    ]);
  });

  test('throws when two pools claim the same nodes with different layouts', () => {
    expect(errorLines((chart) => {
      const c = cluster(chart);
      h100(c, 'a', { nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' } });
      h100(c, 'b', { nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge', 'zone': 'a' }, layout: { '7g.80gb': 1 } });
      h100(c, 'c', { nodeSelector: { 'node.kubernetes.io/instance-type': 'p4d.24xlarge' }, layout: { '7g.80gb': 1 } });
    })).toEqual([
      'error: c/gpus/b.nodeSelector: pool \'b\' and pool \'a\' (c/gpus/a) can select the same nodes ({"node.kubernetes.io/instance-type":"p5.48xlarge","zone":"a"}) with different layouts (fix: give each pool a label the other does not match, e.g. a distinct node-group label)',
    ]);
  });

  test('pools on the same nodes with one partitioning are no conflict, however each writes it (layout or perGpu)', () => {
    const layout = { '3g.40gb': 1, '1g.10gb': 4 } as const;
    const chart = new Chart(Testing.app(), 'c');
    const c = cluster(chart);
    h100(c, 'a', { nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' }, gpusPerNode: 2 });
    h100(c, 'b', { nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' }, gpusPerNode: 2, layout: undefined, perGpu: [layout, layout] });
    // A third pool of that layout on one GPU more differs: it is reported.
    h100(c, 'd', { nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' }, gpusPerNode: 3 });
    expect(c.diagnostics.filter((d) => d.severity !== 'warning').map((d) => d.message)).toEqual([
      'pool \'d\' and pool \'a\' (c/gpus/a) can select the same nodes ({"node.kubernetes.io/instance-type":"p5.48xlarge"}) with different layouts',
      'pool \'d\' and pool \'b\' (c/gpus/b) can select the same nodes ({"node.kubernetes.io/instance-type":"p5.48xlarge"}) with different layouts',
    ]);
  });

  test('throws when two pools share a config name', () => {
    expect(errorLines((chart) => {
      const c = cluster(chart);
      h100(c, 'a', { name: 'gpu' });
      h100(c, 'b', { name: 'gpu' });
    })).toEqual([
      "error: c/gpus/b: pool name 'gpu' is used twice; it is the mig-parted config name, so it must be unique (fix: give every pool its own name)",
    ]);
  });

  test('reports every problem of the platform together', () => {
    const lines = errorLines((chart) => {
      const c = cluster(chart);
      const pool = h100(c, 'h100', { layout: { '3g.40gb': 2, '1g.10gb': 1 } });
      new MigWorkload(chart, 'w', { pool, profile: '1g.10gb', image: '' });
      new TenantQuota(chart, 't', { cluster: c, namespace: 't', slices: { '1g.10gb': 1 } });
    });
    expect(lines.map((l) => l.split(':')[1].trim())).toEqual(['c/gpus/h100.layout', 'c/w.image', 'c/t.slices.1g.10gb']);
  });

  test('Testing.synth validates too: nothing invalid is returned', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    h100(cluster(chart), 'h100', { layout: { '7g.80gb': 2 } });
    expect(() => Testing.synth(chart)).toThrow(/7g.80gb x2 exceeds the 1 instance H100-80GB allows per GPU/);
  });

  test('operatorValues throws the same diagnostics when the platform is invalid', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const c = cluster(chart);
    h100(c, 'h100', { layout: { '7g.80gb': 2 } });
    expect(() => c.operatorValues).toThrow(/c\/gpus\/h100.layout: the layout does not fit one H100-80GB/);
  });
});

describe('the schema validator used by these tests can fail', () => {
  test('rejects a Deployment without containers and a NodePool without nodeClassRef', () => {
    expect(() => validateManifest({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: {} } } } as never)).toThrow();
    expect(() => validateManifest({ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'x' }, spec: { template: { spec: { requirements: [] } } } } as never)).toThrow(/nodeClassRef/);
    expect(() => validateManifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_Name' } })).toThrow(/DNS-1123/);
  });
});

// Keep GpuModel referenced for the helper's generic signature.
export type _Model = GpuModel;
