import Table from 'cli-table3';
import { stringify } from 'yaml';
import { isGpuModel, type GpuModel } from '../catalog';
import { stringifyMigPartedConfig } from '../mig-parted';
import type { MigStrategy } from '../naming';
import { MAX_TIME_LIMIT_SECONDS, planLayouts, planSpec, replanFleet, stateFromSnapshot, type DemandItem, type Plan, type PlanGpuOption, type ReplanResult } from '../plan';
import { loadSnapshot } from './diff';
import { loadSpecFile } from './spec-input';
import { MAX_GPUS_PER_NODE } from '../spec';
import { CliError, EXIT } from './errors';
import { layoutPicture } from './picture';

export interface PlanOptions {
  readonly gpu?: string[];
  /** MODEL=PRICE per GPU-hour, comma-separated or repeated. */
  readonly price?: string[];
  /** false with --no-spare. */
  readonly spare?: boolean;
  /** The current platform spec: replan it with the fewest nodes changed. */
  readonly from?: string;
  /** A snapshot folder (nodes.json, pods.json) naming the nodes and the pods on them. */
  readonly snapshot?: string;
  readonly demand: string;
  readonly gpusPerNode: string;
  readonly strategy: string;
  readonly output: string;
  readonly method: string;
  readonly timeLimit: string;
  readonly progress?: boolean;
}

const plain = { style: { head: [], border: [] } };

/** `H100-80GB` or `H100-80GB:16` (16 GPUs available). */
function parseGpu(text: string, gpusPerNode: number): PlanGpuOption {
  const [model, available] = text.split(':');
  if (!isGpuModel(model)) throw new CliError(`unknown GPU model '${model}'`, 'run `mig catalog` for the model keys, e.g. --gpu H100-80GB (or H100-80GB:16 for 16 GPUs available)');
  if (available !== undefined && !/^[0-9]{1,15}$/.test(available)) throw new CliError(`'${text}' does not end in a number of GPUs`, 'write MODEL or MODEL:GPUS, e.g. H100-80GB:16');
  return { model: model as GpuModel, available: available === undefined ? undefined : Number(available), gpusPerNode };
}

/** `H100-80GB=3.9,A100-80GB=2.2`: price per GPU-hour per model. */
function parsePrices(texts: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of texts.flatMap((t) => t.split(',')).map((x) => x.trim()).filter(Boolean)) {
    const m = /^([^=]+)=([0-9]+(\.[0-9]+)?)$/.exec(part);
    if (!m || !isGpuModel(m[1])) throw new CliError(`cannot read price '${part.slice(0, 80)}'`, 'write MODEL=PRICE per GPU-hour, e.g. --price H100-80GB=3.9,A100-80GB=2.2 (models from mig catalog)');
    out.set(m[1], Number(m[2]));
  }
  return out;
}

/** `1g.10gb=40,3g.40gb=6` or with tenants `team-a:1g.10gb=8,team-b:1g.10gb=4`. */
export function parseDemand(text: string): DemandItem[] {
  return text.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const m = /^(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?):)?([^=:]+)=([0-9]{1,15})$/.exec(part);
    if (!m) throw new CliError(`cannot read demand '${part.slice(0, 80)}'`, 'write PROFILE=COUNT or TENANT:PROFILE=COUNT, comma-separated, e.g. 1g.10gb=40,3g.40gb=6 (counts are whole numbers)');
    return { tenant: m[1], profile: m[3], count: Number(m[4]) };
  });
}

