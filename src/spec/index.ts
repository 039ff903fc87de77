export * from './layout-check';
export * from './mig-parted-input';
export * from './mig-parted-check';
export * from './platform';
export * from './validate-platform';
