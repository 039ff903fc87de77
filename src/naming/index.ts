/**
 * Kubernetes and NVIDIA naming rules: the one place each is written. spec/ validates with them and
 * render/ builds names with them, so they sit below both (docs/architecture.md: spec/ cannot import
 * render/ without an arrow pointing up).
 */

/** The MIG strategy of the GPU Operator / device plugin (`mig.strategy`). */
export type MigStrategy = 'single' | 'mixed';

/**
 * The extended resource a MIG slice is advertised as (k8s-device-plugin internal/rm/rm.go):
 * `mixed` -> `nvidia.com/mig-<profile>` with `+` written as `.`; `single` -> `nvidia.com/gpu`.
 */
export function migResourceName(strategy: MigStrategy, profile: string): string {
  return strategy === 'single' ? 'nvidia.com/gpu' : `nvidia.com/mig-${profile.replace(/\+/g, '.')}`;
}

/** The resource a ResourceQuota limits: only `requests.` is allowed for extended resources (K8s docs, "Resource Quota For Extended Resources"). */
export function quotaResourceKey(resource: string): string {
  // A DRA device-class count is its own quota key (`<class>.deviceclass.resource.k8s.io/devices`).
  if (resource.endsWith('.deviceclass.resource.k8s.io/devices')) return resource;
  return `requests.${resource}`;
}

/** Node label MIG Manager watches to pick a mig-parted config (docs/reference/k8s-mig-integration.md §3.2). */
export const MIG_CONFIG_LABEL = 'nvidia.com/mig.config';
/**
 * The stable node label of a pool: workloads, Kueue flavors and telemetry find a pool's nodes by it,
 * so nodes on the old and the new layout serve the same workloads while a layout change rolls out
 * (the `nvidia.com/mig.config` value changes with the layout; this one never does).
 */
export const POOL_LABEL = 'mig-constructs.io/pool';
/** The operator's MIG Manager DaemonSet, and its pods' `app` label (gpu-operator assets/state-mig-manager). */
export const MIG_MANAGER_DAEMONSET = 'nvidia-mig-manager';
/** A pool name leaves room for `-<8 hex digits>` in its config name, a label value of at most 63 characters. */
export const POOL_NAME_MAX = 54;
/** Node label the device plugin's config-manager watches to pick a named plugin config (§2.4). */
export const DEVICE_PLUGIN_CONFIG_LABEL = 'nvidia.com/device-plugin.config';
/** The key MIG Manager reads from a custom mig-parted ConfigMap; it must be exactly this (§1.2). */
export const MIG_PARTED_CONFIGMAP_KEY = 'config.yaml';
/** The config the operator applies to MIG-capable nodes without a label (`migManager.config.default`). */
export const ALL_DISABLED_CONFIG = 'all-disabled';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why a value is not a DNS-1123 label (Namespace names), or undefined when it is one. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value.length > 63) return `it is ${value.length} characters long; the limit is 63`;
  if (!DNS1123_LABEL.test(value)) return 'it must consist of lower-case letters, digits and "-", and start and end with a letter or digit';
  return undefined;
}

/** Why a value is not a DNS-1123 subdomain (most object names), or undefined when it is one. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value.length > 253) return `it is ${value.length} characters long; the limit is 253`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return 'it must consist of lower-case letters, digits, "-" and ".", and start and end with a letter or digit';
  }
  return undefined;
}

/** Why a value is not a valid label value, or undefined when it is one. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `it is ${value.length} characters long; the limit is 63`;
  if (!LABEL_VALUE.test(value)) return 'it must be empty or consist of letters, digits, "-", "_" and ".", and start and end with a letter or digit';
  return undefined;
}

/** Why a value is not a valid label key (`[prefix/]name`), or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const p = dns1123SubdomainProblem(prefix);
    if (p) return `its prefix '${prefix}' is not a DNS subdomain: ${p}`;
  }
  if (name.length === 0 || name.length > 63) return 'its name part must be 1 to 63 characters';
  if (!LABEL_NAME.test(name)) return 'its name part must consist of letters, digits, "-", "_" and ".", and start and end with a letter or digit';
  return undefined;
}

/**
 * The resource a pool advertises for a profile: migResourceName, plus `.shared` when the pool's
 * time-slicing renames resources (device-plugin `sharing.timeSlicing.renameByDefault`, default false).
 */
export function poolResourceName(strategy: MigStrategy, profile: string, timeSlicing?: { readonly renameByDefault?: boolean }): string {
  const base = migResourceName(strategy, profile);
  return timeSlicing?.renameByDefault ? `${base}.shared` : base;
}

/** The full-GPU resource: what a GPU with MIG disabled is advertised as under `mixed`. */
export const FULL_GPU_RESOURCE = 'nvidia.com/gpu';

/** Labels every object the library emits carries (Kubernetes recommended labels). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'mig-constructs';
/** Pod selector label of a workload. */
export const WORKLOAD_NAME_LABEL = 'app.kubernetes.io/name';
/** The GPU Operator's Helm chart name (helm repo nvidia, chart nvidia/gpu-operator; docs/reference/k8s-mig-integration.md §1.1). */
export const GPU_OPERATOR_CHART = 'gpu-operator';

