import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import type { PlatformSpec } from './platform';

/**
 * Reads a platform spec from YAML text (the language-neutral input of `mig render`). The shape is
 * checked here — unknown fields, wrong types — so a typo is an error, not a silently ignored key;
 * the platform rules run afterwards in validatePlatform. Every diagnostic path starts with
 * `file:line:col` of the offending node.
 */
export function parsePlatformSpec(yamlText: string, fileName = 'spec.yaml'): { spec?: PlatformSpec; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const d: Diagnostic[] = [];
  for (const e of doc.errors) {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    d.push({ path: `${fileName}:${line}:${col}`, message: `not valid YAML: ${e.message.split('\n')[0]}`, hint: 'fix the YAML syntax' });
  }
  if (d.length > 0) return { diagnostics: d };
  const where = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    const p = path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');
    return `${fileName}:${line}:${col} ${p}`;
  };
  const raw: unknown = doc.toJS();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { diagnostics: [{ path: `${fileName}:1:1`, message: 'the spec is not a map', hint: 'start with `strategy: mixed` and lists of pools, workloads and tenants' }] };
  }
  const shape = checkShape(raw as Record<string, unknown>);
  for (const s of shape) d.push({ path: where(s.path), message: s.message, hint: s.hint });
  if (d.length > 0) return { diagnostics: d };
  const r = raw as Record<string, unknown>;
  const withPaths = <T extends object>(key: string) => ((r[key] as T[] | undefined) ?? []).map((item, i) => ({ ...item, path: where([key, i]) }));
  return {
    spec: {
      strategy: r.strategy as PlatformSpec['strategy'],
      operator: r.operator as PlatformSpec['operator'],
      allowOvercommit: r.allowOvercommit as boolean | undefined,
      path: fileName,
      pools: withPaths('pools') as unknown as PlatformSpec['pools'],
      workloads: withPaths('workloads') as unknown as PlatformSpec['workloads'],
      tenants: withPaths('tenants') as unknown as PlatformSpec['tenants'],
    },
    diagnostics: [],
  };
}

interface ShapeProblem {
  readonly path: (string | number)[];
  readonly message: string;
  readonly hint: string;
}

const TOP = ['$schema', 'strategy', 'operator', 'allowOvercommit', 'pools', 'workloads', 'tenants'];
const FIELDS: Record<string, string[]> = {
  pools: ['name', 'gpu', 'gpusPerNode', 'nodes', 'nodeSelector', 'taints', 'layout', 'perGpu', 'timeSlicing', 'karpenter'],
  workloads: ['name', 'namespace', 'pool', 'profile', 'slicesPerPod', 'replicas', 'kind', 'image', 'containerName', 'command', 'args', 'env', 'labels', 'serviceName'],
  tenants: ['namespace', 'slices', 'createNamespace', 'denyUngrantedProfiles', 'quotaName'],
};
const OPERATOR = ['version', 'namespace', 'createNamespace', 'chartRepository', 'releaseName', 'migConfigMapName', 'devicePluginConfigMapName', 'withReboot', 'dcgmExporter', 'gitops'];

function unknownKeys(obj: Record<string, unknown>, allowed: string[], path: (string | number)[], out: ShapeProblem[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) out.push({ path: [...path, key], message: `unknown field '${key}'`, hint: `allowed here: ${allowed.join(', ')}` });
  }
}

/** Structural checks the platform rules assume (field names, lists, maps). Types of values are checked by validatePlatform. */
function checkShape(raw: Record<string, unknown>): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  unknownKeys(raw, TOP, [], out);
  if (raw.strategy === undefined) out.push({ path: [], message: "the 'strategy' field is missing", hint: 'add `strategy: mixed` (or single)' });
  if (raw.operator !== undefined) {
    if (typeof raw.operator !== 'object' || raw.operator === null || Array.isArray(raw.operator)) out.push({ path: ['operator'], message: 'operator is not a map', hint: 'write operator options as a map, e.g. `operator: { version: v26.7.0 }`' });
    else unknownKeys(raw.operator as Record<string, unknown>, OPERATOR, ['operator'], out);
  }
  for (const [key, fields] of Object.entries(FIELDS)) {
    const list = raw[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      out.push({ path: [key], message: `${key} is not a list`, hint: `write ${key} as a YAML list (- items)` });
      continue;
    }
    list.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) out.push({ path: [key, i], message: `${key}[${i}] is not a map`, hint: `write each item of ${key} as a map of fields` });
      else unknownKeys(item as Record<string, unknown>, fields, [key, i], out);
    });
  }
  return out;
}
