import type { GpuModel } from './types';

/**
 * GKE: the partition sizes its device plugin accepts and the instances it expects per GPU
 * (GoogleCloudPlatform/container-engine-accelerators pkg/gpu/nvidia/mig/mig.go, gpuPartitionSizeMaxCount;
 * docs/reference/k8s-mig-integration.md §7.1). The plugin refuses to start when a GPU's count differs.
 */
export interface GkeMigPartitions {
  /** GKE accelerator type, e.g. nvidia-h100-80gb. */
  readonly acceleratorType: string;
  /** Partition size -> instances per GPU. */
  readonly sizes: Readonly<Record<string, number>>;
}

export const GKE_MIG_PARTITIONS: { readonly [G in GpuModel]?: GkeMigPartitions } = {
  'A100-40GB': { acceleratorType: 'nvidia-tesla-a100', sizes: { '1g.5gb': 7, '2g.10gb': 3, '3g.20gb': 2, '7g.40gb': 1 } },
  'A100-80GB': { acceleratorType: 'nvidia-a100-80gb', sizes: { '1g.10gb': 7, '2g.20gb': 3, '3g.40gb': 2, '7g.80gb': 1 } },
  'H100-80GB': { acceleratorType: 'nvidia-h100-80gb', sizes: { '1g.10gb': 7, '1g.20gb': 4, '2g.20gb': 3, '3g.40gb': 2, '7g.80gb': 1 } },
  'H200-141GB': { acceleratorType: 'nvidia-h200-141gb', sizes: { '1g.18gb': 7, '1g.35gb': 4, '2g.35gb': 3, '3g.71gb': 2, '4g.71gb': 1, '7g.141gb': 1 } },
  'B200': { acceleratorType: 'nvidia-b200', sizes: { '1g.23gb': 7, '1g.45gb': 4, '2g.45gb': 3, '3g.90gb': 2, '4g.90gb': 1, '7g.180gb': 1 } },
  'GB200': { acceleratorType: 'nvidia-gb200', sizes: { '1g.23gb': 7, '1g.47gb': 4, '2g.47gb': 3, '3g.93gb': 2, '4g.93gb': 1, '7g.186gb': 1 } },
  'RTX-PRO-6000': { acceleratorType: 'nvidia-rtx-pro-6000', sizes: { '1g.24gb': 4, '1g.24gb+gfx': 4, '2g.48gb': 2, '4g.96gb': 1 } },
};

/**
 * AKS node pools take `gpuInstanceProfile` MIG1g | MIG2g | MIG3g | MIG4g | MIG7g and create the
 * instances themselves; it cannot be changed after the pool is created. The AKS doc lists the
 * A100-40GB (Standard_ND96asr_v4) mapping only (docs/reference/k8s-mig-integration.md §7.2): other models are
 * mapped by the same rule (the plain <N>g profile at its most instances) and flagged unconfirmed.
 */
export const AKS_GPU_INSTANCE_PROFILES = ['MIG1g', 'MIG2g', 'MIG3g', 'MIG4g', 'MIG7g'] as const;
export type AksGpuInstanceProfile = (typeof AKS_GPU_INSTANCE_PROFILES)[number];
export const AKS_CONFIRMED: { readonly [G in GpuModel]?: Readonly<Record<AksGpuInstanceProfile, readonly [string, number]>> } = {
  'A100-40GB': { MIG1g: ['1g.5gb', 7], MIG2g: ['2g.10gb', 3], MIG3g: ['3g.20gb', 2], MIG4g: ['4g.20gb', 1], MIG7g: ['7g.40gb', 1] },
};
