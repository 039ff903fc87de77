import type { GpuModel, MigLayout, MigProfile } from '../catalog';
import type { MigAllocation, MigStrategy } from '../naming';

/**
 * The platform model every adapter builds: cdk8s constructs, Pulumi components and the YAML spec of
 * `mig render` all turn into a PlatformSpec, which spec/ validates and render/ turns into objects.
 */
export interface PlatformSpec {
  /** `mixed`: each profile is its own resource `nvidia.com/mig-<profile>`; `single`: every slice is `nvidia.com/gpu`. */
  readonly strategy: MigStrategy;
  readonly operator?: OperatorOptions;
  /** Tenant quotas may add up to more than the pools offer: a warning instead of an error. @default false */
  readonly allowOvercommit?: boolean;
  /**
   * How pods get their slices: `device-plugin` (extended resources) or `dra` (ResourceClaims through
   * NVIDIA's DRA driver, Kubernetes >= 1.34; needs strategy mixed, no time-slicing). The driver's
   * static MIG mode uses the partitions MIG Manager creates, so the mig-parted config stays.
   * @default 'device-plugin'
   */
  readonly allocation?: MigAllocation;
  /**
   * Admit work through Kueue (`kueue.x-k8s.io/v1beta2`): every pool becomes a ResourceFlavor (its
   * node labels, its taints as tolerations), for the tenants whose `kueue` option gives them a
   * ClusterQueue and a LocalQueue. `true` or options.
   */
  readonly kueue?: boolean | KueueOptions;
  /**
   * Per-slice telemetry and chargeback: a PrometheusRule (recording rules and alerts), a Grafana
   * dashboard and the DCGM exporter values that attribute each MIG instance to its pod.
   */
  readonly telemetry?: TelemetryOptions;
  readonly pools: readonly NodePoolSpec[];
  readonly workloads: readonly WorkloadSpec[];
  readonly tenants: readonly TenantSpec[];
  /** MIG requests added to pods this library does not render (e.g. cdk8s-plus workloads): checked, not emitted. */
  readonly attachedRequests?: readonly AttachedRequestSpec[];
  /** Where the spec came from, for diagnostics (a construct path or `spec`). @default '' */
  readonly path?: string;
}

/** Cluster-wide Kueue settings. */
export interface KueueOptions {
  /** The ClusterQueues' `queueingStrategy`. @default 'BestEffortFIFO' */
  readonly queueingStrategy?: 'BestEffortFIFO' | 'StrictFIFO';
}

/**
 * Telemetry and chargeback (docs/reference/k8s-mig-integration.md §4). Allocation is read from
 * kube-state-metrics (running pods' requests, nodes' allocatable and labels), usage from the DCGM
 * exporter (per MIG instance, attributed to pods); weights, quotas and prices come from the
 * platform itself and are written into the rules.
 */
export interface TelemetryOptions {
  /** Namespace of the PrometheusRule and the dashboard ConfigMap. @default the operator namespace */
  readonly namespace?: string;
  /** Labels on the PrometheusRule (and the ServiceMonitor), so the Prometheus's rule and monitor selectors pick them, e.g. `{ release: 'kube-prometheus-stack' }`. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Prices that turn slice-hours into cost. Without them no cost is recorded. */
  readonly prices?: TelemetryPrices;
  /** A tenant is near its quota when its running pods hold this share of a granted resource. @default 0.9 */
  readonly quotaAlertRatio?: number;
  /** Slices count as idle while their mean engine activity (`DCGM_FI_PROF_GR_ENGINE_ACTIVE`, 0-1) stays below this... @default 0.05 */
  readonly idleBelow?: number;
  /** ...for this long (a Prometheus duration). @default '2h' */
  readonly idleFor?: string;
  /**
   * Who creates the ServiceMonitor that scrapes the DCGM exporter: the GPU Operator (from its values;
   * skipped by the operator when the CRD is missing at its start) or this platform (an object you
   * can see in the synthesized output; the operator's is then turned off). Both honour the
   * exporter's `namespace`/`pod` labels. @default 'operator'
   */
  readonly serviceMonitor?: 'operator' | 'platform';
  /** Scrape interval of the DCGM exporter. @default '15s' */
  readonly scrapeInterval?: string;
  /**
   * How the DCGM exporter matches GPUs to pods (`DCGM_EXPORTER_KUBERNETES_GPU_ID_TYPE`): `device-name`
   * is needed on GKE, where `uid` leaves MIG metrics without pod labels. @default the exporter's (uid)
   */
  readonly gpuIdType?: 'uid' | 'device-name';
  /** Emit a DCGM exporter metrics ConfigMap of the fields that work per MIG instance, and point the operator at it. @default false */
  readonly customMetrics?: boolean;
  /** Emit a Grafana dashboard as a ConfigMap for the Grafana sidecar; `false` for none. @default true */
  readonly dashboard?: boolean | DashboardOptions;
}

