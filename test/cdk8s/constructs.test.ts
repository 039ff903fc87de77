import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { checkMigPartedConfig } from '../../src';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../../src/cdk8s';
import { examplePlatform, find, type Manifest } from '../support/platform';
import { validateManifest } from '../support/schemas';

describe('the example platform', () => {
  const { chart, cluster, inference } = examplePlatform({ operator: { gitops: { flux: true, argocd: true } } });
  const objects: Manifest[] = Testing.synth(chart);

  test('emits exactly these objects, in construct order', () => {
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace /gpu-operator',
      'ConfigMap gpu-operator/mig-parted-config',
      'HelmRepository gpu-operator/nvidia',
      'HelmRelease gpu-operator/gpu-operator',
      'Application argocd/gpu-operator',
      'Deployment team-a/vllm',
      'Namespace /team-a',
      'ResourceQuota team-a/mig-slices',
    ]);
  });

  test('every emitted object validates against its official schema', () => {
    for (const o of objects) expect(() => validateManifest(o)).not.toThrow();
  });

  test('emits the MIG Manager ConfigMap: key config.yaml, one config per pool plus all-disabled, filtered by PCI id', () => {
    const cm = find(objects, 'ConfigMap', 'mig-parted-config');
    expect(Object.keys(cm.data)).toEqual(['config.yaml']);
    const doc = parse(cm.data['config.yaml']);
    expect(Object.keys(doc['mig-configs'])).toEqual(['all-disabled', 'h100-inference-16ae40db', 'a100-notebooks-58e22c64']);
    expect(doc['mig-configs']['h100-inference-16ae40db']).toEqual([
      { 'device-filter': ['0x233010DE', '0x233110DE', '0x232210DE', '0x232410DE'], 'devices': 'all', 'mig-enabled': true, 'mig-devices': { '1g.10gb': 4, '3g.40gb': 1 } },
    ]);
    expect(doc['mig-configs']['a100-notebooks-58e22c64'][0]['mig-devices']).toEqual({ '1g.5gb': 7 });
    expect(checkMigPartedConfig(cm.data['config.yaml']).diagnostics).toEqual([]);
  });

  test('emits the vLLM Deployment: the mixed resource limit, the pool nodeSelector and tolerations', () => {
    const d = find(objects, 'Deployment', 'vllm');
    expect(d.metadata.namespace).toBe('team-a');
    expect(d.spec.replicas).toBe(4);
    const pod = d.spec.template.spec;
    expect(pod.containers[0].resources).toEqual({ limits: { 'nvidia.com/mig-1g.10gb': 1 } });
    expect(pod.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': 'p5.48xlarge', 'mig-constructs.io/pool': 'h100-inference' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(d.spec.selector.matchLabels).toEqual(d.spec.template.metadata.labels);
    // No silent opinions: nothing the user did not ask for.
    expect(Object.keys(pod).sort()).toEqual(['containers', 'nodeSelector', 'tolerations']);
  });

  test('emits the tenant quota: granted profiles, and 0 for every other MIG resource the cluster offers', () => {
    expect(find(objects, 'ResourceQuota', 'mig-slices').spec.hard).toEqual({
      'requests.nvidia.com/mig-1g.10gb': '8',
      'requests.nvidia.com/mig-3g.40gb': '1',
      'requests.nvidia.com/mig-1g.5gb': '0',
    });
  });

  test('emits the operator values three ways: object, values file and GitOps manifests', () => {
    const values = { mig: { strategy: 'mixed' }, migManager: { config: { name: 'mig-parted-config', default: 'all-disabled' } } };
    expect(cluster.operatorValues).toEqual(values);
    expect(parse(cluster.operatorValuesYaml())).toEqual(values);
    const release = find(objects, 'HelmRelease', 'gpu-operator');
    expect(release.spec.values).toEqual(values);
    expect(release.spec.chart.spec).toEqual({ chart: 'gpu-operator', version: 'v26.7.0', sourceRef: { kind: 'HelmRepository', name: 'nvidia', namespace: 'gpu-operator' } });
    expect(find(objects, 'HelmRepository', 'nvidia').spec.url).toBe('https://helm.ngc.nvidia.com/nvidia');
    const argo = find(objects, 'Application', 'gpu-operator');
    expect(argo.spec.source).toEqual({ repoURL: 'https://helm.ngc.nvidia.com/nvidia', chart: 'gpu-operator', targetRevision: 'v26.7.0', helm: { releaseName: 'gpu-operator', valuesObject: values } });
    expect(argo.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'gpu-operator' });
  });

  test('exposes the node labels a pool needs', () => {
    expect(inference.nodeLabels).toEqual({ 'mig-constructs.io/pool': 'h100-inference', 'nvidia.com/mig.config': 'h100-inference-16ae40db' });
  });

  test('synthesizes byte-identical output every time', () => {
    const again = Testing.synth(examplePlatform({ operator: { gitops: { flux: true, argocd: true } } }).chart);
    expect(JSON.stringify(again)).toBe(JSON.stringify(objects));
  });
});

