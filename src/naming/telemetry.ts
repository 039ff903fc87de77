/**
 * Names of the telemetry layer: the series kube-state-metrics and the DCGM exporter publish, the
 * series our rules record, and how Kubernetes names turn into Prometheus labels. Sources:
 * docs/reference/k8s-mig-integration.md §4 (DCGM labels and fields, kube-state-metrics patterns).
 */

/** kube-state-metrics turns a resource or label name into a label by replacing every character outside [a-zA-Z0-9_] with `_` (`nvidia.com/mig-1g.10gb` -> `nvidia_com_mig_1g_10gb`, §4.3). */
export function promLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** The `resource` label kube-state-metrics gives an extended resource. */
export function ksmResourceLabel(resource: string): string {
  return promLabelName(resource);
}

/** The label kube-state-metrics' `kube_node_labels` gives a node label it is allowed to publish (`--metric-labels-allowlist`). */
export function ksmNodeLabel(label: string): string {
  return `label_${promLabelName(label)}`;
}

/** Series read from kube-state-metrics and the DCGM exporter. */
export const SOURCE_SERIES = {
  podRequests: 'kube_pod_container_resource_requests',
  podPhase: 'kube_pod_status_phase',
  nodeAllocatable: 'kube_node_status_allocatable',
  nodeLabels: 'kube_node_labels',
  /** Graphics engine activity, 0-1: the utilisation field that works per MIG instance (§4.2; DCGM_FI_DEV_GPU_UTIL does not). */
  engineActive: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  /** Framebuffer used, MiB, per MIG instance (§4.2). */
  framebufferUsed: 'DCGM_FI_DEV_FB_USED',
} as const;

/** The DCGM exporter's label holding a MIG instance's profile (§4.1). */
export const DCGM_PROFILE_LABEL = 'GPU_I_PROFILE';

/**
 * The series the PrometheusRule records, named `level:metric:operation` as Prometheus recommends.
 * Constants (weights, prices, quotas) are recorded too, so every query joins on series, not on
 * numbers typed into dashboards.
 */
export const RECORDED = {
  /** Compute slices one unit of a resource stands for (a 3g instance = 3; a time-sliced replica a share of it). Labels: resource, profile. */
  resourceComputeSlices: 'resource:mig_compute_slices_per_unit:value',
  /** GPUs one unit of a resource stands for (compute slices / the GPU's). Labels: resource, profile. */
  resourceGpuEquivalents: 'resource:mig_gpu_equivalents_per_unit:value',
  /** Price of one unit-hour of a resource. Labels: resource, profile, currency. */
  resourcePrice: 'resource:mig_price_per_unit_hour:value',
  /** Compute slices of one instance of a profile, for DCGM series (labelled by profile). Labels: profile. */
  profileComputeSlices: 'profile:mig_compute_slices_per_instance:value',
  /** Units of a resource a tenant was granted (ResourceQuota or Kueue nominal quota). Labels: namespace, resource. */
  tenantQuota: 'namespace_resource:mig_quota_units:value',
  /** Units held by running pods. Labels: namespace, resource. */
  allocatedUnits: 'namespace_resource:mig_allocated_units:sum',
  /** Units held by running pods, in compute slices. Labels: namespace, profile. */
  allocatedSlicesByProfile: 'namespace_profile:mig_allocated_compute_slices:sum',
  /** Compute slices held by running pods. Labels: namespace. */
  allocatedSlices: 'namespace:mig_allocated_compute_slices:sum',
  /** GPU-equivalents held by running pods. Labels: namespace. */
  allocatedGpus: 'namespace:mig_allocated_gpu_equivalents:sum',
  /** Cost per hour of what running pods hold. Labels: namespace, currency. */
  costPerHour: 'namespace:mig_cost_per_hour:sum',
  /** Share of each granted resource the tenant's running pods hold. Labels: namespace, resource. */
  quotaUsed: 'namespace_resource:mig_quota_used:ratio',
  /** Mean engine activity of the tenant's instances, 0-1. Labels: namespace, profile. */
  engineActive: 'namespace_profile:mig_engine_active:avg',
  /** Engine activity times compute slices: the slices really busy. Labels: namespace. */
  usedSlices: 'namespace:mig_used_compute_slices:sum',
  /** Framebuffer used, MiB. Labels: namespace, profile. */
  framebufferUsed: 'namespace_profile:mig_framebuffer_used_mib:sum',
  /** MIG instances no pod holds (DCGM series without a namespace). Labels: profile. */
  unattributedInstances: 'profile:mig_unattributed_instances:count',
  /** Units nodes offer. Labels: resource. */
  capacity: 'resource:mig_capacity_units:sum',
  /** Units nodes offer, per pool (the node's mig-constructs.io/pool label). Labels: pool, resource. */
  poolCapacity: 'pool_resource:mig_capacity_units:sum',
  /** Units held by running pods, cluster-wide. Labels: resource. */
  allocatedByResource: 'resource:mig_allocated_units:sum',
  /** Units offered that no running pod holds. Labels: resource. */
  idle: 'resource:mig_idle_units:sum',
  /** Units requested by running and pending pods. Labels: resource. */
  requested: 'resource:mig_requested_units:sum',
} as const;

/** The alerts the PrometheusRule defines. */
export const ALERTS = {
  nearQuota: 'MigTenantNearQuota',
  idle: 'MigSlicesIdle',
  configFailed: 'MigConfigFailed',
  aboveCapacity: 'MigRequestsAboveCapacity',
} as const;

// Prometheus's duration (the PrometheusRule CRD's pattern for `for` and `interval`).
const PROM_DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
/** Why a string is not a Prometheus duration, or undefined when it is one. */
export function promDurationProblem(value: string): string | undefined {
  if (value === '') return 'it is empty';
  return PROM_DURATION.test(value) ? undefined : 'Prometheus takes units y, w, d, h, m, s and ms, largest first, such as 2h or 1h30m';
}

/** The key the DCGM exporter reads its metrics list from in a custom ConfigMap (chart values, `dcgmExporter.config`). */
export const DCGM_METRICS_CONFIGMAP_KEY = 'dcgm-metrics.csv';
/** The DCGM exporter's Service port name and selector label (operator assets, §4.1). */
export const DCGM_SERVICE_PORT = 'gpu-metrics';
export const DCGM_SERVICE_SELECTOR = { app: 'nvidia-dcgm-exporter' } as const;
/** The exporter's environment variable for the GPU id type Kubernetes mapping uses (§4.1). */
export const DCGM_GPU_ID_TYPE_ENV = 'DCGM_EXPORTER_KUBERNETES_GPU_ID_TYPE';
/** Node label MIG Manager sets to the state of the last reconfiguration (`success`, `failed`, `pending`, `rebooting`; §3.2). */
export const MIG_CONFIG_STATE_LABEL = 'nvidia.com/mig.config.state';

/** Names of the objects telemetry emits. */
export const TELEMETRY_OBJECTS = {
  prometheusRule: 'mig-telemetry',
  dashboard: 'mig-telemetry-dashboard',
  dcgmMetrics: 'mig-dcgm-metrics',
  serviceMonitor: 'mig-dcgm-exporter',
} as const;
/** The dashboard ConfigMap's key: the Grafana sidecar writes each key as a file. */
export const DASHBOARD_CONFIGMAP_KEY = 'mig-slices.json';
/** The Prometheus Operator API the PrometheusRule and ServiceMonitor use. */
export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';
