export * from './layout-check';
export * from './mig-parted-input';
export * from './mig-parted-check';
export * from './platform';
export * from './validate-platform';
export * from './spec-file';
export * from './spec-schema';
