import { findGpuModel, GPU_MODELS, resolveProfile } from '../catalog';
import { listValues, MigValidationError, showValue, type Diagnostic } from '../diagnostics';
import { MAX_GPUS_PER_NODE } from '../spec';
import { layoutIndex } from './layout-index';
import type { DemandItem, Normalised, PlanRequest } from './types';

/** The most instances one plan takes (the exact program's size grows with the layouts, its bounds with the counts). */
export const MAX_PLAN_INSTANCES = 1_000_000;
/** The most GPUs of one model a plan may be told are available. */
export const MAX_PLAN_GPUS = 10_000_000;
/** The longest solver time limit per stage. */
export const MAX_TIME_LIMIT_SECONDS = 3600;

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
    if (!Number.isInteger(gpusPerNode) || gpusPerNode < 1 || gpusPerNode > MAX_GPUS_PER_NODE) {
      d.push({ path: `gpus[${i}].gpusPerNode`, message: `gpusPerNode is ${showValue(gpusPerNode)}; it must be a whole number from 1 to ${MAX_GPUS_PER_NODE}`, hint: 'give the GPUs in one node, e.g. 8' });
    }
    if (g.available !== undefined && (!Number.isInteger(g.available) || g.available < 0 || g.available > MAX_PLAN_GPUS)) {
      d.push({ path: `gpus[${i}].available`, message: `available is ${showValue(g.available)}; it must be a whole number from 0 to ${MAX_PLAN_GPUS}`, hint: 'give the GPUs of this model you can use, or leave it out for no limit' });
    }
    const price = g.pricePerGpuHour;
    if (price !== undefined && (typeof price !== 'number' || !Number.isFinite(price) || price < 0)) {
      d.push({ path: `gpus[${i}].pricePerGpuHour`, message: `the price of ${info.key} is ${showValue(price)}; it must be a number >= 0`, hint: 'give a price per GPU-hour, e.g. 3.9' });
    }
    return [{ info, index: layoutIndex(info), available: g.available, gpusPerNode, ...(price !== undefined ? { price } : {}) }];
  });
  const priced = models.filter((m) => m.price !== undefined).length;
  if (priced > 0 && priced < models.length) {
    d.push({ path: 'gpus', message: `${priced} of ${models.length} models have a price per GPU-hour`, hint: 'give every model a price (the plan then minimises cost), or none (it minimises nodes)' });
  }
  if (request.spare !== undefined && request.spare !== 'proportional' && request.spare !== 'none') {
    d.push({ path: 'spare', message: `spare ${JSON.stringify(request.spare)} is not a choice`, hint: "use 'proportional' or 'none'" });
  }
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
  const limit = request.timeLimitSeconds;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0 || limit > MAX_TIME_LIMIT_SECONDS)) {
    d.push({ path: 'timeLimitSeconds', message: `the time limit is ${showValue(limit)}; it must be a number of seconds above 0 and at most ${MAX_TIME_LIMIT_SECONDS}`, hint: 'give e.g. 20 (seconds per solver stage)' });
  }
  let total = 0;
  rawItems.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || typeof item.profile !== 'string') {
      d.push({ path: `demand[${i}]`, message: `demand item ${i} is ${showValue(item)}, not { profile, count }`, hint: "give items like { profile: '1g.10gb', count: 40 }" });
      return;
    }
    if (!Number.isInteger(item.count) || item.count < 0 || item.count > MAX_PLAN_INSTANCES) {
      d.push({ path: `demand[${i}]`, message: `the count for '${item.profile}' is ${showValue(item.count)}; it must be a whole number from 0 to ${MAX_PLAN_INSTANCES}`, hint: 'give a whole number of instances' });
      return;
    }
    total += item.count;
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
  if (rawItems.length > 0 && total === 0 && d.length === 0) d.push({ path: 'demand', message: 'the demand is 0 instances in all', hint: 'give at least one profile a count above 0, e.g. --demand 1g.10gb=40' });
  if (total > MAX_PLAN_INSTANCES) d.push({ path: 'demand', message: `the demand is ${total} instances in all; the planner takes at most ${MAX_PLAN_INSTANCES}`, hint: 'plan a part of the fleet at a time' });
  if (d.length > 0) throw new MigValidationError(d);
  return { models, demand, unservable: [...unservable].map(([profile, u]) => ({ profile, ...u })), items };
}
