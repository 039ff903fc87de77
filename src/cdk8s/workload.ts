import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { GpuModel, MigProfile } from '../catalog';
import { MigValidationError } from '../diagnostics';
import { adapterArgProblems } from '../render';
import type { WorkloadSpec } from '../spec';
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
  private readonly renderedLabels: () => Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: MigWorkloadProps<G>) {
    const problems = adapterArgProblems('MigWorkload', childPath(scope, id), props, [{ key: 'pool', ok: (v) => v instanceof MigNodePool, expected: 'a MigNodePool' }]);
    if (problems.length > 0) throw new MigValidationError(problems);
    const pool = props.pool;
    // The construct path, known before super(): the spec and its diagnostics name it.
    const path = childPath(scope, id);
    const spec: WorkloadSpec = { ...props, name: props.name ?? id, pool: pool.name, path };
    const [object, ...others] = pool.cluster._registerWorkload(spec);
    super(scope, id, renderedApiObjectProps(object.identity, pool.cluster._body(object.id)));
    // Under DRA, the ResourceClaimTemplate its pods use, as a child of the workload.
    pool.cluster._emitAll(this, others);
    this.spec = spec;
    this.apiObject = this;
    this.namespace = object.identity.metadata.namespace!;
    this.renderedLabels = pool.cluster._labels(object.id);
  }

  /** Adds the labels only the whole platform knows (the Kueue queue of its namespace), then serialises. */
  public toJson(): any {
    addRenderedLabels(this, this.renderedLabels);
    return super.toJson();
  }
}
