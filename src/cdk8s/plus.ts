import { ApiObject } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { resolveProfile, type GpuModel, type MigProfile } from '../catalog';
import { poolResourceName } from '../naming';
import type { MigNodePool } from './node-pool';

export interface MigRequestOptions<G extends GpuModel> {
  readonly pool: MigNodePool<G>;
  readonly profile: MigProfile<G>;
  /** Slices per pod. @default 1 */
  readonly count?: number;
  /** Index of the container that gets the limit. @default 0 */
  readonly containerIndex?: number;
}

/** The cdk8s-plus-28 workloads addMigRequest accepts. */
export type PlusWorkload = plus.Deployment | plus.StatefulSet | plus.Job | plus.DaemonSet;

/**
 * Adds a MIG request to an existing cdk8s-plus-28 workload, which cannot express extended resources
 * itself: the `resources.limits` entry for the strategy's resource (added to the synthesized object,
 * keeping any cpu/memory limits), node affinity to the pool's nodes and tolerations for its taints
 * (through cdk8s-plus scheduling). The request is validated with the cluster at synth.
 *
 * @example
 * const web = new plus.Deployment(chart, 'web', { containers: [{ image: 'my/app' }] });
 * addMigRequest(web, { pool: inference, profile: '1g.10gb' });
 */
export function addMigRequest<G extends GpuModel>(workload: PlusWorkload, options: MigRequestOptions<G>): void {
  const { pool, profile } = options;
  const count = options.count ?? 1;
  const index = options.containerIndex ?? 0;
  pool.cluster._registerAttachedRequest({ path: workload.node.path, pool: pool.name, profile, slicesPerPod: count });
  const canonical = resolveProfile(pool.gpu, profile)?.profile.name ?? profile;
  const resource = poolResourceName(pool.cluster.strategy, canonical, pool.spec.timeSlicing);

  // One term with every label: Kubernetes ANDs expressions within a term but ORs separate terms.
  const queries = Object.entries(pool.workloadSelector).map(([key, value]) => plus.NodeLabelQuery.is(key, value));
  workload.scheduling.attract(plus.Node.labeled(...queries));
  for (const t of pool.taints) {
    const effect = t.effect === 'NoSchedule' ? plus.TaintEffect.NO_SCHEDULE : t.effect === 'NoExecute' ? plus.TaintEffect.NO_EXECUTE : plus.TaintEffect.PREFER_NO_SCHEDULE;
    const query = t.value === undefined ? plus.NodeTaintQuery.exists(t.key, { effect }) : plus.NodeTaintQuery.is(t.key, t.value, { effect });
    workload.scheduling.tolerate(plus.Node.tainted(query));
  }

  // cdk8s-plus omits `resources` entirely when no cpu/memory is set, so a JSON patch cannot add the
  // limit reliably; the synthesized object is completed instead.
  const obj = ApiObject.of(workload);
  const toJson = obj.toJson.bind(obj);
  obj.toJson = () => {
    const json = toJson();
    const containers = json?.spec?.template?.spec?.containers;
    const container = Array.isArray(containers) ? containers[index] : undefined;
    if (!container) throw new Error(`addMigRequest: ${workload.node.path} has no container at index ${index}`);
    container.resources = { ...(container.resources ?? {}), limits: { ...(container.resources?.limits ?? {}), [resource]: count } };
    return json;
  };
}
