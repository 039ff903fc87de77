import { spawnSync } from 'child_process';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { created, kubeObjects, promiseOf, settled } from './mocks';
import * as c8 from '../../src/cdk8s';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../../src/pulumi';
import { examplePlatform } from '../support/platform';
import { validateManifest } from '../support/schemas';

/** The README/example platform through the Pulumi components, resource names prefixed. */
function pulumiPlatform(prefix: string, operator = {}) {
  const cluster = new MigCluster(`${prefix}gpus`, { strategy: 'mixed', operator: { version: 'v26.7.0', ...operator } });
  const inference = new MigNodePool(`${prefix}h100`, {
    cluster,
    name: 'h100-inference',
    gpu: 'H100-80GB',
    gpusPerNode: 8,
    nodes: 4,
    nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' },
    taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
    layout: { '3g.40gb': 1, '1g.10gb': 4 },
  });
  const notebooks = new MigNodePool(`${prefix}a100`, {
    cluster,
    name: 'a100-notebooks',
    gpu: 'A100-40GB',
    gpusPerNode: 8,
    nodes: 2,
    nodeSelector: { 'node.kubernetes.io/instance-type': 'p4d.24xlarge' },
    layout: { '1g.5gb': 7 },
  });
  const vllm = new MigWorkload(`${prefix}vllm`, { pool: inference, name: 'vllm', profile: '1g.10gb', replicas: 4, image: 'vllm/vllm-openai:0.6.4', namespace: 'team-a', args: ['--model', 'facebook/opt-125m'] });
  const tenant = new TenantQuota(`${prefix}team-a`, { cluster, namespace: 'team-a', slices: { '1g.10gb': 8, '3g.40gb': 1 } });
  const resources = [...cluster.resources, ...inference.resources, ...notebooks.resources, vllm.resource, ...tenant.resources, cluster.release!];
  return { cluster, inference, notebooks, vllm, tenant, resources };
}

describe('Pulumi components', () => {
  test('register as components with mig-constructs type tokens, their resources parented to them', async () => {
    const p = pulumiPlatform('a-');
    await settled(p.resources);
    expect(await promiseOf(p.cluster.urn)).toContain('mig-constructs:index:MigCluster::a-gpus');
    expect(await promiseOf(p.inference.urn)).toContain('mig-constructs:index:MigCluster$mig-constructs:index:MigNodePool::a-h100');
    expect(await promiseOf(p.vllm.urn)).toContain('mig-constructs:index:MigWorkload::a-vllm');
    expect(await promiseOf(p.tenant.urn)).toContain('mig-constructs:index:TenantQuota::a-team-a');
    expect(await promiseOf(p.vllm.resource.urn)).toContain('mig-constructs:index:MigWorkload$kubernetes:apps/v1:Deployment::a-vllm-deployment');
  });

  test('creates the MIG ConfigMap, the workload, the quota and the operator Helm release with the rendered values', async () => {
    const p = pulumiPlatform('b-');
    await settled(p.resources);
    const types = created.filter((r) => r.name.startsWith('b-')).map((r) => `${r.type} ${r.name}`);
    expect(types).toEqual(expect.arrayContaining([
      'kubernetes:core/v1:Namespace b-gpus-operator-namespace',
      'kubernetes:core/v1:ConfigMap b-gpus-mig-parted-config',
      'kubernetes:helm.sh/v3:Release b-gpus-gpu-operator',
      'kubernetes:apps/v1:Deployment b-vllm-deployment',
      'kubernetes:core/v1:Namespace b-team-a-namespace',
      'kubernetes:core/v1:ResourceQuota b-team-a-resourcequota',
    ]));
    const release = created.find((r) => r.name === 'b-gpus-gpu-operator')!.inputs;
    expect(release).toMatchObject({
      chart: 'gpu-operator',
      version: 'v26.7.0',
      name: 'gpu-operator',
      namespace: 'gpu-operator',
      repositoryOpts: { repo: 'https://helm.ngc.nvidia.com/nvidia' },
      values: { mig: { strategy: 'mixed' }, migManager: { config: { name: 'mig-parted-config', default: 'all-disabled' } } },
    });
    const quota = created.find((r) => r.name === 'b-team-a-resourcequota')!.inputs;
    expect(quota.spec.hard).toEqual({ 'requests.nvidia.com/mig-1g.10gb': '8', 'requests.nvidia.com/mig-3g.40gb': '1', 'requests.nvidia.com/mig-1g.5gb': '0' });
    for (const o of Object.values(kubeObjects('b-'))) validateManifest(o as never);
  });

  test('builds the same Kubernetes objects as the cdk8s constructs for the same platform', async () => {
    const p = pulumiPlatform('c-', { gitops: { flux: true, argocd: true } });
    await settled(p.resources);
    const fromPulumi = kubeObjects('c-');
    const fromCdk8s = Object.fromEntries(
      Testing.synth(examplePlatform({ operator: { version: 'v26.7.0', gitops: { flux: true, argocd: true } } }).chart)
        .map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]),
    );
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    for (const key of Object.keys(fromCdk8s)) expect([key, fromPulumi[key]]).toEqual([key, fromCdk8s[key]]);
  });

  test('labels existing nodes through NodePatch when asked, and emits a Karpenter NodePool', async () => {
    const cluster = new MigCluster('d-gpus', { strategy: 'mixed', installOperator: false });
    const pool = new MigNodePool('d-pool', {
      cluster,
      name: 'pool',
      gpu: 'A100-80GB',
      gpusPerNode: 8,
      nodes: 2,
      layout: { '7g.80gb': 1 },
      nodeNames: ['node-a', 'node-b'],
      karpenter: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'gpu' } },
    });
    await settled([...cluster.resources, ...pool.resources]);
    expect(created.filter((r) => r.type === 'kubernetes:core/v1:NodePatch' && r.name.startsWith('d-')).map((r) => r.inputs.metadata)).toEqual([
      // Without repartitionNodes the layout label is left alone: only the stable pool label is set.
      { name: 'node-a', labels: { 'mig-constructs.io/pool': 'pool' } },
      { name: 'node-b', labels: { 'mig-constructs.io/pool': 'pool' } },
    ]);
    const np = created.find((r) => r.name === 'd-pool-karpenter-nodepool')!;
    expect(np.type).toBe('kubernetes:karpenter.sh/v1:NodePool');
    expect(np.inputs.spec.template.metadata.labels).toEqual({ 'mig-constructs.io/pool': 'pool', 'nvidia.com/mig.config': 'pool-6c5fa839' });
    expect(created.some((r) => r.name.startsWith('d-') && r.type.includes('helm'))).toBe(false);
  });

  test('repartitionNodes: true also sets the versioned config label on the listed nodes', async () => {
    const cluster = new MigCluster('r-gpus', { strategy: 'mixed', installOperator: false });
    const pool = new MigNodePool('r-pool', { cluster, name: 'pool', gpu: 'A100-80GB', gpusPerNode: 8, nodes: 1, layout: { '7g.80gb': 1 }, nodeNames: ['node-a'], repartitionNodes: true });
    await settled([...cluster.resources, ...pool.resources]);
    expect(created.filter((r) => r.type === 'kubernetes:core/v1:NodePatch' && r.name.startsWith('r-')).map((r) => r.inputs.metadata)).toEqual([
      { name: 'node-a', labels: { 'mig-constructs.io/pool': 'pool', 'nvidia.com/mig.config': 'pool-6c5fa839' } },
    ]);
  });
});

