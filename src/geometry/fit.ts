import { findGpuModel, placementAxisLength, type GpuModel, type GpuModelInfo, type MigLayout, type MigProfileDetails } from '../catalog';
import { describeEntries, normaliseLayout, type LayoutEntry } from './layout';

/** One GPU instance at a concrete position on the placement axis. */
export interface PlacedInstance {
  readonly profile: string;
  readonly start: number;
  readonly size: number;
}

/** Which rule rejected a layout. */
export type FitRule = 'unknown-model' | 'unknown-profile' | 'count' | 'max-count' | 'compute-slices' | 'media-engines' | 'placement';

export interface FitSuccess {
  readonly fits: true;
  readonly model: GpuModel;
  /** The layout with canonical profile names, in catalogue order. */
  readonly entries: readonly LayoutEntry[];
  /**
   * A concrete placement of every instance, largest first (an order the driver accepts).
   * null when the model's placements are not known (RTX PRO 5000/4500): then only max counts,
   * compute slices and media engines were checked.
   */
  readonly instances: readonly PlacedInstance[] | null;
  readonly computeSlicesUsed: number;
  /** Placement units used, null when placements are unknown. */
  readonly placementUnitsUsed: number | null;
  /** false when any placement used comes from the profile family rather than a `-lgipp` output of this model. */
  readonly placementsConfirmed: boolean;
  /** Things a person should know (normalised aliases, unverified placements). */
  readonly notes: readonly string[];
}

export interface FitFailure {
  readonly fits: false;
  readonly model: string;
  readonly rule: FitRule;
  /** A sentence a person understands, e.g. "3g.40gb x2 occupies memory slices 0-7; no placement is left for 1g.10gb". */
  readonly reason: string;
  /** How to fix it. */
  readonly hint: string;
}

export type FitResult = FitSuccess | FitFailure;

/**
 * Decides whether a multiset of MIG profiles fits one GPU and, when it does, where each instance goes.
 * Rules (docs/reference/mig-catalogue.md §4): every profile exists on the model; counts are within each profile's
 * max count; compute slices add up to at most the model's; media-engine exclusivity; and a
 * non-overlapping placement exists on the placement axis (found by backtracking, largest first).
 */
export function fitProfiles<G extends GpuModel>(gpu: G, layout: MigLayout<NoInfer<G>>): FitResult {
  return fitUntypedLayout(gpu, layout);
}

/**
 * fitProfiles for input the compiler has not checked (YAML specs, JavaScript callers): any model key
 * and any map; unknown models, unknown profiles and bad counts come back as reasons.
 */
export function fitUntypedLayout(gpu: string, layout: Readonly<Record<string, unknown>>): FitResult {
  const model = findGpuModel(gpu);
  if (!model) {
    return {
      fits: false,
      model: gpu,
      rule: 'unknown-model',
      reason: `'${gpu}' is not a GPU model in the catalogue`,
      hint: 'use a model key such as H100-80GB; `mig catalog` lists them all',
    };
  }
  const normal = normaliseLayout(model, layout);
  const problem = normal.problems[0];
  if (problem) return { fits: false, model: model.key, rule: problem.kind, reason: problem.message, hint: problem.hint };
  const notes = normal.aliases.map((a) => `'${a.from}' is the ${a.source} spelling of '${a.to}'; it was normalised to '${a.to}'`);
  return fitEntries(model, normal.entries, notes);
}

/** fitProfiles on an already normalised layout (used by enumeration and the planner). */
export function fitEntries(model: GpuModelInfo, entries: readonly LayoutEntry[], notes: readonly string[] = []): FitResult {
  const fail = (rule: FitRule, reason: string, hint: string): FitFailure => ({ fits: false, model: model.key, rule, reason, hint });

  for (const { profile, count } of entries) {
    if (count > profile.maxCount) {
      return fail(
        'max-count',
        `${profile.name} x${count} exceeds the ${profile.maxCount} instance${profile.maxCount === 1 ? '' : 's'} ${model.key} allows per GPU`,
        `use at most ${profile.maxCount} x ${profile.name} per GPU, or spread the rest over more GPUs`,
      );
    }
  }

  const computeSlicesUsed = entries.reduce((sum, e) => sum + e.count * e.profile.computeSlices, 0);
  if (computeSlicesUsed > model.computeSlices) {
    return fail(
      'compute-slices',
      `${describeEntries(entries)} needs ${computeSlicesUsed} compute slices; ${model.key} has ${model.computeSlices}`,
      `remove profiles until the compute slices (the leading <N>g of each name, times its count) add up to ${model.computeSlices} or less`,
    );
  }

  const media = checkMediaEngines(entries);
  if (media) return fail('media-engines', media.reason, media.hint);

  const axis = placementAxisLength(model);
  const placementsConfirmed = entries.every((e) => e.profile.placementsConfirmed);
  if (axis === null) {
    return {
      fits: true,
      model: model.key,
      entries,
      instances: null,
      computeSlicesUsed,
      placementUnitsUsed: null,
      placementsConfirmed: false,
      notes: [
        ...notes,
        `${model.key} placements are not published; max counts, compute slices and media engines were checked, the placement was not`,
      ],
    };
  }

  const order = placementOrder(entries);
  const placed = placeAll(order, axis);
  if (placed) {
    const unconfirmed = placementsConfirmed ? [] : [`${model.key} placements are inferred from the profile family, not seen in a -lgipp output`];
    return {
      fits: true,
      model: model.key,
      entries,
      instances: placed,
      computeSlicesUsed,
      placementUnitsUsed: placed.reduce((s, p) => s + p.size, 0),
      placementsConfirmed,
      notes: [...notes, ...unconfirmed],
    };
  }
  return fail('placement', explainPlacementFailure(model, order, axis), placementHint(model));
}

