import { checkMigPartedConfig, MigValidationError, renderMigPartedConfig, stringifyMigPartedConfig } from '../../src';

describe('renderMigPartedConfig', () => {
  test('emits the same layout on every GPU, filtered to the model, plus all-disabled', () => {
    const { document, warnings } = renderMigPartedConfig({ 'h100-inference': { gpu: 'H100-80GB', layout: { '3g.40gb': 1, '1g.10gb': 4 } } });
    expect(warnings).toEqual([]);
    expect(document).toEqual({
      'version': 'v1',
      'mig-configs': {
        'all-disabled': [{ 'devices': 'all', 'mig-enabled': false }],
        'h100-inference': [
          {
            'device-filter': ['0x233010DE', '0x233110DE', '0x232210DE', '0x232410DE'],
            'devices': 'all',
            'mig-enabled': true,
            'mig-devices': { '1g.10gb': 4, '3g.40gb': 1 },
          },
        ],
      },
    });
  });

  test('groups per-GPU layouts by layout and leaves false GPUs with MIG disabled', () => {
    const { document } = renderMigPartedConfig(
      { split: { gpu: 'A100-40GB', perGpu: [{ '7g.40gb': 1 }, { '1g.5gb': 7 }, false, { '1g.5gb': 7 }] } },
      { includeAllDisabled: false },
    );
    const filter = ['0x20B010DE', '0x20B110DE', '0x20F110DE', '0x20F610DE'];
    expect(document['mig-configs']).toEqual({
      split: [
        { 'device-filter': filter, 'devices': [0], 'mig-enabled': true, 'mig-devices': { '7g.40gb': 1 } },
        { 'device-filter': filter, 'devices': [1, 3], 'mig-enabled': true, 'mig-devices': { '1g.5gb': 7 } },
        { 'device-filter': filter, 'devices': [2], 'mig-enabled': false },
      ],
    });
  });

  test('writes YAML the way the operator does, byte-identical on every run', () => {
    const render = () =>
      stringifyMigPartedConfig(renderMigPartedConfig({ a: { gpu: 'A30', perGpu: [{ '4g.24gb': 1 }, { '1g.6gb': 4 }] } }).document);
    expect(render()).toBe(
      [
        'version: v1',
        'mig-configs:',
        '  all-disabled:',
        '    - devices: all',
        '      mig-enabled: false',
        '  a:',
        '    - device-filter: [ "0x20B710DE" ]',
        '      devices: [ 0 ]',
        '      mig-enabled: true',
        '      mig-devices:',
        '        4g.24gb: 1',
        '    - device-filter: [ "0x20B710DE" ]',
        '      devices: [ 1 ]',
        '      mig-enabled: true',
        '      mig-devices:',
        '        1g.6gb: 4',
        '',
      ].join('\n'),
    );
    expect(render()).toBe(render());
  });

  test('every config it emits passes the mig-parted check and applies to its model', () => {
    const { document } = renderMigPartedConfig({
      h100: { gpu: 'H100-80GB', layout: { '4g.40gb': 1, '2g.20gb': 1, '1g.10gb': 1 } },
      rtx: { gpu: 'RTX-PRO-6000', layout: { '1g.24gb+me.all': 1, '1g.24gb-me': 3 } },
      a100: { gpu: 'A100-80GB', perGpu: [{ '7g.80gb': 1 }, false] },
    });
    const check = checkMigPartedConfig(stringifyMigPartedConfig(document));
    expect(check.diagnostics).toEqual([]);
    expect(Object.fromEntries(check.configs.map((c) => [c.config, c.models]))).toMatchObject({
      h100: ['H100-80GB'],
      rtx: ['RTX-PRO-6000'],
      a100: ['A100-80GB'],
    });
  });

  test('normalises an old spelling and returns a warning', () => {
    const { document, warnings } = renderMigPartedConfig({ a: { gpu: 'A100-80GB', layout: { '3g.39gb': 2 } as never } });
    expect(document['mig-configs'].a[0]['mig-devices']).toEqual({ '3g.40gb': 2 });
    expect(warnings).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'configs.a.layout.3g.39gb', hint: "write '3g.40gb'" }),
    ]);
  });

  test('throws one MigValidationError listing every problem', () => {
    let caught: unknown;
    try {
      renderMigPartedConfig({
        'x': { gpu: 'H100-80GB', layout: { '3g.40gb': 2, '1g.10gb': 1 } },
        'bad name!': { gpu: 'A30', layout: { '4g.24gb': 1 } },
        'y': { gpu: 'V100' as never, layout: {} },
        'z': { gpu: 'A30', layout: { '1g.5gb': 1 } as never },
        'w': { gpu: 'A30', layout: { '1g.6gb': 1 }, perGpu: [] },
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MigValidationError);
    const d = (caught as MigValidationError).diagnostics;
    expect(d.map((x) => x.path)).toEqual(['configs.x.layout', 'configs.bad name!', 'configs.y.gpu', 'configs.z.layout.1g.5gb', 'configs.w']);
    expect(d[0].message).toBe(
      'the layout does not fit one H100-80GB: 3g.40gb x2 occupies memory slices 0-7; no placement is left for 1g.10gb (1g.10gb takes 1 memory slice starting at 0, 1, 2, 3, 4, 5, 6), and no other arrangement fits either',
    );
    expect(d[2]).toMatchObject({ message: '"V100" is not a GPU model in the catalogue' });
    expect(d[3]).toMatchObject({ message: "'1g.5gb' is not a MIG profile of A30", hint: "use one of A30's profiles: 1g.6gb, 1g.6gb+me, 2g.12gb, 2g.12gb+me, 4g.24gb" });
    expect(d[4]).toMatchObject({ message: 'both layout and perGpu are given' });
  });
});
