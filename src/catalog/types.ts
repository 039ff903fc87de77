import { MIG_CATALOG } from './models.generated';

/** A MIG-capable GPU model key, e.g. `'H100-80GB'`. Derived from the catalogue data. */
export type GpuModel = keyof typeof MIG_CATALOG;

/** The MIG profile names a model really has, e.g. `MigProfile<'A30'>` = `'1g.6gb' | '1g.6gb+me' | …`. */
export type MigProfile<G extends GpuModel = GpuModel> = G extends GpuModel
  ? (typeof MIG_CATALOG)[G]['profiles'][number]['name']
  : never;

/** Instances per profile on one GPU, e.g. `{ '3g.40gb': 1, '1g.10gb': 4 }` for an H100-80GB. */
export type MigLayout<G extends GpuModel = GpuModel> = { readonly [P in MigProfile<G>]?: number };

/** A legal position of a GPU instance on the model's placement axis (`nvidia-smi mig -lgipp`). */
export interface MigPlacement {
  /** Index of the first placement unit (memory slice) the instance occupies. */
  readonly start: number;
  /** Number of placement units it occupies. */
  readonly size: number;
}

/** The attribute suffix of a profile name (go-nvlib): `+me`, `+me.all`, `+gfx` or `-me`. */
export type MigProfileAttribute = '+me' | '+me.all' | '+gfx' | '-me';

export interface MigProfileInfo {
  /** Canonical name, e.g. `'1g.10gb+me'`. */
  readonly name: string;
  /** nvidia-smi GPU-instance profile ID (`-lgip`, `-cgi`); null where no source gives it. */
  readonly id: number | null;
  readonly idConfirmed: boolean;
  /** `-lgip` "Instances Total": at most this many instances of the profile on one GPU. */
  readonly maxCount: number;
  /** Compute (SM) slices the instance takes. */
  readonly computeSlices: number;
  /** Placement units the instance occupies (eighths of memory on 7/8-slice GPUs, twelfths on RTX PRO 6000). */
  readonly placementSize: number | null;
  readonly memoryGiB: number | null;
  /** Legal placements; null where no `-lgipp` output or family rule is known. */
  readonly placements: readonly MigPlacement[] | null;
  /** false = placements assumed from the profile family, not seen for this model. */
  readonly placementsConfirmed: boolean;
  readonly sm: number | null;
  readonly copyEngines: number | null;
  readonly nvdec: number | null;
  readonly nvenc: number | null;
  readonly nvjpg: number | null;
  readonly ofa: number | null;
}

export interface GpuModelData {
  readonly key: string;
  /** The model's heading in the reference catalogue. */
  readonly referenceName: string;
  /** mig-parted `device-filter` form: `0x<device><vendor>`, e.g. `0x233010DE`. */
  readonly pciDeviceIds: readonly string[];
  readonly productNames: readonly { readonly name: string; readonly confirmed: boolean }[];
  readonly productNamesConfirmed: boolean;
  /** `nvidia.com/gpu.product` values GPU Feature Discovery gives this model's nodes. */
  readonly gfdProductLabels: readonly string[];
  readonly memoryGiB: number;
  readonly computeSlices: number;
  readonly memorySlices: number;
  /** Length of the placement axis; null where placements are unknown. */
  readonly placementUnits: number | null;
  /** The GPU Operator's `all-balanced` layout for this model (default mig-parted config), null if it has none. */
  readonly operatorAllBalanced: Readonly<Record<string, number>> | null;
  readonly profiles: readonly MigProfileInfo[];
  readonly notes: string;
  readonly sources: readonly string[];
}

export interface GpuModelInfo extends GpuModelData {
  readonly key: GpuModel;
  /** Profiles with their attributes parsed from the name. */
  readonly profiles: readonly MigProfileDetails[];
}

export interface MigProfileDetails extends MigProfileInfo {
  /** Attribute suffixes parsed from the name (empty for a plain profile). */
  readonly attributes: readonly MigProfileAttribute[];
  /** The `<G>` of the name: GPU-instance slices. */
  readonly gpuInstanceSlices: number;
}
