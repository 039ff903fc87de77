/**
 * The one order for user keys and names (labels, env, resource names, ids): UTF-16 code-unit
 * order, as `Array.prototype.sort()` gives with no comparator and as cdk8s sorts manifest keys.
 * `localeCompare` is not used anywhere: its order depends on the machine's locale (ICU data), so
 * the same spec could give different bytes on two machines.
 */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
