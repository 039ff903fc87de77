import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { writeSnapshot, writeSpec } from './scenario';
import { validatePlatform, type PlatformSpec } from '../../src';
import { enumerateLayouts } from '../../src/geometry';
import { replanFleet, type ClusterState, type NodeState, type PodState } from '../../src/plan';
import { mig } from '../cli/helpers';

jest.setTimeout(120_000);

const FLEET: PlatformSpec = {
  strategy: 'mixed',
  pools: [{ name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 4, layout: { '1g.10gb': 7 } }],
  workloads: [{ name: 'vllm', namespace: 'team-a', pool: 'h100', profile: '1g.10gb', replicas: 12, image: 'vllm/vllm-openai:0.6.4' }],
  tenants: [],
};

describe('minimal-disruption replanning', () => {
  test('a demand change met by repartitioning 1 node of 4, where a plan from scratch changes 3', async () => {
    // 4 nodes x 8 GPUs x 7 x 1g.10gb = 224; the new demand: 150 x 1g.10gb and 16 x 3g.40gb.
    const r = await replanFleet({ platform: validatePlatform(FLEET).platform!, demand: { '1g.10gb': 150, '3g.40gb': 16 } });
    expect(r.provenOptimal).toBe(true);
    expect([r.nodesChanged, r.podsStopped, r.gpusChanged]).toEqual([1, 3, 8]);
    expect(r.groups).toEqual([{ fromPool: 'h100', pool: 'h100-2', layout: { '3g.40gb': 2 }, nodes: [expect.stringMatching(/^h100\/[1-4]$/)] }]);
    expect(r.unmet).toEqual({});
    expect(r.scratch.nodesChanged).toBe(3);
    expect(r.spec.pools).toEqual([
      { name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 3, layout: { '1g.10gb': 7 } },
      { name: 'h100-2', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '3g.40gb': 2 } },
    ]);
    // The desired spec is one mig render takes.
    expect(validatePlatform(r.spec).diagnostics.filter((d) => d.severity !== 'warning')).toEqual([]);
  });

  test('no change when the fleet already meets the demand; unmet when no layout can', async () => {
    const platform = validatePlatform(FLEET).platform!;
    expect((await replanFleet({ platform, demand: { '1g.10gb': 200 } })).nodesChanged).toBe(0);
    const r = await replanFleet({ platform, demand: { '7g.80gb': 40 } });
    // 32 GPUs hold at most 32 x 7g.80gb: every node is repartitioned and 8 stay unmet.
    expect([r.nodesChanged, r.unmet]).toEqual([4, { '7g.80gb': 8 }]);
  });

  test('with a snapshot the nodes with the fewest pods move, by name, and mig diff agrees', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-replan-'));
    writeSnapshot(path.join(dir, 'snap'));
    // The snapshot's pool: 3 nodes of 7 x 1g.10gb; node-a runs 2 vllm pods, node-b 1, node-c none.
    writeSpec(path.join(dir, 'current.yaml'), { ...FLEET, pools: [{ ...FLEET.pools[0], nodes: 3 }], workloads: [] });
    const args = ['plan', '--from', path.join(dir, 'current.yaml'), '--snapshot', path.join(dir, 'snap'), '--demand', '1g.10gb=100,3g.40gb=16'];
    const table = mig(args);
    expect([table.status, table.stderr]).toEqual([0, '']);
    expect(table.stdout.split('\n')[0]).toBe('Replan: 1 node(s) get a new layout, 0 running pod(s) stop, 8 GPU(s) repartitioned; proven optimal');
    const spec = mig([...args, '-o', 'spec']);
    const desired = parse(spec.stdout);
    expect(desired.pools.map((p: { name: string; nodeNames: string[]; layout: unknown }) => [p.name, p.nodeNames, p.layout])).toEqual([
      ['h100', ['node-a', 'node-b'], { '1g.10gb': 7 }],
      ['h100-2', ['node-c'], { '3g.40gb': 2 }],
    ]);
    fs.writeFileSync(path.join(dir, 'desired.yaml'), spec.stdout);
    const diff = JSON.parse(mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml'), '-o', 'json']).stdout);
    expect(diff.pools.flatMap((p: { changing: { name: string }[] }) => p.changing.map((n) => n.name))).toEqual(['node-c']);
    expect(diff.stopsRunningPods).toBe(false);
  });

  test('plans from scratch print a spec mig render takes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-replan-'));
    const r = mig(['plan', '--gpu', 'A100-40GB', '--demand', 'team-a:1g.5gb=10,team-b:3g.20gb=2', '-o', 'spec']);
    expect(r.status).toBe(0);
    const spec = parse(r.stdout);
    expect(spec.tenants).toEqual([{ namespace: 'team-a', slices: { '1g.5gb': 10 } }, { namespace: 'team-b', slices: { '3g.20gb': 2 } }]);
    fs.writeFileSync(path.join(dir, 'platform.yaml'), r.stdout);
    const render = mig(['render', path.join(dir, 'platform.yaml'), '-o', path.join(dir, 'out')]);
    expect([render.status, render.stderr]).toEqual([0, '']);
  });

  test('usage: --from and --gpu do not go together; --snapshot needs --from', () => {
    expect(mig(['plan', '--from', 'x.yaml', '--gpu', 'A30', '--demand', '1g.6gb=1']).stderr).toMatch(/^error: --gpu and --from do not go together/);
    expect(mig(['plan', '--gpu', 'A30', '--snapshot', 'snap', '--demand', '1g.6gb=1']).stderr).toMatch(/^error: --snapshot needs --from/);
  });
});

