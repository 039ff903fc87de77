import { resolveProfile } from '../catalog';
import { hasErrorSince, listValues, type Diagnostic } from '../diagnostics';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../naming';
import { checkLabels, wholeNumber } from './checks';
import { workloadIdentityFields } from './defaults';
import type { WorkloadKind, WorkloadSpec } from './platform';
import type { ResolvedPool, ResolvedWorkload } from './resolved';
import { SPEC_DEFAULTS, SPEC_SHAPE } from './shape';

const WORKLOAD_KINDS: readonly WorkloadKind[] = SPEC_SHAPE.workload.kind.schema.enum as WorkloadKind[];

/** One workload: its names, image and counts, and its request against its pool. */
export function resolveWorkload(
  w: WorkloadSpec, path: string, pools: readonly ResolvedPool[], d: Diagnostic[], declared: ReadonlySet<unknown>,
): ResolvedWorkload | undefined {
  const start = d.length;
  const nameProblem = typeof w?.name === 'string' ? dns1123SubdomainProblem(w.name) : 'it is not a string';
  if (nameProblem) d.push({ path: `${path}.name`, message: `workload name ${JSON.stringify(w?.name)} is not valid: ${nameProblem}`, hint: "use lower-case letters, digits, '-' and '.', e.g. vllm" });
  const { namespace, kind } = workloadIdentityFields(w);
  const nsProblem = dns1123LabelProblem(namespace);
  if (nsProblem) d.push({ path: `${path}.namespace`, message: `namespace '${namespace}' is not valid: ${nsProblem}`, hint: "use lower-case letters, digits and '-'" });
  if (!WORKLOAD_KINDS.includes(kind)) d.push({ path: `${path}.kind`, message: `kind ${JSON.stringify(kind)} is not supported`, hint: `use ${listValues(WORKLOAD_KINDS)}` });
  if (typeof w?.image !== 'string' || w.image.trim() === '') d.push({ path: `${path}.image`, message: 'the image is empty', hint: 'give a container image, e.g. vllm/vllm-openai:0.6.4' });
  const slicesPerPod = w?.slicesPerPod ?? SPEC_DEFAULTS.workload.slicesPerPod;
  if (!wholeNumber(slicesPerPod, 1)) d.push({ path: `${path}.slicesPerPod`, message: `slicesPerPod is ${JSON.stringify(slicesPerPod)}; it must be a whole number >= 1`, hint: 'request 1 or more slices per pod (extended resources are whole numbers)' });
  const replicas = w?.replicas ?? SPEC_DEFAULTS.workload.replicas;
  if (!wholeNumber(replicas, 0)) d.push({ path: `${path}.replicas`, message: `replicas is ${JSON.stringify(replicas)}; it must be a whole number >= 0`, hint: 'give a whole number of pods' });
  if (w?.containerName !== undefined) {
    const p = dns1123LabelProblem(w.containerName);
    if (p) d.push({ path: `${path}.containerName`, message: `container name '${w.containerName}' is not valid: ${p}`, hint: "use lower-case letters, digits and '-'" });
  }
  checkLabels(w?.labels, `${path}.labels`, 'labels', d);
  const request = resolvePoolRequest(w?.pool, w?.profile, slicesPerPod, path, pools, d, declared);
  if (!request) return undefined;
  const { pool, profile, resource } = request;
  if (hasErrorSince(d, start)) return undefined;
  return { spec: w, path, pool, namespace, kind, profile, resource, slicesPerPod, replicas };
}

const POOL_INDEX = new WeakMap<readonly ResolvedPool[], Map<string, ResolvedPool>>();
function poolsByName(pools: readonly ResolvedPool[]): Map<string, ResolvedPool> {
  let index = POOL_INDEX.get(pools);
  if (!index) {
    index = new Map(pools.map((p) => [p.spec.name, p]));
    POOL_INDEX.set(pools, index);
  }
  return index;
}

/** A pod's request for `slicesPerPod` slices of `profile` on `poolName`: the pool exists, offers the profile, and one node can hold it. */
export function resolvePoolRequest(
  poolName: unknown, profileName: unknown, slicesPerPod: unknown, path: string,
  pools: readonly ResolvedPool[], d: Diagnostic[], declared: ReadonlySet<unknown>,
): { pool: ResolvedPool; profile: string; resource: string } | undefined {
  const pool = typeof poolName === 'string' ? poolsByName(pools).get(poolName) : undefined;
  // A declared pool with errors of its own is already reported; a second error here would mislead.
  if (!pool && declared.has(poolName)) return undefined;
  if (!pool) {
    d.push({ path: `${path}.pool`, message: `pool ${JSON.stringify(poolName)} is not a valid pool of this cluster`, hint: pools.length > 0 ? `use ${listValues(pools.map((p) => p.spec.name))} (or fix that pool's own errors first)` : 'declare the pool in the same cluster first' });
    return undefined;
  }
  const resolved = typeof profileName === 'string' ? resolveProfile(pool.model, profileName) : undefined;
  if (!resolved) {
    d.push({ path: `${path}.profile`, message: `${JSON.stringify(profileName)} is not a MIG profile of ${pool.model.key}, the GPU of pool '${pool.spec.name}'`, hint: `request a profile the pool offers: ${listValues([...pool.slicesPerNode.keys()])}` });
    return undefined;
  }
  if (resolved.alias) d.push({ path: `${path}.profile`, severity: 'warning', message: `'${profileName}' is the ${resolved.alias.source} spelling of '${resolved.profile.name}'; it was normalised`, hint: `write '${resolved.profile.name}'` });
  const profile = resolved.profile.name;
  const resource = pool.resourceOf.get(profile);
  if (!resource) {
    d.push({ path: `${path}.profile`, message: `pool '${pool.spec.name}' offers no '${profile}' slices (its layout has ${listValues([...pool.slicesPerNode.keys()])})`, hint: `request one of those profiles, or add '${profile}' to the pool's layout` });
    return undefined;
  }
  const perNode = pool.resourcesPerNode.get(resource) ?? 0;
  if (wholeNumber(slicesPerPod, 1) && slicesPerPod > perNode) {
    d.push({ path: `${path}.slicesPerPod`, message: `one pod asks for ${slicesPerPod} x ${resource} but a node of pool '${pool.spec.name}' has ${perNode}; the pod could never be scheduled`, hint: `request at most ${perNode} per pod, or give the pool more ${profile} slices per node` });
    return undefined;
  }
  return { pool, profile, resource };
}
