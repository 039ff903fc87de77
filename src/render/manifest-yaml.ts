import { stringify } from 'yaml';
import { compareKeys } from '../order';
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
 * whole numbers, booleans and simple strings (see `simple`); undefined for anything else, which the
 * library then writes itself. A large platform's manifests are mostly such documents, and the library
 * takes about 0.3 s per MB of output (bench/large-input.ts); test/render/manifest-yaml.test.ts checks
 * the two agree byte for byte on every manifest the tests render and on random documents.
 */
export function fastYaml(manifest: KubeManifest): string | undefined {
  const lines: string[] = [];
  const keys = Object.keys(manifest).sort(compareKeys);
  const top = [...HEAD.filter((k) => k in manifest), ...keys.filter((k) => !HEAD.includes(k))];
  return writeMap(manifest, 0, lines, '', top) ? `${lines.join('\n')}\n` : undefined;
}

const pad = (n: number) => ' '.repeat(n);

/** Writes a non-empty map, keys in compareKeys order; the first key goes after `lead` (a list item's `- `), the rest at `indent`. */
function writeMap(map: Record<string, unknown>, indent: number, lines: string[], lead: string, order?: readonly string[]): boolean {
  let first = true;
  for (const key of order ?? Object.keys(map).sort(compareKeys)) {
    const k = scalar(key);
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
  const text = scalar(value);
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
      const text = scalar(item);
      if (text === undefined) return false;
      lines.push(`${dash}${text}`);
    }
  }
  return true;
}

// A string that starts with a letter and holds only name characters is never a number or a date,
// so the library writes it plain unless it is one of YAML 1.1's boolean or null words. Any other
// single-line string is written the way the library writes it on its own (plain, or quoted), asked
// once per distinct string; a multi-line string (a block scalar) makes the document fall back.
const NAME_LIKE = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;
const written = new Map<string, string | null>();

function scalar(value: unknown): string | undefined {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  if (NAME_LIKE.test(value) && !YAML11_WORDS.test(value)) return value;
  let out = written.get(value);
  if (out === undefined) {
    const text = stringify(value, YAML_OPTIONS);
    out = text.indexOf('\n') === text.length - 1 && !/^[|>]/.test(text) ? text.slice(0, -1) : null;
    if (written.size < 100_000) written.set(value, out);
  }
  return out ?? undefined;
}
