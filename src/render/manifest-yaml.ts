import { stringify } from 'yaml';
import { compareKeys } from '../order';
import { yamlScalar } from '../yaml-scalar';
import type { KubeManifest } from './objects';

/** Top-level keys cdk8s writes first; every other key at every level is in compareKeys order. */
const HEAD = ['apiVersion', 'kind', 'metadata'];

function sortNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortNested);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort(compareKeys).map((k) => [k, sortNested((value as Record<string, unknown>)[k])]));
}

/**
 * A manifest with the key order cdk8s synth writes (apiVersion, kind, metadata first, then every
 * key sorted by compareKeys, nested maps too), so `mig render` and the constructs give the same bytes.
 */
export function sortManifestKeys(manifest: KubeManifest): Record<string, unknown> {
  const sorted = sortNested(manifest) as Record<string, unknown>;
  const keys = [...HEAD.filter((k) => k in sorted), ...Object.keys(sorted).filter((k) => !HEAD.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, sorted[k]]));
}

/**
 * Manifests as one multi-document YAML file. YAML 1.1, as cdk8s writes and as Kubernetes' YAML
 * reader takes it: a label value `on` or `yes` is quoted, where YAML 1.2 output would leave it bare
 * and kubectl would read a boolean.
 */
export function manifestsYaml(objects: readonly KubeManifest[]): string {
  return objects.map((o) => fastYaml(o) ?? stringify(sortManifestKeys(o), YAML_OPTIONS)).join('---\n');
}

const YAML_OPTIONS = { lineWidth: 0, version: '1.1' } as const;

/**
 * The YAML the yaml library writes with YAML_OPTIONS, for documents made only of maps, lists,
 * whole numbers, booleans and one-line strings (yamlScalar); undefined for anything else, which the
 * library then writes itself. A large platform's manifests are mostly such documents, and the library
 * takes about 0.3 s per MB of output (bench/large-input.ts); test/render/manifest-yaml.test.ts checks
 * the two agree byte for byte on every manifest the tests render and on random documents.
 */
export function fastYaml(manifest: KubeManifest): string | undefined {
  const lines: string[] = [];
  const keys = objectKeyOrder(Object.keys(manifest).sort(compareKeys));
  const indices = keys.filter(isArrayIndex);
  const top = [...indices, ...HEAD.filter((k) => k in manifest), ...keys.filter((k) => !HEAD.includes(k) && !isArrayIndex(k))];
  return writeMap(manifest, 0, lines, '', top) ? `${lines.join('\n')}\n` : undefined;
}

const pad = (n: number) => ' '.repeat(n);

/** An array-index key ("0", "17"): JavaScript objects list these first, in numeric order, whatever the insertion order. */
function isArrayIndex(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * Keys in the order an object built from them enumerates: array indices first, numerically, then
 * the rest as given. cdk8s and sortManifestKeys build objects from sorted keys, so this is the order
 * their YAML has.
 */
function objectKeyOrder(sorted: readonly string[]): string[] {
  const indices = sorted.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return indices.length === 0 ? [...sorted] : [...indices, ...sorted.filter((k) => !isArrayIndex(k))];
}

/** Writes a non-empty map, keys in compareKeys order; the first key goes after `lead` (a list item's `- `), the rest at `indent`. */
function writeMap(map: Record<string, unknown>, indent: number, lines: string[], lead: string, order?: readonly string[]): boolean {
  let first = true;
  for (const key of order ?? objectKeyOrder(Object.keys(map).sort(compareKeys))) {
    const k = yamlScalar(key);
    if (k === undefined) return false;
    const prefix = first ? lead || pad(indent) : pad(indent);
    first = false;
    if (!writeValue(`${prefix}${k}:`, map[key], indent + 2, lines)) return false;
  }
  return true;
}

/** Writes `head` (a key line or a list dash) followed by the value, nested at `indent`. */
function writeValue(head: string, value: unknown, indent: number, lines: string[]): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      lines.push(`${head} []`);
      return true;
    }
    lines.push(head);
    return writeList(value, indent, lines);
  }
  if (typeof value === 'object' && value !== null) {
    if (Object.keys(value).length === 0) {
      lines.push(`${head} {}`);
      return true;
    }
    lines.push(head);
    return writeMap(value as Record<string, unknown>, indent, lines, '');
  }
  const text = yamlScalar(value);
  if (text === undefined) return false;
  lines.push(`${head} ${text}`);
  return true;
}

function writeList(list: readonly unknown[], indent: number, lines: string[]): boolean {
  for (const item of list) {
    const dash = `${pad(indent)}- `;
    if (Array.isArray(item) && item.length > 0) {
      // A list in a list starts on the dash line: `- - a`.
      const start = lines.length;
      if (!writeList(item, indent + 2, lines)) return false;
      lines[start] = `${dash}${lines[start].slice(indent + 2)}`;
    } else if (typeof item === 'object' && item !== null && !Array.isArray(item) && Object.keys(item).length > 0) {
      if (!writeMap(item as Record<string, unknown>, indent + 2, lines, dash)) return false;
    } else if (Array.isArray(item) || (typeof item === 'object' && item !== null)) {
      lines.push(`${dash}${Array.isArray(item) ? '[]' : '{}'}`);
    } else {
      const text = yamlScalar(item);
      if (text === undefined) return false;
      lines.push(`${dash}${text}`);
    }
  }
  return true;
}
