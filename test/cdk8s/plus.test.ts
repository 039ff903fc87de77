import { Chart, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { addMigRequest, MigCluster, MigNodePool } from '../../src/cdk8s';
import { validateManifest } from '../support/schemas';

function setup(strategy: 'mixed' | 'single' = 'mixed') {
  const app = Testing.app();
  const chart = new Chart(app, 'c');
  const cluster = new MigCluster(chart, 'gpus', { strategy });
  const pool = new MigNodePool(cluster, 'h100', {
    gpu: 'H100-80GB',
    gpusPerNode: 8,
    nodes: 1,
    layout: { '1g.10gb': 7 },
    nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' },
    taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
  });
  return { chart, pool };
}

describe('addMigRequest on cdk8s-plus-28 workloads', () => {
  test('the MIG limit survives synth, beside the cpu/memory limits cdk8s-plus sets', () => {
    const { chart, pool } = setup();
    const web = new plus.Deployment(chart, 'web', { containers: [{ image: 'my/app' }] });
    addMigRequest(web, { pool, profile: '1g.10gb', count: 2 });
    const d = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(d.spec.template.spec.containers[0].resources.limits).toEqual({ 'cpu': '1500m', 'memory': '2048Mi', 'nvidia.com/mig-1g.10gb': 2 });
    const terms = d.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toHaveLength(1); // one term: its expressions are ANDed
    expect(terms[0].matchExpressions).toEqual([
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['p5.48xlarge'] },
      { key: 'mig-constructs.io/pool', operator: 'In', values: ['h100'] },
    ]);
    expect(d.spec.template.spec.tolerations).toEqual([{ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Exists' }]);
    validateManifest(d);
  });

  test('adds resources where cdk8s-plus emits none, and uses nvidia.com/gpu under single', () => {
    const { chart, pool } = setup('single');
    const job = new plus.Job(chart, 'train', { containers: [{ image: 'my/train', resources: {} }] });
    addMigRequest(job, { pool, profile: '1g.10gb' });
    const j = Testing.synth(chart).find((o) => o.kind === 'Job');
    expect(j.spec.template.spec.containers[0].resources).toEqual({ limits: { 'nvidia.com/gpu': 1 } });
  });

  test('the request is validated with the cluster at synth', () => {
    const { chart, pool } = setup();
    const web = new plus.Deployment(chart, 'web', { containers: [{ image: 'my/app' }] });
    addMigRequest(web, { pool, profile: '3g.40gb' });
    expect(() => Testing.synth(chart)).toThrow("c/web.profile: pool 'h100' offers no '3g.40gb' slices");
  });
});
