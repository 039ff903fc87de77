export * from './mig-parted';
export * from './platform-objects';
export * from './clouds';
export * from './registry';
