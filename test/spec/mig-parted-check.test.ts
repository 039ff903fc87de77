import * as fs from 'fs';
import * as path from 'path';
import { checkMigPartedConfig, formatDiagnostic } from '../../src';

const DEFAULTS = fs.readFileSync(path.join(__dirname, '../fixtures/gpu-operator-default-mig-parted-config.yaml'), 'utf8');

function errors(text: string): string[] {
  return checkMigPartedConfig(text, { fileName: 'c.yaml' }).diagnostics.filter((d) => d.severity !== 'warning').map(formatDiagnostic);
}
const entry = (body: string) => `version: v1\nmig-configs:\n  c:\n    - ${body.split('\n').join('\n      ')}\n`;

describe("the GPU Operator's 81 default configs", () => {
  const result = checkMigPartedConfig(DEFAULTS, { gpu: 'H100-80GB' });

  test('parse with no error', () => {
    expect(result.ok).toBe(true);
    expect(result.configs).toHaveLength(81);
  });

  test('warn only about names the catalogue marks unconfirmed (GB200 SKUs and early-board spellings)', () => {
    expect(result.diagnostics.map((d) => `${d.severity} ${d.path.split(' ')[1]}`)).toEqual([
      'warning mig-configs.all-1g.24gb.me[0].mig-devices.1g.24gb+me',
      'warning mig-configs.all-1g.24gb[0].mig-devices.1g.24gb',
      'warning mig-configs.all-3g.95gb[0].mig-devices',
      'warning mig-configs.all-4g.95gb[0].mig-devices',
      'warning mig-configs.all-7g.189gb[0].mig-devices',
    ]);
  });

  test('tell, for each config, the models it can be applied to', () => {
    const byName = Object.fromEntries(result.configs.map((c) => [c.config, c.models]));
    expect(byName['all-1g.10gb']).toEqual(['A100-40GB', 'A100-80GB', 'H100-80GB']);
    expect(byName['all-1g.35gb']).toEqual(['H200-141GB', 'GB300']);
    expect(byName['all-3g.40gb']).toEqual(['A100-80GB', 'H100-80GB']);
    expect(byName['all-balanced']).toHaveLength(13);
    expect(byName['all-balanced']).not.toContain('RTX-PRO-5000');
    expect(byName['all-7g.189gb']).toEqual([]);
  });

  test('with a gpu, say which configs apply to it and why the others do not', () => {
    expect(result.gpu!.applicable).toEqual([
      'all-disabled', 'all-enabled', 'all-1g.10gb', 'all-1g.10gb.me', 'all-1g.20gb', 'all-2g.20gb', 'all-3g.40gb', 'all-4g.40gb', 'all-7g.80gb', 'all-balanced',
    ]);
    expect(result.gpu!.notApplicable.find((n) => n.config === 'all-1g.5gb')!.reason).toBe(
      "mig-configs.all-1g.5gb[0]: '1g.5gb' is not a MIG profile of H100-80GB",
    );
  });
});

describe('mig-parted parse rules (mig-catalogue.md §2)', () => {
  test.each([
    ['an empty document', '', ['error: c.yaml:1:1 (document): the document is empty']],
    ['no version (rule 1)', 'mig-configs:\n  a: [{devices: all, mig-enabled: false}]\n', ["error: c.yaml:1:1 (document): the 'version' field is missing"]],
    ['a wrong version (rule 1)', 'version: v2\nmig-configs:\n  a: [{devices: all, mig-enabled: false}]\n', ['error: c.yaml:1:10 version: unknown version "v2"']],
    ['an unexpected top-level field (rule 2)', 'version: v1\nfoo: 1\nmig-configs:\n  a: [{devices: all, mig-enabled: false}]\n', ["error: c.yaml:2:6 foo: unexpected field 'foo'"]],
    ['an empty mig-configs (rule 3)', 'version: v1\nmig-configs: {}\n', ["error: c.yaml:2:14 mig-configs: 'mig-configs' is an empty map; it must be a map with at least one config"]],
    ['an empty config (rule 3)', 'version: v1\nmig-configs:\n  a: []\n', ["error: c.yaml:3:6 mig-configs.a: config 'a' is an empty list; it must be a list with at least one entry"]],
    ['a missing required field (rule 4)', entry('devices: all'), ["error: c.yaml:4:7 mig-configs.c[0]: the required field 'mig-enabled' is missing"]],
    ['an unexpected entry field (rule 4)', entry('devices: all\nmig-enabled: false\ngpus: 2'), ["error: c.yaml:6:13 mig-configs.c[0].gpus: unexpected field 'gpus'"]],
    ['an unquoted hex device-filter (rule 5)', entry('device-filter: 0x233010DE\ndevices: all\nmig-enabled: false'), ['error: c.yaml:4:22 mig-configs.c[0].device-filter: device-filter must be a string or a list of strings; it is the number 590352606']],
    ['an unparsable device-filter (rule 5)', entry('device-filter: ["h100"]\ndevices: all\nmig-enabled: false'), ["error: c.yaml:4:23 mig-configs.c[0].device-filter[0]: device-filter 'h100' is not a 32-bit number; mig-parted reads it as 0 and it never matches a GPU"]],
    ['devices as another string (rule 6)', entry('devices: some\nmig-enabled: false'), ["error: c.yaml:4:16 mig-configs.c[0].devices: devices is the string 'some'; the only string allowed is 'all'"]],
    ['mig-enabled as a string (rule 7)', entry('devices: all\nmig-enabled: "true"\nmig-devices: {}'), ['error: c.yaml:5:20 mig-configs.c[0].mig-enabled: mig-enabled is the string "true", not a boolean']],
    ['a negative count (rule 8)', entry('devices: all\nmig-enabled: true\nmig-devices: {"1g.10gb": -1}'), ["error: c.yaml:6:32 mig-configs.c[0].mig-devices.1g.10gb: the count for '1g.10gb' is the number -1, not a whole number >= 0"]],
    ['all counts zero (rule 8)', entry('devices: all\nmig-enabled: true\nmig-devices: {"1g.10gb": 0}'), ['error: c.yaml:6:20 mig-configs.c[0].mig-devices: all counts in mig-devices are 0']],
    ['enabled without mig-devices (rule 9)', entry('devices: all\nmig-enabled: true'), ['error: c.yaml:4:7 mig-configs.c[0]: mig-enabled is true but mig-devices is missing']],
    ['disabled with instances (rule 9)', entry('devices: all\nmig-enabled: false\nmig-devices: {"1g.10gb": 1}'), ['error: c.yaml:6:20 mig-configs.c[0].mig-devices: mig-enabled is false but mig-devices lists instances']],
    ['a malformed profile name (rule 10)', entry('devices: all\nmig-enabled: true\nmig-devices: {"1g.10gb+me-me": 1}'), ["error: c.yaml:6:38 mig-configs.c[0].mig-devices.1g.10gb+me-me: '1g.10gb+me-me' is not a MIG profile name: '1g.10gb+me-me' has both positive (+) and negative (-) attributes"]],
  ])('reports %s', (_, text, expected) => {
    expect(errors(text).map((e) => e.replace(/ \(fix: .*\)$/, ''))).toEqual(expected);
  });

  test('every diagnostic carries a fix', () => {
    const result = checkMigPartedConfig(entry('devices: some\nmig-enabled: "no"\nfoo: 1'));
    expect(result.diagnostics.length).toBe(3);
    for (const d of result.diagnostics) expect(d.hint).toMatch(/\w/);
  });

  test('reports YAML syntax errors with their line', () => {
    expect(errors('version: v1\nmig-configs:\n  a: [\n')[0]).toMatch(/^error: c\.yaml:4:1: not valid YAML: /);
  });

  test('reports duplicate config names, which would otherwise silently override each other', () => {
    expect(errors('version: v1\nmig-configs:\n  a: [{devices: all, mig-enabled: false}]\n  a: [{devices: all, mig-enabled: false}]\n')[0]).toBe("error: c.yaml:4:3: not valid YAML: the key 'a' appears twice in one map (first at c.yaml:3:3) (fix: keep one of them)");
  });
});

