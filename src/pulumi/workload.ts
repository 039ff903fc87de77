import * as pulumi from '@pulumi/pulumi';
import type { GpuModel, MigProfile } from '../catalog';
import { adapterArgProblems } from '../render';
import { workloadIdentityFields, type WorkloadSpec } from '../spec';
import { toInputPropertiesError } from './kube';
import { MigNodePool } from './node-pool';

export interface MigWorkloadArgs<G extends GpuModel> extends Omit<WorkloadSpec, 'name' | 'pool' | 'profile' | 'path'> {
  readonly pool: MigNodePool<G>;
  /** The MIG profile each pod requests; must be one the pool's GPU has (a compile-time check). */
  readonly profile: MigProfile<G>;
  /** Object name. @default the component name */
  readonly name?: string;
}

/**
 * A Deployment, Job or StatefulSet whose pods request MIG slices, as a Pulumi component: the same
 * pod template as the cdk8s MigWorkload (rendered in one place).
 *
 * @example
 * new MigWorkload('vllm', { pool, profile: '1g.10gb', replicas: 4, image: 'vllm/vllm-openai:0.6.4', namespace: 'team-a' });
 */
export class MigWorkload<G extends GpuModel = GpuModel> extends pulumi.ComponentResource {
  public readonly workloadName: string;
  public readonly namespace: string;
  public readonly resource: pulumi.Resource;
  public readonly spec: WorkloadSpec;

  constructor(name: string, args: MigWorkloadArgs<G>, opts?: pulumi.ComponentResourceOptions) {
    const problems = adapterArgProblems('MigWorkload', name, args, [{ key: 'pool', ok: (v) => v instanceof MigNodePool, expected: 'a MigNodePool' }]);
    if (problems.length > 0) throw toInputPropertiesError(problems, name);
    super('mig-constructs:index:MigWorkload', name, {}, opts);
    const { pool, profile, name: objectName, ...rest } = args;
    this.workloadName = objectName ?? name;
    this.spec = { ...rest, name: this.workloadName, pool: pool.poolName, profile, path: name };
    this.namespace = workloadIdentityFields(this.spec).namespace;
    [this.resource] = pool.cluster._registerWorkload(this, name, this.spec);
    this.registerOutputs({ name: this.workloadName, namespace: this.namespace });
  }
}
