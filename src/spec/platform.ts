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
  readonly pools: readonly NodePoolSpec[];
  readonly workloads: readonly WorkloadSpec[];
  readonly tenants: readonly TenantSpec[];
  /** MIG requests added to pods this library does not render (e.g. cdk8s-plus workloads): checked, not emitted. */
  readonly attachedRequests?: readonly AttachedRequestSpec[];
  /** Where the spec came from, for diagnostics (a construct path or `spec`). @default '' */
  readonly path?: string;
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
  /** Pool name: also the mig-parted config name its nodes are labelled with. DNS-1123 label. */
  readonly name: string;
  /** Where the pool was declared (construct path or spec path). @default `pools.<name>` */
  readonly path?: string;
  readonly gpu: G;
  readonly gpusPerNode: number;
  /** Nodes in the pool: the capacity quotas are checked against. */
  readonly nodes: number;
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
}
