import {
  ALERTS,
  DASHBOARD_CONFIGMAP_KEY,
  DCGM_GPU_ID_TYPE_ENV,
  DCGM_METRICS_CONFIGMAP_KEY,
  DCGM_PROFILE_LABEL,
  DCGM_SERVICE_PORT,
  DCGM_SERVICE_SELECTOR,
  ksmNodeLabel,
  ksmResourceLabel,
  MIG_CONFIG_LABEL,
  MIG_CONFIG_STATE_LABEL,
  POOL_LABEL,
  RECORDED as R,
  SOURCE_SERIES as S,
  TELEMETRY_OBJECTS,
} from '../naming';
import type { ResolvedOperator, ResolvedTelemetry } from '../spec';

/**
 * Telemetry and chargeback as Prometheus rules, a Grafana dashboard and DCGM exporter settings
 * (docs/reference/k8s-mig-integration.md §4). Every resource name, label and weight comes from the
 * resolved platform and the naming layer; nothing here is typed per GPU.
 */

type Body = Record<string, unknown>;

export interface RecordingRule { readonly record: string; readonly expr: string; readonly labels?: Record<string, string> }
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}
export interface RuleGroup { readonly name: string; readonly rules: readonly (RecordingRule | AlertingRule)[] }

/** A rule that records a constant: a weight, a price or a quota, as a series the other rules join on. */
function constant(record: string, value: number, labels: Record<string, string>): RecordingRule {
  return { record, expr: `vector(${value})`, labels };
}

/** `<metric>{resource=~"…"}` over every resource the platform offers, as kube-state-metrics names them. */
function resourceSelector(metric: string, t: ResolvedTelemetry, extra = ''): string {
  const names = t.units.map((u) => ksmResourceLabel(u.resource)).join('|');
  return `${metric}{resource=~"${names}"${extra}}`;
}

/** DCGM series of MIG instances, with their profile in a `profile` label; `attributed` = held by a pod. */
function dcgmByProfile(metric: string, attributed: boolean): string {
  const ns = attributed ? 'namespace!=""' : 'namespace=""';
  return `label_replace(${metric}{${ns},${DCGM_PROFILE_LABEL}!=""}, "profile", "$1", "${DCGM_PROFILE_LABEL}", "(.*)")`;
}

/** Pods in the given phases, one series per pod (kube-state-metrics sets the phase that holds to 1). */
function podsIn(phases: string): string {
  return `(${S.podPhase}{phase=~"${phases}"} == 1)`;
}

