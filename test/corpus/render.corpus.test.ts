/**
 * Bad-input corpus for `mig render`: each spec must exit 1 (or 2 for what cannot be read), name the
 * problem in words a user recognises, print no stack trace and write no file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { cli, expectCleanRejection, tmpDir } from './helpers';

const POOL = { name: 'p', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '1g.10gb': 7 } };
const WORKLOAD = { name: 'w', namespace: 'team-a', pool: 'p', profile: '1g.10gb', image: 'registry.example.com/x:1' };
const TENANT = { namespace: 'team-b', slices: { '1g.10gb': 4 } };
const base = (patch: Record<string, unknown> = {}) => ({ strategy: 'mixed', pools: [POOL], workloads: [WORKLOAD], tenants: [TENANT], ...patch });
const pool = (p: Record<string, unknown>) => base({ pools: [{ ...POOL, ...p }] });
const workload = (w: Record<string, unknown>) => base({ workloads: [{ ...WORKLOAD, ...w }] });
const tenant = (t: Record<string, unknown>) => base({ tenants: [{ ...TENANT, ...t }] });
const operator = (o: Record<string, unknown>) => base({ operator: o });

// [case, spec (object or raw YAML text), words the message must contain]
const CASES: [string, unknown, RegExp][] = [
  ['an empty file', '', /not a map/],
  ['a list at the top', '- a\n- b\n', /not a map/],
  ['a YAML syntax error', 'strategy: mixed\npools: [\n', /not valid YAML/],
  ['a YAML alias bomb', 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nstrategy: mixed\n', /aliases .* more than 100 times/],
  ['20,000-deep flow nesting', `strategy: mixed\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, /nested too deeply|nested more than/],
  ['200-deep block nesting', `strategy: mixed\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`, /nested more than 64 levels/],
  ['a duplicate key', 'strategy: mixed\nstrategy: single\n', /appears twice/],
  ['no strategy', { pools: [] }, /'strategy' field is missing/],
  ['an unknown strategy', base({ strategy: 'both' }), /not a MIG strategy/],
  ['an unknown top-level field', base({ pool: [] }), /unknown field 'pool'/],
  ['pools as a map', base({ pools: { p: POOL } }), /pools is not a list/],
  ['a pool as a string', base({ pools: ['p'] }), /pools\[0\] is not a map/],
  ['a pool without a name', pool({ name: undefined }), /'name' field is missing/],
  ['a pool name with capitals', pool({ name: 'H100_Pool' }), /pool name "H100_Pool" is not valid/],
  ['a pool named all-disabled', pool({ name: 'all-disabled' }), /reserved/],
  ['a pool name of 64 characters', pool({ name: 'p'.repeat(64) }), /limit is 63/],
  ['an unknown GPU model', pool({ gpu: 'V100' }), /not a GPU model in the catalogue/],
  ['a GPU model in lower case', pool({ gpu: 'h100-80gb' }), /did you mean 'H100-80GB'/],
  ['gpusPerNode 0', pool({ gpusPerNode: 0 }), /gpusPerNode is 0; it must be a whole number >= 1/],
  ['gpusPerNode 1.5', pool({ gpusPerNode: 1.5 }), /gpusPerNode is 1.5/],
  ['gpusPerNode 100000000', pool({ gpusPerNode: 100000000 }), /it must be at most 64/],
  ['gpusPerNode 2^31', pool({ gpusPerNode: 2 ** 31 }), /it must be at most 64/],
  ['gpusPerNode 2^32', pool({ gpusPerNode: 2 ** 32 }), /it must be at most 64/],
  ['gpusPerNode as a string', pool({ gpusPerNode: '8' }), /gpusPerNode is "8"/],
  ['gpusPerNode .inf', 'strategy: mixed\npools:\n  - {name: p, gpu: H100-80GB, gpusPerNode: .inf, nodes: 1, layout: {1g.10gb: 7}}\n', /gpusPerNode is Infinity/],
  ['gpusPerNode .nan', 'strategy: mixed\npools:\n  - {name: p, gpu: H100-80GB, gpusPerNode: .nan, nodes: 1, layout: {1g.10gb: 7}}\n', /gpusPerNode is NaN/],
  ['nodes -1', pool({ nodes: -1 }), /nodes is -1/],
  ['nodes 10^6', pool({ nodes: 1000000 }), /at most 100000/],
  ['no layout', pool({ layout: undefined }), /neither layout nor perGpu/],
  ['layout and perGpu', pool({ perGpu: [{ '1g.10gb': 7 }] }), /both layout and perGpu/],
  ['a layout that does not fit', pool({ layout: { '3g.40gb': 2, '1g.10gb': 1 } }), /does not fit one H100-80GB/],
  ['a profile of another GPU', pool({ layout: { '1g.5gb': 7 } }), /not a MIG profile of H100-80GB/],
  ['a layout count 0', pool({ layout: { '1g.10gb': 0 } }), /counts must be >= 1/],
  ['a layout count as a string', pool({ layout: { '1g.10gb': '7' } }), /count for '1g.10gb'/],
  ['a layout as a list', pool({ layout: ['1g.10gb'] }), /layout is a list of 1, not a map/],
  ['an empty layout', pool({ layout: {} }), /has no MIG instances/],
  ['perGpu of the wrong length', pool({ layout: undefined, perGpu: [{ '1g.10gb': 7 }] }), /perGpu has 1 entries but the nodes have 8 GPUs/],
  ['perGpu as a map', pool({ layout: undefined, perGpu: { 0: { '1g.10gb': 7 } } }), /perGpu is a map, not a list/],
  ['perGpu with a string', pool({ gpusPerNode: 1, layout: undefined, perGpu: ['all'] }), /not a map of profile to count/],
  ['taints as a map', pool({ taints: { key: 'a', effect: 'NoSchedule' } }), /taints is not a list/],
  ['a taint without effect', pool({ taints: [{ key: 'nvidia.com/gpu' }] }), /'effect' field is missing/],
  ['a taint with a bad effect', pool({ taints: [{ key: 'a', effect: 'Never' }] }), /effect is "Never", not one of 'NoSchedule'/],
  ['a numeric taint value', pool({ taints: [{ key: 'a', value: 1, effect: 'NoSchedule' }] }), /value is 1, not a string/],
  ['a taint value with spaces', pool({ taints: [{ key: 'a', value: 'x y', effect: 'NoSchedule' }] }), /taint value "x y" is not valid/],
  ['a bad taint key', pool({ taints: [{ key: 'a b', effect: 'NoSchedule' }] }), /taint key "a b" is not valid/],
  ['nodeSelector as a list', pool({ nodeSelector: ['a=b'] }), /nodeSelector is a list of 1, not a map/],
  ['a numeric nodeSelector value', pool({ nodeSelector: { zone: 1 } }), /nodeSelector.zone is 1, not a string/],
  ['a nodeSelector value over 63 characters', pool({ nodeSelector: { zone: 'z'.repeat(64) } }), /not a valid label value/],
  ['a nodeSelector claiming nvidia.com/mig.config', pool({ nodeSelector: { 'nvidia.com/mig.config': 'mine' } }), /set by mig-constructs/],
  ['a nodeSelector claiming nvidia.com/device-plugin.config', pool({ nodeSelector: { 'nvidia.com/device-plugin.config': 'x' } }), /set by mig-constructs/],
  ['a bad label key', pool({ nodeSelector: { 'a/b/c': 'x' } }), /not a valid label key/],
  ['timeSlicing replicas 1', pool({ timeSlicing: { replicas: 1 } }), /replicas is 1; it must be a whole number >= 2/],
  ['a typo in timeSlicing', pool({ timeSlicing: { replicas: 2, renameByDefualt: true } }), /unknown field 'renameByDefualt'/],
  ['renameByDefault "no"', pool({ timeSlicing: { replicas: 2, renameByDefault: 'no' } }), /renameByDefault is "no", not true or false/],
  ['karpenter without nodeClassRef', pool({ karpenter: {} }), /'nodeClassRef' field is missing/],
  ['a Karpenter limit "lots"', pool({ karpenter: { nodeClassRef: { group: 'g', kind: 'k', name: 'n' }, limits: { 'nvidia.com/gpu': 'lots' } } }), /not a Kubernetes quantity/],
  ['an empty nodeClassRef name', pool({ karpenter: { nodeClassRef: { group: 'g', kind: 'k', name: '' } } }), /nodeClassRef.name is empty/],
  ['two pools with one name', base({ pools: [POOL, POOL] }), /used twice/],
  ['two pools that select the same nodes', base({ pools: [{ ...POOL, nodeSelector: { a: 'b' } }, { ...POOL, name: 'q', nodeSelector: { a: 'b' }, layout: { '7g.80gb': 1 } }] }), /can select the same nodes/],
  ['single with two profiles', base({ strategy: 'single', pools: [{ ...POOL, layout: { '1g.10gb': 4, '3g.40gb': 1 } }], workloads: [], tenants: [] }), /strategy single needs one and the same profile/],
  ['single with a tenant quota', base({ strategy: 'single', workloads: [] }), /impossible under strategy single/],
  ['a workload without image', workload({ image: undefined }), /'image' field is missing/],
  ['a numeric image', workload({ image: 42 }), /image is 42, not a string/],
  ['an image with a NUL byte', workload({ image: 'reg/x\u0000:1' }), /control character/],
  ['an image with spaces', workload({ image: 'reg/x :1' }), /contains white space/],
  ['an empty image', workload({ image: '' }), /image "" is not valid: it is empty/],
  ['a workload name with a dot', workload({ name: 'my.app' }), /cannot be the container name/],
  ['a workload name of 64 characters', workload({ name: 'w'.repeat(64) }), /label value/],
  ['a numeric namespace', workload({ namespace: 7 }), /namespace is 7, not a string/],
  ['a namespace with capitals', workload({ namespace: 'Team-A' }), /namespace 'Team-A' is not valid/],
  ['replicas above int32', workload({ replicas: 2 ** 31 }), /replicas is 2147483648; it must be at most 2147483647/],
  ['replicas -1', workload({ replicas: -1 }), /replicas is -1/],
  ['slicesPerPod 0', workload({ slicesPerPod: 0 }), /slicesPerPod is 0/],
  ['slicesPerPod above a node', workload({ slicesPerPod: 57 }), /could never be scheduled/],
  ['an unknown kind', workload({ kind: 'Pod' }), /kind is "Pod", not one of 'Deployment'/],
  ['args as one string', workload({ args: '--model x' }), /args is "--model x", not a list/],
  ['a numeric arg', workload({ args: ['--port', 8080] }), /args\[1\] is 8080, not a string/],
  ['command as a string', workload({ command: 'python serve.py' }), /command is "python serve.py", not a list/],
  ['a numeric env value', workload({ env: { PORT: 8080 } }), /env.PORT is 8080, not a string/],
  ['a boolean env value', workload({ env: { DEBUG: true } }), /env.DEBUG is true, not a string/],
  ['an env name with =', workload({ env: { 'A=B': 'x' } }), /environment variable name "A=B" is not valid/],
  ['env as a list', workload({ env: [{ name: 'A', value: 'b' }] }), /env is a list of 1, not a map/],
  ['a bad container name', workload({ containerName: 'Main' }), /container name 'Main' is not valid/],
  ['a StatefulSet serviceName with a dot', workload({ kind: 'StatefulSet', serviceName: 'svc.x' }), /not a valid Service name/],
  ['a StatefulSet named with a dot and no serviceName', workload({ kind: 'StatefulSet', name: 'db.x', containerName: 'db' }), /cannot be the StatefulSet's serviceName/],
  ['a workload label claiming app.kubernetes.io/name', workload({ labels: { 'app.kubernetes.io/name': 'x' } }), /set by mig-constructs/],
  ['a numeric label value', workload({ labels: { tier: 1 } }), /labels.tier is 1, not a string/],
  ['an unknown pool', workload({ pool: 'nope' }), /pool "nope" is not a valid pool/],
  ['a profile the pool lacks', workload({ profile: '3g.40gb' }), /offers no '3g.40gb' slices/],
  ['a profile of another GPU', workload({ profile: '1g.5gb' }), /not a MIG profile of H100-80GB/],
  ['a typo in a workload', workload({ replica: 2 }), /unknown field 'replica'/],
  ['two workloads with one name', base({ workloads: [WORKLOAD, WORKLOAD] }), /already exists in namespace 'team-a'/],
  ['a tenant without slices', tenant({ slices: undefined }), /'slices' field is missing/],
  ['a tenant slice count -1', tenant({ slices: { '1g.10gb': -1 } }), /count for '1g.10gb' is -1/],
  ['a tenant slice count 1e20', tenant({ slices: { '1g.10gb': 1e20 } }), /whole number from 0 to 2147483647/],
  ['a tenant granting an unoffered profile', tenant({ slices: { '3g.40gb': 1 } }), /no pool of the cluster offers '3g.40gb'/],
  ['a tenant granting a made-up profile', tenant({ slices: { '9g.99gb': 1 } }), /not a MIG profile of any GPU/],
  ['a tenant over capacity', tenant({ slices: { '1g.10gb': 1000 } }), /but the pools offer 112/],
  ['a tenant namespace with capitals', tenant({ namespace: 'Team' }), /namespace "Team" is not valid/],
  ['createNamespace "false"', tenant({ createNamespace: 'false' }), /createNamespace is "false", not true or false/],
  ['two tenants in one namespace', base({ tenants: [TENANT, TENANT] }), /has two tenant quotas/],
  ['a bad quota name', tenant({ quotaName: 'Quota_1' }), /not a valid ResourceQuota name/],
  ['a quota of 0 for the workload', base({ tenants: [{ namespace: 'team-a', slices: { '1g.10gb': 0 } }] }), /quota allows 0 of it/],
  ['a quota that denies the workload', base({ pools: [{ ...POOL, layout: { '1g.10gb': 4, '3g.40gb': 1 } }], tenants: [{ namespace: 'team-a', slices: { '3g.40gb': 1 } }] }), /quota allows 0 of it/],
  ['operator as a string', base({ operator: 'v26.7.0' }), /operator is not a map/],
  ['withReboot "false"', operator({ withReboot: 'false' }), /withReboot is "false", not true or false/],
  ['a typo in dcgmExporter', operator({ dcgmExporter: { serviceMonitr: true } }), /unknown field 'serviceMonitr'/],
  ['a release name of 54 characters', operator({ releaseName: 'r'.repeat(54) }), /Helm allows 53/],
  ['a chart repository without a scheme', operator({ chartRepository: 'helm.ngc.nvidia.com/nvidia', gitops: { flux: true } }), /https:\/\/, http:\/\/ or oci:\/\//],
  ['a Flux interval of 1d', operator({ gitops: { flux: { interval: '1d' } } }), /no days/],
  ['a numeric operator namespace', operator({ namespace: 5 }), /namespace is 5, not a string/],
  ['an empty chart version', operator({ version: ' ' }), /chart version is empty/],
  ['one name for both ConfigMaps', operator({ devicePluginConfigMapName: 'mig-parted-config' }), /both named 'mig-parted-config'/],
  ['gitops.flux as a number', operator({ gitops: { flux: 1 } }), /flux is 1, not true, false or a map/],
  ['a bad Argo CD namespace', operator({ gitops: { argocd: { namespace: 'Argo CD' } } }), /not a valid Namespace name/],
  ['allowOvercommit "yes"', base({ allowOvercommit: 'yes' }), /allowOvercommit is "yes", not true or false/],
];

describe('mig render refuses bad specs clearly and writes nothing', () => {
  test.each(CASES)('%s', async (_name, spec, words) => {
    const dir = tmpDir();
    const file = path.join(dir, 'spec.yaml');
    fs.writeFileSync(file, typeof spec === 'string' ? spec : stringify(spec));
    const out = path.join(dir, 'out');
    const r = await cli(['render', file, '-o', out]);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(words);
    expectCleanRejection(r.stderr);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('the corpus is large enough to mean something', () => expect(CASES.length).toBeGreaterThanOrEqual(100));
});

describe('mig render output problems', () => {
  test('an output path that is a file: exit 2, nothing written', async () => {
    const dir = tmpDir();
    const spec = path.join(dir, 'spec.yaml');
    fs.writeFileSync(spec, stringify(base()));
    fs.writeFileSync(path.join(dir, 'out'), 'not a folder');
    const r = await cli(['render', spec, '-o', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*out: a file is in the way of a folder/);
    expectCleanRejection(r.stderr);
  });

  test('a folder where an output file goes: exit 2, no other file written', async () => {
    const dir = tmpDir();
    const spec = path.join(dir, 'spec.yaml');
    fs.writeFileSync(spec, stringify(base()));
    fs.mkdirSync(path.join(dir, 'out', 'gpu-operator-values.yaml'), { recursive: true });
    const r = await cli(['render', spec, '-o', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a folder is in the way of a file/);
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['gpu-operator-values.yaml']);
  });

  test('an unwritable folder: exit 2, nothing left behind', async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere; a read-only bind is not available here, so use a path under a file.
      const dir = tmpDir();
      fs.writeFileSync(path.join(dir, 'file'), '');
      const spec = path.join(dir, 'spec.yaml');
      fs.writeFileSync(spec, stringify(base()));
      const r = await cli(['render', spec, '-o', path.join(dir, 'file', 'out')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot write/);
      expectCleanRejection(r.stderr);
      return;
    }
    const dir = tmpDir();
    fs.chmodSync(dir, 0o500);
    const spec = path.join(tmpDir(), 'spec.yaml');
    fs.writeFileSync(spec, stringify(base()));
    const r = await cli(['render', spec, '-o', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/permission denied/);
  });

  test('a missing spec file: exit 2 with the reason', async () => {
    const r = await cli(['render', '/nonexistent/spec.yaml', '-o', tmpDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read \/nonexistent\/spec.yaml: ENOENT/);
  });

  test('a file over 16 MiB: exit 1 before parsing', async () => {
    const dir = tmpDir();
    const spec = path.join(dir, 'big.yaml');
    fs.writeFileSync(spec, `strategy: mixed\n#${'x'.repeat(17 * 1024 * 1024)}\n`);
    const r = await cli(['render', spec, '-o', path.join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the limit is 16 MiB/);
  });

  test('a valid spec still renders (the corpus base is valid)', async () => {
    const dir = tmpDir();
    const spec = path.join(dir, 'spec.yaml');
    fs.writeFileSync(spec, stringify(base()));
    const r = await cli(['render', spec, '-o', path.join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

test('shape problems and platform problems are reported together, once each', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'spec.yaml');
  fs.writeFileSync(file, [
    'strategy: mixed',
    'pools:',
    '  - {name: p, gpu: H100-80GB, gpusPerNode: 8, nodes: 1, layout: {1g.10gb: 7}, timeSlicing: {replicas: 2, renameByDefualt: true}}',
    'workloads:',
    '  - {name: w, pool: p, profile: 1g.10gb, image: x, args: "--model x", env: {PORT: 8080}}',
    '',
  ].join('\n'));
  const r = await cli(['render', file, '-o', path.join(dir, 'out')]);
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/:3:\d+ pools\[0\]\.timeSlicing\.renameByDefualt: unknown field 'renameByDefualt'/);
  expect(lines[1]).toMatch(/workloads\[0\]\.args: args is "--model x", not a list/);
  expect(lines[2]).toMatch(/workloads\[0\]\.env\.PORT: env\.PORT is 8080, not a string/);
});
