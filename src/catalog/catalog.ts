import { MIG_PROFILE_ALIASES } from './aliases';
import { MIG_CATALOG } from './models.generated';
import { parseProfileName } from './profile-name';
import type { GpuModel, GpuModelData, GpuModelInfo, MigProfileAttribute, MigProfileDetails } from './types';

// Compile-time proof that the generated data has the documented shape.
const DATA: Readonly<Record<GpuModel, GpuModelData>> = MIG_CATALOG;

function details(model: GpuModelData): GpuModelInfo {
  const profiles = model.profiles.map((p): MigProfileDetails => {
    const parsed = parseProfileName(p.name);
    if (!parsed.ok) throw new Error(`catalogue profile ${model.key}/${p.name} is malformed: ${parsed.reason}`);
    return {
      ...p,
      attributes: parsed.value.attributes as MigProfileAttribute[],
      gpuInstanceSlices: parsed.value.gpuInstanceSlices,
    };
  });
  return { ...model, key: model.key as GpuModel, profiles };
}

const MODELS: readonly GpuModelInfo[] = Object.values(DATA).map(details);
const BY_KEY = new Map<string, GpuModelInfo>(MODELS.map((m) => [m.key, m]));

/** Every model key in catalogue order. */
export const GPU_MODELS: readonly GpuModel[] = MODELS.map((m) => m.key);

/** Every MIG-capable GPU model in the catalogue, in catalogue order. */
export function listGpuModels(): readonly GpuModelInfo[] {
  return MODELS;
}

export function isGpuModel(value: unknown): value is GpuModel {
  return typeof value === 'string' && BY_KEY.has(value);
}

/** The model with this key, or undefined. */
export function findGpuModel(key: string): GpuModelInfo | undefined {
  return BY_KEY.get(key);
}

/** The model with this key; throws a plain Error naming the allowed keys (use findGpuModel to test). */
export function getGpuModel(key: GpuModel): GpuModelInfo {
  const model = BY_KEY.get(key);
  if (!model) throw new Error(`unknown GPU model '${String(key)}'; known models: ${GPU_MODELS.join(', ')}`);
  return model;
}

/**
 * Normalises a PCI id to the mig-parted `device-filter` form `0x<DEVICE><VENDOR>` (upper case).
 * Accepts `0x233010DE`, `0x233010de:0x16C110DE` (the subsystem part is ignored), `0x2330`, `2330`
 * and lspci's `10de:2330`. Returns undefined for anything else.
 */
export function normalisePciId(id: string | number): string | undefined {
  if (typeof id === 'number') {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) return undefined;
    return id > 0xffff ? `0x${id.toString(16).toUpperCase().padStart(8, '0')}` : `0x${id.toString(16).toUpperCase().padStart(4, '0')}10DE`;
  }
  const text = id.trim();
  const lspci = /^10de:([0-9a-f]{4})$/i.exec(text);
  if (lspci) return `0x${lspci[1].toUpperCase()}10DE`;
  const main = text.split(':')[0];
  const hex = /^(?:0x)?([0-9a-f]{4}|[0-9a-f]{8})$/i.exec(main);
  if (!hex) return undefined;
  const digits = hex[1].toUpperCase();
  return digits.length === 4 ? `0x${digits}10DE` : `0x${digits}`;
}

/** The model whose PCI device ids include this one, e.g. `findGpuModelByPciId('0x2330')` = H100-80GB. */
export function findGpuModelByPciId(id: string | number): GpuModelInfo | undefined {
  const normal = normalisePciId(id);
  return normal === undefined ? undefined : MODELS.find((m) => m.pciDeviceIds.includes(normal));
}

/**
 * The model a node's `nvidia.com/gpu.product` label (or an nvidia-smi product name) belongs to.
 * GFD appends `-MIG-<profile>` under the single strategy and `-SHARED` when sharing is on
 * (docs/reference/k8s-mig-integration.md §3.1); both suffixes are removed before matching. Case-insensitive.
 */
export function findGpuModelByProductLabel(label: string): GpuModelInfo | undefined {
  const bare = label.trim().replace(/-SHARED$/i, '').replace(/-MIG-.*$/i, '').toLowerCase();
  return MODELS.find(
    (m) =>
      m.gfdProductLabels.some((l) => l.toLowerCase() === bare) ||
      m.productNames.some((p) => p.name.toLowerCase() === bare),
  );
}

export interface ResolvedProfile {
  readonly profile: MigProfileDetails;
  /** Set when the input was an old driver spelling that was normalised to `profile.name`. */
  readonly alias?: { readonly from: string; readonly source: string };
}

/** Looks a profile name up on a model, accepting old driver spellings (see MIG_PROFILE_ALIASES). */
export function resolveProfile(model: GpuModel | GpuModelInfo, name: string): ResolvedProfile | undefined {
  const info = typeof model === 'string' ? BY_KEY.get(model) : model;
  if (!info) return undefined;
  return profileIndex(info).get(name);
}

// Per model, every name a profile answers to (its own and its old driver spellings), built once:
// validation looks a profile up for every workload of fleets of thousands (bench/synth.ts).
const PROFILE_INDEX = new WeakMap<GpuModelInfo, ReadonlyMap<string, ResolvedProfile>>();

function profileIndex(info: GpuModelInfo): ReadonlyMap<string, ResolvedProfile> {
  let index = PROFILE_INDEX.get(info);
  if (index) return index;
  const names = new Map<string, ResolvedProfile>();
  for (const profile of info.profiles) if (!names.has(profile.name)) names.set(profile.name, Object.freeze({ profile }));
  const aliases = (MIG_PROFILE_ALIASES[info.key] ?? []) as readonly { alias: string; canonical: string; source: string }[];
  for (const a of aliases) {
    const profile = info.profiles.find((p) => p.name === a.canonical);
    // A profile's own name wins over an alias of the same spelling; the first alias of a spelling wins.
    if (profile && !names.has(a.alias)) names.set(a.alias, Object.freeze({ profile, alias: Object.freeze({ from: a.alias, source: a.source }) }));
  }
  index = names;
  PROFILE_INDEX.set(info, index);
  return index;
}

/** Length of the model's placement axis (max start+size over all placements), null when unknown. */
export function placementAxisLength(model: GpuModelInfo): number | null {
  let max = 0;
  for (const p of model.profiles) {
    if (!p.placements) return null;
    for (const pl of p.placements) max = Math.max(max, pl.start + pl.size);
  }
  return max;
}
