import type { Diagnostic } from '../diagnostics';
import type { PlatformSpec } from './platform';
import { nestedSection, sectionFields, type SectionName } from './shape';
import { validatePlatform } from './validate-platform';
import { readYaml, type YamlPath } from './yaml-input';

/**
 * Reads a platform spec from YAML text (the language-neutral input of `mig render`). The shape is
 * checked here — unknown fields, wrong types — so a typo is an error, not a silently ignored key;
 * the platform rules run afterwards in validatePlatform. Every diagnostic path starts with
 * `file:line:col` of the offending node.
 */
export function parsePlatformSpec(yamlText: string, fileName = 'spec.yaml'): ParsedPlatformSpec {
  const input = readYaml(yamlText, fileName, { syntaxHint: 'fix the YAML syntax' });
  if (input.value === undefined) return { diagnostics: input.diagnostics };
  const d: Diagnostic[] = [];
  const where = input.where;
  const raw = input.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { diagnostics: [{ path: `${fileName}:1:1`, message: 'the spec is not a map', hint: 'start with `strategy: mixed` and lists of pools, workloads and tenants' }] };
  }
  const shape = checkShape(raw as Record<string, unknown>);
  for (const s of shape) d.push({ path: where(s.path), message: s.message, hint: s.hint });
  const r = raw as Record<string, unknown>;
  const lists = ['pools', 'workloads', 'tenants'] as const;
  if (d.length > 0 && lists.some((key) => r[key] !== undefined && !Array.isArray(r[key]))) return { diagnostics: d };
  // Items get their file:line:col as their path; an item that is not a map is left for the validator to name.
  const withPaths = (key: string) => ((r[key] as unknown[] | undefined) ?? [])
    .map((item, i) => (isMap(item) ? { ...item, path: where([key, i]) } : item));
  const spec: PlatformSpec = {
    strategy: r.strategy as PlatformSpec['strategy'],
    operator: r.operator as PlatformSpec['operator'],
    allowOvercommit: r.allowOvercommit as boolean | undefined,
    allocation: r.allocation as PlatformSpec['allocation'],
    kueue: r.kueue as PlatformSpec['kueue'],
    telemetry: r.telemetry as PlatformSpec['telemetry'],
    path: fileName,
    pools: withPaths('pools') as unknown as PlatformSpec['pools'],
    workloads: withPaths('workloads') as unknown as PlatformSpec['workloads'],
    tenants: withPaths('tenants') as unknown as PlatformSpec['tenants'],
  };
  const locate = locator(raw, fileName, where);
  if (d.length === 0) return { spec, diagnostics: [], locate };
  if (r.strategy !== 'mixed' && r.strategy !== 'single') return { diagnostics: d }; // nothing is checked without one
  // The shape has problems, each with its exact file:line:col. The platform rules still run, so that
  // every other problem is reported in the same pass; what they say again about a place the shape
  // check already named is left out.
  const named = d.map((x) => logicalPath(x.path, fileName));
  const rest = validatePlatform(spec).diagnostics.filter((x) => {
    const p = logicalPath(x.path, fileName);
    return !named.some((n) => p === n || p.startsWith(`${n}.`) || p.startsWith(`${n}[`) || n.startsWith(`${p}.`) || n.startsWith(`${p}[`));
  });
  return { diagnostics: [...d, ...rest.map((x) => ({ ...x, path: locate(x.path) }))] };
}

export interface ParsedPlatformSpec {
  readonly spec?: PlatformSpec;
  readonly diagnostics: Diagnostic[];
  /**
   * Puts `file:line:col` on a path validatePlatform gives the platform's own fields
   * (`spec.yaml.telemetry.idleFor` -> `spec.yaml:3:12 telemetry.idleFor`); other paths (items
   * already carry their location) are returned as they are.
   */
  readonly locate?: (path: string) => string;
}

function locator(raw: unknown, fileName: string, where: (p: YamlPath) => string): (path: string) => string {
  return (p) => {
    if (!p.startsWith(`${fileName}.`)) return p;
    const logical = p.slice(fileName.length + 1);
    // Walk the parsed value by its keys, which may hold dots (profile names): the longest key that fits wins.
    const segments: YamlPath = [];
    let cur: unknown = raw;
    let rest = logical;
    while (rest.length > 0) {
      const index = /^\[(\d+)\]\.?/.exec(rest);
      if (index && Array.isArray(cur)) {
        segments.push(Number(index[1]));
        cur = cur[Number(index[1])];
        rest = rest.slice(index[0].length);
        continue;
      }
      if (!isMap(cur)) break;
      const key = Object.keys(cur).filter((k) => rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`)).sort((a, b) => b.length - a.length)[0];
      if (key === undefined) break;
      segments.push(key);
      cur = cur[key];
      rest = rest.slice(key.length).replace(/^\./, '');
    }
    const position = /^:(\d+):(\d+)/.exec(where(segments).slice(fileName.length));
    return position ? `${fileName}:${position[1]}:${position[2]} ${logical}` : p;
  };
}

/**
 * `pools[0].layout` from `spec.yaml:12:7 pools[0].layout` (an item's location comes first) and
 * `operator.x` from `spec.yaml.operator.x` (the file is the root of the platform's own paths).
 */
function logicalPath(path: string, fileName: string): string {
  if (path.startsWith(`${fileName}.`)) return path.slice(fileName.length + 1);
  const space = path.indexOf(' ');
  return space < 0 ? path : path.slice(space + 1);
}

interface ShapeProblem {
  readonly path: (string | number)[];
  readonly message: string;
  readonly hint: string;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(obj: Record<string, unknown>, section: SectionName, path: (string | number)[], out: ShapeProblem[]): void {
  const allowed = sectionFields(section);
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      out.push({ path: [...path, key], message: `unknown field '${key}'`, hint: `allowed here: ${allowed.join(', ')}` });
      continue;
    }
    checkNested(obj[key], section, key, [...path, key], out);
  }
}

/** Descends into the maps and lists of maps SPEC_SHAPE describes, so a typo at any depth is an error. */
function checkNested(value: unknown, parent: SectionName, key: string, path: (string | number)[], out: ShapeProblem[]): void {
  const nested = nestedSection(parent, key);
  const mapSection = nested.section ?? nested.orSection;
  if (mapSection && isMap(value)) {
    unknownKeys(value, mapSection, path, out);
  } else if (nested.section && value !== undefined && value !== null) {
    out.push({ path, message: `${key} is not a map`, hint: `write ${key} as a map of its fields (${sectionFields(nested.section).join(', ')})` });
  }
  if (nested.items === undefined || value === undefined) return;
  if (!Array.isArray(value)) {
    out.push({ path, message: `${key} is not a list`, hint: `write ${key} as a YAML list (- items)` });
    return;
  }
  value.forEach((item, i) => {
    if (isMap(item)) unknownKeys(item, nested.items!, [...path, i], out);
    else out.push({ path: [...path, i], message: `${key}[${i}] is not a map`, hint: `write each item of ${key} as a map of fields (${sectionFields(nested.items!).join(', ')})` });
  });
}

/** Structural checks the platform rules assume (field names at every depth, lists, maps). Types of values are checked by validatePlatform. */
function checkShape(raw: Record<string, unknown>): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  unknownKeys(raw, 'platform', [], out);
  if (raw.strategy === undefined) out.push({ path: [], message: "the 'strategy' field is missing", hint: 'add `strategy: mixed` (or single)' });
  return out;
}
