/**
 * The typical mixed-strategy GPU platform, as Pulumi components (the same scenario and the same
 * Kubernetes objects as examples/cdk8s/main.ts):
 * - an H100-80GB inference pool, 1 x 3g.40gb + 4 x 1g.10gb on every GPU;
 * - an A100-40GB notebook pool, 7 x 1g.5gb on every GPU;
 * - a vLLM Deployment requesting nvidia.com/mig-1g.10gb: 1 per pod;
 * - tenant team-a with a quota of slices;
 * - the GPU Operator installed as a Helm release with the rendered values.
 *
 *   pulumi up     # with a kubeconfig for the cluster
 */
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from 'mig-constructs/pulumi';

const cluster = new MigCluster('gpus', {
  strategy: 'mixed',
  operator: { version: 'v26.7.0' },
});

const inference = new MigNodePool('h100-inference', {
  cluster,
  gpu: 'H100-80GB',
  gpusPerNode: 8,
  nodes: 4,
  nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' },
  taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
  layout: { '3g.40gb': 1, '1g.10gb': 4 },
});

const notebooks = new MigNodePool('a100-notebooks', {
  cluster,
  gpu: 'A100-40GB',
  gpusPerNode: 8,
  nodes: 2,
  nodeSelector: { 'node.kubernetes.io/instance-type': 'p4d.24xlarge' },
  layout: { '1g.5gb': 7 },
});

new MigWorkload('vllm', {
  pool: inference,
  profile: '1g.10gb',
  replicas: 4,
  image: 'vllm/vllm-openai:0.6.4',
  namespace: 'team-a',
  args: ['--model', 'facebook/opt-125m'],
});

new TenantQuota('team-a', {
  cluster,
  namespace: 'team-a',
  slices: { '1g.10gb': 8, '3g.40gb': 1 },
});

// What your node groups need: the labels (and taints) that select each pool's MIG layout.
export const inferenceNodeLabels = inference.nodeLabels;
export const notebookNodeLabels = notebooks.nodeLabels;
// On GKE the notebook pool could be a managed partition instead: 7 x 1g.5gb is one of GKE's sizes.
export const notebookGkeAccelerator = notebooks.gkeGuestAccelerator();
export const operatorValues = cluster.operatorValues;
