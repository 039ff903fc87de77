import fc from 'fast-check';
import { stringify } from 'yaml';
import { renderPlatform, type KubeManifest, type PlatformSpec } from '../../src';
import { fastYaml, sortManifestKeys } from '../../src/render/manifest-yaml';

/** What the yaml library writes for a manifest (the reference fastYaml must equal). */
const library = (m: KubeManifest) => stringify(sortManifestKeys(m), { lineWidth: 0, version: '1.1' });

const FLEET: PlatformSpec = {
  strategy: 'mixed',
  operator: { gitops: { flux: true, argocd: true } },
  pools: Array.from({ length: 12 }, (_, i) => ({
    name: `pool-${i}`,
    gpu: (['H100-80GB', 'A100-40GB', 'A30'] as const)[i % 3],
    gpusPerNode: 4,
    nodes: 2,
    nodeSelector: { 'example.com/group': `g-${i}`, 'Zone': 'on' },
    taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' as const }, { key: 'dedicated', value: 'yes', effect: 'NoExecute' as const }],
    layout: ({ 0: { '1g.10gb': 7 }, 1: { '1g.5gb': 7 }, 2: { '1g.6gb': 4 } } as Record<number, Record<string, number>>)[i % 3],
    ...(i % 4 === 0 ? { timeSlicing: { replicas: 3 } } : {}),
    ...(i % 5 === 0 ? { karpenter: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }, limits: { 'nvidia.com/gpu': '64' } } } : {}),
  })) as never,
  workloads: Array.from({ length: 20 }, (_, i) => ({
    name: `w-${i}`,
    namespace: `team-${i % 3}`,
    pool: `pool-${i % 12}`,
    profile: ['1g.10gb', '1g.5gb', '1g.6gb'][i % 3],
    kind: (['Deployment', 'Job', 'StatefulSet'] as const)[i % 3],
    image: 'registry.example.com/model-server:1.0@sha256:0123',
    args: ['--port', '8080', '--flag=1.5', '-v', 'on'],
    env: { PORT: '8080', EMPTY: '', SPACED: ' a b ', Zeta: 'null' },
  })),
  tenants: [{ namespace: 'team-0', slices: { '1g.10gb': 14 }, denyUngrantedProfiles: false }],
};

test('fastYaml writes every manifest of a rendered platform exactly as the yaml library does', () => {
  const { objects } = renderPlatform(FLEET);
  let fast = 0;
  for (const { manifest } of objects) {
    const text = fastYaml(manifest);
    if (text !== undefined) {
      fast++;
      expect(text).toBe(library(manifest));
    }
  }
  // Only documents with multi-line strings (the ConfigMaps' YAML payloads) fall back to the library.
  expect(fast).toBe(objects.filter((o) => o.manifest.kind !== 'ConfigMap').length);
});

test('fastYaml agrees with the yaml library on random documents, or declines', () => {
  const scalar = fc.oneof(
    fc.constantFrom('on', 'off', 'yes', 'No', 'null', '~', '1.5', '0x1F', '0o17', '017', '1e3', '-x', '--flag', 'a: b', 'a #b', '#c', ':', '-', '', ' ', ' lead', 'trail ',
      "it's", '"q"', 'é', 'a\tb', 'line\nbreak', '2001-12-14', '1:20', '.inf', '@at', '`tick`', '*star', '&amp', '!bang', '%pct', '{b}', '[s]', 'a,b', 'a?b',
      'e0', 'E5', 'e-3', 'e1_0', 'nan', 'NaN', 'inf', 'True', 'NULL', 'Off', 'y', 'N', 'e', 'E'),
    fc.string({ maxLength: 12 }),
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_./-]{0,6}$/),
    fc.integer(),
    fc.boolean(),
  );
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('on', '1', 'a b', 'apiVersion', 'kind')), tie('node'), { maxKeys: 4 }),
  }));
  fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tree.node, { minKeys: 1, maxKeys: 5 }), (doc) => {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, ...doc } as unknown as KubeManifest;
    const text = fastYaml(manifest);
    if (text !== undefined) expect(text).toBe(library(manifest));
  }), { numRuns: 2000 });
});
