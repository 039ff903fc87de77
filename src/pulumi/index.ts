/**
 * Pulumi components: `import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from 'mig-constructs/pulumi'`.
 * Requires the peer dependencies @pulumi/pulumi and @pulumi/kubernetes.
 */
export * from './cluster';
export * from './node-pool';
export * from './workload';
export * from './tenant-quota';