/**
 * `+me` takes the GPU's single set of extra media engines and `+me.all` takes all of them, so a GPU
 * holds at most one such instance; with `+me.all` every other instance must be a `-me` profile
 * (docs/reference/mig-catalogue.md §4 step 5; enforced by the driver as "Insufficient Resources").
 */
function checkMediaEngines(entries: readonly LayoutEntry[]): { reason: string; hint: string } | undefined {
  const takers = entries.filter((e) => e.profile.attributes.includes('+me') || e.profile.attributes.includes('+me.all'));
  const takerCount = takers.reduce((s, e) => s + e.count, 0);
  if (takerCount > 1) {
    return {
      reason: `${describeEntries(takers)} asks for ${takerCount} media-engine (+me) instances; one GPU has media engines for only one`,
      hint: 'keep one +me or +me.all instance per GPU and use plain profiles for the rest',
    };
  }
  const all = takers.find((e) => e.profile.attributes.includes('+me.all'));
  if (all) {
    const others = entries.filter((e) => e !== all && !e.profile.attributes.includes('-me'));
    if (others.length > 0) {
      return {
        reason: `${all.profile.name} takes all media engines of the GPU, so every other instance must be a -me profile; ${describeEntries(others)} ${others.length === 1 && others[0].count === 1 ? 'is' : 'are'} not`,
        hint: `use the -me variants (${others.map((o) => o.profile.name.replace(/\+.*$/, '') + '-me').join(', ')}) beside ${all.profile.name}, or drop ${all.profile.name}`,
      };
    }
  }
  return undefined;
}

interface PendingInstance {
  readonly profile: MigProfileDetails;
  readonly size: number;
  readonly starts: readonly number[];
}

/** Largest first; among equal sizes, the profile with fewer legal starts first (docs/reference/mig-catalogue.md §4 step 4). */
function placementOrder(entries: readonly LayoutEntry[]): PendingInstance[] {
  const list: PendingInstance[] = [];
  for (const { profile, count } of entries) {
    const size = profile.placements![0].size;
    const starts = profile.placements!.map((p) => p.start);
    for (let i = 0; i < count; i++) list.push({ profile, size, starts });
  }
  return list.sort((a, b) => b.size - a.size || a.starts.length - b.starts.length);
}

/**
 * Backtracking placement on a bit mask of the axis (at most 12 units, so one number holds it; the
 * planner calls this for every candidate layout, hence bits rather than arrays).
 * Returns the placements or undefined.
 */
/* eslint-disable no-bitwise */
function placeAll(order: readonly PendingInstance[], axis: number): PlacedInstance[] | undefined {
  const result: PlacedInstance[] = [];
  const full = axis >= 31 ? -1 : (1 << axis) - 1;
  const go = (i: number, used: number): boolean => {
    if (i === order.length) return true;
    const { profile, size, starts } = order[i];
    // Identical instances are placed at increasing starts, which removes symmetric re-tries.
    const prev = i > 0 && order[i - 1].profile === profile ? result[i - 1].start : -1;
    for (const start of starts) {
      if (start <= prev) continue;
      const mask = ((1 << size) - 1) << start;
      if ((mask & ~full) !== 0 || (used & mask) !== 0) continue;
      result[i] = { profile: profile.name, start, size };
      if (go(i + 1, used | mask)) return true;
    }
    return false;
  };
  if (!go(0, 0)) return undefined;
  return result.slice(0, order.length);
}
/* eslint-enable no-bitwise */

function unitName(model: GpuModelInfo): string {
  return placementAxisLength(model) === model.memorySlices ? 'memory slices' : 'placement units';
}

function ranges(instances: readonly PlacedInstance[]): string {
  const used = new Set<number>();
  for (const p of instances) for (let u = p.start; u < p.start + p.size; u++) used.add(u);
  const sorted = [...used].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Finds the longest prefix of the placement order that still fits and names the first instance
 * that cannot be placed after it. The backtracking already proved that no arrangement of the whole
 * layout exists, so the sentence holds whatever arrangement of the prefix is shown.
 */
function explainPlacementFailure(model: GpuModelInfo, order: readonly PendingInstance[], axis: number): string {
  let prefix: PlacedInstance[] = [];
  let k = 0;
  for (let n = 1; n <= order.length; n++) {
    const placed = placeAll(order.slice(0, n), axis);
    if (!placed) break;
    prefix = placed;
    k = n;
  }
  const blocked = order[k];
  const units = unitName(model);
  const legal = `${blocked.profile.name} takes ${blocked.size} ${blocked.size === 1 ? units.replace(/s$/, '') : units} starting at ${blocked.starts.join(', ')}`;
  const counts = new Map<string, number>();
  for (const p of prefix) counts.set(p.profile, (counts.get(p.profile) ?? 0) + 1);
  const placedText = [...counts].map(([name, n]) => `${name} x${n}`).join(' + ');
  return `${placedText} occupies ${units} ${ranges(prefix)}; no placement is left for ${blocked.profile.name} (${legal}), and no other arrangement fits either`;
}

function placementHint(model: GpuModelInfo): string {
  return `choose profiles whose placements do not overlap; \`mig catalog ${model.key}\` shows the legal placements, and enumerateLayouts('${model.key}') lists every layout that fits`;
}
