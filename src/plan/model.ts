import type { MigStrategy } from '../naming';
import type { PlanModel, PlanVariable } from './mip';
import type { Normalised } from './types';

/** Integer variables: one per (model, layout of demanded profiles) under mixed; one per (model, profile) node under single. */
export function buildModel(n: Normalised, strategy: MigStrategy): { model: PlanModel; describe: Map<string, { model: number; counts: number[] }> } {
  const variables: PlanVariable[] = [];
  const describe = new Map<string, { model: number; counts: number[] }>();
  n.models.forEach((m, mi) => {
    const demanded = m.index.profiles.map((p) => n.demand.has(p));
    if (strategy === 'mixed') {
      m.index.layouts.forEach((fit, li) => {
        const counts = m.index.countsOf(fit);
        if (counts.some((c, i) => c > 0 && !demanded[i])) return; // carving undemanded profiles never helps
        const name = `x${mi}_${li}`;
        const supply = new Map(m.index.profiles.map((p, i) => [p, counts[i]] as [string, number]).filter(([, c]) => c > 0));
        const carved = counts.reduce((s, c, i) => s + c * m.info.profiles[i].computeSlices, 0);
        variables.push({ name, gpus: 1, carved, supply, model: mi });
        describe.set(name, { model: mi, counts });
      });
    } else {
      m.index.profiles.forEach((p, i) => {
        const per = m.index.maxAlone(p);
        if (!demanded[i] || per === 0) return;
        const counts = m.index.profiles.map((_, j) => (j === i ? per : 0));
        const name = `y${mi}_${i}`;
        const carved = per * m.info.profiles[i].computeSlices * m.gpusPerNode;
        variables.push({ name, gpus: m.gpusPerNode, carved, supply: new Map([[p, per * m.gpusPerNode]]), model: mi });
        describe.set(name, { model: mi, counts });
      });
    }
  });
  const available = n.models.map((m) => m.available);
  // Nodes are what a platform buys: the first stage counts them, or their price per hour.
  const nodes = n.models.map((m) => ({ gpusPerNode: m.gpusPerNode, cost: m.price !== undefined ? m.price * m.gpusPerNode : 1 }));
  return { model: { variables, demand: n.demand, available, nodes }, describe };
}
