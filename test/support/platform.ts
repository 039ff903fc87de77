import { Chart, Testing } from 'cdk8s';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota, type MigClusterProps } from '../../src/cdk8s';

/** The README/example platform, built in a fresh chart. */
export function examplePlatform(clusterProps: Partial<MigClusterProps> = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'platform');
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', ...clusterProps });
  const inference = new MigNodePool(cluster, 'h100-inference', {
    gpu: 'H100-80GB',
    gpusPerNode: 8,
    nodes: 4,
    nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' },
    taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
    layout: { '3g.40gb': 1, '1g.10gb': 4 },
  });
  const notebooks = new MigNodePool(cluster, 'a100-notebooks', {
    gpu: 'A100-40GB',
    gpusPerNode: 8,
    nodes: 2,
    nodeSelector: { 'node.kubernetes.io/instance-type': 'p4d.24xlarge' },
    layout: { '1g.5gb': 7 },
  });
  const vllm = new MigWorkload(chart, 'vllm', { pool: inference, profile: '1g.10gb', replicas: 4, image: 'vllm/vllm-openai:0.6.4', namespace: 'team-a', args: ['--model', 'facebook/opt-125m'] });
  const tenant = new TenantQuota(chart, 'team-a', { cluster, namespace: 'team-a', slices: { '1g.10gb': 8, '3g.40gb': 1 } });
  return { app, chart, cluster, inference, notebooks, vllm, tenant };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = any;

export function find(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}
