import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { enumerateLayouts, findGpuModelByPciId, fitUntypedLayout, maximalLayouts, type FitFailure, type FitSuccess } from '../../src';
import { layoutKey } from '../../src/geometry';

function fails(gpu: string, layout: Record<string, number>): FitFailure {
  const r = fitUntypedLayout(gpu, layout);
  if (r.fits) throw new Error(`expected ${JSON.stringify(layout)} not to fit ${gpu}`);
  return r;
}
function fits(gpu: string, layout: Record<string, number>): FitSuccess {
  const r = fitUntypedLayout(gpu, layout);
  if (!r.fits) throw new Error(`expected ${JSON.stringify(layout)} to fit ${gpu}: ${r.reason}`);
  return r;
}

describe('fitProfiles: the examples of mig-catalogue.md §4', () => {
  test('throws out 3g.40gb x2 + 1g.10gb on H100-80GB: the 7th compute slice is stranded', () => {
    const r = fails('H100-80GB', { '3g.40gb': 2, '1g.10gb': 1 });
    expect(r.rule).toBe('placement');
    expect(r.reason).toBe(
      '3g.40gb x2 occupies memory slices 0-7; no placement is left for 1g.10gb (1g.10gb takes 1 memory slice starting at 0, 1, 2, 3, 4, 5, 6), and no other arrangement fits either',
    );
  });

  test('places 4g.40gb + 3g.40gb (7/7 compute, allowed since R510)', () => {
    expect(fits('H100-80GB', { '4g.40gb': 1, '3g.40gb': 1 }).instances).toEqual([
      { profile: '4g.40gb', start: 0, size: 4 },
      { profile: '3g.40gb', start: 4, size: 4 },
    ]);
  });

  test('places 4g + 2g + 1g at 0:4, 4:2, 6:1', () => {
    expect(fits('H100-80GB', { '4g.40gb': 1, '2g.20gb': 1, '1g.10gb': 1 }).instances).toEqual([
      { profile: '4g.40gb', start: 0, size: 4 },
      { profile: '2g.20gb', start: 4, size: 2 },
      { profile: '1g.10gb', start: 6, size: 1 },
    ]);
  });

  test('RTX PRO 6000: 2g.48gb + 2 x 1g.24gb fits on the 12-unit axis, 4g.96gb + 1g.24gb does not', () => {
    expect(fits('RTX-PRO-6000', { '2g.48gb': 1, '1g.24gb': 2 }).instances).toEqual([
      { profile: '2g.48gb', start: 0, size: 6 },
      { profile: '1g.24gb', start: 6, size: 3 },
      { profile: '1g.24gb', start: 9, size: 3 },
    ]);
    const r = fails('RTX-PRO-6000', { '4g.96gb': 1, '1g.24gb': 1 });
    expect(r.rule).toBe('compute-slices');
    expect(r.reason).toBe('1g.24gb x1 + 4g.96gb x1 needs 5 compute slices; RTX-PRO-6000 has 4');
  });

  test('max counts: only four 2-slice 1g instances, one +me', () => {
    expect(fails('H100-80GB', { '1g.20gb': 5 }).reason).toBe('1g.20gb x5 exceeds the 4 instances H100-80GB allows per GPU');
    expect(fails('A100-40GB', { '1g.5gb+me': 2 }).rule).toBe('max-count');
  });

  test('media engines: one +me instance per GPU; +me.all only beside -me profiles', () => {
    expect(fails('A30', { '1g.6gb+me': 1, '2g.12gb+me': 1 }).reason).toBe(
      '1g.6gb+me x1 + 2g.12gb+me x1 asks for 2 media-engine (+me) instances; one GPU has media engines for only one',
    );
    const r = fails('RTX-PRO-6000', { '1g.24gb+me.all': 1, '1g.24gb': 1 });
    expect(r.rule).toBe('media-engines');
    expect(r.hint).toContain('1g.24gb-me');
    expect(fits('RTX-PRO-6000', { '1g.24gb+me.all': 1, '1g.24gb-me': 3 }).instances).toHaveLength(4);
  });

  test('an unknown profile names the model and its profiles', () => {
    const r = fails('H100-80GB', { '1g.5gb': 1 });
    expect(r.rule).toBe('unknown-profile');
    expect(r.reason).toBe("'1g.5gb' is not a MIG profile of H100-80GB");
    expect(r.hint).toContain('1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb');
  });

  test('bad counts and unknown models are reasons, not exceptions', () => {
    expect(fails('H100-80GB', { '1g.10gb': 1.5 }).rule).toBe('count');
    expect(fails('H100-80GB', { '1g.10gb': -1 }).rule).toBe('count');
    expect(fails('V100', { '1g.10gb': 1 })).toMatchObject({ rule: 'unknown-model', reason: "'V100' is not a GPU model in the catalogue" });
  });

  test('normalises old driver spellings and says so', () => {
    const r = fits('A100-80GB', { '3g.39gb': 2 });
    expect(r.entries.map((e) => e.profile.name)).toEqual(['3g.40gb']);
    expect(r.notes[0]).toContain("'3g.39gb'");
    expect(r.placementsConfirmed).toBe(false);
  });

  test('models without published placements are checked on counts and compute only, and say so', () => {
    const r = fits('RTX-PRO-5000', { '2g.48gb': 1 });
    expect(r.instances).toBeNull();
    expect(r.notes.join()).toContain('placements are not published');
    expect(fails('RTX-PRO-5000', { '2g.48gb': 1, '1g.24gb': 1 }).rule).toBe('compute-slices');
  });
});

