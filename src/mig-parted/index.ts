export * from './document';
export * from './build';
export * from './stringify';
export * from './parse';
export * from './config-name';
