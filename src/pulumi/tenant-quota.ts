import * as pulumi from '@pulumi/pulumi';
import type { MigProfile } from '../catalog';
import type { TenantSpec } from '../spec';
import type { MigCluster } from './cluster';

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
    super('mig-constructs:index:TenantQuota', name, {}, opts);
    const { cluster, ...rest } = args;
    this.namespace = args.namespace;
    this.resources.push(...cluster._registerTenant(this, name, { ...rest, path: name }));
    this.registerOutputs({ namespace: this.namespace });
  }
}
