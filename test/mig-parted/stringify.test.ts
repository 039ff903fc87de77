import { Document, isMap, isPair, isScalar, isSeq, parse, visit } from 'yaml';
import { GPU_MODELS, enumerateLayouts, renderMigPartedConfig } from '../../src';
import { stringifyMigPartedConfig, type MigPartedDocument } from '../../src/mig-parted';

/** The yaml library's rendering of the same document (what stringifyMigPartedConfig replaced): the reference. */
function viaYamlLibrary(document: MigPartedDocument): string {
  const doc = new Document(document, { aliasDuplicateObjects: false, version: '1.1' });
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && (pair.key.value === 'device-filter' || pair.key.value === 'devices') && isSeq(pair.value)) pair.value.flow = true;
    },
    Map(_, map) {
      if (isMap(map)) map.flow = false;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

test('writes the same bytes as the yaml library for every valid layout of every model, uniform and per GPU', () => {
  let compared = 0;
  for (const gpu of GPU_MODELS) {
    const configs: Record<string, { gpu: typeof gpu; layout?: Record<string, number>; perGpu?: (Record<string, number> | false)[] }> = {};
    const layouts = enumerateLayouts(gpu).map((f) => Object.fromEntries(f.entries.map((e) => [e.profile.name, e.count])));
    layouts.forEach((layout, i) => {
      configs[`${gpu.toLowerCase()}-${i}`] = { gpu, layout };
      configs[`${gpu.toLowerCase()}-${i}-mixed`] = { gpu, perGpu: [layout, false, layouts[(i + 1) % layouts.length], layout] };
    });
    const { document } = renderMigPartedConfig(configs as never);
    expect(stringifyMigPartedConfig(document)).toBe(viaYamlLibrary(document));
    compared += Object.keys(configs).length;
  }
  expect(compared).toBeGreaterThan(1000);
});

test('quotes names a YAML 1.1 reader would not read back as strings', () => {
  const document: MigPartedDocument = {
    'version': 'v1',
    'mig-configs': Object.fromEntries(['on', 'yes', 'No', '1.5', '0x1F', 'true', 'null', '1e3', 'plain-name', 'a_b.c'].map((n) => [n, [{ 'devices': [0, 1], 'mig-enabled': true, 'mig-devices': { '1g.10gb': 2 } }]])),
  };
  const text = stringifyMigPartedConfig(document);
  expect(text).toBe(viaYamlLibrary(document));
  expect(Object.keys(parse(text, { version: '1.1' })['mig-configs'])).toEqual(Object.keys(document['mig-configs']));
  expect(text).toContain('  "on":\n');
  expect(text).toContain('  plain-name:\n');
  expect(text).toContain('devices: [ 0, 1 ]');
});

test('writes an empty mig-devices map as {} on its key line (the yaml library puts it on a line of its own)', () => {
  const document: MigPartedDocument = { 'version': 'v1', 'mig-configs': { 'on-no-instances': [{ 'devices': 'all', 'mig-enabled': true, 'mig-devices': {} }] } };
  const text = stringifyMigPartedConfig(document);
  expect(text).toBe('version: v1\nmig-configs:\n  on-no-instances:\n    - devices: all\n      mig-enabled: true\n      mig-devices: {}\n');
  expect(parse(text, { version: '1.1' })).toEqual(document);
});
