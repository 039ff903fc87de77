import type { GpuModel, MigLayout } from '../catalog';
import type { Diagnostic } from '../diagnostics';
import { labelValueProblem } from '../naming';
import { checkGpuModel, checkLayout } from './layout-check';
import type { FitSuccess } from '../geometry';
import type { CheckedMigPartedConfig } from '../mig-parted';

/**
 * One named mig-parted config for nodes of one GPU model: either the same layout on every GPU,
 * or one layout per GPU index (`false` leaves that GPU with MIG disabled).
 */
export interface MigPartedConfigInput<G extends GpuModel = GpuModel> {
  readonly gpu: G;
  /** The same layout on every GPU of the node. */
  readonly layout?: MigLayout<G>;
  /** One entry per GPU index: a layout, or `false` for a GPU with MIG disabled. */
  readonly perGpu?: readonly (MigLayout<G> | false)[];
}

/** Validates configs for renderMigPartedConfig. Returns the checked configs when there are no errors. */
export function checkMigPartedInputs(
  configs: Readonly<Record<string, MigPartedConfigInput>>,
  basePath = 'configs',
): { configs: CheckedMigPartedConfig[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const checked: CheckedMigPartedConfig[] = [];
  for (const [name, input] of Object.entries(configs)) {
    const path = `${basePath}.${name}`;
    // The config name becomes the node label value nvidia.com/mig.config=<name>.
    const nameProblem = labelValueProblem(name) ?? (name.length === 0 ? 'it is empty' : undefined);
    if (nameProblem) {
      diagnostics.push({ path, message: `config name '${name}' cannot be a node label value: ${nameProblem}`, hint: 'use letters, digits, "-", "_" and "." only, at most 63 characters, e.g. h100-inference' });
    }
    const { model, diagnostics: modelDiags } = checkGpuModel(input?.gpu, `${path}.gpu`);
    diagnostics.push(...modelDiags);
    if (!model) continue;
    const hasLayout = input.layout !== undefined;
    const hasPerGpu = input.perGpu !== undefined;
    if (hasLayout === hasPerGpu) {
      diagnostics.push({ path, message: hasLayout ? 'both layout and perGpu are given' : 'neither layout nor perGpu is given', hint: 'give layout (the same on every GPU) or perGpu (one per GPU index), not both' });
      continue;
    }
    if (hasLayout) {
      const r = checkLayout(model, input.layout, `${path}.layout`);
      diagnostics.push(...r.diagnostics);
      if (r.fit) checked.push({ name, gpu: model.key, gpus: 'all', uniform: r.fit });
      continue;
    }
    if (!Array.isArray(input.perGpu) || input.perGpu.length === 0) {
      diagnostics.push({ path: `${path}.perGpu`, message: 'perGpu must be a non-empty list with one entry per GPU index', hint: "write e.g. perGpu: [{ '7g.80gb': 1 }, false]" });
      continue;
    }
    const gpus: (FitSuccess | false)[] = [];
    input.perGpu.forEach((layout, i) => {
      if (layout === false) {
        gpus.push(false);
        return;
      }
      const r = checkLayout(model, layout, `${path}.perGpu[${i}]`);
      diagnostics.push(...r.diagnostics);
      if (r.fit) gpus.push(r.fit);
    });
    if (gpus.length === input.perGpu.length) checked.push({ name, gpu: model.key, gpus });
  }
  return { configs: checked, diagnostics };
}
