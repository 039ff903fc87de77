import { GPU_MODELS, listGpuModels } from '../catalog';
import { KUEUE_MAX_LIST } from '../naming';
import { compareKeys } from '../order';

/**
 * The shape of the platform spec, written once. From it come the JSON Schema (`mig schema`), the
 * allow-lists the YAML reader checks every map against (unknown fields are errors, nested ones
 * too), and the defaults that resolution fills in (SPEC_DEFAULTS). The TypeScript interfaces in
 * platform.ts stay hand-written, because they are generic in the GPU model; a type test
 * (test/types/spec-shape-types.test.ts) fails when their field names and this shape part ways.
 */

type Json = Record<string, unknown>;

/** The sections of SPEC_SHAPE (checked against its keys below). */
type SectionRef = 'platform' | 'operator' | 'dcgmExporter' | 'gitops' | 'flux' | 'argocd' | 'pool' | 'taint' | 'timeSlicing' | 'karpenter' | 'nodeClassRef' | 'workload' | 'tenant' | 'kueue' | 'tenantKueue' | 'kueueFlavor' | 'kueuePreemption' | 'telemetry' | 'telemetryPrices' | 'dashboard' | 'previousLayout';

/** One field: its JSON Schema, whether it is required, its default, and how to fix a bad value. */
export interface FieldShape {
  readonly schema: Json;
  readonly required?: true;
  readonly default?: unknown;
  /** The fix shown when the value has the wrong type or is below its minimum. */
  readonly hint?: string;
  /** The fix shown when the value is above its maximum. */
  readonly maxHint?: string;
  /** The validator checks this field's content (a catalogue look-up, a layout): the shape checks only that it is a string, map or list. */
  readonly content?: true;
  /** A nested map whose keys are checked too (the name of its section in SPEC_SHAPE). */
  readonly section?: SectionRef;
  /** A list of maps whose keys are checked too. */
  readonly items?: SectionRef;
  /** One of several forms, one of which is a nested section (e.g. `flux: true` or `flux: {…}`). */
  readonly orSection?: SectionRef;
}

/** The largest values the spec accepts (documented in the README under "Limits"). */
export const MAX_GPUS_PER_NODE = 64;
export const MAX_NODES = 100_000;
export const MAX_SLICES_PER_POD = 1_000;
export const MAX_TIME_SLICING_REPLICAS = 1_000;
export const INT32_MAX = 2_147_483_647;

const profileNames = (): string[] => [...new Set(listGpuModels().flatMap((m) => m.profiles.map((p) => p.name)))].sort(compareKeys);
const dnsLabel = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const labels = { type: 'object', additionalProperties: { type: 'string' } };
const layout = (): Json => ({
  type: 'object',
  description: 'Instances per MIG profile on one GPU, e.g. {"3g.40gb": 1, "1g.10gb": 4}.',
  propertyNames: { enum: profileNames() },
  additionalProperties: { type: 'integer', minimum: 1 },
});

function field<const E extends Omit<FieldShape, 'schema'> = {}>(schema: Json, extra?: E): { readonly schema: Json } & E {
  return { schema, ...(extra ?? ({} as E)) };
}