// Kubernetes resource.Quantity: a signed decimal number with an optional binary (Ki..Ei), decimal
// SI (n, u, m, k, M, G, T, P, E) or exponent suffix (k8s.io/apimachinery/pkg/api/resource).
const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
/** Whether a string is a Kubernetes quantity (`64`, `512Gi`, `1.5`). */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** Helm release names are DNS-1123 subdomains of at most 53 characters (helm/pkg/chartutil validateReleaseName). */
export const HELM_RELEASE_NAME_MAX = 53;

// Flux's API duration (metav1.Duration with the CRD pattern `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`): no days.
const FLUX_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
/** Why a string is not a Flux interval, or undefined when it is one. */
export function fluxDurationProblem(value: string): string | undefined {
  return FLUX_DURATION.test(value) ? undefined : 'Flux takes a Go duration of ms, s, m and h, such as 10m or 1h30m (no days)';
}

/** Why a string is not a chart repository URL (Helm, Flux and Argo CD need a scheme), or undefined. */
export function chartRepositoryProblem(value: string): string | undefined {
  if (!/^(https?|oci):\/\/[^\s/]+/.test(value)) return 'it must be an https://, http:// or oci:// URL with a host';
  if (/\s/.test(value)) return 'it contains white space';
  return undefined;
}

/**
 * Why a string is not an environment variable name Kubernetes accepts, or undefined. Since 1.30 any
 * printable ASCII except `=` is allowed (RelaxedEnvironmentVariableValidation, on by default in 1.32).
 */
export function envNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (!/^[\x21-\x3c\x3e-\x7e]+$/.test(name)) return 'it must be printable ASCII without spaces or "="';
  return undefined;
}

/** Why a string cannot be a container image reference, or undefined (the kubelet rejects white space; an empty image never pulls). */
export function imageProblem(image: string): string | undefined {
  if (image.trim() === '') return 'it is empty';
  if (/\s/.test(image)) return 'it contains white space';
  return undefined;
}

/**
 * How pods get their slices: the device plugin's extended resources (`nvidia.com/mig-<profile>`), or
 * Dynamic Resource Allocation (Kubernetes >= 1.34, `resource.k8s.io/v1`) through NVIDIA's DRA driver,
 * where pods reference ResourceClaims (docs/reference/k8s-mig-integration.md §6).
 */
export type MigAllocation = 'device-plugin' | 'dra';

/** The DRA driver name of NVIDIA's GPU driver; every GPU and MIG device is published under it (§6). */
export const DRA_DRIVER = 'gpu.nvidia.com';
/** The driver's DeviceClass for whole GPUs (a GPU with MIG disabled). */
export const DRA_GPU_DEVICE_CLASS = 'gpu.nvidia.com';
/** The device attribute that names a MIG device's parent GPU: claims match on it to keep slices on one GPU (§6). */
export const DRA_PARENT_ATTRIBUTE = 'gpu.nvidia.com/parentUUID';
/** The request name inside the claims this library writes, and the pod's claim name. */
export const DRA_CLAIM_REQUEST = 'mig';

/** This library's DeviceClass for one MIG profile: `mig-1g.10gb`, `mig-1g.10gb-me` (`+` is not allowed in a name). */
export function draDeviceClassName(profile: string): string {
  return `mig-${profile.replace(/\+/g, '-')}`;
}

/** The CEL selector of a profile's DeviceClass: the driver's MIG devices of that profile (attributes per §6). */
export function draProfileSelector(profile: string): string {
  return `device.driver == '${DRA_DRIVER}' && device.attributes['${DRA_DRIVER}'].type == 'mig' && device.attributes['${DRA_DRIVER}'].profile == '${profile}'`;
}

/** The quota resource that counts a DeviceClass's devices (Kubernetes "Resource Quota", DRA): no `requests.` prefix. */
export function draQuotaResource(deviceClass: string): string {
  return `${deviceClass}.deviceclass.resource.k8s.io/devices`;
}

/** The resource one slice of a profile is counted under, for quotas and capacity, by allocation. */
export function sliceResourceName(
  allocation: MigAllocation, strategy: MigStrategy, profile: string, timeSlicing?: { readonly renameByDefault?: boolean },
): string {
  return allocation === 'dra' ? draQuotaResource(draDeviceClassName(profile)) : poolResourceName(strategy, profile, timeSlicing);
}

// ---------------------------------------------------------------- Kueue (docs/reference/k8s-mig-integration.md §5.2)

/** The Kueue API this library writes: v1beta2, served since Kueue v0.15 and its storage version since v0.16. */
export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';
/** The label that puts a Job, Deployment or StatefulSet into a LocalQueue. */
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
/** The label the API server sets on every Namespace to its own name: a ClusterQueue selects its tenant's namespace by it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Kueue's list bounds (v0.19.2 CRDs): coveredResources, flavors and a flavor's resources hold 1-64 items. */
export const KUEUE_MAX_LIST = 64;
/** A ResourceFlavor holds at most 8 nodeLabels and 8 tolerations (v0.19.2 CRD). */
export const KUEUE_MAX_FLAVOR_LABELS = 8;
export * from './telemetry';
