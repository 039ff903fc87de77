import { parse } from 'yaml';
import { formatDiagnostic, renderPlatform, validatePlatform, type NodePoolSpec, type PlatformSpec } from '../../src';

const pool = (extra: Partial<NodePoolSpec> = {}): NodePoolSpec => ({ name: 'h100', gpu: 'H100-80GB', gpusPerNode: 8, nodes: 2, layout: { '3g.40gb': 1, '1g.10gb': 4 }, ...extra } as NodePoolSpec);
const platform = (...pools: NodePoolSpec[]): PlatformSpec => ({ strategy: 'mixed', pools, workloads: [], tenants: [] });
const configName = (p: NodePoolSpec) => validatePlatform(platform(p)).platform!.pools[0].configName;

describe('versioned config names', () => {
  test('are <pool>-<hash of the config>, stable across releases: a change here would relabel every node of every user', () => {
    expect(configName(pool())).toBe('h100-16ae40db');
    expect(configName(pool({ name: 'pool', gpu: 'A100-80GB', layout: { '7g.80gb': 1 } } as never))).toBe('pool-6c5fa839');
    expect(configName(pool({ name: 'a100-notebooks', gpu: 'A100-40GB', layout: { '1g.5gb': 7 } } as never))).toBe('a100-notebooks-58e22c64');
  });

  test('an unchanged layout keeps its name whatever else changes; a changed layout gets a new one', () => {
    const base = configName(pool());
    // Node count, GPUs per node (the config covers all devices), selector, taints, order of keys, an alias spelling.
    expect(configName(pool({ nodes: 40, gpusPerNode: 4, nodeSelector: { a: 'b' }, taints: [{ key: 'k', effect: 'NoSchedule' }] }))).toBe(base);
    expect(configName(pool({ layout: { '1g.10gb': 4, '3g.40gb': 1 } }))).toBe(base);
    expect(configName(pool({ layout: { '1g.10gb': 3, '3g.40gb': 1 } }))).not.toBe(base);
    // The same profiles on another model: another device-filter, so another config.
    expect(configName(pool({ gpu: 'A100-80GB' as never }))).not.toBe(base);
  });

  test('nodes carry the stable pool label and the versioned config; workloads select the pool label only', () => {
    const r = renderPlatform({ ...platform(pool()), workloads: [{ name: 'w', pool: 'h100', profile: '1g.10gb', image: 'x' }] });
    expect(r.nodeLabels).toEqual({ h100: { 'mig-constructs.io/pool': 'h100', 'nvidia.com/mig.config': 'h100-16ae40db' } });
    const deployment = r.objects.find((o) => o.manifest.kind === 'Deployment')!.manifest as never as { spec: { template: { spec: { nodeSelector: unknown } } } };
    expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'mig-constructs.io/pool': 'h100' });
    const doc = parse((r.objects.find((o) => o.id === 'cluster/mig-parted-config')!.manifest.data as Record<string, string>)['config.yaml']);
    expect(Object.keys(doc['mig-configs'])).toEqual(['all-disabled', 'h100-16ae40db']);
  });

  test('during a rollout the previous layout keeps its config in the ConfigMap, under its own name', () => {
    const r = renderPlatform(platform(pool({ layout: { '7g.80gb': 1 }, previous: { layout: { '3g.40gb': 1, '1g.10gb': 4 } } } as never)));
    const doc = parse((r.objects.find((o) => o.id === 'cluster/mig-parted-config')!.manifest.data as Record<string, string>)['config.yaml']);
    const now = configName(pool({ layout: { '7g.80gb': 1 } } as never));
    expect(Object.keys(doc['mig-configs'])).toEqual(['all-disabled', now, 'h100-16ae40db']);
    expect(doc['mig-configs']['h100-16ae40db'][0]['mig-devices']).toEqual({ '1g.10gb': 4, '3g.40gb': 1 });
    expect(r.nodeLabels.h100['nvidia.com/mig.config']).toBe(now);
  });

  test('a previous layout is checked like a layout; the same layout as now is a warning; a long pool name an error', () => {
    const messages = (s: PlatformSpec) => validatePlatform(s).diagnostics.map(formatDiagnostic);
    expect(messages(platform(pool({ previous: { layout: { '3g.40gb': 3 } } } as never)))).toEqual([
      expect.stringMatching(/^error: pools\[0\]\.previous\.layout: .*3g\.40gb/),
    ]);
    expect(messages(platform(pool({ previous: { layout: { '3g.40gb': 1, '1g.10gb': 4 } } } as never)))).toEqual([
      'warning: pools[0].previous: the previous layout is the current one: there is nothing to roll out (fix: remove previous)',
    ]);
    expect(messages(platform(pool({ name: 'x'.repeat(55) })))).toEqual([
      `error: pools[0].name: pool name '${'x'.repeat(55)}' is 55 characters long; at most 54 leave room for the layout hash in its config name (a label value of at most 63) (fix: shorten it to 54 characters or fewer)`,
    ]);
    expect(messages(platform(pool({ nodeSelector: { 'mig-constructs.io/pool': 'other' } })))).toEqual([
      "error: pools[0].nodeSelector.mig-constructs.io/pool: 'mig-constructs.io/pool' is set by mig-constructs on these objects; a nodeSelector value of yours would be overwritten (fix: remove 'mig-constructs.io/pool' from nodeSelector)",
    ]);
  });
});