/** Every section of the spec: a map's fields by name. */
export const SPEC_SHAPE = {
  platform: {
    $schema: field({ type: 'string' }),
    strategy: field({ enum: ['mixed', 'single'], description: 'mixed: nvidia.com/mig-<profile> per profile; single: every slice is nvidia.com/gpu.' }, { required: true }),
    allowOvercommit: field({ type: 'boolean' }, { default: false }),
    allocation: field({ enum: ['device-plugin', 'dra'], description: 'device-plugin: extended resources nvidia.com/mig-<profile>; dra: ResourceClaims through the NVIDIA DRA driver (Kubernetes >= 1.34).' }, { default: 'device-plugin' }),
    kueue: field({ type: 'boolean', description: 'Admit work through Kueue: a ResourceFlavor per pool, a ClusterQueue and LocalQueue per tenant with a kueue option.' }, { orSection: 'kueue' }),
    telemetry: field({ type: 'object', description: 'Per-slice telemetry and chargeback: a PrometheusRule, a Grafana dashboard and DCGM exporter values.' }, { section: 'telemetry' }),
    operator: field({ type: 'object' }, { section: 'operator' }),
    pools: field({ type: 'array' }, { items: 'pool' }),
    workloads: field({ type: 'array' }, { items: 'workload' }),
    tenants: field({ type: 'array' }, { items: 'tenant' }),
  },
  operator: {
    version: field({ type: 'string' }, { default: 'v26.7.0' }),
    namespace: field(dnsLabel, { default: 'gpu-operator' }),
    createNamespace: field({ type: 'boolean' }, { default: true }),
    chartRepository: field({ type: 'string' }, { default: 'https://helm.ngc.nvidia.com/nvidia' }),
    releaseName: field({ type: 'string' }, { default: 'gpu-operator' }),
    migConfigMapName: field({ type: 'string' }, { default: 'mig-parted-config' }),
    devicePluginConfigMapName: field({ type: 'string' }, { default: 'device-plugin-config' }),
    withReboot: field({ type: 'boolean', description: 'WITH_REBOOT=true for clouds that cannot reset GPUs.' }, { default: false }),
    dcgmExporter: field({ type: 'object' }, { section: 'dcgmExporter' }),
    gitops: field({ type: 'object' }, { section: 'gitops' }),
  },
  dcgmExporter: {
    serviceMonitor: field({ type: 'boolean' }),
    podLabels: field({ type: 'boolean' }),
  },
  gitops: {
    flux: field({ type: 'boolean' }, { orSection: 'flux' }),
    argocd: field({ type: 'boolean' }, { orSection: 'argocd' }),
  },
  flux: {
    interval: field({ type: 'string' }, { default: '1h' }),
  },
  argocd: {
    namespace: field({ type: 'string' }, { default: 'argocd' }),
    project: field({ type: 'string' }, { default: 'default' }),
  },
  pool: {
    name: field({ ...dnsLabel, maxLength: 54, description: 'Node label mig-constructs.io/pool; the mig-parted config is <name>-<hash of the layout> (node label nvidia.com/mig.config).' }, { required: true }),
    gpu: field({ enum: [...GPU_MODELS] }, { required: true, content: true }),
    // Bounds keep time and memory bounded for any input: MIG-capable servers have at most 8 GPUs
    // (GB200 NVL compute trays 4), and a cluster has far fewer than 100,000 nodes.
    gpusPerNode: field({ type: 'integer', minimum: 1, maximum: MAX_GPUS_PER_NODE }, { required: true, hint: 'give the GPUs in one node, e.g. 8 for a p5.48xlarge', maxHint: `a node has at most ${MAX_GPUS_PER_NODE} GPUs here; check the value` }),
    nodes: field({ type: 'integer', minimum: 1, maximum: MAX_NODES }, { required: true, hint: 'give the number of nodes in the pool (its capacity is checked against tenant quotas)', maxHint: `give at most ${MAX_NODES} nodes per pool` }),
    nodeNames: field({ type: 'array', items: { type: 'string' }, description: 'The pool\'s nodes by name (nodes is their count).' }),
    nodeSelector: field(labels, { default: {} }),
    taints: field({ type: 'array' }, { items: 'taint', default: [] }),
    layout: field({ type: 'object' }, { content: true }),
    perGpu: field({ type: 'array' }, { content: true }),
    timeSlicing: field({ type: 'object' }, { section: 'timeSlicing' }),
    karpenter: field({ type: 'object' }, { section: 'karpenter' }),
    previous: field({ type: 'object', description: 'The layout the nodes had before this change: its config stays in the ConfigMap during the rollout.' }, { section: 'previousLayout' }),
  },
  previousLayout: {
    layout: field({ type: 'object' }, { content: true }),
    perGpu: field({ type: 'array' }, { content: true }),
  },
  taint: {
    key: field({ type: 'string' }, { required: true }),
    value: field({ type: 'string' }),
    effect: field({ enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] }, { required: true }),
  },
  timeSlicing: {
    replicas: field({ type: 'integer', minimum: 2, maximum: MAX_TIME_SLICING_REPLICAS }, { required: true, hint: 'the device plugin requires 2 or more clients per slice: give 2 or more, or remove timeSlicing' }),
    renameByDefault: field({ type: 'boolean' }, { default: false }),
  },
  karpenter: {
    nodeClassRef: field({ type: 'object' }, { required: true, section: 'nodeClassRef' }),
    limits: field({ type: 'object', additionalProperties: { type: 'string' } }),
  },
  nodeClassRef: {
    group: field({ type: 'string' }, { required: true }),
    kind: field({ type: 'string' }, { required: true }),
    name: field({ type: 'string' }, { required: true }),
  },
  workload: {
    name: field({ type: 'string' }, { required: true }),
    namespace: field(dnsLabel, { default: 'default' }),
    pool: field({ type: 'string' }, { required: true, content: true }),
    profile: field({ type: 'string' }, { required: true, content: true }),
    slicesPerPod: field({ type: 'integer', minimum: 1, maximum: MAX_SLICES_PER_POD }, { default: 1, hint: 'request 1 or more slices per pod (extended resources are whole numbers)' }),
    // Deployment, StatefulSet and Job counts are int32 in the Kubernetes API.
    replicas: field({ type: 'integer', minimum: 0, maximum: INT32_MAX }, { default: 1, hint: 'give a whole number of pods' }),
    kind: field({ enum: ['Deployment', 'Job', 'StatefulSet'] }, { default: 'Deployment' }),
    image: field({ type: 'string' }, { required: true }),
    containerName: field({ type: 'string' }),
    command: field({ type: 'array', items: { type: 'string' } }),
    args: field({ type: 'array', items: { type: 'string' } }),
    env: field({ type: 'object', additionalProperties: { type: 'string' } }),
    labels: field(labels),
    serviceName: field({ type: 'string' }),
    sameGpu: field({ type: 'boolean', description: 'With allocation dra: all of a pod\'s slices from one physical GPU.' }, { default: false }),
  },
  tenant: {
    namespace: field(dnsLabel, { required: true }),
    slices: field({ type: 'object' }, { required: true, content: true }),
    createNamespace: field({ type: 'boolean' }, { default: true }),
    denyUngrantedProfiles: field({ type: 'boolean' }, { default: true }),
    quotaName: field({ type: 'string' }, { default: 'mig-slices' }),
    // Its default depends on kueue (true without it, false with it): resolveTenant applies it.
    resourceQuota: field({ type: 'boolean' }),
    kueue: field({ type: 'object' }, { section: 'tenantKueue' }),
  },
  kueue: {
    queueingStrategy: field({ enum: ['BestEffortFIFO', 'StrictFIFO'] }, { default: 'BestEffortFIFO' }),
  },
  tenantKueue: {
    clusterQueue: field({ type: 'string', description: 'ClusterQueue name; defaults to the namespace.' }),
    localQueue: field({ type: 'string' }, { default: 'mig' }),
    cohort: field({ type: 'string' }),
    flavors: field({ type: 'array', maxItems: KUEUE_MAX_LIST }, { items: 'kueueFlavor', maxHint: `a ClusterQueue holds at most ${KUEUE_MAX_LIST} flavors` }),
    borrowingLimit: field({ type: 'object' }, { content: true }),
    lendingLimit: field({ type: 'object' }, { content: true }),
    preemption: field({ type: 'object' }, { section: 'kueuePreemption' }),
  },
  kueueFlavor: {
    pool: field({ type: 'string' }, { required: true, content: true }),
    slices: field({ type: 'object' }, { required: true, content: true }),
    borrowingLimit: field({ type: 'object' }, { content: true }),
    lendingLimit: field({ type: 'object' }, { content: true }),
  },
  kueuePreemption: {
    reclaimWithinCohort: field({ enum: ['Never', 'LowerPriority', 'Any'] }),
    withinClusterQueue: field({ enum: ['Never', 'LowerPriority', 'LowerOrNewerEqualPriority'] }),
  },
  telemetry: {
    namespace: field(dnsLabel, { hint: 'the namespace your Prometheus Operator watches for PrometheusRules, e.g. monitoring' }),
    labels: field(labels, { default: {} }),
    prices: field({ type: 'object' }, { section: 'telemetryPrices' }),
    quotaAlertRatio: field({ type: 'number', exclusiveMinimum: 0, maximum: 1 }, { default: 0.9, hint: 'give a share between 0 and 1, e.g. 0.9' }),
    idleBelow: field({ type: 'number', exclusiveMinimum: 0, maximum: 1 }, { default: 0.05, hint: 'give an engine-activity share between 0 and 1, e.g. 0.05' }),
    idleFor: field({ type: 'string' }, { default: '2h', content: true }),
    serviceMonitor: field({ enum: ['operator', 'platform'] }, { default: 'operator' }),
    scrapeInterval: field({ type: 'string' }, { default: '15s', content: true }),
    gpuIdType: field({ enum: ['uid', 'device-name'], description: 'DCGM_EXPORTER_KUBERNETES_GPU_ID_TYPE; device-name on GKE.' }),
    customMetrics: field({ type: 'boolean' }, { default: false }),
    dashboard: field({ type: 'boolean' }, { orSection: 'dashboard', default: true }),
  },
  telemetryPrices: {
    currency: field({ type: 'string' }, { default: 'USD', content: true }),
    profiles: field({ type: 'object' }, { content: true }),
    gpus: field({ type: 'object' }, { content: true }),
  },
  dashboard: {
    namespace: field(dnsLabel),
    labels: field(labels, { default: { grafana_dashboard: '1' } }),
  },
} as const satisfies Record<string, Record<string, FieldShape>>;

