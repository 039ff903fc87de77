import { isAlias, isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics';

/**
 * Reading YAML that anyone may have written, with bounded time and memory (README "Limits"):
 * the file size, the nesting depth and the number of alias expansions are capped, duplicate keys are
 * found in linear time (the yaml library's own check is quadratic in a map's size), and nothing the
 * parser or the conversion throws escapes: every problem is a diagnostic with `file:line:col`.
 */

/** The largest YAML input read (spec files, mig-parted files). */
export const MAX_YAML_BYTES = 16 * 1024 * 1024;
/** The deepest nesting of maps and lists accepted; a platform spec needs 6, a mig-parted file 5. */
export const MAX_YAML_DEPTH = 64;
/** Alias expansions allowed (the yaml library's default), against "billion laughs" documents. */
export const MAX_YAML_ALIAS_COUNT = 100;

export type YamlPath = (string | number)[];

export interface YamlInput {
  /** The parsed document; set when `value` is. */
  readonly doc?: Document;
  /** The document as plain data; undefined when there were problems. */
  readonly value?: unknown;
  readonly diagnostics: Diagnostic[];
  /** `file:line:col path` of a node, for diagnostics. */
  where(path: YamlPath): string;
}

/** `pools[0].layout` from ['pools', 0, 'layout']; `(document)` for the root. */
export function formatYamlPath(path: YamlPath): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : String(k)), '') || '(document)';
}

export function readYaml(text: string, fileName: string, options: { version?: '1.1' | '1.2'; syntaxHint: string }): YamlInput {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${fileName}:${line}:${col}`;
  };
  const fail = (diagnostics: Diagnostic[], doc?: Document): YamlInput => ({ diagnostics, where: (p) => whereIn(doc, p) });
  const whereIn = (doc: Document | undefined, path: YamlPath): string => {
    const node = doc && (path.length === 0 ? doc.contents : (doc.getIn(path, true) as Node | undefined));
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0] ?? 0;
    return `${at(offset)} ${formatYamlPath(path)}`;
  };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_YAML_BYTES) {
    return fail([{ path: `${fileName}:1:1`, message: `the file is ${(bytes / 1048576).toFixed(1)} MiB; the limit is ${MAX_YAML_BYTES / 1048576} MiB`, hint: 'split it, or check that it is the file you meant' }]);
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, ...(options.version ? { version: options.version } : {}) });
  } catch (e) {
    return fail([{ path: `${fileName}:1:1`, message: `not valid YAML: ${(e as Error).message.split('\n')[0]}`, hint: options.syntaxHint }]);
  }
  const d: Diagnostic[] = doc.errors.map((e) => ({
    path: at(e.pos[0]),
    message: `not valid YAML: ${/call stack/i.test(e.message) ? `nested too deeply (the limit is ${MAX_YAML_DEPTH} levels)` : e.message.split('\n')[0]}`,
    hint: options.syntaxHint,
  }));
  if (d.length > 0) return fail(d, doc);
  d.push(...structureProblems(doc, at));
  if (d.length > 0) return fail(d, doc);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof ReferenceError
      ? `the document expands its aliases (*name) more than ${MAX_YAML_ALIAS_COUNT} times`
      : `the document cannot be read: ${(e as Error).message.split('\n')[0]}`;
    return fail([{ path: `${fileName}:1:1`, message, hint: 'write the values out instead of repeating aliases' }], doc);
  }
  return { doc, value, diagnostics: [], where: (p) => whereIn(doc, p) };
}

/** Depth over the limit and duplicate keys, found with an explicit stack (no recursion to overflow). */
function structureProblems(doc: Document, at: (offset: number) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isCollection(node)) continue;
    const offset = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
    if (depth > MAX_YAML_DEPTH) {
      out.push({ path: at(offset), message: `the document is nested more than ${MAX_YAML_DEPTH} levels deep`, hint: 'flatten it: a spec or mig-parted file needs a few levels' });
      return out;
    }
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : isAlias(pair.key) ? `*${pair.key.source}` : undefined;
        const keyOffset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
        if (key !== undefined) {
          const first = seen.get(key);
          if (first !== undefined) out.push({ path: at(keyOffset), message: `not valid YAML: the key '${key}' appears twice in one map (first at ${at(first)})`, hint: 'keep one of them' });
          else seen.set(key, keyOffset);
        }
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return out;
}
