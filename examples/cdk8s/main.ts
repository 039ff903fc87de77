/**
 * The typical mixed-strategy GPU platform:
 * - an H100-80GB inference pool, 1 x 3g.40gb + 4 x 1g.10gb on every GPU;
 * - an A100-40GB notebook pool, 7 x 1g.5gb on every GPU;
 * - a vLLM Deployment requesting nvidia.com/mig-1g.10gb: 1 per pod;
 * - tenant team-a with a quota of slices.
 *
 *   npx cdk8s synth        # from this folder; writes ../../dist/
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from 'mig-constructs/cdk8s';

const app = new App();
const chart = new Chart(app, 'gpu-platform');

const cluster = new MigCluster(chart, 'gpus', {
  strategy: 'mixed',
  operator: { version: 'v26.7.0', gitops: { flux: true } },
});

const inference = new MigNodePool(cluster, 'h100-inference', {
  gpu: 'H100-80GB',
  gpusPerNode: 8,
  nodes: 4,
  nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' },
  taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
  layout: { '3g.40gb': 1, '1g.10gb': 4 },
});

new MigNodePool(cluster, 'a100-notebooks', {
  gpu: 'A100-40GB',
  gpusPerNode: 8,
  nodes: 2,
  nodeSelector: { 'node.kubernetes.io/instance-type': 'p4d.24xlarge' },
  layout: { '1g.5gb': 7 },
});

new MigWorkload(chart, 'vllm', {
  pool: inference,
  profile: '1g.10gb',
  replicas: 4,
  image: 'vllm/vllm-openai:0.6.4',
  namespace: 'team-a',
  args: ['--model', 'facebook/opt-125m'],
});

new TenantQuota(chart, 'team-a', {
  cluster,
  namespace: 'team-a',
  slices: { '1g.10gb': 8, '3g.40gb': 1 },
});

app.synth();
// Written only after a successful synth: app.synth() throws on any validation error.
fs.writeFileSync(path.join(app.outdir, 'gpu-operator-values.yaml'), cluster.operatorValuesYaml());
