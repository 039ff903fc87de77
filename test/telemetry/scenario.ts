import { renderPlatform, type PlatformSpec } from '../../src';

/**
 * A two-tenant platform and the series a cluster running it would publish, hand-checked:
 * team-a runs two 3g.40gb pods (busy 75% and 50%) at its quota of 2 and waits on a pod asking for
 * 70 x 1g.10gb (the nodes offer 64); team-b runs four 1g.5gb pods at 3.125% activity, within its
 * quota of 20; node a1's last reconfiguration failed; two 1g.10gb instances are held by no pod.
 * Used by the promtool rule tests and the end-to-end `mig chargeback` test.
 */
export const SCENARIO_SPEC: PlatformSpec = {
  strategy: 'mixed',
  telemetry: { namespace: 'monitoring', idleFor: '30m', prices: { gpus: { 'H100-80GB': 3.5, 'A100-40GB': 1.4 } } },
  pools: [
    { name: 'h100-inference', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 } },
    { name: 'a100-notebooks', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } },
  ],
  workloads: [],
  tenants: [
    { namespace: 'team-a', slices: { '3g.40gb': 2, '1g.10gb': 8 } },
    { namespace: 'team-b', slices: { '1g.5gb': 20 } },
  ],
};

/** The rule groups of the scenario's PrometheusRule, as a Prometheus rule file holds them. */
export function scenarioRuleFile(): { groups: unknown[] } {
  const rule = renderPlatform(SCENARIO_SPEC).objects.find((o) => o.manifest.kind === 'PrometheusRule')!;
  return { groups: (rule.manifest.spec as { groups: unknown[] }).groups };
}

interface Pod { readonly namespace: string; readonly pod: string; readonly node: string; readonly phase: 'Running' | 'Pending'; readonly resource: string; readonly units: number }

const PODS: readonly Pod[] = [
  { namespace: 'team-a', pod: 'vllm-0', node: 'h1', phase: 'Running', resource: 'nvidia_com_mig_3g_40gb', units: 1 },
  { namespace: 'team-a', pod: 'vllm-1', node: 'h2', phase: 'Running', resource: 'nvidia_com_mig_3g_40gb', units: 1 },
  { namespace: 'team-a', pod: 'big-0', node: '', phase: 'Pending', resource: 'nvidia_com_mig_1g_10gb', units: 70 },
  ...[0, 1, 2, 3].map((i): Pod => ({ namespace: 'team-b', pod: `nb-${i}`, node: 'a1', phase: 'Running', resource: 'nvidia_com_mig_1g_5gb', units: 1 })),
];

/** Instances the DCGM exporter reports: profile, holder (or none), engine activity, framebuffer MiB. */
const INSTANCES: readonly { gpu: string; id: string; profile: string; holder?: Pod; active: number; fbMiB: number }[] = [
  { gpu: '0', id: '1', profile: '3g.40gb', holder: PODS[0], active: 0.75, fbMiB: 20000 },
  { gpu: '0', id: '1', profile: '3g.40gb', holder: PODS[1], active: 0.5, fbMiB: 10000 },
  ...[0, 1, 2, 3].map((i) => ({ gpu: '0', id: String(7 + i), profile: '1g.5gb', holder: PODS[3 + i], active: 0.03125, fbMiB: 1000 })),
  { gpu: '1', id: '3', profile: '1g.10gb', active: 0, fbMiB: 0 },
  { gpu: '1', id: '4', profile: '1g.10gb', active: 0, fbMiB: 0 },
];

/** One series with a constant value: its selector text and value. */
export interface ScenarioSeries { readonly series: string; readonly value: number }

function sel(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}

/** Every series of the scenario, constant over time. */
export function scenarioSeries(): ScenarioSeries[] {
  const out: ScenarioSeries[] = [];
  for (const p of PODS) {
    out.push({ series: sel('kube_pod_container_resource_requests', { namespace: p.namespace, pod: p.pod, container: 'main', node: p.node, resource: p.resource, unit: 'integer' }), value: p.units });
    for (const phase of ['Pending', 'Running']) out.push({ series: sel('kube_pod_status_phase', { namespace: p.namespace, pod: p.pod, phase }), value: phase === p.phase ? 1 : 0 });
  }
  // A CPU request: not a MIG resource, so it counts nowhere.
  out.push({ series: sel('kube_pod_container_resource_requests', { namespace: 'team-a', pod: 'vllm-0', container: 'main', node: 'h1', resource: 'cpu', unit: 'core' }), value: 4 });
  for (const node of ['h1', 'h2']) {
    out.push({ series: sel('kube_node_status_allocatable', { node, resource: 'nvidia_com_mig_3g_40gb', unit: 'integer' }), value: 8 });
    out.push({ series: sel('kube_node_status_allocatable', { node, resource: 'nvidia_com_mig_1g_10gb', unit: 'integer' }), value: 32 });
    out.push({ series: sel('kube_node_status_allocatable', { node, resource: 'cpu', unit: 'core' }), value: 192 });
    out.push({ series: sel('kube_node_labels', { node, label_mig_constructs_io_pool: 'h100-inference', label_nvidia_com_mig_config: 'h100-inference-0c1d2e3f', label_nvidia_com_mig_config_state: 'success' }), value: 1 });
  }
  out.push({ series: sel('kube_node_status_allocatable', { node: 'a1', resource: 'nvidia_com_mig_1g_5gb', unit: 'integer' }), value: 56 });
  out.push({ series: sel('kube_node_labels', { node: 'a1', label_mig_constructs_io_pool: 'a100-notebooks', label_nvidia_com_mig_config: 'a100-notebooks-4a5b6c7d', label_nvidia_com_mig_config_state: 'failed' }), value: 1 });
  for (const i of INSTANCES) {
    const node = i.holder?.node ?? 'h1';
    const base = { gpu: i.gpu, GPU_I_ID: i.id, GPU_I_PROFILE: i.profile, Hostname: node, ...(i.holder ? { namespace: i.holder.namespace, pod: i.holder.pod, container: 'main' } : {}) };
    out.push({ series: sel('DCGM_FI_PROF_GR_ENGINE_ACTIVE', base), value: i.active });
    out.push({ series: sel('DCGM_FI_DEV_FB_USED', base), value: i.fbMiB });
  }
  return out;
}
