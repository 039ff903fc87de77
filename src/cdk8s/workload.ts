import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { GpuModel, MigProfile } from '../catalog';
import type { WorkloadSpec } from '../spec';
import type { MigNodePool } from './node-pool';

export interface MigWorkloadProps<G extends GpuModel> extends Omit<WorkloadSpec, 'name' | 'pool' | 'profile' | 'path'> {
  /** The pool the pods run on. */
  readonly pool: MigNodePool<G>;
  /** The MIG profile each pod requests; must be one the pool's GPU has (a compile-time check). */
  readonly profile: MigProfile<G>;
  /** Object name. @default the construct id */
  readonly name?: string;
}

/**
 * A Deployment, Job or StatefulSet whose pods request MIG slices of one profile: `resources.limits`
 * with the strategy's resource name (`nvidia.com/mig-<profile>` under mixed, `nvidia.com/gpu` under
 * single), a nodeSelector that lands only on the pool's nodes, and the pool's tolerations.
 *
 * @example
 * new MigWorkload(chart, 'vllm', { pool: inference, profile: '1g.10gb', replicas: 4, image: 'vllm/vllm-openai:0.6.4', namespace: 'team-a' });
 */
export class MigWorkload<G extends GpuModel = GpuModel> extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The emitted Deployment, Job or StatefulSet. */
  public readonly apiObject: ApiObject;
  public readonly spec: WorkloadSpec;

  constructor(scope: Construct, id: string, props: MigWorkloadProps<G>) {
    super(scope, id);
    const { pool, profile, name, ...rest } = props;
    this.name = name ?? id;
    this.spec = { ...rest, name: this.name, pool: pool.name, profile, path: this.node.path };
    [this.apiObject] = pool.cluster._registerWorkload(this, this.spec);
    this.namespace = this.apiObject.metadata.namespace!;
  }
}
