export * from './types';
export * from './catalog';
export * from './profile-name';
export { MIG_PROFILE_ALIASES, type MigProfileAlias, type AliasTable } from './aliases';
export { MIG_CATALOG } from './models.generated';
export * from './clouds';