describe('validation surfaces as InputPropertiesError with property paths', () => {
  test("a pool's own problems throw at construction, and the whole platform fails with it", () => {
    // Run as a program in its own process: the invalid platform fails the program (an unhandled ResourceError).
    const r = spawnSync(process.execPath, [path.join(__dirname, 'fixtures/invalid-pool.js')], { encoding: 'utf8' });
    const result = JSON.parse(r.stdout);
    expect(result.thrown.isInputPropertiesError).toBe(true);
    expect(result.thrown.errors.map((x: { propertyPath: string }) => x.propertyPath)).toEqual(['gpusPerNode', 'layout']);
    expect(result.thrown.errors[1].reason).toContain('3g.40gb x2 occupies memory slices 0-7; no placement is left for 1g.10gb');
    // The valid pool and workload are not deployed without the invalid one: nothing reaches the engine.
    expect(result.kubernetes).toEqual([]);
    expect(result.validation).toBe('2 MIG validation errors:');
    expect(result.escaped).toHaveLength(1);
    expect(result.escaped[0]).toMatchObject({ resourceError: true, hideStack: true });
    expect(result.escaped[0].message).toMatch(/^MIG platform 'gpus' is invalid, so none of its Kubernetes resources is deployed \(2 problems, reported above\):\n {2}error: bad\.gpusPerNode: gpusPerNode is 0/);
  });

  test('cross-checks reject the platform with the same diagnostics as cdk8s, and nothing reaches the engine', () => {
    // Run as a program in its own process: the rejected resource inputs are the program's failure.
    const r = spawnSync(process.execPath, [path.join(__dirname, 'fixtures/invalid-platform.js')], { encoding: 'utf8' });
    const result = JSON.parse(r.stdout);
    expect(result.validation).toEqual({
      ok: false,
      isInputPropertiesError: true,
      errors: [
        { propertyPath: 'w.profile', reason: "pool 'pool' offers no '1g.10gb' slices (its layout has '3g.40gb') (fix: request one of those profiles, or add '1g.10gb' to the pool's layout)" },
        { propertyPath: 't.slices', reason: 'tenant quotas grant 17 x nvidia.com/mig-3g.40gb (t=17) but the pools offer 16 (fix: lower the grants to 16 in all, add capacity, or set allowOvercommit on the cluster)' },
      ],
    });
    expect(result.kubernetes).toEqual([]);
    // One failure, readable, for the whole platform: no chain of "error serializing property" per resource.
    expect(result.escaped).toEqual([
      "MIG platform 'gpus' is invalid, so none of its Kubernetes resources is deployed (2 problems):\n" +
        "  error: w.profile: pool 'pool' offers no '1g.10gb' slices (its layout has '3g.40gb') (fix: request one of those profiles, or add '1g.10gb' to the pool's layout)\n" +
        '  error: t.slices: tenant quotas grant 17 x nvidia.com/mig-3g.40gb (t=17) but the pools offer 16 (fix: lower the grants to 16 in all, add capacity, or set allowOvercommit on the cluster)',
    ]);
  });

  test('a registration after the platform was rendered throws instead of being dropped', async () => {
    const cluster = new MigCluster('g-gpus', { strategy: 'mixed', installOperator: false });
    new MigNodePool('g-pool', { cluster, name: 'pool', gpu: 'A30', gpusPerNode: 4, nodes: 1, layout: { '4g.24gb': 1 } });
    await cluster.whenValidated();
    expect(() => new TenantQuota('g-t', { cluster, namespace: 't', slices: { '4g.24gb': 1 } })).toThrow(/already rendered when another pool, workload or tenant registered/);
    await settled([cluster, ...cluster.resources]);
  });
});

