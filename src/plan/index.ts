export * from './planner';
export * from './baselines';
export { firstFitDecreasing, type GpuCounts } from './ffd';
export { layoutIndex, type LayoutIndex } from './layout-index';
export { MAX_PLAN_GPUS, MAX_PLAN_INSTANCES, MAX_TIME_LIMIT_SECONDS } from './request';
export * from './rollout';
export { planSpec } from './plan-spec';
