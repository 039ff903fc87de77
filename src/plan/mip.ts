import highsLoader from 'highs';

/** One integer variable of the planning model: a GPU layout (or a node of one profile) and what it supplies. */
export interface PlanVariable {
  readonly name: string;
  /** GPUs one unit of this variable uses (1 for a GPU layout, gpusPerNode for a single-strategy node). */
  readonly gpus: number;
  /** Secondary cost: compute slices carved by one unit. */
  readonly carved: number;
  /** Instances supplied per demanded profile by one unit. */
  readonly supply: ReadonlyMap<string, number>;
  /** Index of the GPU model whose availability it draws on. */
  readonly model: number;
}

export interface PlanModel {
  readonly variables: readonly PlanVariable[];
  /** Demand per profile. */
  readonly demand: ReadonlyMap<string, number>;
  /** GPUs available per model index; undefined = unbounded. */
  readonly available: readonly (number | undefined)[];
}

export interface MipSolution {
  /** Units per variable name (only non-zero). */
  readonly values: ReadonlyMap<string, number>;
  /** Unmet instances per profile. */
  readonly unmet: ReadonlyMap<string, number>;
  readonly gpus: number;
  /** HiGHS proved both stages optimal. */
  readonly optimal: boolean;
  /** LP-relaxation bound on GPUs for the met demand. */
  readonly lowerBound: number;
  readonly status: string;
}

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let loading: Promise<Highs> | undefined;
/** HiGHS is WebAssembly: loaded once per process, on first use. */
export function loadSolver(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

const term = (coef: number, name: string) => `${coef === 1 ? '' : `${coef} `}${name}`;
// The LP format needs a variable in every expression; an empty sum becomes `0 dummy` (dummy is fixed at 0).
const sum = (terms: string[]) => (terms.length === 0 ? '0 dummy' : terms.join(' + '));

/**
 * CPLEX LP text. Stage 1: minimise GPUs, with unmet demand `u_p` priced above any number of GPUs.
 * Stage 2: same constraints, GPUs and unmet demand fixed to stage 1's optimum, minimise carved compute
 * slices (instances configured beyond the demand are fragmentation: slices a later reconfiguration
 * would have to drain).
 */
/** A price on one unmet instance above the GPUs of any plan (serving each instance on its own GPU or node is an upper bound). */
function unmetPrice(model: PlanModel): number {
  return 1 + [...model.demand.values()].reduce((s, n) => s + n, 0) * Math.max(1, ...model.variables.map((v) => v.gpus));
}

interface Fixed {
  /** Stage 2: at most this many GPUs. */
  readonly gpus?: number;
  readonly unmet: ReadonlyMap<string, number>;
}

function lpText(model: PlanModel, profiles: string[], stage: 1 | 2, integer: boolean, fixed?: Fixed): string {
  const big = unmetPrice(model);
  const vars = model.variables;
  const u = profiles.map((_, i) => `u${i}`);
  const objective = stage === 1
    ? sum([...vars.map((v) => term(v.gpus, v.name)), ...u.map((n) => term(big, n))])
    : sum(vars.filter((v) => v.carved > 0).map((v) => term(v.carved, v.name)));
  const rows: string[] = [];
  profiles.forEach((p, i) => {
    const supply = vars.filter((v) => (v.supply.get(p) ?? 0) > 0).map((v) => term(v.supply.get(p)!, v.name));
    rows.push(` d${i}: ${sum([...supply, u[i]])} >= ${model.demand.get(p)}`);
  });
  model.available.forEach((avail, m) => {
    const own = vars.filter((v) => v.model === m);
    if (avail !== undefined && own.length > 0) rows.push(` a${m}: ${sum(own.map((v) => term(v.gpus, v.name)))} <= ${avail}`);
  });
  if (fixed?.gpus !== undefined) rows.push(` g: ${sum(vars.map((v) => term(v.gpus, v.name)))} <= ${fixed.gpus}`);
  const bounds = [
    ...vars.map((v) => ` ${v.name} >= 0`),
    ...u.map((n, i) => (fixed ? ` ${n} = ${fixed.unmet.get(profiles[i]) ?? 0}` : ` ${n} >= 0`)),
    ' dummy = 0',
  ];
  const general = integer ? ['General', ` ${[...vars.map((v) => v.name), ...u].join(' ')}`] : [];
  return ['Minimize', ` obj: ${objective}`, 'Subject To', ...rows, 'Bounds', ...bounds, ...general, 'End', ''].join('\n');
}

/** Solves the two stages exactly. Returns undefined when HiGHS finds no solution within the time limit. */
export async function solvePlan(model: PlanModel, timeLimitSeconds: number): Promise<MipSolution | undefined> {
  const highs = await loadSolver();
  const profiles = [...model.demand.keys()];
  const options = { output_flag: false, time_limit: timeLimitSeconds } as never;

  const s1 = highs.solve(lpText(model, profiles, 1, true), options);
  if (s1.Status !== 'Optimal' && s1.Status !== 'Time limit reached') return undefined;
  const read = (s: typeof s1, name: string) => Math.round((s.Columns[name] as { Primal?: number } | undefined)?.Primal ?? 0);
  const unmet = new Map(profiles.map((p, i) => [p, read(s1, `u${i}`)]).filter(([, n]) => (n as number) > 0) as [string, number][]);
  const gpus = model.variables.reduce((acc, v) => acc + v.gpus * read(s1, v.name), 0);
  if (s1.Status !== 'Optimal' && !feasible(model, profiles, (n) => read(s1, n), unmet)) return undefined;

  const s2 = highs.solve(lpText(model, profiles, 2, true, { gpus, unmet }), options);
  const best = s2.Status === 'Optimal' ? s2 : s1;
  const values = new Map(model.variables.map((v) => [v.name, read(best, v.name)] as [string, number]).filter(([, n]) => n > 0));

  // Lower bound: the LP relaxation for the same met demand (unmet fixed), rounded up.
  const relaxed = highs.solve(lpText(model, profiles, 1, false, { unmet }), options);
  const unmetCost = unmetPrice(model) * [...unmet.values()].reduce((acc, n) => acc + n, 0);
  const lowerBound = relaxed.Status === 'Optimal' ? Math.ceil(relaxed.ObjectiveValue - unmetCost - 1e-6) : 0;
  return { values, unmet, gpus, optimal: s1.Status === 'Optimal' && s2.Status === 'Optimal', lowerBound: Math.min(lowerBound, gpus), status: s1.Status };
}

function feasible(model: PlanModel, profiles: string[], value: (name: string) => number, unmet: ReadonlyMap<string, number>): boolean {
  const supplied = (p: string) => model.variables.reduce((s, v) => s + (v.supply.get(p) ?? 0) * value(v.name), 0);
  return profiles.every((p) => supplied(p) + (unmet.get(p) ?? 0) >= model.demand.get(p)!);
}
