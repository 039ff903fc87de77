import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { renderPlatform, validatePlatform, type PlatformSpec } from '../../src';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../../src/cdk8s';
import { mig, ROOT } from '../cli/helpers';
import { find, type Manifest } from '../support/platform';
import { kueueCelProblems, validateManifest } from '../support/schemas';

/**
 * A Kueue platform: two pools (one tainted), team-a with explicit per-pool quotas in a cohort with
 * borrowing and lending limits, team-b with a quota derived from its slices and a ResourceQuota too.
 */
function kueueChart(): Manifest[] {
  const chart = new Chart(Testing.app(), 'kueue');
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', kueue: true });
  const h100 = new MigNodePool(cluster, 'h100', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, nodeSelector: { 'example.com/group': 'h100' }, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }], layout: { '3g.40gb': 1, '1g.10gb': 4 } });
  const a100 = new MigNodePool(cluster, 'a100', { gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, nodeSelector: { 'example.com/group': 'a100' }, layout: { '1g.5gb': 7 } });
  new MigWorkload(chart, 'vllm', { pool: h100, profile: '1g.10gb', replicas: 2, namespace: 'team-a', image: 'vllm/vllm-openai:0.6.4' });
  new MigWorkload(chart, 'train', { pool: a100, profile: '1g.5gb', kind: 'Job', namespace: 'team-a', image: 'registry.example.com/train:1' });
  new MigWorkload(chart, 'eval', { pool: h100, profile: '3g.40gb', kind: 'Job', namespace: 'team-b', image: 'registry.example.com/eval:1' });
  new MigWorkload(chart, 'web', { pool: h100, profile: '1g.10gb', namespace: 'default', image: 'nginx:1.27' });
  new TenantQuota(chart, 'team-a', {
    cluster,
    namespace: 'team-a',
    slices: {},
    kueue: {
      cohort: 'research',
      flavors: [
        h100.kueueQuota({ slices: { '1g.10gb': 8 }, borrowingLimit: { '1g.10gb': 4 }, lendingLimit: { '1g.10gb': 2 } }),
        a100.kueueQuota({ slices: { '1g.5gb': 14 } }),
      ],
      preemption: { reclaimWithinCohort: 'Any', withinClusterQueue: 'LowerPriority' },
    },
  });
  new TenantQuota(chart, 'team-b', { cluster, namespace: 'team-b', slices: { '3g.40gb': 4 }, resourceQuota: true, kueue: { cohort: 'research', localQueue: 'batch' } });
  return Testing.synth(chart);
}

const COVERED = ['nvidia.com/mig-1g.10gb', 'nvidia.com/mig-1g.5gb', 'nvidia.com/mig-3g.40gb'];

