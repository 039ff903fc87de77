/**
 * The layer order of docs/architecture.md, read from the imports: arrows point down only, siblings
 * (render/ and plan/; catalog/ and naming/; the three adapters) do not import each other, and nothing
 * below the adapters imports a framework or the file system.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../src');

/** Lower rank = lower layer. The root index.ts sits on top of the core it re-exports. */
export const LAYERS: Record<string, number> = {
  'diagnostics': 0,
  'order': 0,
  'numbers': 0,
  'yaml-scalar': 0,
  'catalog': 1,
  'naming': 1,
  'geometry': 2,
  'mig-parted': 3,
  'spec': 4,
  'render': 5,
  'plan': 5,
  'chargeback': 5,
  'cdk8s': 6,
  'pulumi': 6,
  'cli': 6,
  'index': 7,
};
const ADAPTER_RANK = 6;
const FRAMEWORKS = /^(cdk8s|cdk8s-plus-\d+|constructs|@pulumi\/.*|fs|path|child_process|os|node:.*)$/;

function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? rel[0].replace(/\.ts$/, '') : rel[0];
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

function imports(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
}

/** Every import that breaks the layer order, as `file -> target (why)`. */
export function layerViolations(): string[] {
  const out: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    const rank = LAYERS[from];
    if (rank === undefined) {
      out.push(`${path.relative(SRC, file)}: folder '${from}' has no place in the layer order`);
      continue;
    }
    for (const spec of imports(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (rank < ADAPTER_RANK && FRAMEWORKS.test(spec)) out.push(`${path.relative(SRC, file)} -> ${spec} (a framework or I/O below the adapters)`);
        continue;
      }
      const to = layerOf(require.resolve(path.resolve(path.dirname(file), spec)));
      if (to === from) continue;
      const toRank = LAYERS[to];
      if (toRank === undefined || toRank >= rank) out.push(`${path.relative(SRC, file)} -> ${spec} (${from} may not import ${to})`);
    }
  }
  return out;
}

test('every folder of src/ has a place in the layer order', () => {
  const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(folders.filter((f) => LAYERS[f] === undefined)).toEqual([]);
});

test('no import points up a layer or across to a sibling', () => {
  expect(layerViolations()).toEqual([]);
});

test('the reader sees multi-line and type-only imports', () => {
  expect(imports("import {\n  a,\n  b,\n} from '../render';\nimport type { X } from './y';\nexport * from './z';")).toEqual(['../render', './y', './z']);
});