describe('catalogue and geometry checks', () => {
  test('a filtered entry whose layout does not fit the selected model is an error naming model and reason', () => {
    const text = entry('device-filter: "0x233010DE"\ndevices: all\nmig-enabled: true\nmig-devices: {"3g.40gb": 2, "1g.10gb": 1}');
    expect(errors(text)).toEqual([
      'error: c.yaml:7:20 mig-configs.c[0].mig-devices: device-filter selects H100-80GB, and 1g.10gb x1 + 3g.40gb x2 does not fit one H100-80GB: 3g.40gb x2 occupies memory slices 0-7; no placement is left for 1g.10gb (1g.10gb takes 1 memory slice starting at 0, 1, 2, 3, 4, 5, 6), and no other arrangement fits either (fix: choose a layout that fits; `mig catalog H100-80GB` shows the placements)',
    ]);
  });

  test('a filtered entry with a profile the selected model lacks is an error listing its profiles', () => {
    const text = entry('device-filter: ["0x233010DE"]\ndevices: all\nmig-enabled: true\nmig-devices: {"1g.5gb": 7}');
    expect(errors(text)).toEqual([
      "error: c.yaml:7:20 mig-configs.c[0].mig-devices: device-filter selects H100-80GB, and '1g.5gb' is not a MIG profile of H100-80GB (fix: use H100-80GB's profiles: 1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb)",
    ]);
  });

  test('an unfiltered entry that fits no model with those profiles is an error', () => {
    expect(errors(entry('devices: all\nmig-enabled: true\nmig-devices: {"1g.10gb": 8}'))[0]).toContain(
      'exceeds the 4 instances A100-40GB allows per GPU; it fits no other model either (A100-40GB, A100-80GB, H100-80GB have these profiles)',
    );
  });

  test('a PCI id that matches no catalogued GPU is a warning', () => {
    const r = checkMigPartedConfig(entry('device-filter: "0x1EB810DE"\ndevices: all\nmig-enabled: false'));
    expect(r.ok).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', message: 'device-filter 0x1EB810DE matches no GPU model in the catalogue' });
  });

  test('compute-instance profiles count toward their GPU instance and are flagged', () => {
    const r = checkMigPartedConfig(entry('device-filter: "0x233010DE"\ndevices: all\nmig-enabled: true\nmig-devices: {"1c.3g.40gb": 3, "3g.40gb": 1}'));
    expect(r.ok).toBe(true);
    expect(r.configs[0].models).toEqual(['H100-80GB']);
    expect(r.diagnostics[0].message).toContain("'1c.3g.40gb' is a compute-instance profile");
    expect(errors(entry('device-filter: "0x233010DE"\ndevices: all\nmig-enabled: true\nmig-devices: {"1c.3g.40gb": 4, "3g.40gb": 1}'))[0]).toContain('exceeds the 2 instances');
  });

  test('an unknown --gpu is reported', () => {
    expect(checkMigPartedConfig(DEFAULTS, { gpu: 'V100' }).diagnostics[0]).toMatchObject({ path: '--gpu', message: '"V100" is not a GPU model in the catalogue' });
  });
});
