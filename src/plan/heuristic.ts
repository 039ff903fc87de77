import type { MigStrategy } from '../naming';
import { firstFitDecreasing } from './ffd';
import type { Assignment, Normalised } from './types';

/** The fallback when the exact program is too large or too slow: first-fit decreasing per model (whole nodes under single). */
export function heuristic(n: Normalised, strategy: MigStrategy): { assignment: Assignment; unmet: Map<string, number> } {
  let remaining = new Map(n.demand);
  const assignment: Assignment = [];
  n.models.forEach((m, mi) => {
    const here = new Map([...remaining].filter(([p]) => m.index.profiles.includes(p)));
    if (here.size === 0) return;
    if (strategy === 'single') {
      let budget = m.available ?? Infinity;
      for (const [p, count] of here) {
        const per = m.index.maxAlone(p) * m.gpusPerNode;
        const nodes = Math.min(Math.ceil(count / per), Math.floor(budget / m.gpusPerNode));
        if (nodes <= 0) continue;
        budget -= nodes * m.gpusPerNode;
        assignment.push({ model: mi, counts: m.index.profiles.map((q) => (q === p ? m.index.maxAlone(p) : 0)), gpus: nodes * m.gpusPerNode });
        const left = count - nodes * per;
        if (left > 0) remaining.set(p, left);
        else remaining.delete(p);
      }
      return;
    }
    const { gpus, unplaced } = firstFitDecreasing(m.index, here, m.available ?? Infinity);
    const byKey = new Map<string, { counts: number[]; gpus: number }>();
    for (const g of gpus) {
      const key = g.join(',');
      byKey.set(key, { counts: g, gpus: (byKey.get(key)?.gpus ?? 0) + 1 });
    }
    for (const v of byKey.values()) assignment.push({ model: mi, ...v });
    const next = new Map([...remaining].filter(([p]) => !here.has(p)));
    for (const [p, c] of unplaced) next.set(p, c);
    remaining = next;
  });
  return { assignment, unmet: remaining };
}

/** A bound without the solver: compute slices and memory placement units needed, per model at best. */
export function computeBound(n: Normalised): number {
  let best = Infinity;
  for (const m of n.models) {
    let compute = 0;
    let units = 0;
    for (const [p, c] of n.demand) {
      const info = m.info.profiles.find((x) => x.name === p);
      if (!info) return 0;
      compute += c * info.computeSlices;
      units += c * (info.placementSize ?? 0);
    }
    const axis = m.info.placementUnits ?? m.info.memorySlices;
    best = Math.min(best, Math.max(Math.ceil(compute / m.info.computeSlices), Math.ceil(units / axis)));
  }
  return Number.isFinite(best) ? best : 0;
}
