import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { configOf, OLD_LAYOUT, poolSpec, writeSnapshot, writeSpec } from './scenario';
import { renderPlatform, validatePlatform } from '../../src';
import * as c8 from '../../src/cdk8s';
import { diffPlatform, stateFromManifests, stateFromPlatform } from '../../src/plan';
import { mig } from '../cli/helpers';

const NEW_LAYOUT = { '3g.40gb': 1, '1g.10gb': 4 } as const;
const OLD = configOf(OLD_LAYOUT);
const NEW = configOf(NEW_LAYOUT);

function workdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mig-diff-'));
}

describe('mig diff on a cluster snapshot: a 3-node pool changes layout, MIG pods on 2 nodes', () => {
  const dir = workdir();
  writeSnapshot(path.join(dir, 'snap'));
  writeSpec(path.join(dir, 'desired.yaml'), poolSpec(NEW_LAYOUT, { previous: OLD_LAYOUT }));

  test('-o json: every node changes config; the pods on node-a and node-b must stop; exit 5', () => {
    const r = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml'), '-o', 'json']);
    expect([r.status, r.stderr]).toEqual([5, '']);
    const report = JSON.parse(r.stdout);
    expect(report.pools).toEqual([{
      pool: 'h100',
      configBefore: OLD,
      configAfter: NEW,
      perNodeBefore: { 'nvidia.com/mig-1g.10gb': 56 },
      perNodeAfter: { 'nvidia.com/mig-1g.10gb': 32, 'nvidia.com/mig-3g.40gb': 8 },
      nodes: 3,
      status: 'changed',
      changing: [
        {
          name: 'node-a',
          pool: 'h100',
          configBefore: OLD,
          configAfter: NEW,
          podsToStop: [
            { namespace: 'team-a', name: 'vllm-6d4f-1', owner: 'ReplicaSet/vllm-6d4f', node: 'node-a', phase: 'Running', resources: { 'nvidia.com/mig-1g.10gb': 1 } },
            { namespace: 'team-a', name: 'vllm-6d4f-2', owner: 'ReplicaSet/vllm-6d4f', node: 'node-a', phase: 'Running', resources: { 'nvidia.com/mig-1g.10gb': 1 } },
          ],
        },
        {
          name: 'node-b',
          pool: 'h100',
          configBefore: OLD,
          configAfter: NEW,
          podsToStop: [
            { namespace: 'team-a', name: 'vllm-6d4f-3', owner: 'ReplicaSet/vllm-6d4f', node: 'node-b', phase: 'Running', resources: { 'nvidia.com/mig-1g.10gb': 1 } },
          ],
        },
        { name: 'node-c', pool: 'h100', configBefore: OLD, configAfter: NEW, podsToStop: [] },
      ],
    }]);
    // The CPU-only pod on node-a is not a MIG pod: it stays.
    expect(report.podsToStop.map((p: { name: string }) => p.name)).toEqual(['vllm-6d4f-1', 'vllm-6d4f-2', 'vllm-6d4f-3']);
    expect(report.pending).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.waves).toEqual({
      feasible: true,
      waves: [
        { index: 1, pool: 'h100', nodes: ['node-a'], configAfter: NEW },
        { index: 2, pool: 'h100', nodes: ['node-b'], configAfter: NEW },
        { index: 3, pool: 'h100', nodes: ['node-c'], configAfter: NEW },
      ],
    });
  });

  test('the table names each node, its config before and after, and the pods that must stop', () => {
    const r = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml')]);
    expect(r.status).toBe(5);
    expect(r.stdout).toContain(`│ node-a │ ${OLD} -> ${NEW} │ team-a/vllm-6d4f-1 (ReplicaSet/vllm-6d4f) Running nvidia.com/mig-1g.10gb=1 │`);
    expect(r.stdout).toContain('  2. h100: node-b -> ');
    expect(r.stdout.trim().split('\n').pop()).toBe('3 node(s) change; 3 running pod(s) must stop');
  });

  test('--max-unavailable 2 puts two nodes in a wave', () => {
    const report = JSON.parse(mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml'), '-o', 'json', '--max-unavailable', '2']).stdout);
    expect(report.waves.waves.map((w: { nodes: string[] }) => w.nodes)).toEqual([['node-a', 'node-b'], ['node-c']]);
  });

  test('a desired spec that drops the config nodes still use is warned about (previous keeps it)', () => {
    writeSpec(path.join(dir, 'no-previous.yaml'), poolSpec(NEW_LAYOUT));
    const r = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'no-previous.yaml')]);
    expect(r.stdout).toContain(`warning: pool 'h100': nodes on ${OLD} wait for their turn, but the desired spec drops that config from the ConfigMap: give the pool previous: { layout: <its current layout> } until every node is rolled`);
  });

  test('the same layout: no change, exit 0', () => {
    writeSpec(path.join(dir, 'same.yaml'), poolSpec(OLD_LAYOUT));
    const r = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'same.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe('no node changes its MIG config');
  });

  test('a layout that drops the profile running pods hold: no order keeps capacity, reported with the wave and the shortfall', () => {
    writeSpec(path.join(dir, 'no-1g.yaml'), poolSpec({ '3g.40gb': 2 }, { workload: false }));
    const r = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'no-1g.yaml'), '-o', 'json']);
    expect(r.status).toBe(5);
    const report = JSON.parse(r.stdout);
    // Waves 1 and 2 leave node-c on the old layout; in wave 3 no node offers 1g.10gb for the 3 running pods.
    expect(report.waves.feasible).toBe(false);
    expect(report.waves.shortfall).toEqual({ wave: 3, resource: 'nvidia.com/mig-1g.10gb', available: 0, needed: 3, short: 3 });
    expect(report.pending).toEqual([{ resource: 'nvidia.com/mig-1g.10gb', demand: 3, capacityAfter: 0, short: 3, workloads: ['ReplicaSet/vllm-6d4f'] }]);
    const table = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'no-1g.yaml')]).stdout;
    expect(table).toContain('no order keeps capacity: in wave 3, nvidia.com/mig-1g.10gb: 0 offered by the other nodes, 3 held by running pods, 3 short');
    expect(table).toContain('left Pending: nvidia.com/mig-1g.10gb: 3 asked, 0 offered after the change, 3 short (ReplicaSet/vllm-6d4f)');
  });

  test('a live ConfigMap without the new config is named', () => {
    const snap = path.join(dir, 'snap-cm');
    writeSnapshot(snap, `version: v1\nmig-configs:\n  all-disabled:\n    - devices: all\n      mig-enabled: false\n  ${OLD}:\n    - devices: all\n`);
    const r = mig(['diff', snap, path.join(dir, 'desired.yaml')]);
    expect(r.stdout).toContain(`the live ConfigMap has no config ${NEW}: apply the new manifests before rolling`);
    expect(JSON.parse(mig(['diff', snap, path.join(dir, 'desired.yaml'), '-o', 'json']).stdout).missingConfigs).toEqual([NEW]);
  });

  test('bad input: one line with the fix, exit 1 or 2', () => {
    expect(mig(['diff', path.join(dir, 'nope'), path.join(dir, 'desired.yaml')]).stderr).toMatch(/^error: cannot read .*nope: ENOENT \(fix: give a previous spec/);
    const broken = path.join(dir, 'broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'nodes.json'), '{"items": [');
    fs.writeFileSync(path.join(broken, 'pods.json'), '{"items": []}');
    const r = mig(['diff', broken, path.join(dir, 'desired.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: .*nodes\.json is not JSON: .* \(fix: write it with kubectl … -o json\)\n$/);
    expect(mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml'), '--max-unavailable', '0']).status).toBe(2);
  });
});

describe('impact from a previous spec or from synthesized manifests', () => {
  test('spec to spec: the 3 nodes of the pool change and its 3 pods stop, one per node', () => {
    const before = stateFromPlatform(validatePlatform(poolSpec(OLD_LAYOUT)).platform!);
    const report = diffPlatform(before, validatePlatform(poolSpec(NEW_LAYOUT)).platform!);
    expect(report.pools[0].changing.map((n) => [n.name, n.podsToStop.map((p) => p.name)])).toEqual([['h100/1', ['vllm-0']], ['h100/2', ['vllm-1']], ['h100/3', ['vllm-2']]]);
    expect(report.stopsRunningPods).toBe(true);
  });

  test('manifests to spec: the ConfigMap\'s config, the workloads\' replicas; a pool added is new, not a repartition', () => {
    const before = renderPlatform(poolSpec(OLD_LAYOUT)).objects.map((o) => o.manifest);
    const desired = validatePlatform({ ...poolSpec(NEW_LAYOUT), pools: [...poolSpec(NEW_LAYOUT).pools, { name: 'extra', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } }] }).platform!;
    const report = diffPlatform(stateFromManifests(before, desired), desired);
    expect(report.pools.map((p) => [p.pool, p.status, p.configBefore ?? null, p.changing.length])).toEqual([['h100', 'changed', OLD, 3], ['extra', 'new', null, 0]]);
    expect(report.pools[0].perNodeBefore).toEqual({ 'nvidia.com/mig-1g.10gb': 56 });
    expect(report.podsToStop).toHaveLength(3);
  });
});

describe('mig diff on hostile snapshots and manifests: one clean line, never a crash', () => {
  const dir = workdir();
  writeSpec(path.join(dir, 'desired.yaml'), poolSpec(NEW_LAYOUT, { previous: OLD_LAYOUT }));
  const cases: [string, Record<string, string>, number, RegExp | undefined][] = [
    ['nodes.json is not a list', { 'nodes.json': '{}', 'pods.json': '{"items":[]}' }, 2, /the nodes file is not a Kubernetes list \(no items\)/],
    ['nodes.json is null', { 'nodes.json': 'null', 'pods.json': '[]' }, 2, /the nodes file is not a Kubernetes list/],
    ['pods.json is missing', { 'nodes.json': '{"items":[]}' }, 2, /has nodes\.json but no pods\.json \(fix: kubectl get pods -A -o json > pods\.json\)/],
    ['items of the wrong types and quantities that are not numbers', {
      'nodes.json': '{"items":[null, 5, {"metadata":null}, {"metadata":{"name":"x","labels":{"mig-constructs.io/pool":"h100"}},"status":{"allocatable":{"nvidia.com/mig-1g.10gb":"lots"}}}]}',
      'pods.json': '{"items":[null,{"spec":{"containers":[null,{"resources":{"limits":{"nvidia.com/gpu":"1e99"}}}]},"status":{"phase":"Running"}}]}',
    }, 4, undefined],
    ['a folder of YAML that is not manifests', { 'x.yaml': 'just: text\n' }, 2, /the manifests hold no MIG Manager ConfigMap/],
  ];
  test.each(cases)('%s', (_, files, status, words) => {
    const d = fs.mkdtempSync(path.join(dir, 'case-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(d, name), text);
    const r = mig(['diff', d, path.join(dir, 'desired.yaml')]);
    expect(r.status).toBe(status);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    if (words) expect(r.stderr).toMatch(words);
    else expect(r.stderr).toBe('');
  });
});

describe('a pool split by nodeNames: only the named node moves', () => {
  test('one node of three moves to a new pool and layout; the others are untouched', () => {
    const dir = workdir();
    writeSnapshot(path.join(dir, 'snap'));
    const spec = poolSpec(OLD_LAYOUT, { nodes: 2 });
    writeSpec(path.join(dir, 'split.yaml'), {
      ...spec,
      pools: [
        { ...spec.pools[0], nodeNames: ['node-a', 'node-b'] },
        { name: 'h100-b', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, nodeNames: ['node-c'], layout: { '3g.40gb': 2 } },
      ],
    });
    const r = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'split.yaml'), '-o', 'json']);
    expect([r.status, r.stderr]).toEqual([4, '']);
    const report = JSON.parse(r.stdout);
    expect(report.pools.map((p: { pool: string; status: string; changing: unknown[] }) => [p.pool, p.status, p.changing.length])).toEqual([['h100', 'unchanged', 0], ['h100-b', 'changed', 1]]);
    const b = validatePlatform({ ...spec, pools: [{ name: 'h100-b', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '3g.40gb': 2 } }], workloads: [] }).platform!.pools[0].configName;
    expect(report.pools[1].changing).toEqual([{ name: 'node-c', pool: 'h100-b', poolBefore: 'h100', configBefore: OLD, configAfter: b, podsToStop: [] }]);
    expect(report.warnings).toEqual([]);
    const script = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'split.yaml'), '-o', 'script']).stdout;
    expect(script).toContain(`wave 1 'h100-b' '${b}' 'node-c'`);
  });

  test('nodeNames are checked: names, duplicates, the count, a node in two pools', () => {
    const messages = (pools: unknown[]) => validatePlatform({ strategy: 'mixed', pools: pools as never, workloads: [], tenants: [] }).diagnostics.map((d) => d.message);
    const pool = { name: 'p', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '1g.10gb': 7 } };
    expect(messages([{ ...pool, nodeNames: ['Node_A', 'b'] }])).toEqual(['"Node_A" is not a node name: it must consist of lower-case letters, digits, "-" and ".", and start and end with a letter or digit']);
    expect(messages([{ ...pool, nodeNames: ['a', 'a'] }])).toEqual(["node 'a' is listed twice"]);
    expect(messages([{ ...pool, nodeNames: ['a'] }])).toEqual(['nodes is 2 but nodeNames lists 1']);
    expect(messages([{ ...pool, nodeNames: ['a', 'b'] }, { ...pool, name: 'q', layout: { '7g.80gb': 1 }, nodeNames: ['b', 'c'] }])).toEqual(["node 'b' is named by pool 'q' and pool 'p'"]);
  });
});

