import { createHash } from 'crypto';
import type { MigPartedEntry } from './document';

/** Hex digits of the content hash in a versioned config name. */
export const CONFIG_HASH_LENGTH = 8;

/** Its entries as JSON with every map's keys sorted: the same text for the same config, whatever built it. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two configs' entries are the same (key order aside): applying one where the other is applied changes no GPU. */
export function sameMigPartedEntries(a: readonly unknown[], b: readonly unknown[]): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * A pool's config name in the MIG Manager ConfigMap: `<pool>-<hash>`, the hash being the first
 * CONFIG_HASH_LENGTH hex digits of SHA-256 over the config's entries. An unchanged layout keeps its
 * name; a changed one gets a new name, so a node repartitions only when its `nvidia.com/mig.config`
 * label is set to the new name, never because the ConfigMap changed under it
 * (docs/reference/k8s-mig-integration.md §8.5 item 6).
 */
export function versionedConfigName(pool: string, entries: readonly MigPartedEntry[]): string {
  return `${pool}-${entriesHash(canonicalJson(entries))}`;
}

// Fleets repeat a few layouts over many pools: each text is hashed once. Bounded, so a long-lived
// process (a Pulumi program, a test run) does not keep every layout it ever saw.
const HASHES = new Map<string, string>();
const HASHES_MAX = 1024;

function entriesHash(text: string): string {
  let hash = HASHES.get(text);
  if (hash === undefined) {
    hash = createHash('sha256').update(text).digest('hex').slice(0, CONFIG_HASH_LENGTH);
    if (HASHES.size >= HASHES_MAX) HASHES.clear();
    HASHES.set(text, hash);
  }
  return hash;
}
