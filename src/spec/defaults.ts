import type { OperatorOptions, TelemetryOptions, TenantSpec, WorkloadKind, WorkloadSpec } from './platform';
import type { ResolvedOperator } from './resolved';
import { SPEC_DEFAULTS as D } from './shape';

/**
 * Defaults applied without validation: what an adapter needs to name an object before the whole
 * platform is known (cdk8s creates objects at construction), and what validation starts from.
 * Every value comes from SPEC_DEFAULTS, the one place a default is written.
 */
/** The operator options with every default filled in. Pure: no validation. */
export function applyOperatorDefaults(o: OperatorOptions = {}): ResolvedOperator {
  const flux = o.gitops?.flux;
  const argo = o.gitops?.argocd;
  return {
    version: o.version ?? D.operator.version,
    namespace: o.namespace ?? D.operator.namespace,
    createNamespace: o.createNamespace ?? D.operator.createNamespace,
    chartRepository: o.chartRepository ?? D.operator.chartRepository,
    releaseName: o.releaseName ?? D.operator.releaseName,
    migConfigMapName: o.migConfigMapName ?? D.operator.migConfigMapName,
    devicePluginConfigMapName: o.devicePluginConfigMapName ?? D.operator.devicePluginConfigMapName,
    withReboot: o.withReboot ?? D.operator.withReboot,
    dcgmExporter: { ...(o.dcgmExporter ?? {}) },
    flux: flux ? { interval: (typeof flux === 'object' ? flux.interval : undefined) ?? D.flux.interval } : undefined,
    argocd: argo
      ? {
        namespace: (typeof argo === 'object' ? argo.namespace : undefined) ?? D.argocd.namespace,
        project: (typeof argo === 'object' ? argo.project : undefined) ?? D.argocd.project,
      }
      : undefined,
  };
}

/** A workload's identity with defaults: where and as what it is emitted. */
export interface WorkloadIdentityFields {
  readonly name: string;
  readonly namespace: string;
  readonly kind: WorkloadKind;
}

export function workloadIdentityFields(w: Pick<WorkloadSpec, 'name' | 'namespace' | 'kind'>): WorkloadIdentityFields {
  return { name: w?.name, namespace: w?.namespace ?? D.workload.namespace, kind: w?.kind ?? D.workload.kind };
}

/** A tenant's identity with defaults: its namespace and which of its objects are emitted under which names. */
export interface TenantIdentityFields {
  readonly namespace: string;
  readonly quotaName: string;
  readonly createNamespace: boolean;
  /** Whether the ResourceQuota is emitted: unless Kueue admits the tenant, or when asked for. */
  readonly resourceQuota: boolean;
  /** With kueue: the ClusterQueue and LocalQueue names. */
  readonly kueue?: { readonly clusterQueue: string; readonly localQueue: string };
}

export function tenantIdentityFields(t: Pick<TenantSpec<string>, 'namespace' | 'quotaName' | 'createNamespace' | 'resourceQuota' | 'kueue'>): TenantIdentityFields {
  const k = t?.kueue;
  const fields: { -readonly [K in keyof TenantIdentityFields]: TenantIdentityFields[K] } = {
    namespace: t?.namespace,
    quotaName: t?.quotaName ?? D.tenant.quotaName,
    createNamespace: t?.createNamespace ?? D.tenant.createNamespace,
    resourceQuota: t?.resourceQuota ?? k === undefined,
  };
  // Assigned, not spread: this runs for every tenant, twice (bench/synth.ts).
  if (k !== undefined) fields.kueue = { clusterQueue: k?.clusterQueue ?? t.namespace, localQueue: k?.localQueue ?? D.tenantKueue.localQueue };
  return fields;
}

/** Which telemetry objects are emitted and where: what an adapter needs before the platform is known. */
export interface TelemetryIdentityFields {
  readonly namespace: string;
  /** Labels of the PrometheusRule and ServiceMonitor (for the Prometheus's selectors). */
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceMonitor: 'operator' | 'platform';
  readonly customMetrics: boolean;
  readonly dashboard?: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
}

export function telemetryIdentityFields(t: TelemetryOptions, operatorNamespace: string): TelemetryIdentityFields {
  const namespace = t?.namespace ?? operatorNamespace;
  const dash = t?.dashboard ?? D.telemetry.dashboard;
  const labels = t?.labels;
  return {
    namespace,
    // Not a map: validation says so; the identity stays buildable.
    labels: typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? labels : {},
    serviceMonitor: t?.serviceMonitor ?? D.telemetry.serviceMonitor,
    customMetrics: t?.customMetrics ?? D.telemetry.customMetrics,
    ...(dash !== false
      ? { dashboard: { namespace: (typeof dash === 'object' && dash !== null ? dash.namespace : undefined) ?? namespace, labels: (typeof dash === 'object' && dash !== null ? dash.labels : undefined) ?? D.dashboard.labels } }
      : {}),
  };
}
