import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { mig, ROOT } from './helpers';
import { checkMigPartedConfig, platformSpecJsonSchema } from '../../src';
import { compareKeys } from '../../src/order';
import { examplePlatform } from '../support/platform';
import { validateManifest } from '../support/schemas';

const SPEC = path.join(ROOT, 'examples/spec/platform.yaml');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mig-cli-'));

describe('mig plan', () => {
  test('prints the plan, its proof, the layouts with a picture, and the baselines', () => {
    const r = mig(['plan', '--gpu', 'H100-80GB', '--demand', '1g.10gb=40,3g.40gb=6']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Plan: 2 node(s) (fewest for the demand); the demand needs 9 GPUs (H100-80GB), lower bound 9; proven optimal\n'
      + 'Spare: the other 7 GPUs of those nodes carry spare capacity in proportion to the demand: +34 x 1g.10gb, +5 x 3g.40gb\n');
    expect(r.stdout).toContain('[1g.10gb][1g.10gb][1g.10gb][1g.10gb][3g.40gb                           ]');
    expect(r.stdout).toMatch(/one instance per GPU, no MIG\s+│ 46\s+│ 6\s+│ \+37 GPUs/);
    expect(r.stdout).toMatch(/all-balanced layout \(1g\.10gb x2 \+ 2g\.20gb x1 \+ 3g\.40gb x1\)\s+│ 20/);
  });

  test('-o yaml is a mig-parted config that passes mig check', () => {
    const r = mig(['plan', '--gpu', 'H100-80GB', '--demand', '1g.10gb=40,3g.40gb=6', '-o', 'yaml']);
    expect(r.status).toBe(0);
    const check = checkMigPartedConfig(r.stdout);
    expect(check.diagnostics).toEqual([]);
    expect(Object.keys(parse(r.stdout)['mig-configs'])).toEqual(['all-disabled', 'plan-h100-80gb-mixed-1', 'plan-h100-80gb-mixed-2']);
    const piped = mig(['check', '-', '--gpu', 'H100-80GB'], r.stdout);
    expect(piped.status).toBe(0);
  });

  test('-o json carries the numbers', () => {
    const plan = JSON.parse(mig(['plan', '--gpu', 'H100-80GB', '--demand', '1g.10gb=40,3g.40gb=6', '--strategy', 'single', '-o', 'json']).stdout);
    expect([plan.strategy, plan.gpusUsed, plan.nodesUsed, plan.provenOptimal]).toEqual(['single', 16, 2, true]);
  });

  test('tenants and several models', () => {
    const r = mig(['plan', '--gpu', 'A100-40GB,H100-80GB', '--demand', 'team-a:1g.5gb=7,team-b:1g.10gb=7', '-o', 'json']);
    const plan = JSON.parse(r.stdout);
    expect(plan.gpusByModel).toEqual({ 'A100-40GB': 3 });
    expect(plan.tenants).toEqual([{ tenant: 'team-a', profile: '1g.5gb', count: 7 }, { tenant: 'team-b', profile: '1g.10gb', count: 7 }]);
  });

  test('exits 1 with one line per unmet demand and its fix', () => {
    const r = mig(['plan', '--gpu', 'H100-80GB:1', '--demand', '1g.10gb=14']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: demand: 7 x 1g.10gb cannot be served: not enough GPUs available (fix: add a GPU model that has 1g.10gb with --gpu, or raise its available GPUs)\n');
  });

  test('prints progress to stderr on long plans', () => {
    const r = mig(['plan', '--gpu', 'H100-80GB', '--demand', '1g.10gb=1000,3g.40gb=100', '-o', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\[\d+\.\ds\] solving an integer program over \d+ layouts for 1100 instances/);
  });

  test.each([
    [['plan', '--gpu', 'V100', '--demand', '1g.10gb=1'], "error: unknown GPU model 'V100' (fix: run `mig catalog` for the model keys, e.g. --gpu H100-80GB (or H100-80GB:16 for 16 GPUs available))\n"],
    [['plan', '--gpu', 'H100-80GB', '--demand', '1g.10gb'], "error: cannot read demand '1g.10gb' (fix: write PROFILE=COUNT or TENANT:PROFILE=COUNT, comma-separated, e.g. 1g.10gb=40,3g.40gb=6 (counts are whole numbers))\n"],
  ])('exits 2 on a usage error: %j', (args, stderr) => {
    const r = mig(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(stderr);
  });

  test('--help has examples', () => {
    const r = mig(['plan', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('mig plan --gpu H100-80GB --demand 1g.10gb=40,3g.40gb=6');
  });
});

describe('mig render', () => {
  test('renders the same objects as the constructs for the same platform', () => {
    const out = tmp();
    const r = mig(['render', SPEC, '-o', out]);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['gpu-operator-values.yaml', 'node-labels.yaml', 'platform.k8s.yaml']);
    const rendered = parseAllDocuments(fs.readFileSync(path.join(out, 'platform.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    for (const o of rendered) validateManifest(o);
    const { chart, cluster } = examplePlatform({ operator: { version: 'v26.7.0', gitops: { flux: true } } });
    const constructs: { kind: string; metadata: { namespace?: string; name: string } }[] = Testing.synth(chart);
    const key = (o: { kind: string; metadata: { namespace?: string; name: string } }) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    type Obj = { kind: string; metadata: { namespace?: string; name: string } };
    const sorted = (list: Obj[]) => [...list].sort((x, y) => compareKeys(key(x), key(y)));
    expect(sorted(rendered)).toEqual(sorted(constructs));
    expect(parse(fs.readFileSync(path.join(out, 'gpu-operator-values.yaml'), 'utf8'))).toEqual(cluster.operatorValues);
    expect(parse(fs.readFileSync(path.join(out, 'node-labels.yaml'), 'utf8'))).toEqual({
      'h100-inference': { 'mig-constructs.io/pool': 'h100-inference', 'nvidia.com/mig.config': 'h100-inference-16ae40db' },
      'a100-notebooks': { 'mig-constructs.io/pool': 'a100-notebooks', 'nvidia.com/mig.config': 'a100-notebooks-58e22c64' },
    });
  });

  test('writes nothing and exits 1 with file:line:col on every problem', () => {
    const spec = path.join(tmp(), 'bad.yaml');
    fs.writeFileSync(spec, 'strategy: mixed\npools:\n  - name: p\n    gpu: H100-80GB\n    gpusPerNode: 8\n    nodes: 1\n    layout: {"3g.40gb": 2, "1g.10gb": 1}\nworkloads:\n  - name: w\n    pool: p\n    profile: 7g.80gb\n    image: x\n');
    const out = path.join(tmp(), 'out');
    const r = mig(['render', spec, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${spec}:3:5 pools[0].layout: the layout does not fit one H100-80GB: 3g.40gb x2 occupies memory slices 0-7; no placement is left for 1g.10gb (1g.10gb takes 1 memory slice starting at 0, 1, 2, 3, 4, 5, 6), and no other arrangement fits either (fix: choose profiles whose placements do not overlap; \`mig catalog H100-80GB\` shows the legal placements, and enumerateLayouts('H100-80GB') lists every layout that fits)`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an unknown field is an error, not ignored', () => {
    const spec = path.join(tmp(), 'typo.yaml');
    fs.writeFileSync(spec, 'strategy: mixed\nallowOvercomit: true\n');
    const r = mig(['render', spec, '-o', tmp()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: ${spec}:2:17 allowOvercomit: unknown field 'allowOvercomit'`);
  });
});

describe('mig schema', () => {
  test('prints the JSON Schema, which is committed as schemas/mig-spec.schema.json', () => {
    const r = mig(['schema']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'schemas/mig-spec.schema.json'), 'utf8'));
    expect(JSON.parse(r.stdout)).toEqual(platformSpecJsonSchema());
  });

  test('the example spec validates against it, and a wrong one does not', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(platformSpecJsonSchema());
    expect(validate(parse(fs.readFileSync(SPEC, 'utf8')))).toBe(true);
    expect(validate(parse(fs.readFileSync(path.join(ROOT, 'examples/spec/kueue.yaml'), 'utf8')))).toBe(true);
    expect(validate({ strategy: 'mixed', kueue: { queueingStrategy: 'LIFO' } })).toBe(false);
    expect(validate({ strategy: 'mixed', pools: [{ name: 'p', gpu: 'V100', gpusPerNode: 8, nodes: 1, layout: { '1g.11gb': 1 } }] })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/pools/0/gpu']));
  });
});