describe('cloud node pools', () => {
  test('GKE gpuPartitionSize for one profile at the count GKE expects', async () => {
    const cluster = new MigCluster('h-gpus', { strategy: 'mixed', installOperator: false });
    const pool = new MigNodePool('h-gke', { cluster, name: 'gke', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } });
    expect(pool.gkeGuestAccelerator()).toEqual({ type: 'nvidia-tesla-a100', count: 8, gpuPartitionSize: '1g.5gb' });
    await settled([cluster, pool, ...cluster.resources]);
  });

  test('GKE refuses a mixed layout, and a count its device plugin would reject, explaining why', async () => {
    const cluster = new MigCluster('i-gpus', { strategy: 'mixed', installOperator: false });
    const mixed = new MigNodePool('h-gke-mixed', { cluster, name: 'gke-mixed', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '3g.40gb': 1, '1g.10gb': 4 } });
    expect(() => mixed.gkeGuestAccelerator()).toThrow("pool 'gke-mixed' has 1g.10gb x4 + 3g.40gb x1; a cloud-managed partition is one profile on every GPU");
    const short = new MigNodePool('h-gke-short', { cluster, name: 'gke-short', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 4 } });
    expect(() => short.gkeGuestAccelerator()).toThrow("GKE partitions H100-80GB into exactly 7 x 1g.10gb per GPU; the pool has 4 (fix: give the pool layout { '1g.10gb': 7 })");
    await settled([cluster, mixed, short, ...cluster.resources]);
  });

  test('AKS gpuInstanceProfile where the profile maps to one', async () => {
    const cluster = new MigCluster('j-gpus', { strategy: 'mixed', installOperator: false });
    const a100 = new MigNodePool('h-aks', { cluster, name: 'aks', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '3g.20gb': 2 } });
    expect(a100.aksGpuInstanceProfile()).toEqual({ gpuInstanceProfile: 'MIG3g', confirmed: true });
    const h100 = new MigNodePool('h-aks-h100', { cluster, name: 'aks-h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } });
    expect(h100.aksGpuInstanceProfile()).toEqual({ gpuInstanceProfile: 'MIG1g', confirmed: false });
    const wide = new MigNodePool('h-aks-wide', { cluster, name: 'aks-wide', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 4 } });
    expect(() => wide.aksGpuInstanceProfile()).toThrow('AKS has no gpuInstanceProfile that creates 1g.10gb x4 on A100-40GB');
    await settled([cluster, a100, h100, wide, ...cluster.resources]);
  });
});

