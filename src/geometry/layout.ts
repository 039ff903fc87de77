import { resolveProfile, type GpuModelInfo, type MigProfileDetails } from '../catalog';

/** One profile of a layout with its count, in the model's catalogue order. */
export interface LayoutEntry {
  readonly profile: MigProfileDetails;
  readonly count: number;
}

export type LayoutProblemKind = 'unknown-profile' | 'count';

export interface LayoutProblem {
  readonly kind: LayoutProblemKind;
  /** The profile name as given. */
  readonly profile: string;
  readonly message: string;
  readonly hint: string;
}

export interface NormalisedLayout {
  /** Entries with count > 0, canonical names, catalogue order. */
  readonly entries: readonly LayoutEntry[];
  /** Old driver spellings that were normalised. */
  readonly aliases: readonly { readonly from: string; readonly to: string; readonly source: string }[];
  readonly problems: readonly LayoutProblem[];
}

/**
 * Resolves a layout's profile names on a model and checks its counts are whole numbers >= 0.
 * Zero counts are dropped (mig-parted allows them). Aliases are normalised and reported.
 */
export function normaliseLayout(model: GpuModelInfo, layout: Readonly<Record<string, unknown>>): NormalisedLayout {
  const counts = new Map<string, number>();
  const aliases: { from: string; to: string; source: string }[] = [];
  const problems: LayoutProblem[] = [];
  for (const [name, count] of Object.entries(layout)) {
    const resolved = resolveProfile(model, name);
    if (!resolved) {
      problems.push({
        kind: 'unknown-profile',
        profile: name,
        message: `'${name}' is not a MIG profile of ${model.key}`,
        hint: `use one of ${model.key}'s profiles: ${model.profiles.map((p) => p.name).join(', ')}`,
      });
      continue;
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      problems.push({
        kind: 'count',
        profile: name,
        message: `the count for '${name}' is ${JSON.stringify(count)}, not a whole number >= 0`,
        hint: `give a whole number from 1 to ${resolved.profile.maxCount} (the most ${model.key} allows), or remove the profile`,
      });
      continue;
    }
    if (resolved.alias) aliases.push({ from: name, to: resolved.profile.name, source: resolved.alias.source });
    counts.set(resolved.profile.name, (counts.get(resolved.profile.name) ?? 0) + count);
  }
  const entries = model.profiles
    .filter((p) => (counts.get(p.name) ?? 0) > 0)
    .map((p) => ({ profile: p, count: counts.get(p.name)! }));
  return { entries, aliases, problems };
}

/** `3g.40gb x1 + 1g.10gb x4` (catalogue order), or `no instances`. */
export function describeEntries(entries: readonly { readonly profile: { readonly name: string }; readonly count: number }[]): string {
  if (entries.length === 0) return 'no instances';
  return entries.map((e) => `${e.profile.name} x${e.count}`).join(' + ');
}

/** A layout as a plain record in catalogue order (stable key order for deterministic output). */
export function entriesToRecord(entries: readonly LayoutEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.profile.name] = e.count;
  return out;
}