describe('Kueue admission', () => {
  const objects = kueueChart();

  test('every pool is a ResourceFlavor selecting its nodes, with its taints as tolerations', () => {
    expect(find(objects, 'ResourceFlavor', 'h100')).toEqual({
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ResourceFlavor',
      metadata: { labels: { 'app.kubernetes.io/managed-by': 'mig-constructs' }, name: 'h100' },
      spec: {
        nodeLabels: { 'example.com/group': 'h100', 'mig-constructs.io/pool': 'h100' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      },
    });
    expect(find(objects, 'ResourceFlavor', 'a100').spec).toEqual({ nodeLabels: { 'example.com/group': 'a100', 'mig-constructs.io/pool': 'a100' } });
  });

  test('a tenant with explicit flavors gets a ClusterQueue covering every MIG resource, with quotas, limits, cohort and preemption', () => {
    expect(find(objects, 'ClusterQueue', 'team-a').spec).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } },
      queueingStrategy: 'BestEffortFIFO',
      cohortName: 'research',
      preemption: { reclaimWithinCohort: 'Any', withinClusterQueue: 'LowerPriority' },
      resourceGroups: [{
        coveredResources: COVERED,
        flavors: [
          {
            name: 'h100',
            resources: [
              { name: 'nvidia.com/mig-1g.10gb', nominalQuota: 8, borrowingLimit: 4, lendingLimit: 2 },
              { name: 'nvidia.com/mig-1g.5gb', nominalQuota: 0 },
              { name: 'nvidia.com/mig-3g.40gb', nominalQuota: 0 },
            ],
          },
          {
            name: 'a100',
            resources: [
              { name: 'nvidia.com/mig-1g.10gb', nominalQuota: 0 },
              { name: 'nvidia.com/mig-1g.5gb', nominalQuota: 14 },
              { name: 'nvidia.com/mig-3g.40gb', nominalQuota: 0 },
            ],
          },
        ],
      }],
    });
    expect(find(objects, 'LocalQueue', 'mig')).toMatchObject({ metadata: { namespace: 'team-a' }, spec: { clusterQueue: 'team-a' } });
    // Kueue alone admits team-a: no ResourceQuota there.
    expect(objects.filter((o) => o.kind === 'ResourceQuota').map((o) => o.metadata.namespace)).toEqual(['team-b']);
  });

  test('a tenant without flavors gets its slices on the pool that offers each profile, and keeps its ResourceQuota when asked', () => {
    const cq = find(objects, 'ClusterQueue', 'team-b');
    expect(cq.spec.resourceGroups[0].flavors).toEqual([{
      name: 'h100',
      resources: [
        { name: 'nvidia.com/mig-1g.10gb', nominalQuota: 0 },
        { name: 'nvidia.com/mig-1g.5gb', nominalQuota: 0 },
        { name: 'nvidia.com/mig-3g.40gb', nominalQuota: 4 },
      ],
    }]);
    expect(find(objects, 'LocalQueue', 'batch')).toMatchObject({ metadata: { namespace: 'team-b' }, spec: { clusterQueue: 'team-b' } });
    expect(find(objects, 'ResourceQuota', 'mig-slices').spec.hard['requests.nvidia.com/mig-3g.40gb']).toBe('4');
  });

  test('workloads in a Kueue namespace carry its LocalQueue label, Jobs start suspended; others are untouched', () => {
    expect(find(objects, 'Deployment', 'vllm').metadata.labels['kueue.x-k8s.io/queue-name']).toBe('mig');
    expect(find(objects, 'Deployment', 'vllm').spec.suspend).toBeUndefined();
    const train = find(objects, 'Job', 'train');
    expect([train.metadata.labels['kueue.x-k8s.io/queue-name'], train.spec.suspend]).toEqual(['mig', true]);
    const evalJob = find(objects, 'Job', 'eval');
    expect([evalJob.metadata.labels['kueue.x-k8s.io/queue-name'], evalJob.spec.suspend]).toEqual(['batch', true]);
    const web = find(objects, 'Deployment', 'web');
    expect(web.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'mig-constructs', 'app.kubernetes.io/name': 'web' });
  });

  test('every object validates against its CRD (kueue v0.19.2, v1beta2) and meets the CRD rules JSON Schema cannot check', () => {
    for (const o of objects) validateManifest(o);
    for (const o of objects) expect([o.kind, o.metadata.name, kueueCelProblems(o)]).toEqual([o.kind, o.metadata.name, []]);
    // The schema check itself fails on a bad object.
    expect(() => validateManifest({ apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue', metadata: { name: 'x' }, spec: { queueingStrategy: 'LIFO' } } as never)).toThrow(/queueingStrategy/);
  });

  test('mig render writes the same objects from the YAML spec', () => {
    const spec: PlatformSpec = {
      strategy: 'mixed',
      kueue: true,
      pools: [
        { name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, nodeSelector: { 'example.com/group': 'h100' }, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }], layout: { '3g.40gb': 1, '1g.10gb': 4 } },
        { name: 'a100', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, nodeSelector: { 'example.com/group': 'a100' }, layout: { '1g.5gb': 7 } },
      ],
      workloads: [
        { name: 'vllm', pool: 'h100', profile: '1g.10gb', replicas: 2, namespace: 'team-a', image: 'vllm/vllm-openai:0.6.4' },
        { name: 'train', pool: 'a100', profile: '1g.5gb', kind: 'Job', namespace: 'team-a', image: 'registry.example.com/train:1' },
        { name: 'eval', pool: 'h100', profile: '3g.40gb', kind: 'Job', namespace: 'team-b', image: 'registry.example.com/eval:1' },
        { name: 'web', pool: 'h100', profile: '1g.10gb', namespace: 'default', image: 'nginx:1.27' },
      ],
      tenants: [
        { namespace: 'team-a', slices: {}, kueue: { cohort: 'research', flavors: [{ pool: 'h100', slices: { '1g.10gb': 8 }, borrowingLimit: { '1g.10gb': 4 }, lendingLimit: { '1g.10gb': 2 } }, { pool: 'a100', slices: { '1g.5gb': 14 } }], preemption: { reclaimWithinCohort: 'Any', withinClusterQueue: 'LowerPriority' } } },
        { namespace: 'team-b', slices: { '3g.40gb': 4 }, resourceQuota: true, kueue: { cohort: 'research', localQueue: 'batch' } },
      ],
    };
    const key = (o: Manifest) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const rendered = renderPlatform(spec).objects.map((o) => JSON.parse(JSON.stringify(o.manifest)));
    const sorted = (xs: Manifest[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((o) => stringify(o, { sortMapEntries: true }));
    expect(sorted(rendered)).toEqual(sorted(objects));
  });
});

describe('Kueue under strategy single', () => {
  // Every slice is nvidia.com/gpu: only the flavors' node labels tell a 1g.10gb node from a 3g.40gb node.
  const spec: PlatformSpec = {
    strategy: 'single',
    kueue: true,
    pools: [
      { name: 'small', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '1g.10gb': 7 } },
      { name: 'large', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '3g.40gb': 2 } },
    ],
    workloads: [
      { name: 'notebook', pool: 'small', profile: '1g.10gb', namespace: 'team-a', image: 'jupyter/base-notebook:2024-10-07' },
      { name: 'finetune', pool: 'large', profile: '3g.40gb', kind: 'Job', namespace: 'team-a', image: 'registry.example.com/ft:1' },
    ],
    tenants: [{ namespace: 'team-a', slices: { '1g.10gb': 20, '3g.40gb': 3 }, kueue: {} }],
  };
  const objects = renderPlatform(spec).objects.map((o) => o.manifest as Manifest);

  test('each pool is its own flavor of nvidia.com/gpu, with the profile\'s slices as its quota', () => {
    expect(find(objects, 'ClusterQueue', 'team-a').spec.resourceGroups).toEqual([{
      coveredResources: ['nvidia.com/gpu'],
      flavors: [
        { name: 'small', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 20 }] },
        { name: 'large', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 3 }] },
      ],
    }]);
    expect(objects.some((o) => o.kind === 'ResourceQuota')).toBe(false);
  });

  test("a workload's node selector matches exactly one flavor: its own pool's (Kueue skips flavors whose labels the pod's selector contradicts)", () => {
    const flavors = objects.filter((o) => o.kind === 'ResourceFlavor');
    expect(flavors.map((f) => f.spec.nodeLabels)).toEqual([{ 'mig-constructs.io/pool': 'small' }, { 'mig-constructs.io/pool': 'large' }]);
    for (const [name, kind, pool] of [['notebook', 'Deployment', 'small'], ['finetune', 'Job', 'large']]) {
      const selector = find(objects, kind, name).spec.template.spec.nodeSelector;
      const compatible = flavors.filter((f) => Object.entries(f.spec.nodeLabels).every(([k, v]) => selector[k] === undefined || selector[k] === v));
      expect([name, compatible.map((f) => f.metadata.name)]).toEqual([name, [pool]]);
    }
  });

  test('a per-profile ResourceQuota is still refused under single, with the Kueue way out in the hint', () => {
    const d = validatePlatform({ ...spec, tenants: [{ namespace: 'team-a', slices: { '1g.10gb': 20 }, resourceQuota: true, kueue: {} }] }).diagnostics;
    expect(d.map((x) => `${x.path}: ${x.message} (${x.hint})`)).toEqual([
      'tenants[0].slices: a per-profile ResourceQuota is impossible under strategy single: every slice is advertised as nvidia.com/gpu, whatever its profile (set resourceQuota: false: Kueue tells the profiles apart by pool (each pool is its own flavor))',
    ]);
  });
});

