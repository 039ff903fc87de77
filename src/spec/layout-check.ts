import { findGpuModel, GPU_MODELS, type GpuModelInfo } from '../catalog';
import { listValues, type Diagnostic } from '../diagnostics';
import { fitEntries, normaliseLayout, type FitSuccess } from '../geometry';

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
  const fit = fitEntries(model, normal.entries);
  if (!fit.fits) {
    diagnostics.push({ path, message: `the layout does not fit one ${model.key}: ${fit.reason}`, hint: fit.hint });
    return { diagnostics };
  }
  return { fit, diagnostics };
}
