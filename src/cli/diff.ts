import * as fs from 'fs';
import * as path from 'path';
import Table from 'cli-table3';
import { parseAllDocuments } from 'yaml';
import { MIG_PARTED_CONFIGMAP_KEY } from '../naming';
import { diffPlatform, rolloutScript, stateFromManifests, stateFromPlatform, stateFromSnapshot, type ClusterState, type ImpactReport } from '../plan';
import type { ResolvedPlatform } from '../spec';
import { CliError, EXIT } from './errors';
import { loadSpecFile, readText } from './spec-input';

/**
 * `mig diff CURRENT DESIRED`: what moving a cluster to the DESIRED spec repartitions, stops and
 * leaves Pending, and a safe order to roll it. Exit codes: 0 no node changes; 4 nodes change but no
 * running pod stops; 5 running pods would stop (a pipeline can gate on it); 1, 2, 3 as everywhere.
 */
export const DIFF_EXIT = { changesNoStop: 4, stopsRunningPods: 5 } as const;

export interface DiffOptions {
  readonly output: 'table' | 'json' | 'script';
  readonly maxUnavailable: string;
}


function parseJson(file: string): unknown {
  try {
    return JSON.parse(readText(file, 'give the JSON kubectl wrote'));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${file} is not JSON: ${(e as Error).message}`, 'write it with kubectl … -o json');
  }
}

/** The documents of a manifests file or of every .yaml/.yml/.json file of a folder (a dist/). */
function manifestsIn(file: string): unknown[] {
  const files = fs.statSync(file).isDirectory()
    ? fs.readdirSync(file).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => path.join(file, f))
    : [file];
  return files.flatMap((f) => parseAllDocuments(readText(f, 'give a folder of manifests')).map((d) => d.toJS()).filter((d) => d && typeof d === 'object'));
}

/** The nodes and pods JSON of a snapshot folder. */
export function loadSnapshot(dir: string): [unknown, unknown] {
  const pods = path.join(dir, 'pods.json');
  if (!fs.existsSync(path.join(dir, 'nodes.json'))) throw new CliError(`${dir} has no nodes.json`, 'kubectl get nodes -o json > nodes.json; kubectl get pods -A -o json > pods.json');
  if (!fs.existsSync(pods)) throw new CliError(`${dir} has nodes.json but no pods.json`, 'kubectl get pods -A -o json > pods.json');
  return [parseJson(path.join(dir, 'nodes.json')), parseJson(pods)];
}

/**
 * CURRENT is a folder holding `nodes.json` and `pods.json` (a snapshot), a folder or file of
 * manifests (a `dist/`), or a platform spec (a YAML map with `strategy`).
 */
function loadCurrent(file: string, desired: ResolvedPlatform): { state: ClusterState; liveConfigs?: string[] } {
  if (!fs.existsSync(file)) throw new CliError(`cannot read ${file}: ENOENT`, 'give a previous spec, a folder of synthesized manifests, or a snapshot folder (nodes.json, pods.json)');
  const known = desired.pools.map((p) => p.spec.name);
  if (fs.statSync(file).isDirectory() && fs.existsSync(path.join(file, 'nodes.json'))) {
    try {
      const cm = path.join(file, 'configmap.json');
      const data = fs.existsSync(cm) ? (parseJson(cm) as { data?: Record<string, string> })?.data?.[MIG_PARTED_CONFIGMAP_KEY] : undefined;
      const state = stateFromSnapshot(...loadSnapshot(file), known, typeof data === 'string' ? data : undefined);
      const liveConfigs = state.configs ? [...state.configs.keys()] : undefined;
      return { state, ...(liveConfigs ? { liveConfigs } : {}) };
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`${file}: ${(e as Error).message}`, 'kubectl get nodes -o json > nodes.json; kubectl get pods -A -o json > pods.json');
    }
  }
  const docs = manifestsIn(file);
  if (docs.length === 1 && typeof (docs[0] as { strategy?: unknown }).strategy === 'string') return { state: stateFromPlatform(loadSpecFile(file).platform) };
  try {
    return { state: stateFromManifests(docs, desired) };
  } catch (e) {
    throw new CliError(`${file}: ${(e as Error).message}`, 'give the folder cdk8s synth or mig render wrote, a previous spec, or a snapshot folder');
  }
}

const resources = (r: Readonly<Record<string, number>>) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(', ') || '-';

function table(report: ImpactReport, missing: readonly string[]): string {
  const out: string[] = [];
  const pools = new Table({ style: { head: [], border: [] }, head: ['pool', 'config before', 'config after', 'nodes changing', 'per node before', 'per node after'] });
  for (const p of report.pools) {
    pools.push([p.pool, p.configBefore ?? '-', p.configAfter ?? '(removed)', `${p.changing.length} of ${p.nodes}${p.status === 'new' ? ' (new pool)' : ''}`, resources(p.perNodeBefore), resources(p.perNodeAfter)]);
  }
  out.push(pools.toString());
  const nodes = report.pools.flatMap((p) => p.changing);
  if (nodes.length > 0) {
    const t = new Table({ style: { head: [], border: [] }, head: ['node', 'config before -> after', 'pods that must stop'] });
    for (const n of nodes) {
      const pods = n.renameOnly
        ? '- (a rename: the same geometry, MIG Manager touches no GPU)'
        : n.podsToStop.map((p) => `${p.namespace}/${p.name}${p.owner ? ` (${p.owner})` : ''} ${p.phase} ${resources(p.resources)}`).join('\n') || '-';
      t.push([n.name, `${n.configBefore ?? '-'} -> ${n.configAfter}`, pods]);
    }
    out.push(t.toString());
  }
  for (const s of report.pending) out.push(`left Pending: ${s.resource}: ${s.demand} asked, ${s.capacityAfter} offered after the change, ${s.short} short (${s.workloads.join(', ')})`);
  for (const q of report.quotas) out.push(`quota above the new capacity: ${q.resource}: ${q.granted} granted (${q.tenants.map((t) => `${t.namespace}=${t.units}`).join(', ')}), ${q.capacityAfter} offered`);
  for (const w of report.warnings) out.push(`warning: ${w}`);
  for (const c of missing) out.push(`the live ConfigMap has no config ${c}: apply the new manifests before rolling`);
  if (report.waves.waves.length > 0) {
    out.push(`waves (at most ${report.waves.waves.reduce((m, w) => Math.max(m, w.nodes.length), 0)} node(s) of a pool at a time):`);
    for (const w of report.waves.waves) out.push(`  ${w.index}. ${w.pool}: ${w.nodes.join(', ')} -> ${w.configAfter}`);
    if (!report.waves.feasible) {
      const s = report.waves.shortfall!;
      out.push(`no order keeps capacity: in wave ${s.wave}, ${s.resource}: ${s.available} offered by the other nodes, ${s.needed} held by running pods, ${s.short} short`);
    }
  }
  out.push(report.changed
    ? `${nodes.length} node(s) change; ${report.podsToStop.length} running pod(s) must stop`
    : 'no node changes its MIG config');
  return `${out.join('\n')}\n`;
}

export function diffCommand(currentFile: string, desiredFile: string, opts: DiffOptions, out: (s: string) => void): number {
  const maxUnavailable = Number(opts.maxUnavailable);
  if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1 || maxUnavailable > 10_000) {
    throw new CliError(`--max-unavailable ${JSON.stringify(opts.maxUnavailable)} is not a whole number from 1 to 10000`, 'give how many nodes of a pool may be repartitioned at once, e.g. --max-unavailable 2');
  }
  const desired = loadSpecFile(desiredFile).platform;
  const { state, liveConfigs } = loadCurrent(currentFile, desired);
  const report = diffPlatform(state, desired, { maxUnavailable });
  const needed = [...new Set(report.pools.flatMap((p) => p.changing.map((n) => n.configAfter)))];
  const missing = liveConfigs ? needed.filter((c) => !liveConfigs.includes(c)) : [];
  if (opts.output === 'json') out(`${JSON.stringify({ ...report, ...(liveConfigs ? { missingConfigs: missing } : {}) }, null, 2)}\n`);
  else if (opts.output === 'script') out(rolloutScript(report, { namespace: desired.operator.namespace, configMap: desired.operator.migConfigMapName }));
  else out(table(report, missing));
  if (!report.changed) return EXIT.ok;
  return report.stopsRunningPods ? DIFF_EXIT.stopsRunningPods : DIFF_EXIT.changesNoStop;
}
