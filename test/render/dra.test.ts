import { Chart, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { stringify } from 'yaml';
import { renderPlatform, validatePlatform, type PlatformSpec } from '../../src';
import { addMigRequest, MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../../src/cdk8s';
import { find, type Manifest } from '../support/platform';
import { validateManifest } from '../support/schemas';

/** A DRA platform: two models, a workload taking two 1g.10gb slices of one GPU, a Job, a tenant. */
function draChart(): Manifest[] {
  const chart = new Chart(Testing.app(), 'dra');
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', allocation: 'dra' });
  const h100 = new MigNodePool(cluster, 'h100', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, nodeSelector: { 'example.com/group': 'h100' }, layout: { '3g.40gb': 1, '1g.10gb': 4 } });
  const a100 = new MigNodePool(cluster, 'a100', { gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, nodeSelector: { 'example.com/group': 'a100' }, layout: { '1g.5gb': 7 } });
  new MigWorkload(chart, 'vllm', { pool: h100, profile: '1g.10gb', slicesPerPod: 2, sameGpu: true, replicas: 2, namespace: 'team-a', image: 'vllm/vllm-openai:0.6.4' });
  new MigWorkload(chart, 'train', { pool: a100, profile: '1g.5gb', kind: 'Job', namespace: 'team-a', image: 'registry.example.com/train:1' });
  new TenantQuota(chart, 'team-a', { cluster, namespace: 'team-a', slices: { '1g.10gb': 8, '1g.5gb': 4 } });
  return Testing.synth(chart);
}

describe('allocation dra', () => {
  const objects = draChart();

  test('emits one DeviceClass per offered profile, selecting the driver\'s MIG devices of that profile by CEL', () => {
    const classes = objects.filter((o) => o.kind === 'DeviceClass');
    expect(classes.map((c) => c.metadata.name)).toEqual(['mig-3g.40gb', 'mig-1g.10gb', 'mig-1g.5gb']);
    expect(find(objects, 'DeviceClass', 'mig-1g.10gb')).toEqual({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'DeviceClass',
      metadata: { labels: { 'app.kubernetes.io/managed-by': 'mig-constructs' }, name: 'mig-1g.10gb' },
      spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig' && device.attributes['gpu.nvidia.com'].profile == '1g.10gb'" } }] },
    });
  });

  test('a workload gets a ResourceClaimTemplate, with the parentUUID constraint when its slices must share a GPU', () => {
    expect(find(objects, 'ResourceClaimTemplate', 'vllm-deployment-mig')).toMatchObject({
      metadata: { namespace: 'team-a' },
      spec: {
        spec: {
          devices: {
            requests: [{ name: 'mig', exactly: { deviceClassName: 'mig-1g.10gb', allocationMode: 'ExactCount', count: 2 } }],
            constraints: [{ requests: ['mig'], matchAttribute: 'gpu.nvidia.com/parentUUID' }],
          },
        },
      },
    });
    expect(find(objects, 'ResourceClaimTemplate', 'train-job-mig').spec.spec.devices).toEqual({
      requests: [{ name: 'mig', exactly: { deviceClassName: 'mig-1g.5gb', allocationMode: 'ExactCount', count: 1 } }],
    });
  });

  test('pods reference their claim instead of extended-resource limits', () => {
    const pod = find(objects, 'Deployment', 'vllm').spec.template.spec;
    expect(pod.resourceClaims).toEqual([{ name: 'mig', resourceClaimTemplateName: 'vllm-deployment-mig' }]);
    expect(pod.containers[0].resources).toEqual({ claims: [{ name: 'mig' }] });
    expect(pod.nodeSelector).toEqual({ 'example.com/group': 'h100', 'mig-constructs.io/pool': 'h100' });
  });

  test('quotas count devices per DeviceClass, and the mig-parted config stays (static MIG)', () => {
    expect(find(objects, 'ResourceQuota', 'mig-slices').spec.hard).toEqual({
      'mig-1g.10gb.deviceclass.resource.k8s.io/devices': '8',
      'mig-1g.5gb.deviceclass.resource.k8s.io/devices': '4',
      'mig-3g.40gb.deviceclass.resource.k8s.io/devices': '0',
    });
    expect(find(objects, 'ConfigMap', 'mig-parted-config').data['config.yaml']).toMatch(/^  h100-[0-9a-f]{8}:$/m);
  });

  test('every object validates against its schema (DRA kinds against the resource.k8s.io/v1 OpenAPI)', () => {
    for (const o of objects) validateManifest(o);
    expect(() => validateManifest({ apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'x' }, spec: { selectors: 'all' } } as never)).toThrow(/selectors/);
  });

  test('mig render writes the same objects from the YAML spec', () => {
    const spec: PlatformSpec = {
      strategy: 'mixed',
      allocation: 'dra',
      pools: [{ name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, nodeSelector: { 'example.com/group': 'h100' }, layout: { '3g.40gb': 1, '1g.10gb': 4 } },
        { name: 'a100', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, nodeSelector: { 'example.com/group': 'a100' }, layout: { '1g.5gb': 7 } }],
      workloads: [{ name: 'vllm', pool: 'h100', profile: '1g.10gb', slicesPerPod: 2, sameGpu: true, replicas: 2, namespace: 'team-a', image: 'vllm/vllm-openai:0.6.4' },
        { name: 'train', pool: 'a100', profile: '1g.5gb', kind: 'Job', namespace: 'team-a', image: 'registry.example.com/train:1' }],
      tenants: [{ namespace: 'team-a', slices: { '1g.10gb': 8, '1g.5gb': 4 } }],
    };
    const key = (o: Manifest) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const rendered = renderPlatform(spec).objects.map((o) => JSON.parse(JSON.stringify(o.manifest)));
    const sorted = (xs: Manifest[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((o) => stringify(o, { sortMapEntries: true }));
    expect(sorted(rendered)).toEqual(sorted(objects));
  });
});

describe('allocation dra refuses what the driver cannot do', () => {
  const base = (patch: Partial<PlatformSpec> = {}, pool: Record<string, unknown> = {}, workload: Record<string, unknown> = {}): PlatformSpec => ({
    strategy: 'mixed',
    allocation: 'dra',
    pools: [{ name: 'p', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '3g.40gb': 1, '1g.10gb': 4 }, ...pool } as never],
    workloads: [{ name: 'w', pool: 'p', profile: '1g.10gb', image: 'x', ...workload } as never],
    tenants: [],
    ...patch,
  });
  const messages = (spec: PlatformSpec) => validatePlatform(spec).diagnostics.map((d) => `${d.path}: ${d.message}`);

  test.each([
    ['time-slicing on MIG devices', base({}, { timeSlicing: { replicas: 2 } }), 'pools[0].timeSlicing: time-slicing is not supported on MIG devices allocated through DRA'],
    ['strategy single', base({ strategy: 'single', tenants: [] }, { layout: { '1g.10gb': 7 } }), 'allocation: allocation dra needs strategy mixed'],
    ['more slices of one GPU than it has', base({}, {}, { slicesPerPod: 5, sameGpu: true }), "workloads[0].slicesPerPod: one pod asks for 5 x 1g.10gb from one GPU, but a GPU of pool 'p' has at most 4"],
    ['sameGpu without DRA', base({ allocation: 'device-plugin' }, {}, { sameGpu: true }), 'workloads[0].sameGpu: sameGpu needs allocation dra'],
    ['an unknown allocation', base({ allocation: 'cdi' as never }), 'allocation: allocation "cdi" is not a way to allocate slices'],
  ])('%s', (_name, spec, expected) => {
    expect(messages(spec).join('\n')).toContain(expected);
  });

  test('a cdk8s-plus workload with addMigRequest', () => {
    const chart = new Chart(Testing.app(), 'plus');
    const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', allocation: 'dra' });
    const pool = new MigNodePool(cluster, 'p', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } });
    addMigRequest(new plus.Deployment(chart, 'web', { containers: [{ image: 'x' }] }), { pool, profile: '1g.10gb' });
    expect(() => Testing.synth(chart)).toThrow(/uses extended resources, which allocation dra does not advertise/);
  });
});
