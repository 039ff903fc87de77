import { findGpuModel, type GpuModel, type GpuModelInfo } from '../catalog';
import { fitEntries, type FitSuccess } from './fit';
import type { LayoutEntry } from './layout';

const ALL = new Map<string, readonly FitSuccess[]>();
const MAXIMAL = new Map<string, readonly FitSuccess[]>();

function modelOf(gpu: GpuModel | GpuModelInfo): GpuModelInfo {
  if (typeof gpu !== 'string') return gpu;
  const model = findGpuModel(gpu);
  if (!model) throw new Error(`unknown GPU model '${gpu}'`);
  return model;
}

/**
 * Every non-empty layout (multiset of profiles) that fits one GPU of the model, with a placement.
 * Order: profiles in catalogue order, counts ascending, depth-first. Cached per model.
 */
export function enumerateLayouts(gpu: GpuModel | GpuModelInfo): readonly FitSuccess[] {
  const model = modelOf(gpu);
  const cached = ALL.get(model.key);
  if (cached) return cached;
  const found: FitSuccess[] = [];
  const chosen: LayoutEntry[] = [];
  const walk = (i: number, compute: number): void => {
    if (i === model.profiles.length) {
      if (chosen.length === 0) return;
      const fit = fitEntries(model, [...chosen]);
      if (fit.fits) found.push(fit);
      return;
    }
    const profile = model.profiles[i];
    walk(i + 1, compute);
    for (let n = 1; n <= profile.maxCount && compute + n * profile.computeSlices <= model.computeSlices; n++) {
      chosen.push({ profile, count: n });
      walk(i + 1, compute + n * profile.computeSlices);
      chosen.pop();
    }
  };
  walk(0, 0);
  ALL.set(model.key, found);
  return found;
}

/** The layouts to which no further instance of any profile can be added. Cached per model. */
export function maximalLayouts(gpu: GpuModel | GpuModelInfo): readonly FitSuccess[] {
  const model = modelOf(gpu);
  const cached = MAXIMAL.get(model.key);
  if (cached) return cached;
  const all = enumerateLayouts(model);
  const keys = new Set(all.map(layoutKey));
  const maximal = all.filter((fit) =>
    model.profiles.every((p) => {
      const counts = new Map(fit.entries.map((e) => [e.profile.name, e.count]));
      counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
      const bigger = model.profiles.filter((q) => counts.has(q.name)).map((q) => `${q.name}=${counts.get(q.name)}`).join(',');
      return !keys.has(bigger);
    }),
  );
  MAXIMAL.set(model.key, maximal);
  return maximal;
}

/** A stable text key for a layout: `1g.10gb=4,3g.40gb=1` in catalogue order. */
export function layoutKey(fit: { readonly entries: readonly LayoutEntry[] }): string {
  return fit.entries.map((e) => `${e.profile.name}=${e.count}`).join(',');
}
