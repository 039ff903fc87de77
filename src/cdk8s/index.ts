/**
 * cdk8s constructs: `import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from 'mig-constructs/cdk8s'`.
 * Requires the peer dependencies cdk8s, constructs and cdk8s-plus-28.
 */
export * from './cluster';
export * from './node-pool';
export * from './workload';
export * from './tenant-quota';
export * from './plus';
