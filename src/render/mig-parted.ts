import { Document, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import { getGpuModel, type GpuModel } from '../catalog';
import { throwIfErrors, type Diagnostic } from '../diagnostics';
import { entriesToRecord, layoutKey, type FitSuccess } from '../geometry';
import { ALL_DISABLED_CONFIG } from '../naming';
import { checkMigPartedInputs, type CheckedMigPartedConfig, type MigPartedConfigInput } from '../spec';

/** One entry of a mig-parted config (NVIDIA/mig-parted api/spec/v1). */
export interface MigPartedEntry {
  readonly 'device-filter'?: readonly string[];
  readonly 'devices': 'all' | readonly number[];
  readonly 'mig-enabled': boolean;
  readonly 'mig-devices'?: Readonly<Record<string, number>>;
}

/** A mig-parted `version: v1` document. */
export interface MigPartedDocument {
  readonly 'version': 'v1';
  readonly 'mig-configs': Readonly<Record<string, readonly MigPartedEntry[]>>;
}

export interface RenderMigPartedOptions {
  /**
   * Add the `all-disabled` config (every GPU MIG off). MIG Manager applies it to unlabelled nodes
   * when `migManager.config.default` is `all-disabled`, so a custom ConfigMap must contain it.
   * @default true
   */
  readonly includeAllDisabled?: boolean;
}

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

/** Builds the document from already validated configs (the spec layer's output). */
export function buildMigPartedDocument(configs: readonly CheckedMigPartedConfig[], options: RenderMigPartedOptions = {}): MigPartedDocument {
  const out: Record<string, readonly MigPartedEntry[]> = {};
  if (options.includeAllDisabled ?? true) out[ALL_DISABLED_CONFIG] = [{ 'devices': 'all', 'mig-enabled': false }];
  for (const config of configs) out[config.name] = configEntries(config);
  return { 'version': 'v1', 'mig-configs': out };
}

function configEntries(config: CheckedMigPartedConfig): MigPartedEntry[] {
  const filter = [...getGpuModel(config.gpu).pciDeviceIds];
  if (config.gpus === 'all') return [enabledEntry(filter, 'all', config.uniform!)];
  // GPUs with the same layout share one entry; entries are ordered by their first GPU index.
  const groups = new Map<string, { devices: number[]; fit: FitSuccess | false }>();
  config.gpus.forEach((fit, index) => {
    const key = fit === false ? 'disabled' : layoutKey(fit);
    const group = groups.get(key) ?? { devices: [], fit };
    group.devices.push(index);
    groups.set(key, group);
  });
  return [...groups.values()].map(({ devices, fit }) =>
    fit === false ? { 'device-filter': filter, devices, 'mig-enabled': false } : enabledEntry(filter, devices, fit),
  );
}

function enabledEntry(filter: string[], devices: 'all' | number[], fit: FitSuccess): MigPartedEntry {
  return { 'device-filter': filter, devices, 'mig-enabled': true, 'mig-devices': entriesToRecord(fit.entries) };
}

/**
 * The document as YAML text: stable key order, profile names and PCI ids quoted (an unquoted
 * `0x233010DE` would be read as a number), no line folding. Same document, same bytes.
 */
export function stringifyMigPartedConfig(document: MigPartedDocument): string {
  const doc = new Document(document, { aliasDuplicateObjects: false });
  // `device-filter` and `devices` lists in flow style, as in the GPU Operator's default config.
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && (pair.key.value === 'device-filter' || pair.key.value === 'devices') && isSeq(pair.value)) {
        pair.value.flow = true;
      }
    },
    Map(_, map) {
      if (isMap(map)) map.flow = false;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