/** The Grafana dashboard ConfigMap. */
export interface DashboardOptions {
  /** Namespace of the ConfigMap (where the Grafana sidecar looks). @default the telemetry namespace */
  readonly namespace?: string;
  /** The label the Grafana sidecar selects dashboards by (kube-prometheus-stack: `grafana_dashboard: "1"`). @default { grafana_dashboard: '1' } */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Prices per hour. A profile's price is its own `profiles` entry, else its GPU's `gpus` price times
 * the profile's share of the GPU's compute slices (a 3g on a 7-slice GPU costs 3/7 of the GPU).
 */
export interface TelemetryPrices {
  /** The currency, a label on the cost series. @default 'USD' */
  readonly currency?: string;
  /** Price per instance-hour of a profile, e.g. `{ '1g.10gb': 0.55 }`. */
  readonly profiles?: Readonly<Partial<Record<MigProfile, number>>>;
  /** Price per whole-GPU-hour of a model, e.g. `{ 'H100-80GB': 3.9 }`. */
  readonly gpus?: Readonly<Partial<Record<GpuModel, number>>>;
}

export interface OperatorOptions {
  /** GPU Operator chart version. @default 'v26.7.0' */
  readonly version?: string;
  /** Namespace of the operator, its MIG Manager ConfigMap and device-plugin ConfigMap. @default 'gpu-operator' */
  readonly namespace?: string;
  /** Emit the operator Namespace. @default true */
  readonly createNamespace?: boolean;
  /** Helm repository of the chart. @default 'https://helm.ngc.nvidia.com/nvidia' */
  readonly chartRepository?: string;
  /** Helm release name. @default 'gpu-operator' */
  readonly releaseName?: string;
  /** Name of the ConfigMap holding the mig-parted config. @default 'mig-parted-config' */
  readonly migConfigMapName?: string;
  /** Name of the device-plugin ConfigMap (emitted only when a pool needs one). @default 'device-plugin-config' */
  readonly devicePluginConfigMapName?: string;
  /**
   * Set `WITH_REBOOT=true` on MIG Manager: needed on clouds that do not allow a GPU reset (GCP, some
   * Ampere VMs), where a MIG mode change only takes effect after a reboot. @default false
   */
  readonly withReboot?: boolean;
  /** DCGM exporter settings; unset keys keep the chart's defaults. */
  readonly dcgmExporter?: {
    /** `dcgmExporter.serviceMonitor.enabled` (chart default true since v26.7.0). */
    readonly serviceMonitor?: boolean;
    /** `dcgmExporter.enablePodLabels`: add pod labels to metrics, for chargeback by label. */
    readonly podLabels?: boolean;
  };
  /** GitOps manifests that install the chart with the rendered values. */
  readonly gitops?: {
    /** A Flux HelmRepository + HelmRelease in the operator namespace. */
    readonly flux?: boolean | { readonly interval?: string };
    /** An Argo CD Application. */
    readonly argocd?: boolean | { readonly namespace?: string; readonly project?: string };
  };
}

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface KarpenterOptions {
  /** The provider's node class, e.g. `{ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }`. */
  readonly nodeClassRef: { readonly group: string; readonly kind: string; readonly name: string };
  /** `spec.limits` of the NodePool, e.g. `{ 'nvidia.com/gpu': '64' }`. */
  readonly limits?: Readonly<Record<string, string>>;
}

export interface NodePoolSpec<G extends GpuModel = GpuModel> {
  /**
   * Pool name (DNS-1123 label, at most 54 characters): its nodes carry `mig-constructs.io/pool=<name>`,
   * and its mig-parted config is named `<name>-<hash of the layout>`.
   */
  readonly name: string;
  /** Where the pool was declared (construct path or spec path). @default `pools.<name>` */
  readonly path?: string;
  readonly gpu: G;
  readonly gpusPerNode: number;
  /** Nodes in the pool: the capacity quotas are checked against. */
  readonly nodes: number;
  /**
   * The pool's nodes by name, when you name them (`nodes` is then their count): a pool split by
   * `mig plan --from` names which nodes move, and `mig diff` and its runbook find them by name.
   */
  readonly nodeNames?: readonly string[];
  /** Labels the pool's nodes already carry (instance type, node group); workloads select them. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Taints of the pool's nodes; its workloads tolerate them. @default [] */
  readonly taints?: readonly NodeTaint[];
  /** The same layout on every GPU. */
  readonly layout?: MigLayout<G>;
  /** One layout per GPU index (length = gpusPerNode); `false` = that GPU has MIG disabled. */
  readonly perGpu?: readonly (MigLayout<G> | false)[];
  /** Time-slicing on top of MIG: every slice is advertised `replicas` times (device-plugin `sharing.timeSlicing`). */
  readonly timeSlicing?: {
    /** Clients per slice; the device plugin requires at least 2. */
    readonly replicas: number;
    /** Advertise `<resource>.shared` instead of `<resource>`. @default false */
    readonly renameByDefault?: boolean;
  };
  /** Emit a Karpenter NodePool (karpenter.sh/v1) whose nodes carry the pool's labels and taints. */
  readonly karpenter?: KarpenterOptions;
  /**
   * The layout the pool's nodes had before this change, while they move to the new one: its config
   * stays in the MIG Manager ConfigMap (under its own versioned name) so nodes not yet relabelled
   * keep a valid config. Remove it once every node carries the new config name.
   */
  readonly previous?: PreviousLayout<G>;
}

/** A pool's earlier layout, kept during a rollout: `layout` or `perGpu`, as on the pool. */
export interface PreviousLayout<G extends GpuModel = GpuModel> {
  readonly layout?: MigLayout<G>;
  readonly perGpu?: readonly (MigLayout<G> | false)[];
}

export interface AttachedRequestSpec {
  readonly path?: string;
  readonly pool: string;
  readonly profile: string;
  /** @default 1 */
  readonly slicesPerPod?: number;
}

export type WorkloadKind = 'Deployment' | 'Job' | 'StatefulSet';

export interface WorkloadSpec {
  /** Object name (DNS-1123 subdomain). */
  readonly name: string;
  /** @default 'default' */
  readonly namespace?: string;
  readonly path?: string;
  /** Name of the pool the pods run on. */
  readonly pool: string;
  /** The MIG profile each pod requests. */
  readonly profile: string;
  /** Slices of that profile per pod. @default 1 */
  readonly slicesPerPod?: number;
  /** @default 1 (for a Job: completions and parallelism) */
  readonly replicas?: number;
  /** @default 'Deployment' */
  readonly kind?: WorkloadKind;
  readonly image: string;
  /** @default the workload name */
  readonly containerName?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Extra labels on the pods and the object. */
  readonly labels?: Readonly<Record<string, string>>;
  /** For StatefulSets: the governing Service name. @default the workload name */
  readonly serviceName?: string;
  /** With allocation `dra`: take all of a pod's slices from one physical GPU (a `parentUUID` match constraint). @default false */
  readonly sameGpu?: boolean;
}

export interface TenantSpec<P extends string = MigProfile> {
  /** The tenant's namespace (DNS-1123 label). */
  readonly namespace: string;
  readonly path?: string;
  /** Slices granted per profile: `requests.nvidia.com/mig-<profile>` in the ResourceQuota. */
  readonly slices: Readonly<Partial<Record<P, number>>>;
  /** Emit the Namespace; false references an existing one. @default true */
  readonly createNamespace?: boolean;
  /** Set every other MIG resource the cluster offers to 0, so the tenant uses only what it was granted. @default true */
  readonly denyUngrantedProfiles?: boolean;
  /** ResourceQuota name. @default 'mig-slices' */
  readonly quotaName?: string;
  /**
   * Emit the ResourceQuota. With `kueue` it is off unless asked for (both then hold: the quota is a
   * hard ceiling, Kueue queues what is over it). @default true without kueue, false with it
   */
  readonly resourceQuota?: boolean;
  /** Admit the tenant's work through Kueue: a ClusterQueue with the tenant's slices as quota, and a LocalQueue in its namespace. */
  readonly kueue?: TenantKueueOptions<P>;
}

/** How a tenant is admitted through Kueue. */
export interface TenantKueueOptions<P extends string = MigProfile> {
  /** ClusterQueue name (cluster-scoped). @default the tenant's namespace */
  readonly clusterQueue?: string;
  /** LocalQueue name in the tenant's namespace; its workloads carry `kueue.x-k8s.io/queue-name: <localQueue>`. @default 'mig' */
  readonly localQueue?: string;
  /** Cohort the ClusterQueue borrows in and lends to (`cohortName`); needed for borrowing and lending limits. */
  readonly cohort?: string;
  /**
   * Quota per pool (flavor): `pool.kueueQuota({ slices })` checks the profiles against the pool's
   * GPU at compile time. @default each of `slices` on the one pool that offers the profile
   */
  readonly flavors?: readonly KueueFlavorQuota[];
  /** Per profile, how much more than its quota the tenant may borrow from the cohort (without `flavors`). */
  readonly borrowingLimit?: Readonly<Partial<Record<P, number>>>;
  /** Per profile, how much of its quota the tenant lends to the cohort at most (without `flavors`). */
  readonly lendingLimit?: Readonly<Partial<Record<P, number>>>;
  /** The ClusterQueue's preemption policy. */
  readonly preemption?: KueuePreemption;
}

/** `spec.preemption` of a ClusterQueue (Kueue v1beta2). */
export interface KueuePreemption {
  /** Preempt workloads of other queues in the cohort that borrow this queue's quota. */
  readonly reclaimWithinCohort?: 'Never' | 'LowerPriority' | 'Any';
  /** Preempt this queue's own workloads for pending ones of higher priority. */
  readonly withinClusterQueue?: 'Never' | 'LowerPriority' | 'LowerOrNewerEqualPriority';
}

/** A tenant's Kueue quota on one pool's flavor: slices per profile, and limits with a cohort. */
export interface KueueFlavorQuota<P extends string = string> {
  /** The pool whose ResourceFlavor this quota is on. */
  readonly pool: string;
  /** Nominal quota per profile. */
  readonly slices: Readonly<Partial<Record<P, number>>>;
  readonly borrowingLimit?: Readonly<Partial<Record<P, number>>>;
  readonly lendingLimit?: Readonly<Partial<Record<P, number>>>;
}

/** A tenant's Kueue quota on one pool, as a pool's `kueueQuota()` takes it: profiles are checked against the pool's GPU at compile time. */
export type KueuePoolQuota<G extends GpuModel> = Omit<KueueFlavorQuota<MigProfile<G>>, 'pool'>;
