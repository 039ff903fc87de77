import { parse } from 'yaml';
import { migPartedEntries } from '../../mig-parted';
import {
  FULL_GPU_RESOURCE,
  MIG_CONFIG_LABEL,
  MIG_CONFIG_STATE_LABEL,
  MIG_PARTED_CONFIGMAP_KEY,
  POOL_LABEL,
  poolResourceName,
  WORKLOAD_NAME_LABEL,
  type MigStrategy,
} from '../../naming';
import { poolMigPartedConfigs, type ResolvedPlatform, type ResolvedPool } from '../../spec';

/**
 * What a cluster looks like before (or after) a layout change, whatever it was read from: a
 * platform spec, the manifests synthesized from one, or a snapshot of the live cluster
 * (`kubectl get nodes -o json`, `kubectl get pods -A -o json`, the mig-parted ConfigMap).
 */
export interface ClusterState {
  readonly source: 'spec' | 'manifests' | 'snapshot';
  /** Pools by name, in a stable order. */
  readonly pools: ReadonlyMap<string, PoolState>;
  /** Pods that hold or ask for MIG resources. */
  readonly pods: readonly PodState[];
  /** The entries of each config in the live (or synthesized) MIG Manager ConfigMap, when known. */
  readonly configs?: ReadonlyMap<string, readonly unknown[]>;
}

/** The `mig-configs` of a mig-parted config.yaml, by name. */
export function migConfigsOf(configYaml: string): Map<string, unknown[]> {
  let doc: Json;
  try {
    doc = parse(configYaml);
  } catch (e) {
    throw new Error(`the ConfigMap's ${MIG_PARTED_CONFIGMAP_KEY} is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const configs = doc?.['mig-configs'];
  if (typeof configs !== 'object' || configs === null || Array.isArray(configs)) return new Map();
  return new Map(Object.entries(configs).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][]);
}

export interface PoolState {
  readonly name: string;
  /** The config its nodes are meant to carry (`nvidia.com/mig.config`). */
  readonly configName?: string;
  /** MIG resources one node offers under that config. */
  readonly perNode: ReadonlyMap<string, number>;
  /** The nodes: real ones from a snapshot, else `<pool>/1`…`<pool>/N` standing for N nodes. */
  readonly nodes: readonly NodeState[];
}

export interface NodeState {
  readonly name: string;
  readonly pool: string;
  /** Its `nvidia.com/mig.config` now. */
  readonly config?: string;
  /** Its `nvidia.com/mig.config.state` (a snapshot only). */
  readonly state?: string;
  /** MIG resources it offers now (a snapshot: its allocatable; otherwise the pool's per node). */
  readonly resources: ReadonlyMap<string, number>;
  readonly cordoned?: boolean;
}

export interface PodState {
  readonly namespace: string;
  readonly name: string;
  /** `Kind/name` of its controller, or of the workload that stands for it. */
  readonly owner?: string;
  /** The node it runs on (a snapshot), if any. */
  readonly node?: string;
  /** The pool it runs on or is bound for. */
  readonly pool?: string;
  readonly phase: string;
  /** MIG resources it requests (its containers' limits, summed). */
  readonly resources: ReadonlyMap<string, number>;
}

/** `nvidia.com/mig-…` and `nvidia.com/gpu`: the resources a MIG layout change takes away. */
export function isMigResource(name: string): boolean {
  return name.startsWith('nvidia.com/mig-') || name === FULL_GPU_RESOURCE;
}

function syntheticNodes(pool: string, count: number, config: string | undefined, resources: ReadonlyMap<string, number>): NodeState[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${pool}/${i + 1}`, pool, ...(config !== undefined ? { config } : {}), resources }));
}

/** A validated platform as a cluster state: N nodes per pool, each workload's replicas as running pods. */
export function stateFromPlatform(platform: ResolvedPlatform): ClusterState {
  const pools = new Map<string, PoolState>();
  for (const p of platform.pools) {
    const nodes = syntheticNodes(p.spec.name, p.spec.nodes, p.configName, p.resourcesPerNode);
    pools.set(p.spec.name, { name: p.spec.name, configName: p.configName, perNode: p.resourcesPerNode, nodes });
  }
  const pods: PodState[] = [];
  for (const w of platform.workloads) {
    if (platform.allocation === 'dra') continue; // claims, not resources: nothing to count here
    for (let i = 0; i < w.replicas; i++) {
      pods.push({
        namespace: w.namespace,
        name: `${w.spec.name}-${i}`,
        owner: `${w.kind}/${w.spec.name}`,
        pool: w.pool.spec.name,
        phase: 'Running',
        resources: new Map([[w.resource, w.slicesPerPod]]),
      });
    }
  }
  // The ConfigMap this platform renders: each pool's config, and its previous one during a rollout.
  const configs = new Map(platform.pools.flatMap(poolMigPartedConfigs).map((c) => [c.name, migPartedEntries(c) as unknown[]]));
  return { source: 'spec', pools, pods, configs };
}