/** The recording rules and alerts of the PrometheusRule, in evaluation order. */
export function telemetryRuleGroups(t: ResolvedTelemetry): RuleGroup[] {
  const weights: RecordingRule[] = [];
  for (const u of t.units) {
    const labels = { resource: ksmResourceLabel(u.resource), profile: u.profile };
    weights.push(constant(R.resourceComputeSlices, u.computeSlices, labels));
    weights.push(constant(R.resourceGpuEquivalents, u.gpuEquivalents, labels));
    if (t.currency !== undefined && u.pricePerHour !== undefined) {
      weights.push(constant(R.resourcePrice, u.pricePerHour, { ...labels, currency: t.currency }));
    }
  }
  for (const p of t.profiles) weights.push(constant(R.profileComputeSlices, p.computeSlices, { profile: p.profile }));
  for (const q of t.quotas) weights.push(constant(R.tenantQuota, q.units, { namespace: q.namespace, resource: ksmResourceLabel(q.resource) }));

  const pool = ksmNodeLabel(POOL_LABEL);
  const allocation: RecordingRule[] = [
    { record: R.allocatedUnits, expr: `sum by (namespace, resource) (${resourceSelector(S.podRequests, t)} * on (namespace, pod) group_left () ${podsIn('Running')})` },
    { record: R.allocatedSlicesByProfile, expr: `sum by (namespace, profile) (${R.allocatedUnits} * on (resource) group_left (profile) ${R.resourceComputeSlices})` },
    { record: R.allocatedSlices, expr: `sum by (namespace) (${R.allocatedSlicesByProfile})` },
    { record: R.allocatedGpus, expr: `sum by (namespace) (${R.allocatedUnits} * on (resource) group_left () ${R.resourceGpuEquivalents})` },
    ...(t.currency !== undefined
      ? [{ record: R.costPerHour, expr: `sum by (namespace, currency) (${R.allocatedUnits} * on (resource) group_left (currency) ${R.resourcePrice})` }]
      : []),
    { record: R.quotaUsed, expr: `${R.allocatedUnits} / on (namespace, resource) ${R.tenantQuota}` },
    { record: R.capacity, expr: `sum by (resource) (${resourceSelector(S.nodeAllocatable, t)})` },
    {
      record: R.poolCapacity,
      expr: `sum by (pool, resource) (${resourceSelector(S.nodeAllocatable, t)} * on (node) group_left (pool) label_replace(${S.nodeLabels}{${pool}!=""}, "pool", "$1", "${pool}", "(.*)"))`,
    },
    { record: R.allocatedByResource, expr: `sum by (resource) (${R.allocatedUnits})` },
    { record: R.idle, expr: `${R.capacity} - on (resource) (${R.allocatedByResource} or ${R.capacity} * 0)` },
    { record: R.requested, expr: `sum by (resource) (${resourceSelector(S.podRequests, t)} * on (namespace, pod) group_left () ${podsIn('Pending|Running')})` },
  ];
  const usage: RecordingRule[] = [
    { record: R.engineActive, expr: `avg by (namespace, profile) (${dcgmByProfile(S.engineActive, true)})` },
    { record: R.usedSlices, expr: `sum by (namespace) (${dcgmByProfile(S.engineActive, true)} * on (profile) group_left () ${R.profileComputeSlices})` },
    { record: R.framebufferUsed, expr: `sum by (namespace, profile) (${dcgmByProfile(S.framebufferUsed, true)})` },
    { record: R.unattributedInstances, expr: `count by (profile) (${dcgmByProfile(S.engineActive, false)})` },
  ];
  const state = ksmNodeLabel(MIG_CONFIG_STATE_LABEL);
  const config = ksmNodeLabel(MIG_CONFIG_LABEL);
  const alerts: AlertingRule[] = [
    {
      alert: ALERTS.nearQuota,
      expr: `${R.quotaUsed} >= ${t.quotaAlertRatio}`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'A tenant is near its MIG quota.',
        description: 'Namespace {{ $labels.namespace }} holds {{ $value | humanizePercentage }} of its {{ $labels.resource }} quota; new pods will wait or be refused.',
      },
    },
    {
      alert: ALERTS.idle,
      expr: `${R.engineActive} < ${t.idleBelow} and on (namespace, profile) ${R.allocatedSlicesByProfile} > 0`,
      for: t.idleFor,
      labels: { severity: 'info' },
      annotations: {
        summary: 'MIG slices are held but nearly idle.',
        description: `Namespace {{ $labels.namespace }} holds {{ $labels.profile }} slices whose engines were active {{ $value | humanizePercentage }} of the time for ${t.idleFor}; they are billed all the same.`,
      },
    },
    {
      alert: ALERTS.configFailed,
      expr: `max by (node, ${config}) (${S.nodeLabels}{${state}="failed"})`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'MIG Manager failed to apply a layout.',
        description: `Node {{ $labels.node }} has ${MIG_CONFIG_STATE_LABEL}=failed for config {{ $labels.${config} }}: its GPUs may offer no slices. Read the nvidia-mig-manager pod's log on that node.`,
      },
    },
    {
      alert: ALERTS.aboveCapacity,
      expr: `${R.requested} > on (resource) (${R.capacity} or ${R.requested} * 0)`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Pods request more MIG slices than the nodes offer.',
        description: 'Running and pending pods request {{ $value }} {{ $labels.resource }}, more than the nodes offer: some stay Pending until the layout or the node count changes.',
      },
    },
  ];
  return [
    { name: 'mig-constructs.weights', rules: weights },
    { name: 'mig-constructs.allocation', rules: allocation },
    { name: 'mig-constructs.usage', rules: usage },
    { name: 'mig-constructs.alerts', rules: alerts },
  ];
}

/** The PrometheusRule's spec. */
export function prometheusRuleBody(t: ResolvedTelemetry): Body {
  return { spec: { groups: telemetryRuleGroups(t) } };
}

// ---------------------------------------------------------------- dashboard

interface Panel { readonly title: string; readonly expr: string; readonly legend: string; readonly unit: string; readonly kind: 'timeseries' | 'bargauge' }

/** The panels: each query reads recorded series only (test/render/telemetry.test.ts checks it). */
function dashboardPanels(t: ResolvedTelemetry): Panel[] {
  const overRange = (series: string) => `sum by (namespace) (sum_over_time(${series}[$__range:1m])) / 60`;
  return [
    { title: 'Compute slices held, by tenant', expr: `sum by (namespace) (${R.allocatedSlices})`, legend: '{{namespace}}', unit: 'short', kind: 'timeseries' },
    { title: 'Slice-hours in the range, by tenant', expr: overRange(R.allocatedSlices), legend: '{{namespace}}', unit: 'short', kind: 'bargauge' },
    ...(t.currency !== undefined
      ? [
        { title: `Cost per hour (${t.currency}), by tenant`, expr: `sum by (namespace) (${R.costPerHour})`, legend: '{{namespace}}', unit: 'short', kind: 'timeseries' as const },
        { title: `Cost in the range (${t.currency}), by tenant`, expr: overRange(R.costPerHour), legend: '{{namespace}}', unit: 'short', kind: 'bargauge' as const },
      ]
      : []),
    { title: 'Utilisation: busy / held compute slices', expr: `${R.usedSlices} / on (namespace) ${R.allocatedSlices}`, legend: '{{namespace}}', unit: 'percentunit', kind: 'timeseries' },
    { title: 'Engine activity, by tenant and profile', expr: R.engineActive, legend: '{{namespace}} {{profile}}', unit: 'percentunit', kind: 'timeseries' },
    { title: 'Framebuffer used, by tenant and profile', expr: R.framebufferUsed, legend: '{{namespace}} {{profile}}', unit: 'mbytes', kind: 'timeseries' },
    { title: 'Quota used', expr: R.quotaUsed, legend: '{{namespace}} {{resource}}', unit: 'percentunit', kind: 'timeseries' },
    { title: 'Idle units, by resource', expr: R.idle, legend: '{{resource}}', unit: 'short', kind: 'timeseries' },
    { title: 'Capacity, by pool and resource', expr: R.poolCapacity, legend: '{{pool}} {{resource}}', unit: 'short', kind: 'timeseries' },
    { title: 'Instances no pod holds, by profile', expr: R.unattributedInstances, legend: '{{profile}}', unit: 'short', kind: 'timeseries' },
  ];
}

