export * from './fit';
export * from './layout';
export * from './enumerate';
