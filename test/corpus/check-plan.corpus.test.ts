/**
 * Bad-input corpus for `mig check` (mig-parted files) and `mig plan` (arguments): the exit code,
 * the words of the message, no stack trace.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cli, tmpDir } from './helpers';

const entry = (body: string) => `version: v1\nmig-configs:\n  c:\n    - ${body.split('\n').join('\n      ')}\n`;

const CHECK: [string, string, RegExp][] = [
  ['an empty file', '', /the document is empty/],
  ['a list', '- a\n', /not a map/],
  ['no version', 'mig-configs:\n  a: [{devices: all, mig-enabled: false}]\n', /'version' field is missing/],
  ['version v2', 'version: v2\nmig-configs:\n  a: [{devices: all, mig-enabled: false}]\n', /unknown version "v2"/],
  ['an extra top-level key', 'version: v1\nextra: 1\nmig-configs:\n  a: [{devices: all, mig-enabled: false}]\n', /unexpected field 'extra'/],
  ['no mig-configs', 'version: v1\n', /'mig-configs' map is missing/],
  ['mig-configs as a list', 'version: v1\nmig-configs: []\n', /'mig-configs' is an empty list/],
  ['an empty config', 'version: v1\nmig-configs:\n  a: []\n', /config 'a' is an empty list/],
  ['a config as a string', 'version: v1\nmig-configs:\n  a: all\n', /config 'a' is the string "all"/],
  ['an entry as a string', 'version: v1\nmig-configs:\n  a: [x]\n', /the entry is the string "x"/],
  ['no devices', entry('mig-enabled: false'), /'devices' is missing/],
  ['no mig-enabled', entry('devices: all'), /'mig-enabled' is missing/],
  ['devices "some"', entry('devices: some\nmig-enabled: false'), /the only string allowed is 'all'/],
  ['a negative device index', entry('devices: [-1]\nmig-enabled: false'), /GPU indices/],
  ['mig-enabled "yes please"', entry('devices: all\nmig-enabled: "yes please"'), /not a boolean/],
  ['mig-enabled without mig-devices', entry('devices: all\nmig-enabled: true'), /mig-devices is missing/],
  ['mig-devices: null with mig-enabled', entry('devices: all\nmig-enabled: true\nmig-devices: null'), /mig-devices is empty \(null\)/],
  ['mig-devices with MIG off', entry('devices: all\nmig-enabled: false\nmig-devices: {"1g.10gb": 7}'), /mig-enabled is false but mig-devices lists instances/],
  ['all counts 0', entry('devices: all\nmig-enabled: true\nmig-devices: {"1g.10gb": 0}'), /all counts in mig-devices are 0/],
  ['a negative count', entry('devices: all\nmig-enabled: true\nmig-devices: {"1g.10gb": -1}'), /not a whole number >= 0/],
  ['a bad profile name', entry('devices: all\nmig-enabled: true\nmig-devices: {"1g.10gb+me-me": 1}'), /not a MIG profile name/],
  ['a 0c. profile', entry('device-filter: ["0x233010DE"]\ndevices: all\nmig-enabled: true\nmig-devices: {"0c.1g.10gb": 1}'), /0 compute slices/],
  ['a 0g. profile', entry('devices: all\nmig-enabled: true\nmig-devices: {"0g.10gb": 1}'), /0 GPU slices/],
  ['more compute than GPU slices', entry('devices: all\nmig-enabled: true\nmig-devices: {"2c.1g.10gb": 1}'), /2 compute slices in a 1-slice GPU instance/],
  ['an unquoted hex device-filter', entry('device-filter: 0x233010DE\ndevices: all\nmig-enabled: false'), /quote the PCI ids/],
  ['a device-filter that is not a number', entry('device-filter: ["h100"]\ndevices: all\nmig-enabled: false'), /not a 32-bit number/],
  ['a device-filter over 32 bits', entry('device-filter: ["0x1233010DE"]\ndevices: all\nmig-enabled: false'), /not a 32-bit number/],
  ['a device-filter without vendor id', entry('device-filter: ["0x2330"]\ndevices: all\nmig-enabled: true\nmig-devices: {"1g.10gb": 7}'), /has no vendor id/],
  ['a profile the filtered GPU lacks', entry('device-filter: ["0x233010DE"]\ndevices: all\nmig-enabled: true\nmig-devices: {"1g.5gb": 7}'), /not a MIG profile of H100-80GB/],
  ['a layout that fits no GPU', entry('devices: all\nmig-enabled: true\nmig-devices: {"1g.10gb": 8}'), /does not fit|fits no other model/],
  ['a duplicate config name', 'version: v1\nmig-configs:\n  a: [{devices: all, mig-enabled: false}]\n  a: [{devices: all, mig-enabled: false}]\n', /appears twice/],
  ['a YAML alias bomb', 'x: &a [1,1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nw: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', /aliases/],
  ['deep nesting', `version: v1\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, /nested/],
  ['not YAML', 'version: v1\nmig-configs:\n  a: [\n', /not valid YAML/],
];

describe('mig check refuses bad mig-parted files clearly', () => {
  test.each(CHECK)('%s', async (_name, text, words) => {
    const file = path.join(tmpDir(), 'config.yaml');
    fs.writeFileSync(file, text);
    const r = await cli(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(words);
    expect(r.stdout).not.toMatch(/\n\s+at |internal error|TypeError|ReferenceError|RangeError/);
  });
});

const PLAN: [string, string[], number, RegExp][] = [
  ['no --gpu', ['--demand', '1g.10gb=1'], 2, /no --gpu given \(fix: name the GPU model, e.g. --gpu H100-80GB/],
  ['a price that is not a number', ['--gpu', 'H100-80GB', '--price', 'H100-80GB=cheap', '--demand', '1g.10gb=1'], 2, /cannot read price 'H100-80GB=cheap'/],
  ['a price for a model not planned', ['--gpu', 'H100-80GB', '--price', 'A100-80GB=2', '--demand', '1g.10gb=1'], 2, /--price names A100-80GB, which no --gpu gives/],
  ['no --demand', ['--gpu', 'H100-80GB'], 2, /--demand <list>' not specified/],
  ['an unknown model', ['--gpu', 'V100', '--demand', '1g.10gb=1'], 2, /unknown GPU model 'V100'/],
  ['MODEL:GPUS that is not a number', ['--gpu', 'H100-80GB:many', '--demand', '1g.10gb=1'], 2, /does not end in a number of GPUs/],
  ['a demand without a count', ['--gpu', 'H100-80GB', '--demand', '1g.10gb'], 2, /cannot read demand/],
  ['a negative demand', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=-4'], 2, /cannot read demand/],
  ['a demand of 10^20', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=100000000000000000000'], 2, /cannot read demand/],
  ['a demand above the limit', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=2000000'], 1, /whole number from 0 to 1000000/],
  ['a zero demand', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=0'], 1, /the demand is 0 instances in all/],
  ['an unservable profile', ['--gpu', 'H100-80GB', '--demand', '1g.5gb=2'], 1, /cannot be served: '1g.5gb' is not a profile of 'H100-80GB'/],
  ['--gpus-per-node 0', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '--gpus-per-node', '0'], 2, /not a whole number from 1 to 64/],
  ['--gpus-per-node 1e9', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '--gpus-per-node', '1e9'], 2, /not a whole number from 1 to 64/],
  ['--gpus-per-node 1000000000', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '--gpus-per-node', '1000000000'], 2, /not a whole number from 1 to 64/],
  ['--time-limit -1', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '--time-limit', '-1'], 2, /--time-limit -1 is not a number of seconds/],
  ['--time-limit abc', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '--time-limit', 'abc'], 2, /--time-limit abc is not a number of seconds/],
  ['--time-limit 0', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '--time-limit', '0'], 2, /--time-limit 0 is not a number of seconds/],
  ['--time-limit a day', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '--time-limit', '86400'], 2, /at most 3600/],
  ['an unknown output format', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '-o', 'xml'], 2, /Allowed choices are table, json, yaml/],
  ['an unknown strategy', ['--gpu', 'H100-80GB', '--demand', '1g.10gb=1', '--strategy', 'both'], 2, /Allowed choices are mixed, single/],
  ['a bad tenant name', ['--gpu', 'H100-80GB', '--demand', 'Team_A:1g.10gb=1'], 2, /cannot read demand/],
];

describe('mig plan refuses bad arguments clearly', () => {
  test.each(PLAN)('%s', async (_name, args, code, words) => {
    const r = await cli(['plan', ...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(words);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error|TypeError|RangeError|highs/i);
  });
});