/**
 * The pods a node holds: on a snapshot, those bound to it; otherwise (the pods have no node) each of
 * its pool's N nodes stands for 1/N of the pool's pods, in order.
 */
export function podsOnNode(state: ClusterState, node: NodeState): PodState[] {
  if (state.source === 'snapshot') return state.pods.filter((p) => p.node === node.name);
  const nodes = state.pools.get(node.pool)?.nodes ?? [];
  const index = nodes.findIndex((n) => n.name === node.name);
  return state.pods.filter((p) => p.pool === node.pool).filter((_, i) => i % nodes.length === index);
}

// ---------------------------------------------------------------- snapshots

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function items(list: Json, what: string): Json[] {
  if (typeof list !== 'object' || list === null || !Array.isArray(list.items)) throw new Error(`${what} is not a Kubernetes list (no items): give the JSON of kubectl get … -o json`);
  return list.items;
}

function quantity(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(String(v));
  return Number.isFinite(n) ? n : 0;
}

/** MIG resources a pod asks for: each container's limits (requests equal limits for extended resources). */
function podResources(pod: Json): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of pod?.spec?.containers ?? []) {
    const asked = { ...(c?.resources?.requests ?? {}), ...(c?.resources?.limits ?? {}) };
    for (const [name, v] of Object.entries(asked)) if (isMigResource(name)) out.set(name, (out.get(name) ?? 0) + quantity(v));
  }
  return out;
}

function ownerOf(pod: Json): string | undefined {
  const ref = (pod?.metadata?.ownerReferences ?? []).find((r: Json) => r?.controller) ?? pod?.metadata?.ownerReferences?.[0];
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}

/**
 * The pool a node belongs to: its `mig-constructs.io/pool` label, else (nodes labelled before
 * versioned config names) a desired pool whose name its config is or starts `<pool>-`.
 */