describe('options', () => {
  test('chart version, namespace and WITH_REBOOT reach the values and manifests', () => {
    const { chart, cluster } = examplePlatform({ operator: { version: 'v26.3.3', namespace: 'nvidia-gpu', withReboot: true, dcgmExporter: { serviceMonitor: false, podLabels: true }, gitops: { flux: { interval: '10m' } } } });
    const objects: Manifest[] = Testing.synth(chart);
    expect(cluster.operatorValues).toEqual({
      mig: { strategy: 'mixed' },
      migManager: { config: { name: 'mig-parted-config', default: 'all-disabled' }, env: [{ name: 'WITH_REBOOT', value: 'true' }] },
      dcgmExporter: { serviceMonitor: { enabled: false }, enablePodLabels: true },
    });
    expect(find(objects, 'ConfigMap', 'mig-parted-config').metadata.namespace).toBe('nvidia-gpu');
    expect(find(objects, 'HelmRelease', 'gpu-operator').spec).toMatchObject({ interval: '10m', targetNamespace: 'nvidia-gpu', chart: { spec: { version: 'v26.3.3' } } });
  });

  test('time-slicing on a pool emits the device-plugin config, its node label and the values that select it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed' });
    const pool = new MigNodePool(cluster, 'notebooks', { gpu: 'A100-40GB', gpusPerNode: 4, nodes: 1, layout: { '1g.5gb': 7 }, timeSlicing: { replicas: 4 } });
    new MigWorkload(chart, 'nb', { pool, profile: '1g.5gb', image: 'jupyter/base-notebook' });
    const objects: Manifest[] = Testing.synth(chart);
    const cm = find(objects, 'ConfigMap', 'device-plugin-config');
    expect(Object.keys(cm.data)).toEqual(['default', 'notebooks']);
    expect(parse(cm.data.notebooks)).toEqual({
      version: 'v1',
      flags: { migStrategy: 'mixed' },
      sharing: { timeSlicing: { renameByDefault: false, resources: [{ name: 'nvidia.com/mig-1g.5gb', replicas: 4 }] } },
    });
    expect(parse(cm.data.default)).toEqual({ version: 'v1', flags: { migStrategy: 'mixed' } });
    expect(pool.nodeLabels).toEqual({ 'mig-constructs.io/pool': 'notebooks', 'nvidia.com/mig.config': 'notebooks-58e22c64', 'nvidia.com/device-plugin.config': 'notebooks' });
    expect(cluster.operatorValues.devicePlugin).toEqual({ config: { name: 'device-plugin-config', default: 'default' } });
    for (const o of objects) validateManifest(o);
  });

  test('time-slicing with renameByDefault makes workloads and quotas use the .shared resource', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed' });
    const pool = new MigNodePool(cluster, 'nb', { gpu: 'A100-40GB', gpusPerNode: 1, nodes: 1, layout: { '1g.5gb': 7 }, timeSlicing: { replicas: 2, renameByDefault: true } });
    new MigWorkload(chart, 'w', { pool, profile: '1g.5gb', image: 'x' });
    new TenantQuota(chart, 't', { cluster, namespace: 't', slices: { '1g.5gb': 14 } });
    const objects: Manifest[] = Testing.synth(chart);
    expect(find(objects, 'Deployment', 'w').spec.template.spec.containers[0].resources.limits).toEqual({ 'nvidia.com/mig-1g.5gb.shared': 1 });
    expect(find(objects, 'ResourceQuota', 'mig-slices').spec.hard).toEqual({ 'requests.nvidia.com/mig-1g.5gb.shared': '14' });
  });

  test('strategy single: nvidia.com/gpu limits, one profile per pool', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const cluster = new MigCluster(chart, 'gpus', { strategy: 'single' });
    const pool = new MigNodePool(cluster, 'h100', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } });
    new MigWorkload(chart, 'w', { pool, profile: '1g.10gb', image: 'x', slicesPerPod: 2, kind: 'Job', replicas: 3 });
    const objects: Manifest[] = Testing.synth(chart);
    const job = find(objects, 'Job', 'w');
    expect(job.spec).toMatchObject({ completions: 3, parallelism: 3 });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.containers[0].resources.limits).toEqual({ 'nvidia.com/gpu': 2 });
    expect(cluster.operatorValues.mig).toEqual({ strategy: 'single' });
    validateManifest(job);
  });

  test('per-GPU layouts, MIG-disabled GPUs and a StatefulSet', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed' });
    const pool = new MigNodePool(cluster, 'mixed-node', { gpu: 'A100-80GB', gpusPerNode: 3, nodes: 1, perGpu: [{ '7g.80gb': 1 }, { '1g.10gb': 7 }, false] });
    new MigWorkload(chart, 'db', { pool, profile: '7g.80gb', image: 'x', kind: 'StatefulSet' });
    new TenantQuota(chart, 't', { cluster, namespace: 't', slices: { '1g.10gb': 7 } });
    const objects: Manifest[] = Testing.synth(chart);
    const doc = parse(find(objects, 'ConfigMap', 'mig-parted-config').data['config.yaml']);
    expect(Object.keys(doc['mig-configs'])).toEqual(['all-disabled', pool.nodeLabels['nvidia.com/mig.config']]);
    expect(doc['mig-configs'][pool.nodeLabels['nvidia.com/mig.config']].map((e: Manifest) => [e.devices, e['mig-enabled']])).toEqual([[[0], true], [[1], true], [[2], false]]);
    // A GPU with MIG disabled is advertised as nvidia.com/gpu under mixed, so the quota denies it too.
    expect(find(objects, 'ResourceQuota', 'mig-slices').spec.hard).toEqual({
      'requests.nvidia.com/mig-1g.10gb': '7',
      'requests.nvidia.com/gpu': '0',
      'requests.nvidia.com/mig-7g.80gb': '0',
    });
    const sts = find(objects, 'StatefulSet', 'db');
    expect(sts.spec.serviceName).toBe('db');
    for (const o of objects) validateManifest(o);
  });

  test('a tenant may reference an existing namespace and allow ungranted profiles', () => {
    const { chart } = examplePlatform();
    const cluster = MigCluster.of(chart.node.findChild('gpus'));
    new TenantQuota(chart, 'team-b', { cluster, namespace: 'team-b', slices: { '1g.5gb': 4 }, createNamespace: false, denyUngrantedProfiles: false });
    const objects: Manifest[] = Testing.synth(chart);
    expect(objects.some((o) => o.kind === 'Namespace' && o.metadata.name === 'team-b')).toBe(false);
    expect(objects.find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === 'team-b').spec.hard).toEqual({ 'requests.nvidia.com/mig-1g.5gb': '4' });
  });

  test('a Karpenter NodePool carries the pool labels, requirements and taints', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed' });
    new MigNodePool(cluster, 'h100', {
      gpu: 'H100-80GB',
      gpusPerNode: 8,
      nodes: 2,
      layout: { '7g.80gb': 1 },
      nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge', 'team': 'ml' },
      taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
      karpenter: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'gpu' }, limits: { 'nvidia.com/gpu': '16' } },
    });
    const np = find(Testing.synth(chart), 'NodePool', 'h100');
    expect(np.spec.template.metadata.labels).toEqual({ 'team': 'ml', 'mig-constructs.io/pool': 'h100', 'nvidia.com/mig.config': 'h100-4206f5d2' });
    expect(np.spec.template.spec.requirements).toEqual([{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['p5.48xlarge'] }]);
    expect(np.spec.template.spec.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }]);
    expect(np.spec.limits).toEqual({ 'nvidia.com/gpu': '16' });
    validateManifest(np);
  });
});
