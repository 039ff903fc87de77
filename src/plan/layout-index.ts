import { findGpuModel, type GpuModel, type GpuModelInfo } from '../catalog';
import { enumerateLayouts, layoutKey, type FitSuccess } from '../geometry';

/**
 * Every valid layout of a model, indexed by its count vector, so the planner asks "does this
 * multiset fit one GPU?" with a lookup instead of a placement search.
 */
export interface LayoutIndex {
  readonly model: GpuModelInfo;
  /** Profile names in catalogue order; count vectors use this order. */
  readonly profiles: readonly string[];
  readonly layouts: readonly FitSuccess[];
  fits(counts: readonly number[]): boolean;
  /** The most instances of one profile a GPU holds alone (e.g. 7 x 1g.10gb, 2 x 3g.40gb). */
  maxAlone(profile: string): number;
  /** How many more `profile` instances fit on a GPU that holds `counts`. */
  room(counts: readonly number[], profile: string): number;
  countsOf(fit: FitSuccess): number[];
}

const CACHE = new Map<string, LayoutIndex>();

export function layoutIndex(gpu: GpuModel | GpuModelInfo): LayoutIndex {
  const model = typeof gpu === 'string' ? findGpuModel(gpu)! : gpu;
  const cached = CACHE.get(model.key);
  if (cached) return cached;
  const profiles = model.profiles.map((p) => p.name);
  const layouts = enumerateLayouts(model);
  const countsOf = (fit: FitSuccess) => profiles.map((p) => fit.entries.find((e) => e.profile.name === p)?.count ?? 0);
  const valid = new Set<string>(layouts.map((l) => countsOf(l).join(',')));
  const fits = (counts: readonly number[]) => counts.every((c) => c === 0) || valid.has(counts.join(','));
  const room = (counts: readonly number[], profile: string) => {
    const i = profiles.indexOf(profile);
    if (i < 0) return 0;
    const next = [...counts];
    let n = 0;
    for (;;) {
      next[i]++;
      if (!valid.has(next.join(','))) return n;
      n++;
    }
  };
  const zero = profiles.map(() => 0);
  const index: LayoutIndex = { model, profiles, layouts, fits, maxAlone: (p) => room(zero, p), room, countsOf };
  CACHE.set(model.key, index);
  return index;
}

export { layoutKey };
