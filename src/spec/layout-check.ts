import { findGpuModel, GPU_MODELS, type GpuModelInfo } from '../catalog';
import { listValues, type Diagnostic } from '../diagnostics';
import { fitEntries, normaliseLayout, type FitResult, type FitSuccess, type LayoutEntry } from '../geometry';

/** Diagnoses an unknown GPU model key, suggesting a close one. */
export function checkGpuModel(gpu: unknown, path: string): { model?: GpuModelInfo; diagnostics: Diagnostic[] } {
  const model = typeof gpu === 'string' ? findGpuModel(gpu) : undefined;
  if (model) return { model, diagnostics: [] };
  const near = typeof gpu === 'string' ? GPU_MODELS.find((k) => k.toLowerCase() === gpu.toLowerCase().replace(/\s+/g, '-')) : undefined;
  return {
    diagnostics: [
      {
        path,
        message: `${JSON.stringify(gpu)} is not a GPU model in the catalogue`,
        hint: near ? `did you mean '${near}'?` : `use one of ${listValues(GPU_MODELS, 20)}`,
      },
    ],
  };
}

/**
 * Checks one GPU's layout: profiles exist on the model, counts are whole numbers, and the geometry
 * fits (max counts, compute slices, media engines, placements). Aliases are warnings.
 * `requireInstances`: an empty layout is an error (a pool with MIG on and no slices offers nothing).
 */
export function checkLayout(
  model: GpuModelInfo,
  layout: unknown,
  path: string,
  options: { requireInstances?: boolean; minCount?: number } = {},
): { fit?: FitSuccess; diagnostics: Diagnostic[] } {
  if (typeof layout !== 'object' || layout === null || Array.isArray(layout)) {
    return {
      diagnostics: [{ path, message: `the layout is ${JSON.stringify(layout)}, not a map of profile to count`, hint: `write it like { '${model.profiles[0].name}': 1 }` }],
    };
  }
  const normal = normaliseLayout(model, layout as Record<string, unknown>);
  const diagnostics: Diagnostic[] = normal.problems.map((p) => ({ path: `${path}.${p.profile}`, message: p.message, hint: p.hint }));
  for (const [name, count] of Object.entries(layout)) {
    if (options.minCount !== undefined && typeof count === 'number' && Number.isInteger(count) && count < options.minCount) {
      diagnostics.push({ path: `${path}.${name}`, message: `the count for '${name}' is ${count}; counts must be >= ${options.minCount}`, hint: `remove '${name}' or give it a count of ${options.minCount} or more` });
    }
  }
  for (const a of normal.aliases) {
    diagnostics.push({
      path: `${path}.${a.from}`,
      severity: 'warning',
      message: `'${a.from}' is the ${a.source} spelling of ${model.key}'s '${a.to}'; it was normalised to '${a.to}'`,
      hint: `write '${a.to}'`,
    });
  }
  if (diagnostics.some((d) => (d.severity ?? 'error') === 'error')) return { diagnostics };
  if (options.requireInstances && normal.entries.length === 0) {
    diagnostics.push({ path, message: 'the layout has no MIG instances', hint: `give at least one profile a count, e.g. { '${model.profiles[0].name}': 1 }` });
    return { diagnostics };
  }
  const fit = fitOnce(model, normal.entries);
  if (!fit.fits) {
    diagnostics.push({ path, message: `the layout does not fit one ${model.key}: ${fit.reason}`, hint: fit.hint });
    return { diagnostics };
  }
  return { fit, diagnostics };
}

// Fleets repeat a few layouts over many pools: each (model, layout) is fitted once and its result
// shared (results are read, never changed). Bounded, so a long-lived process does not keep every
// layout it ever saw. The planner calls fitEntries directly, on layouts it builds itself.
const FITS = new WeakMap<GpuModelInfo, Map<string, FitResult>>();
const FITS_MAX = 1024;

function fitOnce(model: GpuModelInfo, entries: readonly LayoutEntry[]): FitResult {
  let fits = FITS.get(model);
  if (!fits) FITS.set(model, (fits = new Map()));
  let key = '';
  for (const e of entries) key += `${e.profile.name}=${e.count},`;
  let fit = fits.get(key);
  if (fit === undefined) {
    fit = fitEntries(model, entries);
    if (fits.size >= FITS_MAX) fits.clear();
    fits.set(key, fit);
  }
  return fit;
}

/** A config's GPUs after the layout check: one fitted layout for all, or one per GPU index. */
export interface CheckedGpus {
  /** Set for `layout`: the same fitted layout on every GPU. */
  readonly uniform?: FitSuccess;
  /** Set for `perGpu`: one fitted layout (or false, MIG off) per GPU index. */
  readonly perGpu?: readonly (FitSuccess | false)[];
  readonly diagnostics: Diagnostic[];
}

/**
 * The one check of `layout` (the same on every GPU) or `perGpu` (one per GPU index, `false` = MIG
 * disabled): exactly one is given, perGpu is a list, each layout exists on the model and fits. A
 * pool and a mig-parted config input both take these two forms, so both call this.
 */
export function checkLayoutOrPerGpu(
  model: GpuModelInfo,
  input: { readonly layout?: unknown; readonly perGpu?: unknown },
  path: string,
  options: { requireInstances?: boolean; minCount?: number; gpuCount?: number } = {},
): CheckedGpus {
  const hasLayout = input.layout !== undefined;
  const hasPerGpu = input.perGpu !== undefined;
  if (hasLayout === hasPerGpu) {
    return { diagnostics: [{ path, message: hasLayout ? 'both layout and perGpu are given' : 'neither layout nor perGpu is given', hint: 'give layout (the same on every GPU) or perGpu (one layout per GPU index), not both' }] };
  }
  const layoutOptions = { requireInstances: options.requireInstances, minCount: options.minCount };
  if (hasLayout) {
    const r = checkLayout(model, input.layout, `${path}.layout`, layoutOptions);
    return { uniform: r.fit, diagnostics: r.diagnostics };
  }
  const list = input.perGpu;
  if (!Array.isArray(list) || list.length === 0) {
    return { diagnostics: [{ path: `${path}.perGpu`, message: 'perGpu must be a non-empty list with one entry per GPU index', hint: "write e.g. perGpu: [{ '7g.80gb': 1 }, false]" }] };
  }
  const diagnostics: Diagnostic[] = [];
  if (options.gpuCount !== undefined && list.length !== options.gpuCount) {
    diagnostics.push({ path: `${path}.perGpu`, message: `perGpu has ${list.length} entries but the nodes have ${options.gpuCount} GPUs`, hint: `give exactly ${options.gpuCount} entries, one per GPU index (false for a GPU with MIG disabled)` });
  }
  const gpus: (FitSuccess | false)[] = [];
  Array.from(list).forEach((layout: unknown, i: number) => {
    if (layout === false) {
      gpus.push(false);
      return;
    }
    const r = checkLayout(model, layout, `${path}.perGpu[${i}]`, layoutOptions);
    diagnostics.push(...r.diagnostics);
    if (r.fit) gpus.push(r.fit);
  });
  return { perGpu: gpus.length === list.length ? gpus : undefined, diagnostics };
}
