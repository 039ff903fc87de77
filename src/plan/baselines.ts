import type { LayoutIndex } from './layout-index';

export interface Baseline {
  /** `whole-gpus`, `uniform-pools` or `all-balanced`. */
  readonly name: string;
  readonly description: string;
  /** GPUs needed; null when the baseline cannot serve the demand. */
  readonly gpus: number | null;
  readonly nodes: number | null;
  readonly note?: string;
}

/**
 * What the demand costs without the planner, on one model:
 * - whole GPUs: every instance on a GPU of its own (no MIG);
 * - uniform pools: one pool per profile, every GPU filled with that profile alone (what `single` needs);
 * - the operator's all-balanced layout on every GPU.
 */
export function baselines(index: LayoutIndex, demand: ReadonlyMap<string, number>, gpusPerNode: number): Baseline[] {
  const entries = [...demand].filter(([, n]) => n > 0);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const nodes = (g: number) => Math.ceil(g / gpusPerNode);
  const out: Baseline[] = [{ name: 'whole-gpus', description: 'one instance per GPU, no MIG', gpus: total, nodes: nodes(total) }];

  const missing = entries.filter(([p]) => index.maxAlone(p) === 0).map(([p]) => p);
  if (missing.length > 0) {
    out.push({ name: 'uniform-pools', description: 'one pool per profile (strategy single)', gpus: null, nodes: null, note: `${missing.join(', ')} not on ${index.model.key}` });
  } else {
    const perProfile = entries.map(([p, n]) => Math.ceil(n / index.maxAlone(p)));
    out.push({
      name: 'uniform-pools',
      description: 'one pool per profile (strategy single)',
      gpus: perProfile.reduce((s, g) => s + g, 0),
      nodes: perProfile.reduce((s, g) => s + nodes(g), 0),
    });
  }

  const balanced = index.model.operatorAllBalanced;
  if (!balanced) {
    out.push({ name: 'all-balanced', description: "the operator's all-balanced layout", gpus: null, nodes: null, note: `the operator ships no all-balanced layout for ${index.model.key}` });
  } else {
    const lacking = entries.filter(([p]) => !(p in balanced)).map(([p]) => p);
    if (lacking.length > 0) {
      out.push({ name: 'all-balanced', description: "the operator's all-balanced layout", gpus: null, nodes: null, note: `all-balanced has no ${lacking.join(', ')}` });
    } else {
      const g = Math.max(0, ...entries.map(([p, n]) => Math.ceil(n / balanced[p])));
      out.push({ name: 'all-balanced', description: `the operator's all-balanced layout (${Object.entries(balanced).map(([p, n]) => `${p} x${n}`).join(' + ')})`, gpus: g, nodes: nodes(g) });
    }
  }
  return out;
}
