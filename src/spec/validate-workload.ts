import { resolveProfile } from '../catalog';
import { hasErrorSince, listValues, type Diagnostic } from '../diagnostics';
import { dns1123LabelProblem, dns1123SubdomainProblem, envNameProblem, imageProblem, labelValueProblem, MANAGED_BY_LABEL, WORKLOAD_NAME_LABEL, type MigAllocation } from '../naming';
import { checkLabels, wholeNumber } from './checks';
import { workloadIdentityFields, type WorkloadIdentityFields } from './defaults';
import type { WorkloadSpec } from './platform';
import type { ResolvedPool, ResolvedWorkload } from './resolved';
import { SPEC_DEFAULTS } from './shape';
import { checkItem } from './shape-check';

/** Labels the library sets on a workload's object and pods: a user's value there would be overwritten. */
const OWNED_WORKLOAD_LABELS: readonly string[] = [WORKLOAD_NAME_LABEL, MANAGED_BY_LABEL];

/** A field that is set and passed its shape check (a module function: this runs for every workload of a fleet). */
function present(w: WorkloadSpec, bad: ReadonlySet<string>, key: keyof WorkloadSpec): boolean {
  return w[key] !== undefined && (bad.size === 0 || !bad.has(key));
}

/** One workload: its names, image and counts, and its request against its pool. */
export function resolveWorkload(
  w: WorkloadSpec, path: string, pools: readonly ResolvedPool[], d: Diagnostic[], declared: ReadonlySet<unknown>, allocation: MigAllocation = 'device-plugin',
  identity: WorkloadIdentityFields = workloadIdentityFields(w),
): ResolvedWorkload | undefined {
  const start = d.length;
  const bad = checkItem('workload', w, path, d);
  if (!bad) return undefined;
  const { namespace, kind } = identity;
  if (present(w, bad, 'name')) {
    // The name is also the pods' app.kubernetes.io/name label value and, by default, the container name.
    const nameProblem = dns1123SubdomainProblem(w.name);
    const labelProblem = labelValueProblem(w.name);
    const containerProblem = w.containerName === undefined ? dns1123LabelProblem(w.name) : undefined;
    if (nameProblem) {
      d.push({ path: `${path}.name`, message: `workload name ${JSON.stringify(w.name)} is not valid: ${nameProblem}`, hint: "use lower-case letters, digits, '-' and '.', e.g. vllm" });
    } else if (labelProblem) {
      d.push({ path: `${path}.name`, message: `workload name '${w.name}' cannot be the pods' ${WORKLOAD_NAME_LABEL} label value: ${labelProblem}`, hint: 'use a name of at most 63 characters' });
    } else if (containerProblem) {
      d.push({ path: `${path}.name`, message: `workload name '${w.name}' cannot be the container name: ${containerProblem}`, hint: "set containerName (lower-case letters, digits and '-'), or use a name without '.'" });
    }
  }
  if (!bad.has('namespace')) {
    const nsProblem = dns1123LabelProblem(namespace);
    if (nsProblem) d.push({ path: `${path}.namespace`, message: `namespace '${namespace}' is not valid: ${nsProblem}`, hint: "use lower-case letters, digits and '-'" });
  }
  if (present(w, bad, 'image')) {
    const p = imageProblem(w.image);
    if (p) d.push({ path: `${path}.image`, message: `image ${JSON.stringify(w.image)} is not valid: ${p}`, hint: 'give a container image, e.g. vllm/vllm-openai:0.6.4' });
  }
  if (present(w, bad, 'containerName')) {
    const p = dns1123LabelProblem(w.containerName!);
    if (p) d.push({ path: `${path}.containerName`, message: `container name '${w.containerName}' is not valid: ${p}`, hint: "use lower-case letters, digits and '-'" });
  }
  if (present(w, bad, 'serviceName')) {
    const p = dns1123LabelProblem(w.serviceName!);
    if (p) d.push({ path: `${path}.serviceName`, message: `service name '${w.serviceName}' is not a valid Service name: ${p}`, hint: "use lower-case letters, digits and '-'" });
  } else if (kind === 'StatefulSet' && present(w, bad, 'name') && dns1123LabelProblem(w.name)) {
    d.push({ path: `${path}.name`, message: `workload name '${w.name}' cannot be the StatefulSet's serviceName: ${dns1123LabelProblem(w.name)}`, hint: 'set serviceName to a Service name (lower-case letters, digits and -)' });
  }
  if (present(w, bad, 'env')) {
    for (const name of Object.keys(w.env!)) {
      const p = envNameProblem(name);
      if (p) d.push({ path: `${path}.env.${name}`, message: `environment variable name ${JSON.stringify(name)} is not valid: ${p}`, hint: 'use letters, digits and _, e.g. MODEL_NAME' });
    }
  }
  if (present(w, bad, 'labels')) checkLabels(w.labels, `${path}.labels`, 'labels', d, OWNED_WORKLOAD_LABELS);
  const slicesPerPod = bad.has('slicesPerPod') ? undefined : w.slicesPerPod ?? SPEC_DEFAULTS.workload.slicesPerPod;
  const replicas = w.replicas ?? SPEC_DEFAULTS.workload.replicas;
  if (bad.has('pool') || bad.has('profile') || w.pool === undefined || w.profile === undefined) return undefined;
  const request = resolvePoolRequest(w.pool, w.profile, slicesPerPod, path, pools, d, declared);
  if (!request || slicesPerPod === undefined) return undefined;
  const { pool, profile, resource } = request;
  if (w.sameGpu === true) {
    if (allocation !== 'dra') {
      d.push({ path: `${path}.sameGpu`, message: 'sameGpu needs allocation dra: the device plugin cannot ask for slices of one GPU', hint: "set allocation: 'dra' on the cluster, or remove sameGpu" });
    } else {
      const perGpu = Math.max(0, ...pool.gpus.map((g) => (g ? g.entries.find((e) => e.profile.name === profile)?.count ?? 0 : 0)));
      if (slicesPerPod > perGpu) {
        d.push({ path: `${path}.slicesPerPod`, message: `one pod asks for ${slicesPerPod} x ${profile} from one GPU, but a GPU of pool '${pool.spec.name}' has at most ${perGpu}`, hint: `request at most ${perGpu}, or drop sameGpu` });
      }
    }
  }
  if (hasErrorSince(d, start)) return undefined;
  return { spec: w, path, pool, namespace, kind, profile, resource, slicesPerPod, replicas };
}

const POOL_INDEX = new WeakMap<readonly ResolvedPool[], Map<string, ResolvedPool>>();
/** The pools by name, built once per list (workloads and Kueue flavors look pools up by name). */
export function poolsByName(pools: readonly ResolvedPool[]): Map<string, ResolvedPool> {
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
