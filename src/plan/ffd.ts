import type { LayoutIndex } from './layout-index';

/** GPUs of one model as count vectors (catalogue profile order). */
export type GpuCounts = number[][];

/**
 * First-fit decreasing: instances largest first (compute slices, then placement size), each onto
 * the first GPU it still fits on, else a new GPU. The planner's fallback heuristic and the
 * benchmark's reference point. Within one profile a GPU that refused it keeps refusing it (GPUs
 * only fill up), so a moving pointer finds the first fit without rescanning.
 */
export function firstFitDecreasing(
  index: LayoutIndex, demand: ReadonlyMap<string, number>, maxGpus = Infinity,
): { gpus: GpuCounts; unplaced: Map<string, number> } {
  const order = index.model.profiles
    .filter((p) => (demand.get(p.name) ?? 0) > 0)
    .sort((a, b) => b.computeSlices - a.computeSlices || (b.placementSize ?? 0) - (a.placementSize ?? 0));
  const gpus: GpuCounts = [];
  const unplaced = new Map<string, number>();
  for (const p of order) {
    const i = index.profiles.indexOf(p.name);
    let g = 0;
    for (let left = demand.get(p.name)!; left > 0; left--) {
      while (g < gpus.length) {
        gpus[g][i]++;
        if (index.fits(gpus[g])) break;
        gpus[g][i]--;
        g++;
      }
      if (g === gpus.length) {
        if (gpus.length >= maxGpus || index.maxAlone(p.name) === 0) {
          unplaced.set(p.name, left);
          break;
        }
        const gpu = index.profiles.map(() => 0);
        gpu[i] = 1;
        gpus.push(gpu);
      }
    }
  }
  return { gpus, unplaced };
}
