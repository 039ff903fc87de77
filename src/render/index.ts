export * from './objects';
export * from './mig-parted';
export * from './platform-objects';
export * from './manifest-yaml';
export * from './clouds';
export * from './registry';
export * from './adapter-args';
export * from './telemetry';
