import { Chart, Testing } from 'cdk8s';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from './src/cdk8s';
const app = Testing.app();
const chart = new Chart(app, 'platform');
const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', operator: { version: 'v26.7.0', gitops: { flux: true, argocd: true } } });
const inference = new MigNodePool(cluster, 'h100-inference', {
  gpu: 'H100-80GB', gpusPerNode: 8, nodes: 4,
  nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' },
  layout: { '3g.40gb': 1, '1g.10gb': 4 },
  taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
  karpenter: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'gpu' } },
});
new MigNodePool(cluster, 'a100-notebooks', { gpu: 'A100-40GB', gpusPerNode: 8, nodes: 2, layout: { '1g.5gb': 7 }, timeSlicing: { replicas: 2 } });
new MigWorkload(chart, 'vllm', { pool: inference, profile: '1g.10gb', replicas: 4, image: 'vllm/vllm-openai:0.6.4', namespace: 'team-a' });
new TenantQuota(chart, 'team-a', { cluster, namespace: 'team-a', slices: { '1g.10gb': 8, '3g.40gb': 1 } });
const out = Testing.synth(chart);
console.log(out.map((o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).join('\n'));
console.log(JSON.stringify(out.find((o: any) => o.kind === 'Deployment'), null, 1));
console.log(JSON.stringify(out.find((o: any) => o.kind === 'ResourceQuota').spec));
console.log(out.find((o: any) => o.metadata.name === 'mig-parted-config').data['config.yaml']);
console.log(out.find((o: any) => o.metadata.name === 'device-plugin-config').data);
console.log(cluster.operatorValuesYaml());
