import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { validatePlatform, type MigLayout, type PlatformSpec } from '../../src';

/**
 * A 3-node H100 pool, every GPU on 7 x 1g.10gb, with MIG pods on two nodes: node-a runs two vllm
 * pods (one slice each, behind a PodDisruptionBudget) and a CPU-only pod, node-b one vllm pod,
 * node-c nothing. The desired layouts change the pool; the tests check what that stops.
 */
export const OLD_LAYOUT: MigLayout<'H100-80GB'> = { '1g.10gb': 7 };

export function poolSpec(layout: MigLayout<'H100-80GB'>, options: { nodes?: number; workload?: boolean; previous?: MigLayout<'H100-80GB'> } = {}): PlatformSpec {
  return {
    strategy: 'mixed',
    pools: [{ name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: options.nodes ?? 3, layout, ...(options.previous ? { previous: { layout: options.previous } } : {}) }],
    workloads: options.workload === false ? [] : [{ name: 'vllm', namespace: 'team-a', pool: 'h100', profile: '1g.10gb', replicas: 3, image: 'vllm/vllm-openai:0.6.4' }],
    tenants: [],
  };
}

export const configOf = (layout: MigLayout<'H100-80GB'>) => validatePlatform(poolSpec(layout)).platform!.pools[0].configName;

const node = (name: string, config: string) => ({
  metadata: { name, labels: { 'mig-constructs.io/pool': 'h100', 'nvidia.com/mig.config': config, 'nvidia.com/mig.config.state': 'success' } },
  spec: {},
  status: { allocatable: { 'cpu': '192', 'nvidia.com/mig-1g.10gb': '56' } },
});

const pod = (name: string, nodeName: string, limits: Record<string, string>) => ({
  metadata: { namespace: 'team-a', name, ownerReferences: [{ kind: 'ReplicaSet', name: 'vllm-6d4f', controller: true }] },
  spec: { nodeName, containers: [{ name: 'main', resources: { limits } }] },
  status: { phase: 'Running' },
});

/** Writes the snapshot folder the README tells users to make with kubectl. */
export function writeSnapshot(dir: string, configYaml = ''): void {
  const old = configOf(OLD_LAYOUT);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'nodes.json'), JSON.stringify({ kind: 'List', items: ['node-a', 'node-b', 'node-c'].map((n) => node(n, old)) }));
  fs.writeFileSync(path.join(dir, 'pods.json'), JSON.stringify({
    kind: 'List',
    items: [
      pod('vllm-6d4f-1', 'node-a', { 'nvidia.com/mig-1g.10gb': '1' }),
      pod('vllm-6d4f-2', 'node-a', { 'nvidia.com/mig-1g.10gb': '1' }),
      { ...pod('web-1', 'node-a', { cpu: '1' }), metadata: { namespace: 'web', name: 'web-1' } },
      pod('vllm-6d4f-3', 'node-b', { 'nvidia.com/mig-1g.10gb': '1' }),
    ],
  }));
  if (configYaml) fs.writeFileSync(path.join(dir, 'configmap.json'), JSON.stringify({ kind: 'ConfigMap', data: { 'config.yaml': configYaml } }));
}

export function writeSpec(file: string, spec: PlatformSpec): void {
  fs.writeFileSync(file, stringify(spec));
}
