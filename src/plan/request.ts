import { findGpuModel, GPU_MODELS, resolveProfile } from '../catalog';
import { listValues, MigValidationError, type Diagnostic } from '../diagnostics';
import { layoutIndex } from './layout-index';
import type { DemandItem, Normalised, PlanRequest } from './types';

/** Checks a plan request (models, counts, demand) and resolves profile names; throws MigValidationError with every problem. */
export function normalise(request: PlanRequest): Normalised {
  const d: Diagnostic[] = [];
  if (!Array.isArray(request.gpus) || request.gpus.length === 0) d.push({ path: 'gpus', message: 'no GPU model given', hint: 'give at least one model, e.g. --gpu H100-80GB' });
  const models = (request.gpus ?? []).flatMap((g, i) => {
    const info = findGpuModel(g?.model);
    if (!info) {
      d.push({ path: `gpus[${i}].model`, message: `${JSON.stringify(g?.model)} is not a GPU model in the catalogue`, hint: `use one of ${listValues(GPU_MODELS, 20)}` });
      return [];
    }
    const gpusPerNode = g.gpusPerNode ?? 8;
    if (!Number.isInteger(gpusPerNode) || gpusPerNode < 1) d.push({ path: `gpus[${i}].gpusPerNode`, message: `gpusPerNode is ${JSON.stringify(gpusPerNode)}; it must be a whole number >= 1`, hint: 'give the GPUs in one node, e.g. 8' });
    if (g.available !== undefined && (!Number.isInteger(g.available) || g.available < 0)) d.push({ path: `gpus[${i}].available`, message: `available is ${JSON.stringify(g.available)}; it must be a whole number >= 0`, hint: 'give the GPUs of this model you can use, or leave it out for no limit' });
    return [{ info, index: layoutIndex(info), available: g.available, gpusPerNode }];
  });
  if (request.strategy !== undefined && request.strategy !== 'mixed' && request.strategy !== 'single') {
    d.push({ path: 'strategy', message: `strategy ${JSON.stringify(request.strategy)} is not a MIG strategy`, hint: "use 'mixed' or 'single'" });
  }
  const rawItems: DemandItem[] = Array.isArray(request.demand)
    ? [...request.demand]
    : Object.entries(request.demand ?? {}).map(([profile, count]) => ({ profile, count }));
  if (rawItems.length === 0) d.push({ path: 'demand', message: 'the demand is empty', hint: 'give instances per profile, e.g. --demand 1g.10gb=40,3g.40gb=6' });
  const demand = new Map<string, number>();
  const unservable = new Map<string, { count: number; reason: string }>();
  const items: { tenant?: string; profile: string; count: number }[] = [];
  rawItems.forEach((item, i) => {
    if (!Number.isInteger(item.count) || item.count < 0) {
      d.push({ path: `demand[${i}]`, message: `the count for '${item.profile}' is ${JSON.stringify(item.count)}; it must be a whole number >= 0`, hint: 'give a whole number of instances' });
      return;
    }
    const canonical = models.map((m) => resolveProfile(m.info, item.profile)?.profile.name).find((x) => x !== undefined);
    if (!canonical) {
      const prev = unservable.get(item.profile);
      unservable.set(item.profile, { count: (prev?.count ?? 0) + item.count, reason: `'${item.profile}' is not a profile of ${listValues(models.map((m) => m.info.key))}` });
      return;
    }
    if (item.count === 0) return;
    demand.set(canonical, (demand.get(canonical) ?? 0) + item.count);
    items.push({ tenant: item.tenant, profile: canonical, count: item.count });
  });
  if (d.length > 0) throw new MigValidationError(d);
  return { models, demand, unservable: [...unservable].map(([profile, u]) => ({ profile, ...u })), items };
}