/** The Grafana dashboard model (JSON), two panels per row. */
export function telemetryDashboard(t: ResolvedTelemetry): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  const panels = dashboardPanels(t).map((p, i) => ({
    id: i + 1,
    type: p.kind,
    title: p.title,
    datasource,
    gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
    fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
    targets: [{ refId: 'A', datasource, expr: p.expr, legendFormat: p.legend, ...(p.kind === 'bargauge' ? { instant: true } : {}) }],
  }));
  return {
    uid: 'mig-constructs-slices',
    title: 'MIG slices by tenant',
    tags: ['mig', 'gpu', 'chargeback'],
    schemaVersion: 39,
    editable: true,
    time: { from: 'now-7d', to: 'now' },
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source' }] },
    panels,
  };
}

/** The dashboard ConfigMap's data: the model as one JSON file. */
export function dashboardBody(t: ResolvedTelemetry): Body {
  return { data: { [DASHBOARD_CONFIGMAP_KEY]: `${JSON.stringify(telemetryDashboard(t), null, 2)}\n` } };
}

// ---------------------------------------------------------------- DCGM exporter

/**
 * The fields the DCGM exporter collects with `customMetrics`: those DCGM reports per MIG instance
 * (§4.2). Not DCGM_FI_DEV_GPU_UTIL, which MIG instances do not support. Format: field, type, help.
 */
const PER_INSTANCE_FIELDS: readonly [string, string, string][] = [
  [S.engineActive, 'gauge', 'Share of time the graphics engine of the instance was active (0-1).'],
  ['DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', 'gauge', 'Share of cycles the tensor pipes of the instance were active (0-1).'],
  ['DCGM_FI_PROF_DRAM_ACTIVE', 'gauge', 'Share of cycles the memory interface of the instance was busy (0-1).'],
  [S.framebufferUsed, 'gauge', 'Framebuffer memory of the instance in use (MiB).'],
  ['DCGM_FI_DEV_FB_FREE', 'gauge', 'Framebuffer memory of the instance free (MiB).'],
];

export function dcgmMetricsBody(): Body {
  const lines = [
    '# Fields DCGM reports per MIG instance (written by mig-constructs).',
    '# DCGM field, Prometheus metric type, help message',
    ...PER_INSTANCE_FIELDS.map(([field, type, help]) => `${field}, ${type}, ${help}`),
  ];
  return { data: { [DCGM_METRICS_CONFIGMAP_KEY]: `${lines.join('\n')}\n` } };
}

/** A ServiceMonitor for the operator's DCGM exporter Service (telemetry `serviceMonitor: platform`). */
export function serviceMonitorBody(t: ResolvedTelemetry, op: ResolvedOperator): Body {
  return {
    spec: {
      jobLabel: 'app',
      selector: { matchLabels: { ...DCGM_SERVICE_SELECTOR } },
      namespaceSelector: { matchNames: [op.namespace] },
      // honorLabels keeps the exporter's namespace/pod labels (the pod that holds the instance)
      // instead of renaming them exported_namespace/exported_pod under the exporter's own.
      endpoints: [{ port: DCGM_SERVICE_PORT, path: '/metrics', interval: t.scrapeInterval, honorLabels: true }],
    },
  };
}

/** The `dcgmExporter` operator values telemetry needs, merged over the operator's own options. */
export function telemetryOperatorValues(t: ResolvedTelemetry, op: ResolvedOperator): Record<string, unknown> {
  const values: Record<string, unknown> = {
    serviceMonitor: t.serviceMonitor === 'operator'
      ? {
        enabled: true,
        interval: t.scrapeInterval,
        honorLabels: true,
        ...(Object.keys(t.labels).length > 0 ? { additionalLabels: { ...t.labels } } : {}),
      }
      : { enabled: false },
  };
  if (t.gpuIdType !== undefined) values.env = [{ name: DCGM_GPU_ID_TYPE_ENV, value: t.gpuIdType }];
  if (t.customMetrics) values.config = { name: TELEMETRY_OBJECTS.dcgmMetrics };
  if (op.dcgmExporter.podLabels !== undefined) values.enablePodLabels = op.dcgmExporter.podLabels;
  return values;
}
