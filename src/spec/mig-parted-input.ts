import type { GpuModel, MigLayout } from '../catalog';
import type { Diagnostic } from '../diagnostics';
import { labelValueProblem } from '../naming';
import { checkGpuModel, checkLayoutOrPerGpu } from './layout-check';
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
    const r = checkLayoutOrPerGpu(model, input, path);
    diagnostics.push(...r.diagnostics);
    if (r.uniform) checked.push({ name, gpu: model.key, gpus: 'all', uniform: r.uniform });
    else if (r.perGpu && !r.diagnostics.some((x) => (x.severity ?? 'error') === 'error')) checked.push({ name, gpu: model.key, gpus: r.perGpu });
  }
  return { configs: checked, diagnostics };
}