/**
 * The integer program against brute force on small fleets: every node either keeps its layout or
 * takes any valid layout of its GPU (not only the program's candidates), and the best choice is the
 * lexicographic minimum of (nodes changed, pods stopped, GPUs repartitioned), with demand met.
 */
describe('the replanning program is optimal on small fleets (brute force)', () => {
  const A30 = enumerateLayouts('A30').filter((f) => f.entries.length > 0).map((f) => Object.fromEntries(f.entries.map((e) => [e.profile.name, e.count])));
  const CURRENT: Record<string, number>[] = [{ '1g.6gb': 4 }, { '2g.12gb': 2 }, { '4g.24gb': 1 }, { '1g.6gb': 2, '2g.12gb': 1 }];
  const PROFILES = ['1g.6gb', '2g.12gb', '4g.24gb'];

  const fleet = fc.record({
    pools: fc.array(fc.record({
      layout: fc.nat({ max: CURRENT.length - 1 }),
      gpus: fc.integer({ min: 1, max: 2 }),
      pods: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 2 }),
    }), { minLength: 1, maxLength: 2 }),
    demand: fc.tuple(fc.nat({ max: 6 }), fc.nat({ max: 3 }), fc.nat({ max: 2 })),
  });

  test('25 random fleets: the same (nodes, pods, GPUs) as the best of every assignment', async () => {
    const samples = fc.sample(fleet, { numRuns: 25, seed: 20261203 });
    for (const s of samples) {
      const spec: PlatformSpec = {
        strategy: 'mixed',
        pools: s.pools.map((p, i) => ({ name: `p${i}`, gpu: 'A30', gpusPerNode: p.gpus, nodes: p.pods.length, layout: CURRENT[p.layout] })),
        workloads: [],
        tenants: [],
      };
      const platform = validatePlatform(spec).platform!;
      const nodes: { pool: number; name: string; pods: number; gpus: number; layout: Record<string, number> }[] = s.pools.flatMap((p, i) => p.pods.map((pods, k) => ({ pool: i, name: `n${i}-${k}`, pods, gpus: p.gpus, layout: CURRENT[p.layout] })));
      const state: ClusterState = {
        source: 'snapshot',
        pools: new Map(s.pools.map((_, i) => [`p${i}`, { name: `p${i}`, perNode: new Map(), nodes: nodes.filter((n) => n.pool === i).map((n): NodeState => ({ name: n.name, pool: `p${i}`, resources: new Map() })) }])),
        pods: nodes.flatMap((n) => Array.from({ length: n.pods }, (_, j): PodState => ({ namespace: 'x', name: `${n.name}-${j}`, node: n.name, phase: 'Running', resources: new Map([['nvidia.com/mig-1g.6gb', 1]]) }))),
      };
      const demand = Object.fromEntries(PROFILES.map((p, i) => [p, s.demand[i]]).filter(([, n]) => (n as number) > 0));
      const r = await replanFleet({ platform, state, demand });

      // Brute force over every node's choice: keep (-1) or one of all A30 layouts.
      let best: number[] | undefined;
      const choice = new Array<number>(nodes.length).fill(-1);
      const visit = (i: number) => {
        if (i === nodes.length) {
          const supply: Record<string, number> = {};
          nodes.forEach((n, k) => {
            const layout = choice[k] < 0 ? n.layout : A30[choice[k]];
            for (const [p, c] of Object.entries(layout)) supply[p] = (supply[p] ?? 0) + c * n.gpus;
          });
          if (!Object.entries(demand).every(([p, d]) => (supply[p] ?? 0) >= (d as number))) return;
          const moved = nodes.filter((_, k) => choice[k] >= 0);
          const score = [moved.length, moved.reduce((a, n) => a + n.pods, 0), moved.reduce((a, n) => a + n.gpus, 0)];
          const better = !best || score[0] - best[0] || score[1] - best[1] || score[2] - best[2];
          if (!best || (better as number) < 0) best = score;
          return;
        }
        for (let c = -1; c < A30.length; c++) {
          choice[i] = c;
          visit(i + 1);
        }
        choice[i] = -1;
      };
      visit(0);
      const context = JSON.stringify(s);
      if (best === undefined) {
        expect([context, Object.keys(r.unmet).length > 0]).toEqual([context, true]);
      } else {
        expect([context, r.unmet, r.provenOptimal]).toEqual([context, {}, true]);
        expect([context, r.nodesChanged, r.podsStopped, r.gpusChanged]).toEqual([context, ...best]);
      }
    }
  });
});
