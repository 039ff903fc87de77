import type { GpuModel } from '../catalog';
import { throwIfErrors, type Diagnostic } from '../diagnostics';
import { buildMigPartedDocument, type BuildMigPartedOptions, type MigPartedDocument } from '../mig-parted';
import { checkMigPartedInputs, type MigPartedConfigInput } from '../spec';

/** Options of renderMigPartedConfig. */
export type RenderMigPartedOptions = BuildMigPartedOptions;

export interface RenderedMigPartedConfig {
  readonly document: MigPartedDocument;
  /** Warnings from validation (e.g. normalised profile aliases). */
  readonly warnings: readonly Diagnostic[];
}

/**
 * Renders a mig-parted config from typed layouts. Every entry carries its model's `device-filter`,
 * so a config applied to a node of another GPU model changes nothing there. Throws a
 * MigValidationError listing every problem when a layout does not exist or does not fit.
 *
 * @example
 * renderMigPartedConfig({
 *   'h100-inference': { gpu: 'H100-80GB', layout: { '3g.40gb': 1, '1g.10gb': 4 } },
 *   'a100-split': { gpu: 'A100-40GB', perGpu: [{ '7g.40gb': 1 }, { '1g.5gb': 7 }, false] },
 * });
 */
export function renderMigPartedConfig<T extends Record<string, GpuModel>>(
  configs: { readonly [K in keyof T]: MigPartedConfigInput<T[K]> },
  options: RenderMigPartedOptions = {},
): RenderedMigPartedConfig {
  const { configs: checked, diagnostics } = checkMigPartedInputs(configs as Record<string, MigPartedConfigInput>);
  const warnings = throwIfErrors(diagnostics);
  return { document: buildMigPartedDocument(checked, options), warnings };
}