function poolOfNode(labels: Record<string, string>, knownPools: readonly string[]): string | undefined {
  if (labels[POOL_LABEL]) return labels[POOL_LABEL];
  const config = labels[MIG_CONFIG_LABEL];
  if (config === undefined) return undefined;
  return knownPools.find((p) => config === p) ?? knownPools.find((p) => new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{8}$`).test(config));
}

/**
 * A live cluster: `kubectl get nodes -o json`, `kubectl get pods -A -o json` and (optional) the
 * mig-parted ConfigMap. Nodes of a pool are found by their labels; `knownPools` (the desired
 * spec's) helps place nodes labelled before pool labels existed.
 */
export function stateFromSnapshot(nodesJson: Json, podsJson: Json, knownPools: readonly string[], configYaml?: string): ClusterState {
  const pools = new Map<string, { nodes: NodeState[] }>();
  for (const n of items(nodesJson, 'the nodes file')) {
    const labels: Record<string, string> = n?.metadata?.labels ?? {};
    const pool = poolOfNode(labels, knownPools);
    if (pool === undefined) continue;
    const resources = new Map<string, number>();
    for (const [name, v] of Object.entries(n?.status?.allocatable ?? {})) {
      if (isMigResource(name) && quantity(v) > 0) resources.set(name, quantity(v));
    }
    const node: NodeState = {
      name: String(n?.metadata?.name),
      pool,
      resources,
      ...(labels[MIG_CONFIG_LABEL] !== undefined ? { config: labels[MIG_CONFIG_LABEL] } : {}),
      ...(labels[MIG_CONFIG_STATE_LABEL] !== undefined ? { state: labels[MIG_CONFIG_STATE_LABEL] } : {}),
      ...(n?.spec?.unschedulable ? { cordoned: true } : {}),
    };
    const entry = pools.get(pool) ?? { nodes: [] };
    entry.nodes.push(node);
    pools.set(pool, entry);
  }
  const nodePool = new Map<string, string>();
  for (const [pool, { nodes }] of pools) for (const n of nodes) nodePool.set(n.name, pool);
  const pods: PodState[] = [];
  for (const p of items(podsJson, 'the pods file')) {
    const resources = podResources(p);
    const phase = String(p?.status?.phase ?? 'Unknown');
    if (resources.size === 0 || phase === 'Succeeded' || phase === 'Failed') continue;
    const node = p?.spec?.nodeName as string | undefined;
    const selector: Record<string, string> = p?.spec?.nodeSelector ?? {};
    const pool = (node !== undefined ? nodePool.get(node) : undefined) ?? selector[POOL_LABEL];
    const owner = ownerOf(p);
    pods.push({
      namespace: String(p?.metadata?.namespace ?? 'default'),
      name: String(p?.metadata?.name),
      phase,
      resources,
      ...(owner ? { owner } : {}),
      ...(node ? { node } : {}),
      ...(pool ? { pool } : {}),
    });
  }
  const out = new Map<string, PoolState>();
  for (const name of [...pools.keys()].sort()) {
    const nodes = pools.get(name)!.nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The config most of its nodes carry, and what such a node offers.
    const counts = new Map<string, number>();
    for (const n of nodes) if (n.config !== undefined) counts.set(n.config, (counts.get(n.config) ?? 0) + 1);
    const configName = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    const perNode = nodes.find((n) => n.config === configName && n.resources.size > 0)?.resources ?? new Map();
    out.set(name, { name, ...(configName !== undefined ? { configName } : {}), perNode, nodes });
  }
  return { source: 'snapshot', pools: out, pods, ...(configYaml !== undefined ? { configs: migConfigsOf(configYaml) } : {}) };
}

// ---------------------------------------------------------------- synthesized manifests

/** MIG resources one node gets from a mig-parted config's entries, with the desired pool's GPUs per node. */
function configResources(entries: Json[], gpusPerNode: number, strategy: MigStrategy, pool: ResolvedPool | undefined): Map<string, number> {
  const out = new Map<string, number>();
  const replicas = pool?.spec.timeSlicing?.replicas ?? 1;
  for (const e of entries ?? []) {
    const gpus = e?.devices === 'all' ? gpusPerNode : Array.isArray(e?.devices) ? e.devices.length : 0;
    if (e?.['mig-enabled'] === false) {
      out.set(FULL_GPU_RESOURCE, (out.get(FULL_GPU_RESOURCE) ?? 0) + gpus);
      continue;
    }
    for (const [profile, count] of Object.entries(e?.['mig-devices'] ?? {})) {
      const res = poolResourceName(strategy, profile, pool?.spec.timeSlicing);
      out.set(res, (out.get(res) ?? 0) + gpus * quantity(count) * replicas);
    }
  }
  return out;
}

/**
 * Manifests synthesized earlier (`cdk8s synth` or `mig render` output): the MIG Manager ConfigMap,
 * the workloads and their replicas. Manifests do not say how many nodes a pool has or how many GPUs
 * a node holds: those come from the desired platform's pool of the same name.
 */
export function stateFromManifests(manifests: readonly Json[], desired: ResolvedPlatform): ClusterState {
  const cm = manifests.find((m) => m?.kind === 'ConfigMap' && typeof m?.data?.[MIG_PARTED_CONFIGMAP_KEY] === 'string' && /mig-configs/.test(m.data[MIG_PARTED_CONFIGMAP_KEY]));
  if (!cm) throw new Error('the manifests hold no MIG Manager ConfigMap (a ConfigMap with config.yaml and mig-configs)');
  const live = migConfigsOf(cm.data[MIG_PARTED_CONFIGMAP_KEY]);
  const configs: Record<string, Json[]> = Object.fromEntries(live);
  const pools = new Map<string, PoolState>();
  for (const p of desired.pools) {
    const name = p.spec.name;
    const configName = Object.keys(configs).find((c) => c === name) ?? Object.keys(configs).find((c) => c.startsWith(`${name}-`) && /-[0-9a-f]{8}$/.test(c));
    // A pool the manifests have no config for did not exist yet: its nodes are new, not repartitioned.
    if (configName === undefined) continue;
    const perNode = configResources(configs[configName], p.spec.gpusPerNode, desired.strategy, p);
    pools.set(name, { name, configName, perNode, nodes: syntheticNodes(name, p.spec.nodes, configName, perNode) });
  }
  const pods: PodState[] = [];
  for (const m of manifests) {
    if (!['Deployment', 'StatefulSet', 'Job'].includes(m?.kind)) continue;
    const template = m?.spec?.template;
    const resources = podResources(template);
    if (resources.size === 0) continue;
    const selector: Record<string, string> = template?.spec?.nodeSelector ?? {};
    const byConfig = [...pools.values()].find((p) => p.configName !== undefined && selector[MIG_CONFIG_LABEL] === p.configName);
    const pool = selector[POOL_LABEL] ?? byConfig?.name;
    const replicas = m.kind === 'Job' ? quantity(m.spec?.parallelism ?? 1) : quantity(m.spec?.replicas ?? 1);
    const name = String(m?.metadata?.labels?.[WORKLOAD_NAME_LABEL] ?? m?.metadata?.name);
    for (let i = 0; i < replicas; i++) {
      pods.push({ namespace: String(m?.metadata?.namespace ?? 'default'), name: `${name}-${i}`, owner: `${m.kind}/${m.metadata?.name}`, phase: 'Running', resources, ...(pool ? { pool } : {}) });
    }
  }
  return { source: 'manifests', pools, pods, configs: live };
}
