export * from './state';
export * from './diff';
export * from './waves';
export * from './runbook';
export * from './replan';
