import { createHash } from 'crypto';
import { versionedConfigName, type MigPartedEntry } from '../../src/mig-parted';
import { KUEUE_QUEUE_LABEL } from '../../src/naming';
import { PlatformRegistry, type EmittedObject, type PlatformRenderer } from '../../src/render';
import type { NodePoolSpec, WorkloadSpec } from '../../src/spec';

/**
 * The renderer the adapters ask at synth: by the EmittedObject a registration answered with (a
 * workload's is found by reference), or by id (the CLI, tests). Both ways must give the same object,
 * and the same as rendering everything at once.
 */

const pool: NodePoolSpec = { name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 } } as NodePoolSpec;
const workload = (name: string, namespace: string, extra: Partial<WorkloadSpec> = {}): WorkloadSpec =>
  ({ name, namespace, pool: 'h100', profile: '1g.10gb', image: 'registry.example.com/serve:1', ...extra }) as WorkloadSpec;

function declare(options: { kueue?: boolean; allocation?: 'dra' } = {}) {
  const registry = new PlatformRegistry({ strategy: 'mixed', path: 'test', ...(options.kueue ? { kueue: true } : {}), ...(options.allocation ? { allocation: options.allocation } : {}) });
  const declared: EmittedObject[] = [...registry.clusterObjects()];
  const { own, cluster } = registry.addPool(pool);
  declared.push(...own, ...cluster);
  declared.push(...registry.addWorkload(workload('serve', 'team-a')));
  declared.push(...registry.addWorkload(workload('train', 'team-b', { kind: 'Job' })));
  declared.push(...registry.addTenant({ namespace: 'team-a', slices: { '1g.10gb': 8 }, ...(options.kueue ? { kueue: {} } : {}) }));
  const evaluation = registry.evaluate();
  expect(evaluation.diagnostics.filter((d) => d.severity !== 'warning')).toEqual([]);
  return { declared, renderer: evaluation.renderer as PlatformRenderer };
}

describe('the platform renderer', () => {
  test.each([
    ['device plugin', {}],
    ['DRA', { allocation: 'dra' as const }],
    ['Kueue', { kueue: true }],
  ])('%s: every declared object renders the same by reference, by id and in the whole list', (_, options) => {
    const { declared, renderer } = declare(options);
    const all = renderer.all().objects;
    expect(all.map((o) => o.id).sort()).toEqual(declared.map((o) => o.id).sort());
    for (const object of declared) {
      const byReference = renderer.manifest(object)!;
      expect(renderer.manifest(object.id)).toEqual(byReference);
      expect(all.find((o) => o.id === object.id)!.manifest).toEqual(byReference);
      // The body alone is the manifest without its identity, as cdk8s fills it in.
      const { apiVersion, kind, metadata, ...body } = byReference;
      const { identity } = object;
      expect([apiVersion, kind, metadata.name]).toEqual([identity.apiVersion, identity.kind, identity.metadata.name]);
      expect(renderer.body(object)).toEqual(body);
    }
  });

  test('workload ids name the namespace, kind and name; under DRA the claim template is the workload id plus /claim', () => {
    expect(declare().declared.filter((o) => o.id.startsWith('workload/')).map((o) => o.id)).toEqual([
      'workload/team-a/Deployment/serve',
      'workload/team-b/Job/train',
    ]);
    expect(declare({ allocation: 'dra' }).declared.filter((o) => o.id.startsWith('workload/')).map((o) => [o.id, o.name])).toEqual([
      ['workload/team-a/Deployment/serve', 'deployment'],
      ['workload/team-a/Deployment/serve/claim', 'claimtemplate'],
      ['workload/team-b/Job/train', 'job'],
      ['workload/team-b/Job/train/claim', 'claimtemplate'],
    ]);
  });

  test('an id or object the platform does not have renders nothing', () => {
    const { renderer } = declare();
    expect(renderer.manifest('workload/team-a/Deployment/missing')).toBeUndefined();
    expect(renderer.manifest('tenant/nobody/namespace')).toBeUndefined();
    const stranger: EmittedObject = { id: 'workload/x/Deployment/y', name: 'deployment', identity: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'y' } } };
    expect(renderer.manifest(stranger)).toBeUndefined();
    expect(renderer.body(stranger)).toBeUndefined();
  });

  test('extra labels: the queue label on the workloads of a namespace Kueue admits, none elsewhere', () => {
    const plain = declare();
    for (const object of plain.declared) expect(plain.renderer.labels(object)).toBeUndefined();
    const queued = declare({ kueue: true });
    const serve = queued.declared.find((o) => o.id === 'workload/team-a/Deployment/serve')!;
    const train = queued.declared.find((o) => o.id === 'workload/team-b/Job/train')!;
    expect(queued.renderer.labels(serve)).toEqual({ [KUEUE_QUEUE_LABEL]: 'mig' });
    expect(queued.renderer.labels(serve.id)).toEqual({ [KUEUE_QUEUE_LABEL]: 'mig' });
    expect(queued.renderer.labels(train)).toBeUndefined();
    expect(queued.renderer.manifest(serve)!.metadata.labels).toMatchObject({ [KUEUE_QUEUE_LABEL]: 'mig' });
  });
});

describe('config name hashes', () => {
  test('stay the SHA-256 of the entries when more layouts are seen than the cache keeps', () => {
    const entries = (i: number): MigPartedEntry[] => [{ 'devices': 'all', 'mig-enabled': true, 'mig-devices': { '1g.10gb': i } }];
    const expected = (i: number) => createHash('sha256').update(`[{"devices":"all","mig-devices":{"1g.10gb":${i}},"mig-enabled":true}]`).digest('hex').slice(0, 8);
    // Twice over 3,000 layouts: the second pass runs after the cache was emptied and refilled.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < 3000; i++) expect(versionedConfigName('p', entries(i))).toBe(`p-${expected(i)}`);
    }
  });
});
