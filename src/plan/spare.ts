import type { Assignment, Normalised } from './types';

/**
 * The GPUs of the plan's nodes that the demand does not need, given spare capacity in proportion
 * to the demand: each takes the layout (of demanded profiles only) that most raises the smallest
 * ratio of supply to demand over the profiles it can hold, then the sum of the ratios. Greedy, one
 * GPU at a time; under strategy single a spare node is a whole node of the least-covered profile.
 */
export function fillSpare(n: Normalised, assignment: Assignment, strategy: 'mixed' | 'single'): Assignment {
  const supply = new Map<string, number>();
  for (const a of assignment) {
    const m = n.models[a.model];
    m.index.profiles.forEach((p, i) => {
      if (a.counts[i] > 0) supply.set(p, (supply.get(p) ?? 0) + a.counts[i] * a.gpus);
    });
  }
  const ratio = (p: string, extra = 0) => ((supply.get(p) ?? 0) + extra) / n.demand.get(p)!;
  const out: Assignment = [];
  n.models.forEach((m, mi) => {
    const used = assignment.filter((a) => a.model === mi).reduce((s, a) => s + a.gpus, 0);
    const idle = Math.ceil(used / m.gpusPerNode) * m.gpusPerNode - used;
    const demanded = m.index.profiles.map((p) => n.demand.has(p));
    if (idle === 0 || !demanded.some(Boolean)) return;
    const mine = m.index.profiles.filter((p) => n.demand.has(p));
    const candidates = strategy === 'single'
      ? [] // a single-strategy node is uniform: its idle GPUs stay off (one profile per node)
      : m.index.layouts.map((fit) => m.index.countsOf(fit)).filter((c) => c.some((x) => x > 0) && c.every((x, i) => x === 0 || demanded[i]));
    for (let g = 0; g < idle && candidates.length > 0; g++) {
      let best: number[] | undefined;
      let bestScore: [number, number] = [-Infinity, -Infinity];
      for (const c of candidates) {
        const after = mine.map((p) => ratio(p, c[m.index.profiles.indexOf(p)] * 1));
        const score: [number, number] = [Math.min(...after), after.reduce((s, x) => s + x, 0)];
        if (score[0] > bestScore[0] + 1e-12 || (Math.abs(score[0] - bestScore[0]) <= 1e-12 && score[1] > bestScore[1] + 1e-12)) {
          best = c;
          bestScore = score;
        }
      }
      m.index.profiles.forEach((p, i) => {
        if (best![i] > 0) supply.set(p, (supply.get(p) ?? 0) + best![i]);
      });
      const same = out.find((a) => a.model === mi && a.counts.join(',') === best!.join(','));
      if (same) same.gpus++;
      else out.push({ model: mi, counts: [...best!], gpus: 1, spare: true });
    }
  });
  return out;
}
