import { Construct } from 'constructs';
import type { MigProfile } from '../catalog';
import { MigValidationError } from '../diagnostics';
import { adapterArgProblems } from '../render';
import type { TenantSpec } from '../spec';
import { MigCluster } from './cluster';

export interface TenantQuotaProps extends Omit<TenantSpec<MigProfile>, 'path'> {
  readonly cluster: MigCluster;
}

/**
 * A tenant's share of MIG slices: a Namespace (created, or an existing one with
 * `createNamespace: false`) and a ResourceQuota with `requests.<resource>` per granted profile. By
 * default every other MIG resource the cluster offers is set to 0 there, so the tenant cannot use
 * slices it was not granted. Grants are checked against the pools' capacity at synth.
 *
 * @example
 * new TenantQuota(chart, 'team-a', { cluster, namespace: 'team-a', slices: { '1g.10gb': 8, '3g.40gb': 1 } });
 */
export class TenantQuota extends Construct {
  public readonly namespace: string;
  public readonly spec: TenantSpec<string>;

  constructor(scope: Construct, id: string, props: TenantQuotaProps) {
    super(scope, id);
    const problems = adapterArgProblems('TenantQuota', this.node.path, props, [{ key: 'cluster', ok: (v) => v instanceof MigCluster, expected: 'a MigCluster' }]);
    if (problems.length > 0) throw new MigValidationError(problems);
    const { cluster, ...rest } = props;
    this.namespace = props.namespace;
    this.spec = { ...rest, path: this.node.path };
    cluster._registerTenant(this, this.spec);
  }
}
