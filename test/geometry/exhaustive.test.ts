import { fitUntypedLayout, MIG_CATALOG } from '../../src';

/**
 * An independent placer: no ordering heuristic, no symmetry pruning, no shared code with src/geometry.
 * It tries every placement of every instance in the order given and checks overlap on a boolean array.
 */
interface RawProfile { name: string; maxCount: number; computeSlices: number; placements: readonly { start: number; size: number }[] | null }

function bruteForceFits(computeSlices: number, profiles: readonly RawProfile[], counts: readonly number[]): boolean {
  let compute = 0;
  let mediaTakers = 0;
  let meAll = false;
  let nonMinusMe = 0;
  const instances: RawProfile[] = [];
  profiles.forEach((p, i) => {
    compute += counts[i] * p.computeSlices;
    if (p.name.endsWith('+me') || p.name.endsWith('+me.all')) mediaTakers += counts[i];
    if (p.name.endsWith('+me.all') && counts[i] > 0) meAll = true;
    if (!p.name.endsWith('-me')) nonMinusMe += counts[i];
    for (let k = 0; k < counts[i]; k++) instances.push(p);
  });
  if (profiles.some((p, i) => counts[i] > p.maxCount)) return false;
  if (compute > computeSlices) return false;
  if (mediaTakers > 1) return false;
  if (meAll && nonMinusMe > 1) return false;
  const axis = Math.max(...profiles.flatMap((p) => p.placements!.map((pl) => pl.start + pl.size)));
  const used = new Array<boolean>(axis).fill(false);
  const place = (i: number): boolean => {
    if (i === instances.length) return true;
    for (const pl of instances[i].placements!) {
      let free = true;
      for (let u = pl.start; u < pl.start + pl.size; u++) if (used[u]) free = false;
      if (!free) continue;
      for (let u = pl.start; u < pl.start + pl.size; u++) used[u] = true;
      if (place(i + 1)) return true;
      for (let u = pl.start; u < pl.start + pl.size; u++) used[u] = false;
    }
    return false;
  };
  return place(0);
}

function* multisets(maxCounts: readonly number[]): Generator<number[]> {
  const counts = new Array<number>(maxCounts.length).fill(0);
  while (true) {
    yield [...counts];
    let i = 0;
    while (i < counts.length && counts[i] === maxCounts[i]) counts[i++] = 0;
    if (i === counts.length) return;
    counts[i]++;
  }
}

describe.each([
  ['H100-80GB', 3840],
  ['A30', 120],
  ['RTX-PRO-6000', 108000],
] as const)('%s: every multiset within the max counts agrees with a brute-force placer', (key, expected) => {
  test(`${expected} multisets`, () => {
    const model = MIG_CATALOG[key];
    const profiles = model.profiles as readonly RawProfile[];
    let checked = 0;
    let fitting = 0;
    const disagreements: string[] = [];
    for (const counts of multisets(profiles.map((p) => p.maxCount))) {
      checked++;
      const layout = Object.fromEntries(profiles.map((p, i) => [p.name, counts[i]]));
      const ours = fitUntypedLayout(key, layout);
      const theirs = bruteForceFits(model.computeSlices, profiles, counts);
      if (ours.fits) fitting++;
      if (ours.fits !== theirs) disagreements.push(`${JSON.stringify(layout)}: ours ${ours.fits}, brute force ${theirs}`);
      if (ours.fits && ours.instances) {
        // The returned placement itself must be legal: no overlap, each start legal for its profile.
        const used = new Set<number>();
        for (const inst of ours.instances) {
          const p = profiles.find((x) => x.name === inst.profile)!;
          expect(p.placements!.some((pl) => pl.start === inst.start && pl.size === inst.size)).toBe(true);
          for (let u = inst.start; u < inst.start + inst.size; u++) {
            expect(used.has(u)).toBe(false);
            used.add(u);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBe(expected);
    // Non-empty fitting multisets equal the enumerated layouts (127, 19 and 114).
    expect(fitting - 1).toBe({ 'H100-80GB': 127, 'A30': 19, 'RTX-PRO-6000': 114 }[key]);
  });
});