export type SectionName = keyof typeof SPEC_SHAPE;
// Both ways: every SectionRef is a section, and every section is a SectionRef (tsc fails otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sectionRefsMatch: Same<SectionRef, SectionName> = true;
void sectionRefsMatch;

type DefaultsOf<S> = { -readonly [K in keyof S as S[K] extends { default: unknown } ? K : never]: S[K] extends { default: infer D } ? D : never };

/** The default of every field that has one, by section (e.g. `SPEC_DEFAULTS.workload.namespace`): the one place a spec default is written. */
export const SPEC_DEFAULTS = Object.fromEntries(
  Object.entries(SPEC_SHAPE).map(([section, fields]) => [
    section,
    Object.fromEntries(Object.entries(fields as Record<string, FieldShape>).filter(([, f]) => 'default' in f).map(([k, f]) => [k, f.default])),
  ]),
) as { readonly [S in SectionName]: Readonly<DefaultsOf<(typeof SPEC_SHAPE)[S]>> };

/** The field names a section allows (the YAML reader's allow-list). */
export function sectionFields(section: SectionName): readonly string[] {
  return Object.keys(SPEC_SHAPE[section]);
}

/** How the YAML reader descends into a field: a nested section, a list of sections, or either form. */
export function nestedSection(section: SectionName, key: string): { section?: SectionName; items?: SectionName; orSection?: SectionName } {
  const f = (SPEC_SHAPE[section] as Record<string, FieldShape>)[key];
  return f ? { section: f.section, items: f.items, orSection: f.orSection } : {};
}

