import { parse, stringify } from 'yaml';
import type { MigPartedDocument, MigPartedEntry } from './document';

/**
 * The document as YAML text: stable key order, PCI ids double-quoted (an unquoted `0x233010DE` is
 * a number), `device-filter` and `devices` lists in flow style as in the GPU Operator's default
 * config, no line folding. Same document, same bytes.
 *
 * Written directly rather than through the yaml library's document model, which cost 40 ms for a
 * 1,000-pool platform (bench/synth.ts): the format is small and fixed. A scalar is written plain
 * only when a YAML 1.1 reader (mig-parted uses sigs.k8s.io/yaml) reads it back as the same string;
 * otherwise the yaml library quotes it, so a config named `on` or `1.5` stays a string.
 * test/mig-parted/stringify.test.ts compares the output with the yaml library's on every layout.
 */
export function stringifyMigPartedConfig(document: MigPartedDocument): string {
  const lines = [`version: ${scalar(document.version)}`, 'mig-configs:'];
  for (const [name, entries] of Object.entries(document['mig-configs'])) {
    lines.push(`  ${scalar(name)}:`);
    for (const entry of entries) pushEntry(entry, lines);
  }
  return `${lines.join('\n')}\n`;
}

function pushEntry(entry: MigPartedEntry, lines: string[]): void {
  let first = true;
  for (const [key, value] of Object.entries(entry)) {
    const lead = first ? '    - ' : '      ';
    first = false;
    if (key === 'device-filter' || key === 'devices') {
      lines.push(`${lead}${scalar(key)}: ${Array.isArray(value) ? flowList(value) : scalar(value)}`);
    } else if (typeof value === 'object' && value !== null) {
      const pairs = Object.entries(value as Record<string, number>);
      if (pairs.length === 0) {
        lines.push(`${lead}${scalar(key)}: {}`);
        continue;
      }
      lines.push(`${lead}${scalar(key)}:`);
      for (const [profile, count] of pairs) lines.push(`        ${scalar(profile)}: ${scalar(count)}`);
    } else {
      lines.push(`${lead}${scalar(key)}: ${scalar(value)}`);
    }
  }
}

function flowList(values: readonly unknown[]): string {
  return values.length === 0 ? '[]' : `[ ${values.map(scalar).join(', ')} ]`;
}

const PLAIN_CANDIDATE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const written = new Map<string, string>();

/** One scalar as YAML: plain when that reads back as itself under YAML 1.1, else quoted by the yaml library. Cached: names repeat. */
function scalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  let out = written.get(s);
  if (out === undefined) {
    out = PLAIN_CANDIDATE.test(s) && parse(s, { version: '1.1' }) === s ? s : stringify(s, { version: '1.1', lineWidth: 0 }).trimEnd();
    if (written.size < 100_000) written.set(s, out); // bounded: a long-lived process sees many names
  }
  return out;
}
