import { yamlScalar } from '../yaml-scalar';
import type { MigPartedDocument, MigPartedEntry } from './document';

/**
 * The document as YAML text: stable key order, PCI ids double-quoted (an unquoted `0x233010DE` is
 * a number), `device-filter` and `devices` lists in flow style as in the GPU Operator's default
 * config, no line folding. Same document, same bytes.
 *
 * Written directly rather than through the yaml library's document model, which cost 40 ms for a
 * 1,000-pool platform (bench/synth.ts): the format is small and fixed. Each scalar is written as the
 * yaml library writes it in YAML 1.1 (mig-parted reads with sigs.k8s.io/yaml), so a config named
 * `on` or `1.5` is quoted and stays a string.
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

/** One scalar as the yaml library writes it; a string that is not one line is written JSON-quoted (valid YAML). */
function scalar(value: unknown): string {
  return yamlScalar(value) ?? JSON.stringify(value);
}