describe('allocation dra', () => {
  test('builds the same Kubernetes objects as the cdk8s constructs, DeviceClasses and claim templates included', async () => {
    const cluster = new MigCluster('dra-gpus', { strategy: 'mixed', allocation: 'dra', installOperator: false });
    const h100 = new MigNodePool('dra-h100', { cluster, name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 } });
    new MigWorkload('dra-vllm', { pool: h100, name: 'vllm', profile: '1g.10gb', slicesPerPod: 2, sameGpu: true, namespace: 'team-a', image: 'vllm/vllm-openai:0.6.4' });
    new TenantQuota('dra-team-a', { cluster, namespace: 'team-a', slices: { '1g.10gb': 8 } });
    await cluster.whenValidated();
    await settled(cluster.resources);
    const fromPulumi = kubeObjects('dra-');

    const chart = new Chart(Testing.app(), 'dra');
    const c8Cluster = new c8.MigCluster(chart, 'gpus', { strategy: 'mixed', allocation: 'dra' });
    const c8Pool = new c8.MigNodePool(c8Cluster, 'h100', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 } });
    new c8.MigWorkload(chart, 'vllm', { pool: c8Pool, profile: '1g.10gb', slicesPerPod: 2, sameGpu: true, namespace: 'team-a', image: 'vllm/vllm-openai:0.6.4' });
    new c8.TenantQuota(chart, 'team-a', { cluster: c8Cluster, namespace: 'team-a', slices: { '1g.10gb': 8 } });
    const fromCdk8s = Object.fromEntries(Testing.synth(chart).map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
    delete fromCdk8s['Namespace//gpu-operator'];
    delete fromCdk8s['ConfigMap/gpu-operator/mig-parted-config'];
    delete fromPulumi['Namespace//gpu-operator'];
    delete fromPulumi['ConfigMap/gpu-operator/mig-parted-config'];
    expect(Object.keys(fromPulumi).sort()).toEqual([
      'Deployment/team-a/vllm', 'DeviceClass//mig-1g.10gb', 'DeviceClass//mig-3g.40gb', 'Namespace//team-a', 'ResourceClaimTemplate/team-a/vllm-deployment-mig', 'ResourceQuota/team-a/mig-slices',
    ]);
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    for (const key of Object.keys(fromCdk8s)) expect([key, fromPulumi[key]]).toEqual([key, fromCdk8s[key]]);
  });
});

describe('Kueue', () => {
  test('builds the same Kubernetes objects as the cdk8s constructs: flavors, queues and the queue label set at synth', async () => {
    const cluster = new MigCluster('kq-gpus', { strategy: 'mixed', kueue: { queueingStrategy: 'StrictFIFO' }, installOperator: false });
    const h100 = new MigNodePool('kq-h100', { cluster, name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }], layout: { '3g.40gb': 1, '1g.10gb': 4 } });
    // The workload is declared before the tenant whose queue it joins.
    new MigWorkload('kq-train', { pool: h100, name: 'train', kind: 'Job', profile: '1g.10gb', namespace: 'team-a', image: 'registry.example.com/train:1' });
    new TenantQuota('kq-team-a', { cluster, namespace: 'team-a', slices: {}, kueue: { cohort: 'research', flavors: [h100.kueueQuota({ slices: { '1g.10gb': 8 }, borrowingLimit: { '1g.10gb': 4 } })] } });
    await cluster.whenValidated();
    await settled(cluster.resources);
    const fromPulumi = kubeObjects('kq-');

    const chart = new Chart(Testing.app(), 'kq');
    const c8Cluster = new c8.MigCluster(chart, 'gpus', { strategy: 'mixed', kueue: { queueingStrategy: 'StrictFIFO' } });
    const c8Pool = new c8.MigNodePool(c8Cluster, 'h100', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }], layout: { '3g.40gb': 1, '1g.10gb': 4 } });
    new c8.MigWorkload(chart, 'train', { pool: c8Pool, kind: 'Job', profile: '1g.10gb', namespace: 'team-a', image: 'registry.example.com/train:1' });
    new c8.TenantQuota(chart, 'team-a', { cluster: c8Cluster, namespace: 'team-a', slices: {}, kueue: { cohort: 'research', flavors: [c8Pool.kueueQuota({ slices: { '1g.10gb': 8 }, borrowingLimit: { '1g.10gb': 4 } })] } });
    const fromCdk8s = Object.fromEntries(Testing.synth(chart).map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
    for (const key of ['Namespace//gpu-operator', 'ConfigMap/gpu-operator/mig-parted-config']) {
      delete fromCdk8s[key];
      delete fromPulumi[key];
    }
    expect(Object.keys(fromPulumi).sort()).toEqual(['ClusterQueue//team-a', 'Job/team-a/train', 'LocalQueue/team-a/mig', 'Namespace//team-a', 'ResourceFlavor//h100']);
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    for (const key of Object.keys(fromCdk8s)) expect([key, fromPulumi[key]]).toEqual([key, fromCdk8s[key]]);
    expect((fromCdk8s['Job/team-a/train']).metadata.labels['kueue.x-k8s.io/queue-name']).toBe('mig');
    expect((fromCdk8s['ClusterQueue//team-a']).spec.queueingStrategy).toBe('StrictFIFO');
    for (const o of Object.values(fromPulumi)) validateManifest(o as never);
  });
});
