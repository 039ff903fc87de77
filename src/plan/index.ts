export * from './planner';
export * from './baselines';
export { firstFitDecreasing, type GpuCounts } from './ffd';
export { layoutIndex, type LayoutIndex } from './layout-index';