describe("every all-balanced entry of the GPU Operator's default config fits its models", () => {
  const text = fs.readFileSync(path.join(__dirname, '../fixtures/gpu-operator-default-mig-parted-config.yaml'), 'utf8');
  const entries = parse(text)['mig-configs']['all-balanced'] as { 'device-filter': string | string[]; 'mig-devices': Record<string, number> }[];
  const cases = entries.flatMap((e) =>
    [...new Set([e['device-filter']].flat().map((id) => findGpuModelByPciId(id)?.key).filter((k): k is NonNullable<typeof k> => !!k))].map(
      (model) => [model, e['mig-devices']] as const,
    ),
  );
  test('covers 13 models', () => expect(new Set(cases.map((c) => c[0])).size).toBe(13));
  test.each(cases)('%s: %j', (model, layout) => {
    fits(model, layout);
  });
});

describe('enumerateLayouts / maximalLayouts', () => {
  test('A30 has 19 layouts, 8 of them maximal', () => {
    expect(enumerateLayouts('A30')).toHaveLength(19);
    expect(maximalLayouts('A30').map(layoutKey)).toEqual([
      '4g.24gb=1',
      '2g.12gb=1,2g.12gb+me=1',
      '2g.12gb=2',
      '1g.6gb=1,1g.6gb+me=1,2g.12gb=1',
      '1g.6gb=2,2g.12gb+me=1',
      '1g.6gb=2,2g.12gb=1',
      '1g.6gb=3,1g.6gb+me=1',
      '1g.6gb=4',
    ]);
  });

  test('H100-80GB has 127 layouts and 44 maximal ones; each maximal one accepts no further instance', () => {
    const all = enumerateLayouts('H100-80GB');
    expect(all).toHaveLength(127);
    const maximal = maximalLayouts('H100-80GB');
    expect(maximal).toHaveLength(44);
    expect(maximal.map(layoutKey)).toContain('1g.10gb=2,2g.20gb=1,3g.40gb=1');
    expect(maximal.map(layoutKey)).not.toContain('1g.10gb=1,3g.40gb=1');
    for (const m of maximal) {
      for (const p of ['1g.10gb', '1g.10gb+me', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb']) {
        const layout: Record<string, number> = Object.fromEntries(m.entries.map((e) => [e.profile.name, e.count]));
        layout[p] = (layout[p] ?? 0) + 1;
        expect(fitUntypedLayout('H100-80GB', layout).fits).toBe(false);
      }
    }
  });
});
