import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { configOf, OLD_LAYOUT, poolSpec, writeSnapshot, writeSpec } from './scenario';
import { renderPlatform, type PlatformSpec } from '../../src';
import { mig } from '../cli/helpers';
import { testWithTools } from '../support/tools';

/**
 * The rollout script of `mig diff -o script`, run by sh against a fake kubectl on PATH that keeps
 * nodes, pods and MIG Manager states in a file (test/support/fake-kubectl.js): the order of its
 * calls, a failure that stops it with the node cordoned, a resume, and a dry run.
 */
const NEW_LAYOUT = { '3g.40gb': 1, '1g.10gb': 4 } as const;
const OLD = configOf(OLD_LAYOUT);
const NEW = configOf(NEW_LAYOUT);
const withShellcheck = testWithTools(['shellcheck'], 'the rollout script lint (shellcheck)');

interface FakeNode { labels: Record<string, string>; unschedulable?: boolean; fail?: boolean }
interface FakeState {
  nodes: Record<string, FakeNode>;
  pods: { namespace: string; name: string; node: string; phase: string; limits: Record<string, string>; pdbRefusals?: number; deleted?: boolean }[];
  configYaml: string;
  restarts?: number;
}

/** The MIG Manager ConfigMap's config.yaml a platform renders. */
function configYamlOf(spec: PlatformSpec): string {
  return (renderPlatform(spec).objects.find((o) => o.id === 'cluster/mig-parted-config')!.manifest.data as Record<string, string>)['config.yaml'];
}

interface Setup { dir: string; script: string; state: string; log: string }

function setup(failing: string[] = [], desired: PlatformSpec = poolSpec(NEW_LAYOUT, { previous: OLD_LAYOUT })): Setup {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-runbook-'));
  writeSnapshot(path.join(dir, 'snap'));
  writeSpec(path.join(dir, 'desired.yaml'), desired);
  const r = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml'), '-o', 'script']);
  expect([4, 5]).toContain(r.status);
  const script = path.join(dir, 'rollout.sh');
  fs.writeFileSync(script, r.stdout);
  const node = (name: string): FakeNode => ({
    labels: { 'mig-constructs.io/pool': 'h100', 'nvidia.com/mig.config': OLD, 'nvidia.com/mig.config.state': 'success' },
    ...(failing.includes(name) ? { fail: true } : {}),
  });
  const state: FakeState = {
    nodes: { 'node-a': node('node-a'), 'node-b': node('node-b'), 'node-c': node('node-c') },
    pods: [
      // The first eviction of this pod is refused, as a PodDisruptionBudget would.
      { namespace: 'team-a', name: 'vllm-6d4f-1', node: 'node-a', phase: 'Running', limits: { 'nvidia.com/mig-1g.10gb': '1' }, pdbRefusals: 1 },
      { namespace: 'team-a', name: 'vllm-6d4f-2', node: 'node-a', phase: 'Running', limits: { 'nvidia.com/mig-1g.10gb': '1' } },
      { namespace: 'web', name: 'web-1', node: 'node-a', phase: 'Running', limits: { cpu: '1' } },
      { namespace: 'team-a', name: 'vllm-6d4f-3', node: 'node-b', phase: 'Running', limits: { 'nvidia.com/mig-1g.10gb': '1' } },
    ],
    // The ConfigMap as the desired platform renders it (the new configs, and the previous ones it keeps).
    configYaml: configYamlOf(desired),
  };
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\nexec '${process.execPath}' '${path.resolve(__dirname, '../support/fake-kubectl.js')}' "$@"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state));
  return { dir, script, state: path.join(dir, 'state.json'), log: path.join(dir, 'kubectl.log') };
}

