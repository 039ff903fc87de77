import { Document, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { MigPartedDocument } from './document';

/**
 * The document as YAML text: stable key order, profile names and PCI ids quoted (an unquoted
 * `0x233010DE` would be read as a number), no line folding. Same document, same bytes.
 */
export function stringifyMigPartedConfig(document: MigPartedDocument): string {
  const doc = new Document(document, { aliasDuplicateObjects: false });
  // `device-filter` and `devices` lists in flow style, as in the GPU Operator's default config.
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && (pair.key.value === 'device-filter' || pair.key.value === 'devices') && isSeq(pair.value)) {
        pair.value.flow = true;
      }
    },
    Map(_, map) {
      if (isMap(map)) map.flow = false;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
