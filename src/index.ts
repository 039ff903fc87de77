/**
 * mig-constructs: typed infrastructure-as-code for NVIDIA Multi-Instance GPU on Kubernetes.
 * The core entry point: the catalogue, the geometry, the platform spec and its validation, the
 * renderers and the planner. Framework adapters live at `mig-constructs/cdk8s` and `mig-constructs/pulumi`.
 */
export * from './diagnostics';
export * from './catalog';
export * from './naming';
export * from './geometry';
export * from './mig-parted';
export * from './spec';
export * from './render';
export * from './plan';
