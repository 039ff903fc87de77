import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { GpuModel, MigProfile } from '../catalog';
import { MigValidationError } from '../diagnostics';
import { adapterArgProblems, type EmittedObject } from '../render';
import type { WorkloadSpec } from '../spec';
import type { MigCluster } from './cluster';
import { MigNodePool } from './node-pool';
import { addRenderedLabels, renderedApiObjectProps } from './rendered-object';

export interface MigWorkloadProps<G extends GpuModel> extends Omit<WorkloadSpec, 'name' | 'pool' | 'profile' | 'path'> {
  /** The pool the pods run on. */
  readonly pool: MigNodePool<G>;
  /** The MIG profile each pod requests; must be one the pool's GPU has (a compile-time check). */
  readonly profile: MigProfile<G>;
  /** Object name. @default the construct id */
  readonly name?: string;
}

/** The path a construct created with this scope and id will have (needed before super()). */
function childPath(scope: Construct, id: string): string {
  const base = scope.node.path;
  return base ? `${base}/${id}` : id;
}

const POOL_REF = [{ key: 'pool', ok: (v: unknown) => v instanceof MigNodePool, expected: 'a MigNodePool' }];

/**
 * A Deployment, Job or StatefulSet whose pods request MIG slices of one profile: `resources.limits`
 * with the strategy's resource name (`nvidia.com/mig-<profile>` under mixed, `nvidia.com/gpu` under
 * single), a nodeSelector that lands only on the pool's nodes, and the pool's tolerations. The
 * construct is that ApiObject itself (`ApiObject.of(workload) === workload`), so a fleet of
 * workloads costs one construct each.
 *
 * @example
 * new MigWorkload(chart, 'vllm', { pool: inference, profile: '1g.10gb', replicas: 4, image: 'vllm/vllm-openai:0.6.4', namespace: 'team-a' });
 */
export class MigWorkload<G extends GpuModel = GpuModel> extends ApiObject {
  public readonly namespace: string;
  /** The emitted Deployment, Job or StatefulSet: this construct. */
  public readonly apiObject: ApiObject;
  public readonly spec: WorkloadSpec;
  private readonly cluster: MigCluster;
  private readonly object: EmittedObject;

  constructor(scope: Construct, id: string, props: MigWorkloadProps<G>) {
    // The construct path, known before super(): the spec and its diagnostics name it.
    const path = childPath(scope, id);
    const problems = adapterArgProblems('MigWorkload', path, props, POOL_REF);
    if (problems.length > 0) throw new MigValidationError(problems);
    const cluster = props.pool.cluster;
    // Object.assign, not spread syntax: about ten times faster in Node 20, for fleets of thousands (bench/synth.ts).
    const spec: WorkloadSpec = Object.assign({}, props, { name: props.name ?? id, pool: props.pool.name, path });
    const objects = cluster._registerWorkload(spec);
    super(scope, id, renderedApiObjectProps(cluster, objects[0]));
    // Under DRA, the ResourceClaimTemplate its pods use, as a child of the workload.
    if (objects.length > 1) cluster._emitAll(this, objects.slice(1));
    this.spec = spec;
    this.apiObject = this;
    this.namespace = objects[0].identity.metadata.namespace!;
    this.cluster = cluster;
    this.object = objects[0];
  }

  /** Adds the labels only the whole platform knows (the Kueue queue of its namespace), then serialises. */
  public toJson(): any {
    addRenderedLabels(this, this.cluster, this.object);
    return super.toJson();
  }
}
