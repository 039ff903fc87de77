import { AKS_CONFIRMED, AKS_GPU_INSTANCE_PROFILES, findGpuModel, GKE_MIG_PARTITIONS, type AksGpuInstanceProfile, type GpuModel } from '../catalog';
import { fitUntypedLayout } from '../geometry';
import type { NodePoolSpec } from '../spec';

export type CloudMapping<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly reason: string; readonly hint: string };

/** The single profile and count on every GPU of the pool, or why there is none. */
function uniformProfile(pool: NodePoolSpec): CloudMapping<{ profile: string; count: number }> {
  const layouts = pool.layout !== undefined ? [pool.layout] : pool.perGpu ?? [];
  if (layouts.some((l) => l === false)) {
    return { ok: false, reason: `pool '${pool.name}' leaves some GPUs with MIG disabled`, hint: 'a cloud node pool partitions every GPU the same way: give the pool one layout' };
  }
  const keys = new Set(layouts.map((l) => JSON.stringify(Object.entries(l as Record<string, number>).filter(([, n]) => n > 0))));
  const layout = Object.entries((layouts[0] ?? {}) as Record<string, number>).filter(([, n]) => n > 0);
  if (keys.size !== 1 || layout.length !== 1) {
    const order = findGpuModel(pool.gpu)?.profiles.map((p) => p.name) ?? [];
    const sorted = [...layout].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    const shown = keys.size === 1 ? sorted.map(([p, n]) => `${p} x${n}`).join(' + ') : 'different layouts per GPU';
    return {
      ok: false,
      reason: `pool '${pool.name}' has ${shown}; a cloud-managed partition is one profile on every GPU`,
      hint: 'split the pool into one node pool per profile, or keep the layout and let the GPU Operator partition the GPUs (MIG Manager and the nvidia.com/mig.config label)',
    };
  }
  return { ok: true, profile: layout[0][0], count: layout[0][1] };
}

/**
 * GKE `guestAccelerators[].gpuPartitionSize` for the pool: only when every GPU holds one profile,
 * at exactly the count GKE's device plugin expects for it.
 */
export function gkeGpuPartition(pool: NodePoolSpec): CloudMapping<{ gpuPartitionSize: string; acceleratorType: string; count: number }> {
  const gke = GKE_MIG_PARTITIONS[pool.gpu];
  if (!gke) {
    const models = Object.keys(GKE_MIG_PARTITIONS).join(', ');
    return { ok: false, reason: `GKE offers no MIG partitions on ${pool.gpu}`, hint: `GKE partitions ${models}` };
  }
  const u = uniformProfile(pool);
  if (!u.ok) return u;
  const expected = gke.sizes[u.profile];
  if (expected === undefined) {
    return { ok: false, reason: `GKE has no partition size '${u.profile}' on ${pool.gpu}`, hint: `use one of ${Object.keys(gke.sizes).join(', ')}` };
  }
  if (expected !== u.count) {
    return { ok: false, reason: `GKE partitions ${pool.gpu} into exactly ${expected} x ${u.profile} per GPU; the pool has ${u.count}`, hint: `give the pool layout { '${u.profile}': ${expected} }` };
  }
  return { ok: true, gpuPartitionSize: u.profile, acceleratorType: gke.acceleratorType, count: pool.gpusPerNode };
}

/** AKS `gpuInstanceProfile` (MIG1g..MIG7g) for the pool, when its layout is what AKS creates for one. */
export function aksGpuInstanceProfile(pool: NodePoolSpec): CloudMapping<{ gpuInstanceProfile: AksGpuInstanceProfile; confirmed: boolean }> {
  const u = uniformProfile(pool);
  if (!u.ok) return u;
  const model = findGpuModel(pool.gpu);
  const profile = model?.profiles.find((p) => p.name === u.profile);
  if (!model || !profile) return { ok: false, reason: `'${u.profile}' is not a profile of ${pool.gpu}`, hint: 'fix the pool layout first' };
  const name = `MIG${profile.gpuInstanceSlices}g` as AksGpuInstanceProfile;
  const confirmed = AKS_CONFIRMED[pool.gpu as GpuModel];
  // AKS creates the plain profile of that size at its most instances: the one with the highest max count.
  const plain = model.profiles
    .filter((p) => p.gpuInstanceSlices === profile.gpuInstanceSlices && p.attributes.length === 0)
    .sort((a, b) => b.maxCount - a.maxCount)[0];
  const expected = confirmed?.[name] ?? (plain ? [plain.name, maxAlone(model.key, plain.name)] as const : undefined);
  if (!AKS_GPU_INSTANCE_PROFILES.includes(name) || !expected || expected[0] !== u.profile || expected[1] !== u.count) {
    const options = AKS_GPU_INSTANCE_PROFILES.map((p) => (confirmed?.[p] ? `${p} = ${confirmed[p][0]} x${confirmed[p][1]}` : p)).join(', ');
    return { ok: false, reason: `AKS has no gpuInstanceProfile that creates ${u.profile} x${u.count} on ${pool.gpu}`, hint: `AKS creates one plain profile at its most instances per GPU: ${options}` };
  }
  return { ok: true, gpuInstanceProfile: name, confirmed: confirmed !== undefined };
}

function maxAlone(gpu: string, profile: string): number {
  let n = 0;
  while (fitUntypedLayout(gpu, { [profile]: n + 1 }).fits) n++;
  return n;
}