describe('Kueue checks', () => {
  const base = (tenant: Record<string, unknown>, patch: Partial<PlatformSpec> = {}, workloads: unknown[] = []): PlatformSpec => ({
    strategy: 'mixed',
    kueue: true,
    pools: [
      { name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '3g.40gb': 1, '1g.10gb': 4 } },
      { name: 'h100b', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, nodeSelector: { zone: 'b' }, layout: { '1g.10gb': 7 } },
      { name: 'a100', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } },
    ],
    workloads: workloads as never,
    tenants: [{ namespace: 'team-a', slices: {}, ...tenant } as never],
    ...patch,
  });
  const messages = (spec: PlatformSpec) => validatePlatform(spec).diagnostics.map((d) => `${d.severity ?? 'error'} ${d.path}: ${d.message} (fix: ${d.hint})`);

  test.each([
    ['a borrowing limit without a cohort (the CRD\'s CEL rule)',
      base({ kueue: { flavors: [{ pool: 'a100', slices: { '1g.5gb': 4 }, borrowingLimit: { '1g.5gb': 2 } }] } }),
      "error tenants[0].kueue.flavors[0].borrowingLimit: a borrowingLimit needs a cohort: Kueue rejects a ClusterQueue with a borrowingLimit and no cohortName ('borrowingLimit must be nil when cohort is empty') (fix: set kueue.cohort, or remove the borrowingLimit)"],
    ['a lending limit without a cohort',
      base({ slices: { '1g.5gb': 4 }, kueue: { lendingLimit: { '1g.5gb': 2 } } }),
      "error tenants[0].kueue.lendingLimit: a lendingLimit needs a cohort: Kueue rejects a ClusterQueue with a lendingLimit and no cohortName ('lendingLimit must be null if spec.cohortName is empty') (fix: set kueue.cohort, or remove the lendingLimit)"],
    ['lending more than the quota',
      base({ kueue: { cohort: 'c', flavors: [{ pool: 'a100', slices: { '1g.5gb': 4 }, lendingLimit: { '1g.5gb': 5 } }] } }),
      "error tenants[0].kueue.flavors[0].lendingLimit.1g.5gb: the lendingLimit for '1g.5gb' is 5, above the quota of 4 on pool 'a100': a queue lends only what it has (fix: lower it to 4 or less)"],
    ['a quota for a profile the pool lacks',
      base({ kueue: { flavors: [{ pool: 'a100', slices: { '1g.10gb': 1 } }] } }),
      "error tenants[0].kueue.flavors[0].slices.1g.10gb: pool 'a100' (A100-40GB) does not offer '1g.10gb' slices, so its flavor cannot hold them (fix: use profiles its layout has: '1g.5gb')"],
    ['a flavor of an unknown pool',
      base({ kueue: { flavors: [{ pool: 'h200', slices: {} }] } }),
      "error tenants[0].kueue.flavors[0].pool: no pool is named \"h200\" (fix: use one of 'h100', 'h100b' or 'a100')"],
    ['a pool listed twice',
      base({ kueue: { flavors: [{ pool: 'a100', slices: {} }, { pool: 'a100', slices: {} }] } }),
      "error tenants[0].kueue.flavors[1].pool: pool 'a100' is listed twice in the tenant's flavors (fix: give each pool one entry with all its slices)"],
    ['a profile two pools offer, with no split',
      base({ slices: { '1g.10gb': 8 }, kueue: {} }),
      "error tenants[0].slices.1g.10gb: '1g.10gb' is offered by pools 'h100', 'h100b', each its own Kueue flavor, so the tenant's 8 slices do not say which flavor holds them"],
    ['flavors that disagree with slices',
      base({ slices: { '1g.5gb': 4 }, kueue: { flavors: [{ pool: 'a100', slices: { '1g.5gb': 5 } }] } }),
      "error tenants[0].kueue.flavors: the flavors grant 5 '1g.5gb' slices in all, but the tenant's slices say 4 (fix: make them match, or leave slices empty and let the flavors say it)"],
    ['quotas above a pool\'s capacity',
      base({ kueue: { flavors: [{ pool: 'a100', slices: { '1g.5gb': 57 } }] } }),
      "error tenants[0].kueue: Kueue quotas on flavor 'a100' add up to 57 x nvidia.com/mig-1g.5gb (team-a=57) but the pool offers 56 (fix: lower the quotas on 'a100' to 56 in all, add nodes, or set allowOvercommit on the cluster)"],
    ['quotas above capacity with allowOvercommit',
      base({ kueue: { flavors: [{ pool: 'a100', slices: { '1g.5gb': 57 } }] } }, { allowOvercommit: true }),
      "warning tenants[0].kueue: Kueue quotas on flavor 'a100' add up to 57 x nvidia.com/mig-1g.5gb (team-a=57) but the pool offers 56"],
    ['a tenant with kueue on a cluster without it',
      base({ kueue: {} }, { kueue: undefined }),
      'error tenants[0].kueue: the tenant is admitted through Kueue, but the cluster does not enable Kueue, so no pool has a ResourceFlavor for its ClusterQueue (fix: set kueue: true on the cluster (MigCluster, the Pulumi MigCluster or the spec))'],
    ['Kueue with DRA',
      base({ kueue: {} }, { allocation: 'dra' }),
      "error kueue: Kueue cannot admit DRA claims without its deviceClassMappings configuration, which mig-constructs does not write: every claim would be inadmissible (fix: use allocation 'device-plugin' with Kueue, or admit DRA work with ResourceQuotas (drop kueue))"],
    ['no ResourceQuota and no Kueue',
      base({ resourceQuota: false }),
      'error tenants[0].resourceQuota: resourceQuota is false and the tenant has no kueue option, so nothing would limit its use of MIG slices (fix: remove resourceQuota: false, or admit the tenant through Kueue (kueue: { ... }))'],
    ['a bad ClusterQueue name',
      base({ kueue: { clusterQueue: 'Team_A' } }),
      'error tenants[0].kueue.clusterQueue: "Team_A" is not a valid ClusterQueue name'],
    ['an unknown preemption policy',
      base({ kueue: { preemption: { reclaimWithinCohort: 'Always' } } }),
      "error tenants[0].kueue.preemption.reclaimWithinCohort: reclaimWithinCohort is \"Always\", not one of 'Never', 'LowerPriority' or 'Any' (fix: give one of 'Never', 'LowerPriority' or 'Any')"],
    ['more flavors than a ClusterQueue holds',
      base({ kueue: { flavors: Array.from({ length: 65 }, () => ({ pool: 'a100', slices: {} })) } }),
      'error tenants[0].kueue.flavors: flavors has 65 items; at most 64 are allowed (fix: a ClusterQueue holds at most 64 flavors)'],
    ['a workload on a pool the tenant has no flavor on',
      base({ kueue: { flavors: [{ pool: 'a100', slices: { '1g.5gb': 4 } }] } }, {}, [{ name: 'w', pool: 'h100', profile: '1g.10gb', namespace: 'team-a', image: 'x' }]),
      "error workloads[0]: workload 'w' runs on pool 'h100', which is not a flavor of ClusterQueue 'team-a' (tenants[0]): Kueue would never admit it (fix: give the tenant of 'team-a' a quota on pool 'h100')"],
    ['a workload whose flavor quota is 0 and no cohort',
      base({ kueue: { flavors: [{ pool: 'h100', slices: { '3g.40gb': 1 } }] } }, {}, [{ name: 'w', pool: 'h100', profile: '1g.10gb', namespace: 'team-a', image: 'x' }]),
      "error workloads[0]: workload 'w' requests nvidia.com/mig-1g.10gb on flavor 'h100', where ClusterQueue 'team-a' has a quota of 0 and no cohort to borrow from: Kueue would never admit it"],
    ['a queue label of the user\'s own in a Kueue namespace',
      base({ kueue: { flavors: [{ pool: 'a100', slices: { '1g.5gb': 4 } }] } }, {}, [{ name: 'w', pool: 'a100', profile: '1g.5gb', namespace: 'team-a', image: 'x', labels: { 'kueue.x-k8s.io/queue-name': 'other' } }]),
      "error workloads[0].labels.kueue.x-k8s.io/queue-name: 'kueue.x-k8s.io/queue-name' is set by mig-constructs in namespace 'team-a' (its tenant's LocalQueue 'mig'); a value of yours would be overwritten"],
    ['two tenants sharing a ClusterQueue name',
      { ...base({ kueue: { clusterQueue: 'shared' } }), tenants: [{ namespace: 'a', slices: {}, kueue: { clusterQueue: 'shared' } }, { namespace: 'b', slices: {}, kueue: { clusterQueue: 'shared' } }] },
      "error tenants[1].kueue.clusterQueue: ClusterQueue 'shared' is also the queue of namespace 'a' (tenants[0]) (fix: give each tenant its own clusterQueue name)"],
    ['a pool with more node labels than a flavor holds',
      base({ kueue: {} }, { pools: [{ name: 'p', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 }, nodeSelector: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`l${i}`, 'x'])) }] }),
      "error pools[0].nodeSelector: the pool's ResourceFlavor would have 9 nodeLabels (its nodeSelector and mig-constructs.io/pool); Kueue allows 8 (fix: keep at most 7 labels in nodeSelector)"],
  ])('%s', (_name, spec, expected) => {
    expect(messages(spec).join('\n')).toContain(expected);
  });

  test('a valid Kueue tenant has no diagnostics, and a cohort lets a workload borrow where its quota is 0', () => {
    const spec = base({ kueue: { cohort: 'c', flavors: [{ pool: 'h100', slices: { '3g.40gb': 1 } }] } }, {}, [{ name: 'w', pool: 'h100', profile: '1g.10gb', namespace: 'team-a', image: 'x' }]);
    expect(messages(spec)).toEqual([]);
  });
});

