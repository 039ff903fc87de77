import { findGpuModel } from '../catalog';
import { fitUntypedLayout, type FitSuccess } from '../geometry';
import { buildMigPartedDocument } from '../mig-parted';
import type { MigStrategy } from '../naming';
import { roundSignificant } from '../numbers';
import { compareKeys } from '../order';
import { baselines } from './baselines';
import type { LayoutIndex } from './layout-index';
import type { Assignment, Normalised, Plan, PlannedLayout, PlannedNodeGroup, ProfileCapacity } from './types';

function layoutRecord(index: LayoutIndex, counts: readonly number[]): Record<string, number> {
  return Object.fromEntries(index.profiles.map((p, i) => [p, counts[i]] as [string, number]).filter(([, c]) => c > 0));
}

/** The plan as users read it: layouts, node groups, the mig-parted config, capacity, unmet demand and baselines. */
export function assemble(
  n: Normalised, strategy: MigStrategy, assignment: Assignment, unmetMap: Map<string, number>,
  result: { method: 'exact' | 'heuristic'; provenOptimal: boolean; lowerBound: number; notes: string[] },
): Plan {
  const sorted = [...assignment].sort((a, b) => a.model - b.model || Number(!!a.spare) - Number(!!b.spare) || b.gpus - a.gpus || compareKeys(a.counts.join(','), b.counts.join(',')));
  const layouts: PlannedLayout[] = sorted.map((a) => {
    const m = n.models[a.model];
    const layout = layoutRecord(m.index, a.counts);
    const fit = fitUntypedLayout(m.info.key, layout);
    if (!fit.fits) throw new Error(`mig-constructs planner produced a layout that does not fit ${m.info.key}: ${fit.reason} (this is a bug: please report it)`);
    return { model: m.info.key, layout, gpus: a.gpus, placement: fit.instances, ...(a.spare ? { spare: true as const } : {}) };
  });

  // Node groups: full nodes of one layout first; leftover GPUs share mixed nodes (per-GPU configs).
  const nodeGroups: PlannedNodeGroup[] = [];
  let idleGpus = 0;
  n.models.forEach((m, mi) => {
    const slug = `plan-${m.info.key.toLowerCase()}`;
    const mine = sorted.filter((a) => a.model === mi);
    const leftovers: Record<string, number>[] = [];
    let groupNo = 0;
    for (const a of mine) {
      const layout = layoutRecord(m.index, a.counts);
      const full = Math.floor(a.gpus / m.gpusPerNode);
      if (full > 0) nodeGroups.push({ name: `${slug}-${++groupNo}`, model: m.info.key, nodes: full, gpusPerNode: m.gpusPerNode, perGpu: new Array(m.gpusPerNode).fill(layout) });
      for (let i = full * m.gpusPerNode; i < a.gpus; i++) leftovers.push(layout);
    }
    const mixedNodes = new Map<string, { perGpu: (Record<string, number> | false)[]; nodes: number }>();
    for (let i = 0; i < leftovers.length; i += m.gpusPerNode) {
      const perGpu: (Record<string, number> | false)[] = leftovers.slice(i, i + m.gpusPerNode);
      while (perGpu.length < m.gpusPerNode) {
        perGpu.push(false);
        idleGpus++;
      }
      const key = JSON.stringify(perGpu);
      mixedNodes.set(key, { perGpu, nodes: (mixedNodes.get(key)?.nodes ?? 0) + 1 });
    }
    let mixedNo = 0;
    for (const g of mixedNodes.values()) nodeGroups.push({ name: `${slug}-mixed-${++mixedNo}`, model: m.info.key, nodes: g.nodes, gpusPerNode: m.gpusPerNode, perGpu: g.perGpu });
  });

  const migPartedConfig = buildMigPartedDocument(
    nodeGroups.map((g) => {
      const model = findGpuModel(g.model)!;
      const fits = g.perGpu.map((l) => (l === false ? (false as const) : (fitUntypedLayout(model.key, l) as FitSuccess)));
      const uniform = g.perGpu.every((l) => l !== false && JSON.stringify(l) === JSON.stringify(g.perGpu[0]));
      return { name: g.name, gpu: model.key, gpus: uniform ? 'all' : fits, uniform: uniform ? (fits[0] as FitSuccess) : undefined };
    }),
  );

  const supply = new Map<string, number>();
  const freeRoom = new Map<string, number>();
  for (const a of assignment) {
    const m = n.models[a.model];
    m.index.profiles.forEach((p, i) => {
      if (a.counts[i] > 0) supply.set(p, (supply.get(p) ?? 0) + a.counts[i] * a.gpus);
    });
    for (const p of n.demand.keys()) if (m.index.profiles.includes(p)) freeRoom.set(p, (freeRoom.get(p) ?? 0) + m.index.room(a.counts, p) * a.gpus);
  }
  const profiles = [...n.demand].map(([profile, demand]): ProfileCapacity => {
    const supplied = supply.get(profile) ?? 0;
    return { profile, demand, supply: supplied, extraConfigured: Math.max(0, supplied - demand), freeRoom: freeRoom.get(profile) ?? 0 };
  });

  const unmet = [
    ...n.unservable,
    ...[...unmetMap].filter(([, c]) => c > 0).map(([profile, count]) => ({
      profile, count, reason: n.models.some((m) => m.available !== undefined) ? 'not enough GPUs available' : 'no GPU model given can hold it',
    })),
  ];

  // Tenants are served in the order given, from what the plan supplies.
  const left = new Map(supply);
  const tenants = n.items.filter((i) => i.tenant !== undefined).map((i) => {
    const count = Math.min(i.count, left.get(i.profile) ?? 0);
    left.set(i.profile, (left.get(i.profile) ?? 0) - count);
    return { tenant: i.tenant!, profile: i.profile, count };
  });

  const gpusByModel: Record<string, number> = {};
  for (const l of layouts) if (!l.spare) gpusByModel[l.model] = (gpusByModel[l.model] ?? 0) + l.gpus;
  const gpusUsed = layouts.filter((l) => !l.spare).reduce((s, l) => s + l.gpus, 0);
  const nodesUsed = nodeGroups.reduce((s, g) => s + g.nodes, 0);
  const spareInstances: Record<string, number> = {};
  for (const a of assignment.filter((x) => x.spare)) {
    n.models[a.model].index.profiles.forEach((p, i) => {
      if (a.counts[i] > 0) spareInstances[p] = (spareInstances[p] ?? 0) + a.counts[i] * a.gpus;
    });
  }
  const spare = { gpus: assignment.filter((x) => x.spare).reduce((s, a) => s + a.gpus, 0), instances: spareInstances };
  const priced = n.models.every((m) => m.price !== undefined);
  const priceOf = (model: string) => n.models.find((m) => m.info.key === model)!.price!;
  const costPerHour = priced ? nodeGroups.reduce((s, g) => s + g.nodes * g.gpusPerNode * priceOf(g.model), 0) : undefined;
  const first = n.models[0];
  const demandOnFirst = new Map([...n.demand].filter(([p]) => first.index.profiles.includes(p)));
  const notes = [...result.notes];
  if (strategy === 'single') notes.push('strategy single: every node holds one profile on all its GPUs');
  if (layouts.some((l) => !l.placement)) notes.push('some models have no published placements: their layouts were checked on counts and compute slices only');
  return {
    strategy,
    method: result.method,
    provenOptimal: result.provenOptimal,
    gpusUsed,
    lowerBound: Math.min(result.lowerBound, gpusUsed),
    nodesUsed,
    idleGpus,
    spare,
    ...(costPerHour !== undefined ? { costPerHour: roundSignificant(costPerHour) } : {}),
    gpusByModel,
    layouts,
    nodeGroups,
    migPartedConfig,
    profiles,
    unmet,
    tenants,
    baselines: baselines(first.index, demandOnFirst, first.gpusPerNode),
    notes,
  };
}
