import { getGpuModel } from '../catalog';
import { entriesToRecord, layoutKey, type FitSuccess } from '../geometry';
import { ALL_DISABLED_CONFIG } from '../naming';
import type { CheckedMigPartedConfig, MigPartedDocument, MigPartedEntry } from './document';

export interface BuildMigPartedOptions {
  /**
   * Add the `all-disabled` config (every GPU MIG off). MIG Manager applies it to unlabelled nodes
   * when `migManager.config.default` is `all-disabled`, so a custom ConfigMap must contain it.
   * @default true
   */
  readonly includeAllDisabled?: boolean;
}

/** Builds the document from already validated configs (the spec layer's output). */
export function buildMigPartedDocument(configs: readonly CheckedMigPartedConfig[], options: BuildMigPartedOptions = {}): MigPartedDocument {
  const out: Record<string, readonly MigPartedEntry[]> = {};
  if (options.includeAllDisabled ?? true) out[ALL_DISABLED_CONFIG] = [{ 'devices': 'all', 'mig-enabled': false }];
  for (const config of configs) out[config.name] = migPartedEntries(config);
  return { 'version': 'v1', 'mig-configs': out };
}

/** The entries of one named config, exactly as the document holds them. */
export function migPartedEntries(config: Omit<CheckedMigPartedConfig, 'name'>): MigPartedEntry[] {
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

