import type { GpuModel } from '../catalog';
import type { FitSuccess } from '../geometry';

/**
 * The mig-parted file format (NVIDIA/mig-parted api/spec/v1; docs/reference/mig-catalogue.md §2):
 * its key names and types, in one place for the checker (spec/), the renderer (render/) and the
 * planner (plan/).
 */
export const MIG_PARTED_VERSION = 'v1';
/** Top-level keys of a document. */
export const MIG_PARTED_TOP_KEYS = ['version', 'mig-configs'] as const;
/** Keys of one entry of a named config. */
export const MIG_PARTED_ENTRY_KEYS = ['device-filter', 'devices', 'mig-enabled', 'mig-devices'] as const;

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

/** One named config whose layouts are validated and fitted: the input of buildMigPartedDocument. */
export interface CheckedMigPartedConfig {
  readonly name: string;
  readonly gpu: GpuModel;
  /** One fitted layout for `layout`, or one per GPU index (`false` = MIG disabled). */
  readonly gpus: 'all' | readonly (FitSuccess | false)[];
  readonly uniform?: FitSuccess;
}
