import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, mig, ROOT } from './helpers';

const DEFAULTS = path.join(ROOT, 'test/fixtures/gpu-operator-default-mig-parted-config.yaml');

describe('mig catalog', () => {
  test('lists every model with its PCI ids', () => {
    const r = mig(['catalog']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('H100-80GB');
    expect(r.stdout).toContain('0x233010DE 0x233110DE 0x232210DE 0x232410DE');
    expect(r.stdout).toContain('15 models.');
  });

  test('shows a model with its placement picture', () => {
    const r = mig(['catalog', 'H100-80GB']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Placement axis: 8 memory slices');
    expect(r.stdout).toContain('1g.20gb     S - S - S - S -');
    expect(r.stdout).toContain('3g.40gb     S - - - S - - -');
    expect(r.stdout).toContain('1g.10gb     S S S S S S S .');
  });

  test('--svg writes the placement slots as an SVG: a box per legal placement', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mig-svg-')), 'h100.svg');
    const r = mig(['catalog', 'H100-80GB', '--svg', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${file}`);
    const svg = fs.readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const boxes = [...svg.matchAll(/<title>([^<]+)<\/title>/g)].map((m) => m[1]);
    expect(boxes).toHaveLength(7 + 7 + 4 + 3 + 2 + 1 + 1);
    expect(boxes).toContain('3g.40gb at 4, size 4');
    expect(boxes).not.toContain('1g.10gb at 7, size 1');
    expect(mig(['catalog', 'RTX-PRO-5000', '--svg', file]).stderr).toBe('error: RTX-PRO-5000 has no published placements to draw (fix: draw a model whose placements are known, e.g. H100-80GB)\n');
  });

  test('exits 2 with the fix for an unknown model', () => {
    const r = mig(['catalog', 'V100']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: unknown GPU model 'V100' (fix: use one of A30, A100-40GB, A100-80GB, H100-80GB, H100-NVL-94GB, H100-96GB, H200-141GB, GH200-144GB, B200, GB200, B300, GB300, RTX-PRO-6000, RTX-PRO-5000, RTX-PRO-4500)\n");
  });
});

describe('mig check', () => {
  test("passes the operator's default config and lists the configs for a GPU", () => {
    const r = mig(['check', DEFAULTS, '--gpu', 'A30']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Configs that can be applied to A30: all-disabled, all-enabled, all-1g.6gb, all-1g.6gb.me, all-2g.12gb, all-2g.12gb.me, all-4g.24gb, all-balanced');
    expect(r.stdout).toContain('81 configs, 0 errors, 5 warnings');
  });

  test('exits 1 with one line per problem, read from stdin', () => {
    const r = mig(['check', '-'], 'version: v1\nmig-configs:\n  x:\n    - devices: all\n      mig-enabled: "yes"\n      foo: 1\n');
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      "error: <stdin>:6:12 mig-configs.x[0].foo: unexpected field 'foo' (fix: an entry allows only 'device-filter', 'devices', 'mig-enabled' or 'mig-devices')",
      'error: <stdin>:5:20 mig-configs.x[0].mig-enabled: mig-enabled is the string "yes", not a boolean (fix: write `mig-enabled: true` or `mig-enabled: false` (unquoted))',
    ]);
    expect(lines[lines.length - 1]).toBe('1 configs, 2 errors, 0 warnings');
  });

  test('exits 2 when the file cannot be read', () => {
    const r = mig(['check', 'no-such-file.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: cannot read no-such-file.yaml: ENOENT (fix: give the path of a mig-parted config file, or - for standard input)\n');
  });

  test('exits 2 on an unknown flag', () => {
    expect(mig(['check', '--nope']).status).toBe(2);
  });
});

test('a reader that closes the pipe early (mig … | head) ends the command quietly, not with an EPIPE crash', () => {
  const r = spawnSync('sh', ['-c', `'${process.execPath}' '${CLI}' catalog | head -n 1 >/dev/null; '${process.execPath}' '${CLI}' --help | head -n 1 >/dev/null`], { encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
  expect(r.status).toBe(0);
});