describe('CURRENT as a previous spec, and the constructs carry previous', () => {
  test('mig diff current.yaml desired.yaml: the spec\'s nodes and replicas stand for the cluster', () => {
    const dir = workdir();
    writeSpec(path.join(dir, 'current.yaml'), poolSpec(OLD_LAYOUT));
    writeSpec(path.join(dir, 'desired.yaml'), poolSpec(NEW_LAYOUT, { previous: OLD_LAYOUT }));
    const r = mig(['diff', path.join(dir, 'current.yaml'), path.join(dir, 'desired.yaml'), '-o', 'json']);
    expect(r.status).toBe(5);
    const report = JSON.parse(r.stdout);
    expect(report.source).toBe('spec');
    expect(report.pools[0].changing.map((n: { name: string }) => n.name)).toEqual(['h100/1', 'h100/2', 'h100/3']);
    expect(report.podsToStop.map((p: { name: string }) => p.name)).toEqual(['vllm-0', 'vllm-1', 'vllm-2']);
  });

  test('a cdk8s pool with previous keeps both configs in the ConfigMap it synthesizes', () => {
    const chart = new Chart(Testing.app(), 'roll');
    const cluster = new c8.MigCluster(chart, 'gpus', { strategy: 'mixed' });
    const pool = new c8.MigNodePool(cluster, 'h100', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 3, layout: NEW_LAYOUT, previous: { layout: OLD_LAYOUT } });
    const cm = Testing.synth(chart).find((o) => o.kind === 'ConfigMap')!;
    expect(Object.keys(parse(cm.data['config.yaml'])['mig-configs'])).toEqual(['all-disabled', NEW, OLD]);
    expect(pool.nodeLabels).toEqual({ 'mig-constructs.io/pool': 'h100', 'nvidia.com/mig.config': NEW });
  });
});