export async function planCommand(options: PlanOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const gpusPerNode = Number(options.gpusPerNode);
  if (!/^[0-9]+$/.test(options.gpusPerNode) || gpusPerNode < 1 || gpusPerNode > MAX_GPUS_PER_NODE) {
    throw new CliError(`--gpus-per-node ${options.gpusPerNode} is not a whole number from 1 to ${MAX_GPUS_PER_NODE}`, 'give the GPUs in one node, e.g. --gpus-per-node 8');
  }
  const timeLimit = Number(options.timeLimit);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(options.timeLimit) || timeLimit <= 0 || timeLimit > MAX_TIME_LIMIT_SECONDS) {
    throw new CliError(`--time-limit ${options.timeLimit} is not a number of seconds above 0 and at most ${MAX_TIME_LIMIT_SECONDS}`, 'give seconds per solver stage, e.g. --time-limit 20');
  }
  if (!['mixed', 'single'].includes(options.strategy)) throw new CliError(`--strategy ${options.strategy} is not a MIG strategy`, 'use --strategy mixed or --strategy single');
  if (!['table', 'json', 'yaml', 'spec'].includes(options.output)) throw new CliError(`-o ${options.output} is not an output format`, 'use -o table, -o json, -o yaml (a mig-parted config) or -o spec (a platform spec for mig render)');
  if (options.from !== undefined) return replanCommand(options, timeLimit, out, err);
  if (options.snapshot !== undefined) throw new CliError('--snapshot needs --from', 'give the current platform spec with --from, e.g. --from platform.yaml --snapshot snap/');
  if (!['auto', 'exact', 'heuristic'].includes(options.method)) throw new CliError(`--method ${options.method} is not a method`, 'use --method auto, exact or heuristic');
  if (!options.gpu || options.gpu.length === 0) throw new CliError('no --gpu given', 'name the GPU model, e.g. --gpu H100-80GB (or replan a running platform with --from platform.yaml)');
  const demand = parseDemand(options.demand);
  const total = demand.reduce((s, d) => s + d.count, 0);
  const showProgress = options.progress || total >= 1000;
  const started = Date.now();
  const prices = parsePrices(options.price ?? []);
  const gpus = options.gpu.flatMap((g) => g.split(',')).map((g) => parseGpu(g, gpusPerNode));
  for (const model of prices.keys()) {
    if (!gpus.some((g) => g.model === model)) throw new CliError(`--price names ${model}, which no --gpu gives`, 'price the models of --gpu');
  }
  const plan = await planLayouts({
    gpus: gpus.map((g) => (prices.has(g.model) ? { ...g, pricePerGpuHour: prices.get(g.model)! } : g)),
    spare: options.spare === false ? 'none' : 'proportional',
    demand,
    strategy: options.strategy as MigStrategy,
    method: options.method as 'auto' | 'exact' | 'heuristic',
    timeLimitSeconds: timeLimit,
    onProgress: showProgress ? (m) => err(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${m}\n`) : undefined,
  });
  if (options.output === 'json') out(`${JSON.stringify(plan, null, 2)}\n`);
  else if (options.output === 'yaml') out(stringifyMigPartedConfig(plan.migPartedConfig));
  else if (options.output === 'spec') out(stringify(planSpec(plan), { lineWidth: 0 }));
  else out(planReport(plan, demand));
  for (const u of plan.unmet) err(`error: demand: ${u.count} x ${u.profile} cannot be served: ${u.reason} (fix: add a GPU model that has ${u.profile} with --gpu, or raise its available GPUs)\n`);
  return plan.unmet.length > 0 ? EXIT.problems : EXIT.ok;
}

export function planReport(plan: Plan, demand: readonly DemandItem[]): string {
  const lines: string[] = [];
  const models = Object.keys(plan.gpusByModel).join(', ') || '(none)';
  lines.push(`Demand: ${demand.map((d) => `${d.tenant ? `${d.tenant}:` : ''}${d.profile} x${d.count}`).join(', ')} (strategy ${plan.strategy})`);
  const proof = plan.provenOptimal ? 'proven optimal' : plan.method === 'exact' ? 'not proven optimal' : 'heuristic, not proven optimal';
  const cost = plan.costPerHour !== undefined ? `, ${plan.costPerHour.toFixed(2)} per hour` : '';
  lines.push(`Plan: ${plan.nodesUsed} node(s)${cost} (${plan.costPerHour !== undefined ? 'cheapest' : 'fewest'} for the demand); the demand needs ${plan.gpusUsed} GPUs (${models}), lower bound ${plan.lowerBound}; ${proof}`);
  const extra = Object.entries(plan.spare.instances).map(([p, n]) => `+${n} x ${p}`).join(', ');
  if (plan.spare.gpus > 0) lines.push(`Spare: the other ${plan.spare.gpus} GPUs of those nodes carry spare capacity in proportion to the demand: ${extra}`);
  if (plan.idleGpus > 0) lines.push(`Idle: ${plan.idleGpus} GPUs of those nodes left with MIG disabled${plan.strategy === 'single' ? ' (a single-strategy node holds one profile)' : ''}`);
  lines.push('');

  const layouts = new Table({ ...plain, head: ['GPUs', 'model', 'layout', 'placement'] });
  for (const l of plan.layouts) layouts.push([`${l.gpus}${l.spare ? ' (spare)' : ''}`, l.model, Object.entries(l.layout).map(([p, n]) => `${p} x${n}`).join(' + '), layoutPicture(l.model, l.placement)]);
  lines.push('Layouts', layouts.toString(), '');

  const groups = new Table({ ...plain, head: ['mig-parted config (node label nvidia.com/mig.config)', 'model', 'nodes', 'GPUs per node'] });
  for (const g of plan.nodeGroups) groups.push([g.name, g.model, g.nodes, g.perGpu.every((x) => JSON.stringify(x) === JSON.stringify(g.perGpu[0])) ? `${g.gpusPerNode}, same layout` : `${g.gpusPerNode}, per-GPU layouts`]);
  lines.push('Node groups (mig plan -o yaml prints their mig-parted config)', groups.toString(), '');

  const profiles = new Table({ ...plain, head: ['profile', 'demand', 'supplied', 'extra configured', 'room for more'] });
  for (const p of plan.profiles) profiles.push([p.profile, p.demand, p.supply, p.extraConfigured, p.freeRoom]);
  lines.push('Capacity', profiles.toString(), '');

  const base = new Table({ ...plain, head: ['baseline', 'GPUs', 'nodes', 'vs plan'] });
  for (const b of plan.baselines) {
    base.push([
      b.description,
      b.gpus ?? 'cannot serve',
      b.nodes ?? '-',
      b.gpus === null ? (b.note ?? '') : b.gpus === plan.gpusUsed ? 'same' : `${b.gpus > plan.gpusUsed ? '+' : ''}${b.gpus - plan.gpusUsed} GPUs`,
    ]);
  }
  lines.push(`Baselines (${plan.layouts[0]?.model ?? 'first model'})`, base.toString());
  if (plan.tenants.length > 0) {
    lines.push('', 'Tenant grants (TenantQuota slices)', stringify(groupTenants(plan)).trimEnd());
  }
  for (const u of plan.unmet) lines.push('', `Unmet: ${u.count} x ${u.profile}: ${u.reason}`);
  for (const n of plan.notes) lines.push('', `Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function groupTenants(plan: Plan): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const t of plan.tenants) out[t.tenant] = { ...(out[t.tenant] ?? {}), [t.profile]: (out[t.tenant]?.[t.profile] ?? 0) + t.count };
  return out;
}

/** `mig plan --from SPEC [--snapshot DIR] --demand …`: new layouts for the fewest nodes of the running platform. */
async function replanCommand(options: PlanOptions, timeLimit: number, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (options.gpu && options.gpu.length > 0) throw new CliError('--gpu and --from do not go together', 'replan the pools of --from, or plan from scratch with --gpu');
  if (options.output === 'yaml') throw new CliError('-o yaml is a plan from scratch', 'use -o spec (the desired platform), -o json or -o table with --from');
  const { platform } = loadSpecFile(options.from!);
  const demand: Record<string, number> = {};
  for (const d of parseDemand(options.demand)) {
    if (d.tenant) throw new CliError(`--from replans the pools for instances per profile; '${d.tenant}:${d.profile}' names a tenant`, 'give PROFILE=COUNT, e.g. 1g.10gb=150,3g.40gb=16');
    demand[d.profile] = (demand[d.profile] ?? 0) + d.count;
  }
  const pools = platform.pools.map((p) => p.spec.name);
  const state = options.snapshot !== undefined ? stateFromSnapshot(...loadSnapshot(options.snapshot), pools) : undefined;
  const result = await replanFleet({ platform, demand, timeLimitSeconds: timeLimit, ...(state ? { state } : {}) });
  if (options.output === 'json') out(`${JSON.stringify(result, null, 2)}\n`);
  else if (options.output === 'spec') out(stringify(result.spec, { lineWidth: 0 }));
  else out(replanReport(result, options.from!));
  for (const [profile, count] of Object.entries(result.unmet)) {
    err(`error: demand: ${count} x ${profile} cannot be served even by repartitioning every node (fix: add nodes of a GPU that has ${profile} to the platform)\n`);
  }
  return Object.keys(result.unmet).length > 0 ? EXIT.problems : EXIT.ok;
}

function replanReport(r: ReplanResult, from: string): string {
  const lines = [
    `Replan: ${r.nodesChanged} node(s) get a new layout, ${r.podsStopped} running pod(s) stop, ${r.gpusChanged} GPU(s) repartitioned; ${r.provenOptimal ? 'proven optimal' : 'not proven optimal'}`,
    `From scratch on the same GPUs: ${r.scratch.nodesChanged} node(s) would get a new layout (${r.scratch.gpusUsed} GPUs planned)`,
  ];
  if (r.groups.length > 0) {
    const t = new Table({ ...plain, head: ['from pool', 'new pool', 'layout per GPU', 'nodes'] });
    for (const g of r.groups) t.push([g.fromPool, g.pool, Object.entries(g.layout).map(([p, n]) => `${p} x${n}`).join(' + '), g.nodes.join(', ')]);
    lines.push('', t.toString());
  }
  for (const n of r.notes) lines.push('', `Note: ${n}`);
  lines.push('', `Next: mig plan --from ${from} … -o spec > desired.yaml, then mig diff <current> desired.yaml -o script`);
  return `${lines.join('\n')}\n`;
}
