import * as pulumi from '@pulumi/pulumi';
import type { MigProfile } from '../catalog';
import { adapterArgProblems } from '../render';
import type { TenantSpec } from '../spec';
import { MigCluster } from './cluster';
import { toInputPropertiesError } from './kube';

export interface TenantQuotaArgs extends Omit<TenantSpec<MigProfile>, 'path'> {
  readonly cluster: MigCluster;
}

/**
 * A tenant's share of MIG slices, as a Pulumi component: a Namespace (unless `createNamespace: false`)
 * and a ResourceQuota with `requests.<resource>` per granted profile, 0 for the other MIG resources.
 *
 * @example
 * new TenantQuota('team-a', { cluster, namespace: 'team-a', slices: { '1g.10gb': 8, '3g.40gb': 1 } });
 */
export class TenantQuota extends pulumi.ComponentResource {
  public readonly namespace: string;
  public readonly resources: pulumi.Resource[] = [];

  constructor(name: string, args: TenantQuotaArgs, opts?: pulumi.ComponentResourceOptions) {
    const problems = adapterArgProblems('TenantQuota', name, args, [{ key: 'cluster', ok: (v) => v instanceof MigCluster, expected: 'a MigCluster' }]);
    if (problems.length > 0) throw toInputPropertiesError(problems, name);
    super('mig-constructs:index:TenantQuota', name, {}, opts);
    const { cluster, ...rest } = args;
    this.namespace = args.namespace;
    this.resources.push(...cluster._registerTenant(this, name, { ...rest, path: name }));
    this.registerOutputs({ namespace: this.namespace });
  }
}