function run(t: ReturnType<typeof setup>, args: string[] = []): { status: number | null; stdout: string; calls: string[] } {
  fs.writeFileSync(t.log, '');
  const r = spawnSync('sh', [t.script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.join(t.dir, 'bin')}:${process.env.PATH}`, FAKE_KUBECTL_STATE: t.state, FAKE_KUBECTL_LOG: t.log, MIG_ROLLOUT_POLL: '0', MIG_ROLLOUT_TIMEOUT: '20' },
  });
  return { status: r.status, stdout: r.stdout + r.stderr, calls: fs.readFileSync(t.log, 'utf8').trim().split('\n').filter(Boolean) };
}

/** The calls that change the cluster, in order. */
const changes = (calls: string[]) => calls.filter((c) => /^(-n \S+ rollout restart|cordon|uncordon|label|create)/.test(c));
const state = (t: ReturnType<typeof setup>): FakeState => JSON.parse(fs.readFileSync(t.state, 'utf8'));
const evict = (ns: string, pod: string) => `create --raw /api/v1/namespaces/${ns}/pods/${pod}/eviction -f -`;
const relabel = (node: string) => `label node ${node} --overwrite nvidia.com/mig.config=${NEW} nvidia.com/mig.config.state-`;

describe('the rollout script', () => {
  test('rolls wave by wave: restart MIG Manager, then per node cordon, evict (retrying a PDB refusal), relabel, wait, uncordon', () => {
    const t = setup();
    const r = run(t);
    expect(r.status).toBe(0);
    expect(changes(r.calls)).toEqual([
      '-n gpu-operator rollout restart daemonset/nvidia-mig-manager',
      'cordon node-a',
      evict('team-a', 'vllm-6d4f-1'),
      evict('team-a', 'vllm-6d4f-2'),
      evict('team-a', 'vllm-6d4f-1'),
      relabel('node-a'),
      'uncordon node-a',
      'cordon node-b',
      evict('team-a', 'vllm-6d4f-3'),
      relabel('node-b'),
      'uncordon node-b',
      'cordon node-c',
      relabel('node-c'),
      'uncordon node-c',
    ]);
    expect(r.stdout).toContain('team-a/vllm-6d4f-1: eviction refused for now (PodDisruptionBudget), retrying');
    expect(r.stdout.trim().split('\n').pop()).toBe('done: every node is on its new config');
    const end = state(t);
    for (const n of Object.values(end.nodes)) expect([n.labels['nvidia.com/mig.config'], n.labels['nvidia.com/mig.config.state'], n.unschedulable]).toEqual([NEW, 'success', false]);
    expect(end.pods.filter((p) => !p.deleted).map((p) => p.name)).toEqual(['web-1']);
  });

  test('a node MIG Manager fails on stops the rollout, cordoned; after the fix a re-run resumes where it stopped', () => {
    const t = setup(['node-b']);
    const first = run(t);
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('STOPPED at node node-b: MIG Manager reports failed');
    expect(first.stdout).toContain('the node stays cordoned. Inspect: kubectl get node node-b --show-labels; kubectl -n gpu-operator get pods -l app=nvidia-mig-manager -o wide');
    let s = state(t);
    expect(s.nodes['node-b']).toMatchObject({ unschedulable: true, labels: { 'nvidia.com/mig.config': NEW, 'nvidia.com/mig.config.state': 'failed' } });
    expect(s.nodes['node-c']).toMatchObject({ labels: { 'nvidia.com/mig.config': OLD } });
    expect(changes(first.calls).some((c) => c.endsWith('node-c'))).toBe(false);

    // The cause is fixed; the MIG Manager restart at the start of the re-run re-applies node-b's config.
    s.nodes['node-b'].fail = false;
    fs.writeFileSync(t.state, JSON.stringify(s));
    const second = run(t);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`wave 1: node-a is on ${NEW} already: skipped`);
    expect(changes(second.calls)).toEqual([
      '-n gpu-operator rollout restart daemonset/nvidia-mig-manager',
      'cordon node-b',
      'uncordon node-b',
      'cordon node-c',
      relabel('node-c'),
      'uncordon node-c',
    ]);
    s = state(t);
    for (const n of Object.values(s.nodes)) expect([n.labels['nvidia.com/mig.config.state'], n.unschedulable]).toEqual(['success', false]);

    // Once everything is done, a third run changes nothing at all.
    const third = run(t);
    expect(third.status).toBe(0);
    expect(changes(third.calls)).toEqual([]);
    expect(third.stdout.trim()).toBe('every node is on its config: nothing to do');
  });

  test('--dry-run says what it would do and changes nothing', () => {
    const t = setup();
    const before = state(t);
    const r = run(t, ['--dry-run']);
    expect(r.status).toBe(0);
    expect(changes(r.calls)).toEqual([]);
    expect(state(t)).toEqual(before);
    expect(r.stdout).toContain('  would run: kubectl cordon node-a\n  would evict team-a/vllm-6d4f-1\n  would evict team-a/vllm-6d4f-2\n');
    expect(r.stdout).toContain(`  would run: kubectl ${relabel('node-c')}`);
  });

  test('a ConfigMap without the new config stops it before any change', () => {
    const t = setup();
    const s = state(t);
    s.configYaml = `version: v1\nmig-configs:\n  ${OLD}:\n    - devices: all\n`;
    fs.writeFileSync(t.state, JSON.stringify(s));
    const r = run(t);
    expect(r.status).toBe(1);
    expect(r.stdout.trim()).toBe(`the ConfigMap has no config ${NEW}: apply the new manifests first`);
    expect(changes(r.calls)).toEqual([]);
  });

  test('a node that moves to another pool gets the pool label and the config in one update; the rest is untouched', () => {
    const spec = poolSpec(OLD_LAYOUT, { nodes: 2 });
    const t = setup([], { ...spec, pools: [{ ...spec.pools[0], nodeNames: ['node-a', 'node-b'] }, { name: 'h100-b', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, nodeNames: ['node-c'], layout: { '3g.40gb': 2 } }] });
    const r = run(t);
    expect(r.status).toBe(0);
    const moved = changes(r.calls).find((c) => c.startsWith('label'))!;
    expect(moved).toMatch(new RegExp('^label node node-c --overwrite mig-constructs\\.io/pool=h100-b nvidia\\.com/mig\\.config=h100-b-[0-9a-f]{8} nvidia\\.com/mig\\.config\\.state-$'));
    expect(changes(r.calls).filter((c) => /node-a|node-b/.test(c))).toEqual([]);
    expect(state(t).nodes['node-c'].labels['mig-constructs.io/pool']).toBe('h100-b');
  });

  withShellcheck('passes shellcheck as a POSIX sh script', () => {
    const t = setup();
    const r = spawnSync('shellcheck', ['-s', 'sh', t.script], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('upgrading nodes labelled before versioned names: a rename, not a repartition', () => {
  test('mig diff sees the same geometry in the live ConfigMap: no pod stops, no wave; the script relabels without draining', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-rename-'));
    // The live ConfigMap an earlier version wrote: the same layout under the bare pool name.
    const configs = parse(configYamlOf(poolSpec(OLD_LAYOUT)))['mig-configs'];
    const legacyYaml = stringify({ 'version': 'v1', 'mig-configs': { 'all-disabled': configs['all-disabled'], 'h100': configs[OLD] } });
    writeSnapshot(path.join(dir, 'snap'), legacyYaml);
    // The nodes carry the old label only: nvidia.com/mig.config=h100, no pool label.
    const nodesFile = path.join(dir, 'snap', 'nodes.json');
    const nodes = JSON.parse(fs.readFileSync(nodesFile, 'utf8'));
    for (const n of nodes.items) n.metadata.labels = { 'nvidia.com/mig.config': 'h100', 'nvidia.com/mig.config.state': 'success' };
    fs.writeFileSync(nodesFile, JSON.stringify(nodes));
    writeSpec(path.join(dir, 'desired.yaml'), poolSpec(OLD_LAYOUT));

    const json = mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml'), '-o', 'json']);
    expect(json.status).toBe(4);
    const report = JSON.parse(json.stdout);
    type Change = { name: string; renameOnly?: boolean; podsToStop: unknown[] };
    expect(report.pools[0].changing.map((n: Change) => [n.name, n.renameOnly, n.podsToStop.length])).toEqual([
      ['node-a', true, 0], ['node-b', true, 0], ['node-c', true, 0],
    ]);
    expect([report.stopsRunningPods, report.waves.waves]).toEqual([false, []]);
    expect(mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml')]).stdout).toContain('- (a rename: the same geometry, MIG Manager touches no GPU)');

    const script = path.join(dir, 'rollout.sh');
    fs.writeFileSync(script, mig(['diff', path.join(dir, 'snap'), path.join(dir, 'desired.yaml'), '-o', 'script']).stdout);
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\nexec '${process.execPath}' '${path.resolve(__dirname, '../support/fake-kubectl.js')}' "$@"\n`, { mode: 0o755 });
    const fake = {
      nodes: Object.fromEntries(['node-a', 'node-b', 'node-c'].map((n) => [n, { labels: { 'nvidia.com/mig.config': 'h100', 'nvidia.com/mig.config.state': 'success' } }])),
      pods: [{ namespace: 'team-a', name: 'vllm-6d4f-1', node: 'node-a', phase: 'Running', limits: { 'nvidia.com/mig-1g.10gb': '1' } }],
      configYaml: configYamlOf(poolSpec(OLD_LAYOUT)),
    };
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(fake));
    const r = run({ dir, script, state: path.join(dir, 'state.json'), log: path.join(dir, 'kubectl.log') });
    expect(r.status).toBe(0);
    expect(changes(r.calls)).toEqual([
      '-n gpu-operator rollout restart daemonset/nvidia-mig-manager',
      ...['node-a', 'node-b', 'node-c'].map((n) => `label node ${n} --overwrite mig-constructs.io/pool=h100 nvidia.com/mig.config=${OLD} nvidia.com/mig.config.state-`),
    ]);
    const end = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
    expect(end.pods[0].deleted).toBeUndefined();
  });
});
