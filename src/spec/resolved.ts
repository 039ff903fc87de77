import type { GpuModelInfo } from '../catalog';
import type { Diagnostic } from '../diagnostics';
import type { FitSuccess } from '../geometry';
import type { MigAllocation, MigStrategy } from '../naming';
import type { KueuePreemption, NodePoolSpec, NodeTaint, TenantSpec, WorkloadKind, WorkloadSpec } from './platform';

/** A pool after validation: its model, its GPUs' fitted layouts and what one node offers. */
export interface ResolvedPool {
  readonly spec: NodePoolSpec;
  readonly path: string;
  readonly model: GpuModelInfo;
  /** One entry per GPU index: the fitted layout, or false (MIG disabled). */
  readonly gpus: readonly (FitSuccess | false)[];
  /** Uniform layout when the pool gives every GPU the same one. */
  readonly uniform?: FitSuccess;
  /** Its config's name in the MIG Manager ConfigMap: `<pool>-<hash of the config>`. */
  readonly configName: string;
  /** The layout kept during a rollout (`previous`): its config, under its own name. */
  readonly previous?: { readonly configName: string; readonly gpus: readonly (FitSuccess | false)[]; readonly uniform?: FitSuccess };
  /** Slices per node, by canonical profile name (catalogue order). */
  readonly slicesPerNode: ReadonlyMap<string, number>;
  /** Advertised count per node, by resource name (time-slicing replicas included). */
  readonly resourcesPerNode: ReadonlyMap<string, number>;
  /** Resource name of each profile the pool offers. */
  readonly resourceOf: ReadonlyMap<string, string>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
}

export interface ResolvedWorkload {
  readonly spec: WorkloadSpec;
  readonly path: string;
  readonly pool: ResolvedPool;
  readonly namespace: string;
  readonly kind: WorkloadKind;
  readonly profile: string;
  readonly resource: string;
  readonly slicesPerPod: number;
  readonly replicas: number;
}

export interface ResolvedTenant {
  readonly spec: TenantSpec<string>;
  readonly path: string;
  readonly namespace: string;
  readonly quotaName: string;
  readonly createNamespace: boolean;
  /** `requests.<resource>` limits, by resource name, granted ones first then denied ones (0). */
  readonly grants: ReadonlyMap<string, number>;
  readonly denied: readonly string[];
  /** Whether the ResourceQuota is emitted. */
  readonly resourceQuota: boolean;
  /** Set when the tenant is admitted through Kueue. */
  readonly kueue?: ResolvedTenantKueue;
}

/** A tenant's ClusterQueue and LocalQueue, resolved: quotas per flavor (pool) and resource. */
export interface ResolvedTenantKueue {
  readonly clusterQueue: string;
  readonly localQueue: string;
  readonly cohort?: string;
  readonly preemption?: KueuePreemption;
  /** Every MIG resource the platform offers, sorted: one resource group covers them all. */
  readonly coveredResources: readonly string[];
  /** In the order Kueue tries them. Each lists every covered resource (0 where not granted). */
  readonly flavors: readonly ResolvedKueueFlavor[];
}

export interface ResolvedKueueFlavor {
  /** The pool, whose ResourceFlavor has its name. */
  readonly pool: ResolvedPool;
  /** Per resource: nominal quota and limits (absent = no limit). */
  readonly resources: ReadonlyMap<string, { readonly nominalQuota: number; readonly borrowingLimit?: number; readonly lendingLimit?: number }>;
}

export interface ResolvedOperator {
  readonly version: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly chartRepository: string;
  readonly releaseName: string;
  readonly migConfigMapName: string;
  readonly devicePluginConfigMapName: string;
  readonly withReboot: boolean;
  readonly dcgmExporter: { readonly serviceMonitor?: boolean; readonly podLabels?: boolean };
  readonly flux?: { readonly interval: string };
  readonly argocd?: { readonly namespace: string; readonly project: string };
}

/** What one unit of a MIG resource stands for, for chargeback: the same on every pool that offers it. */
export interface BillingUnit {
  /** The extended resource, e.g. `nvidia.com/mig-1g.10gb` (`.shared` for time-sliced replicas). */
  readonly resource: string;
  /** Its profile (`gpu` for a whole GPU with MIG disabled). */
  readonly profile: string;
  /** Compute slices one unit stands for (a time-sliced replica: the instance's divided by its replicas). */
  readonly computeSlices: number;
  /** Share of a whole GPU one unit stands for. */
  readonly gpuEquivalents: number;
  /** Price per unit-hour, when prices were given. */
  readonly pricePerHour?: number;
}

/** The telemetry option, resolved against the platform. */
export interface ResolvedTelemetry {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly quotaAlertRatio: number;
  readonly idleBelow: number;
  readonly idleFor: string;
  readonly serviceMonitor: 'operator' | 'platform';
  readonly scrapeInterval: string;
  readonly gpuIdType?: 'uid' | 'device-name';
  readonly customMetrics: boolean;
  readonly dashboard?: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
  /** Set when prices were given: every unit then has a price. */
  readonly currency?: string;
  /** One per resource the pools offer, sorted by resource. */
  readonly units: readonly BillingUnit[];
  /** Compute slices per instance of each offered profile, sorted. */
  readonly profiles: readonly { readonly profile: string; readonly computeSlices: number }[];
  /** Units granted per tenant namespace and resource (zero grants left out). */
  readonly quotas: readonly { readonly namespace: string; readonly resource: string; readonly units: number }[];
}

export interface ResolvedPlatform {
  readonly strategy: MigStrategy;
  readonly allocation: MigAllocation;
  /** Set when the platform admits work through Kueue. */
  readonly kueue?: { readonly queueingStrategy: 'BestEffortFIFO' | 'StrictFIFO' };
  /** Set when the platform records telemetry. */
  readonly telemetry?: ResolvedTelemetry;
  readonly operator: ResolvedOperator;
  readonly pools: readonly ResolvedPool[];
  readonly workloads: readonly ResolvedWorkload[];
  readonly tenants: readonly ResolvedTenant[];
  /** Every resource the pools advertise, sorted. */
  readonly offeredResources: readonly string[];
  /** Cluster capacity per resource: nodes x per-node count, summed over pools. */
  readonly capacity: ReadonlyMap<string, number>;
}

export interface PlatformValidation {
  /** Set only when there is no error. */
  readonly platform?: ResolvedPlatform;
  /** Every error and warning, in declaration order. */
  readonly diagnostics: readonly Diagnostic[];
}
