import type { GpuModel, GpuModelInfo } from '../catalog';
import type { FitSuccess } from '../geometry';
import type { MigPartedDocument } from '../mig-parted';
import type { MigStrategy } from '../naming';
import type { Baseline } from './baselines';
import type { LayoutIndex } from './layout-index';

export interface PlanGpuOption {
  readonly model: GpuModel;
  /** GPUs of this model available; unbounded when omitted. */
  readonly available?: number;
  /** @default 8 */
  readonly gpusPerNode?: number;
  /** Price of one GPU-hour of this model: with prices the plan minimises cost, not node count. */
  readonly pricePerGpuHour?: number;
}

export interface DemandItem {
  readonly profile: string;
  readonly count: number;
  readonly tenant?: string;
}

export interface PlanRequest {
  /** One or more GPU models the plan may use, in order of preference for the heuristic. */
  readonly gpus: readonly PlanGpuOption[];
  /** Instances per profile, or items with an optional tenant. */
  readonly demand: Readonly<Record<string, number>> | readonly DemandItem[];
  /** `mixed`: any layout per GPU; `single`: one profile on every GPU of a node. @default 'mixed' */
  readonly strategy?: MigStrategy;
  /** `auto`: exact below the size limit and within the time limit, else the heuristic. @default 'auto' */
  readonly method?: 'auto' | 'exact' | 'heuristic';
  /** Solver time limit per stage. @default 20 */
  readonly timeLimitSeconds?: number;
  /** Above this many integer variables `auto` uses the heuristic. @default 5000 */
  readonly exactVariableLimit?: number;
  /** Progress messages for long plans. */
  readonly onProgress?: (message: string) => void;
  /**
   * What the GPUs of the plan's nodes that the demand does not need carry: `proportional` spare
   * capacity (instances added in proportion to the demand), or `none` (left with MIG disabled).
   * @default 'proportional'
   */
  readonly spare?: 'proportional' | 'none';
}

export interface PlannedLayout {
  readonly model: GpuModel;
  /** Instances per profile on each of these GPUs (catalogue order). */
  readonly layout: Readonly<Record<string, number>>;
  readonly gpus: number;
  /** A concrete placement of one such GPU; null where the model's placements are unknown. */
  readonly placement: FitSuccess['instances'];
  /** GPUs the demand does not need, carrying spare capacity. */
  readonly spare?: true;
}

export interface PlannedNodeGroup {
  /** The mig-parted config name, e.g. `plan-h100-80gb-1`. */
  readonly name: string;
  readonly model: GpuModel;
  readonly nodes: number;
  readonly gpusPerNode: number;
  /** One layout per GPU index; `false` = a GPU left without MIG (unused by the plan). */
  readonly perGpu: readonly (Readonly<Record<string, number>> | false)[];
}

export interface ProfileCapacity {
  readonly profile: string;
  readonly demand: number;
  readonly supply: number;
  /** Instances carved beyond the demand. */
  readonly extraConfigured: number;
  /** More instances that would fit in the plan's unconfigured space (per profile, not all at once). */
  readonly freeRoom: number;
}

export interface Plan {
  readonly strategy: MigStrategy;
  readonly method: 'exact' | 'heuristic';
  /** True when the solver proved no plan uses fewer GPUs (and, for that count, less carved spare). */
  readonly provenOptimal: boolean;
  /** GPUs the demand needs. */
  readonly gpusUsed: number;
  /** No plan can serve the met demand with fewer GPUs. */
  readonly lowerBound: number;
  /** Nodes bought: the plan minimises these first (or their cost, with prices). */
  readonly nodesUsed: number;
  /** GPUs in the plan's nodes that it leaves unused (none with spare capacity, unless no layout adds any). */
  readonly idleGpus: number;
  /** The other GPUs of the plan's nodes, given spare capacity in proportion to the demand. */
  readonly spare: { readonly gpus: number; readonly instances: Readonly<Record<string, number>> };
  /** With prices: the plan's nodes per hour. */
  readonly costPerHour?: number;
  readonly gpusByModel: Readonly<Record<string, number>>;
  readonly layouts: readonly PlannedLayout[];
  readonly nodeGroups: readonly PlannedNodeGroup[];
  readonly migPartedConfig: MigPartedDocument;
  /** Demand and supply per profile; `extraConfigured` = instances carved beyond demand; `freeRoom` = more that fit in unconfigured space. */
  readonly profiles: readonly ProfileCapacity[];
  readonly unmet: readonly { readonly profile: string; readonly count: number; readonly reason: string }[];
  /** Per tenant and profile, the instances the plan serves (grants for TenantQuota). */
  readonly tenants: readonly { readonly tenant: string; readonly profile: string; readonly count: number }[];
  /** Baselines on the first requested model. */
  readonly baselines: readonly Baseline[];
  readonly notes: readonly string[];
}

/** A checked request: the models with their layout index, and demand by canonical profile. @internal */
export interface Normalised {
  readonly models: {
    readonly info: GpuModelInfo;
    readonly index: LayoutIndex;
    readonly available?: number;
    readonly gpusPerNode: number;
    /** Per GPU-hour. */
    readonly price?: number;
  }[];
  /** Canonical profile -> demanded count (only profiles some model has). */
  readonly demand: Map<string, number>;
  readonly unservable: { profile: string; count: number; reason: string }[];
  readonly items: { tenant?: string; profile: string; count: number }[];
}

/** GPUs (count vectors) per model from a solution or the heuristic. @internal */
export type Assignment = { model: number; counts: number[]; gpus: number; spare?: true }[];