describe('mig render with Kueue', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mig-kueue-'));

  test('renders examples/spec/kueue.yaml into objects that validate against the Kueue CRDs', () => {
    const out = tmp();
    const r = mig(['render', path.join(ROOT, 'examples/spec/kueue.yaml'), '-o', out]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const objects = parseAllDocuments(fs.readFileSync(path.join(out, 'platform.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    for (const o of objects) validateManifest(o);
    for (const o of objects) expect(kueueCelProblems(o)).toEqual([]);
    expect(objects.filter((o) => o.apiVersion === 'kueue.x-k8s.io/v1beta2').map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'ResourceFlavor//h100-inference', 'ResourceFlavor//a100-training', 'ClusterQueue//team-a', 'LocalQueue/team-a/mig', 'ClusterQueue//team-b', 'LocalQueue/team-b/mig',
    ]);
    expect(find(objects, 'Job', 'finetune').spec.suspend).toBe(true);
  });

  test('writes nothing and exits 1, naming file:line:col, when a Kueue rule fails', () => {
    const spec = path.join(tmp(), 'bad.yaml');
    fs.writeFileSync(spec, [
      'strategy: mixed', 'kueue: true', 'pools:', '  - name: p', '    gpu: A100-40GB', '    gpusPerNode: 8', '    nodes: 1', '    layout: { "1g.5gb": 7 }',
      'tenants:', '  - namespace: team-a', '    slices: { "1g.5gb": 4 }', '    kueue:', '      borrowingLimit: { "1g.5gb": 2 }', '',
    ].join('\n'));
    const out = path.join(tmp(), 'out');
    const r = mig(['render', spec, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${spec}:10:5 tenants[0].kueue.borrowingLimit: a borrowingLimit needs a cohort: Kueue rejects a ClusterQueue with a borrowingLimit and no cohortName ('borrowingLimit must be nil when cohort is empty') (fix: set kueue.cohort, or remove the borrowingLimit)`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });
});

test('a bad grant is reported once, without follow-on Kueue errors about it', () => {
  const spec: PlatformSpec = {
    strategy: 'mixed',
    kueue: true,
    pools: [{ name: 'a100', gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } }],
    workloads: [],
    tenants: [
      { namespace: 'a', slices: { '1g.5gb': 4, '9g.99gb': 1 } as never, kueue: { flavors: [{ pool: 'a100', slices: { '1g.5gb': 4 } }] } },
      { namespace: 'b', slices: { '1g.5gb': -1 }, kueue: { cohort: 'c', lendingLimit: { '1g.5gb': 1 } } },
    ],
  };
  expect(validatePlatform(spec).diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
    "tenants[0].slices.9g.99gb: '9g.99gb' is not a MIG profile of any GPU in the catalogue",
    "tenants[1].slices.1g.5gb: the count for '1g.5gb' is -1; it must be a whole number from 0 to 2147483647",
  ]);
});