/** Per-section additions the field table cannot say (profiles from the catalogue, one-of rules). */
function sectionSchema(section: SectionName): Json {
  const fields = SPEC_SHAPE[section] as Record<string, FieldShape>;
  const properties: Json = {};
  for (const [key, f] of Object.entries(fields)) {
    let schema: Json = { ...f.schema };
    if (f.section) schema = sectionSchema(f.section);
    if (f.items) schema = { ...f.schema, type: 'array', items: sectionSchema(f.items) };
    if (f.orSection) schema = { oneOf: [{ type: 'boolean' }, sectionSchema(f.orSection)] };
    if ('default' in f) schema.default = f.default;
    properties[key] = schema;
  }
  if (section === 'pool' || section === 'previousLayout') {
    properties.layout = layout();
    properties.perGpu = { type: 'array', items: { oneOf: [layout(), { const: false }] } };
  }
  if (section === 'workload') properties.profile = { enum: profileNames() };
  // Counts per profile: a tenant's grants, a Kueue flavor's quota and its limits.
  for (const key of ['slices', 'borrowingLimit', 'lendingLimit']) {
    if (key in fields && fields[key].content) properties[key] = { type: 'object', propertyNames: { enum: profileNames() }, additionalProperties: { type: 'integer', minimum: 0 } };
  }
  if (section === 'telemetryPrices') {
    const price = { type: 'number', minimum: 0 };
    properties.profiles = { type: 'object', description: 'Price per instance-hour of a profile.', propertyNames: { enum: profileNames() }, additionalProperties: price };
    properties.gpus = { type: 'object', description: 'Price per whole-GPU-hour of a model.', propertyNames: { enum: [...GPU_MODELS] }, additionalProperties: price };
  }
  const required = Object.entries(fields).filter(([, f]) => f.required).map(([k]) => k);
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    properties,
    ...(section === 'pool' || section === 'previousLayout' ? { oneOf: [{ required: ['layout'] }, { required: ['perGpu'] }] } : {}),
  };
}

/**
 * JSON Schema (draft-07) of the YAML spec `mig render` reads: the PlatformSpec. Editors use it for
 * completion and early errors (`# yaml-language-server: $schema=…`); `mig render` checks the same
 * shape, then runs every platform rule. GPU models and profile names come from the catalogue.
 */
export function platformSpecJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'mig-constructs platform spec',
    description: 'GPU node pools with MIG layouts, the workloads that use the slices and the tenants that may use them.',
    ...sectionSchema('platform'),
  };
}
