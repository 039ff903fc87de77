import type { GpuModel, MigProfile } from './types';

/**
 * Profile names are computed by the driver from the board's memory, so drivers have spelled some
 * differently (docs/reference/mig-catalogue.md §1.0). Input in the old spelling is accepted, normalised to the
 * catalogue's name and reported as a warning.
 */
export interface MigProfileAlias<G extends GpuModel = GpuModel> {
  readonly alias: string;
  readonly canonical: MigProfile<G>;
  readonly source: string;
}

/** Old driver spellings per model. */
export type AliasTable = { readonly [G in GpuModel]?: readonly MigProfileAlias<G>[] };

export const MIG_PROFILE_ALIASES: AliasTable = {
  'A100-80GB': [
    { alias: '3g.39gb', canonical: '3g.40gb', source: 'drivers 535/545 (NVIDIA/mig-parted issue #31)' },
    { alias: '7g.79gb', canonical: '7g.80gb', source: 'drivers 535/545 (NVIDIA/mig-parted issue #31)' },
  ],
  'GB200': [
    { alias: '1g.24gb', canonical: '1g.23gb', source: 'early GB200 boards (NVIDIA/gpu-operator PR #1303, NVIDIA/mig-parted issue #227)' },
    { alias: '1g.24gb+me', canonical: '1g.23gb+me', source: 'early GB200 boards (NVIDIA/gpu-operator PR #1303, NVIDIA/mig-parted issue #227)' },
  ],
};
