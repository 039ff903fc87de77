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
  /**
   * Per model index, its node shape and the cost of one node (1, or its GPUs' price per hour): the
   * first stage then minimises the cost of whole nodes, and GPUs come second.
   */
  readonly nodes?: readonly { readonly gpusPerNode: number; readonly cost: number }[];
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
  /** Stages 1 and 2 after the node stage: at most this many nodes per model. */
  readonly nodes?: readonly number[];
}

/** Node costs are at most the GPUs' count times the dearest node: unmet demand is priced above that. */
function nodeUnmetPrice(model: PlanModel): number {
  return unmetPrice(model) * Math.max(1, ...(model.nodes ?? []).map((n) => n.cost));
}

/** Stage 0 (with node shapes): fewest nodes, or cheapest; 1: fewest GPUs; 2: least carved compute. */
function lpText(model: PlanModel, profiles: string[], stage: 0 | 1 | 2, integer: boolean, fixed?: Fixed): string {
  const big = stage === 0 ? nodeUnmetPrice(model) : unmetPrice(model);
  const vars = model.variables;
  const u = profiles.map((_, i) => `u${i}`);
  const nodeVars = (model.nodes ?? []).map((_, m) => `n${m}`);
  const objective = stage === 0
    ? sum([...(model.nodes ?? []).map((n, m) => term(n.cost, nodeVars[m])), ...u.map((n) => term(big, n))])
    : stage === 1
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
  // Whole nodes: a model's GPUs fit in its nodes.
  (model.nodes ?? []).forEach((n, m) => {
    const own = vars.filter((v) => v.model === m);
    if (own.length > 0) rows.push(` c${m}: ${own.map((v) => term(v.gpus, v.name)).join(' + ')} - ${n.gpusPerNode} ${nodeVars[m]} <= 0`);
    if (fixed?.nodes !== undefined) rows.push(` k${m}: ${nodeVars[m]} <= ${fixed.nodes[m]}`);
  });
  const bounds = [
    ...vars.map((v) => ` ${v.name} >= 0`),
    ...nodeVars.map((n) => ` ${n} >= 0`),
    ...u.map((n, i) => (fixed ? ` ${n} = ${fixed.unmet.get(profiles[i]) ?? 0}` : ` ${n} >= 0`)),
    ' dummy = 0',
  ];
  const general = integer ? ['General', ` ${[...vars.map((v) => v.name), ...u, ...nodeVars].join(' ')}`] : [];
  return ['Minimize', ` obj: ${objective}`, 'Subject To', ...rows, 'Bounds', ...bounds, ...general, 'End', ''].join('\n');
}

/** Solves the two stages exactly. Returns undefined when HiGHS finds no solution within the time limit. */
export async function solvePlan(model: PlanModel, timeLimitSeconds: number): Promise<MipSolution | undefined> {
  const highs = await loadSolver();
  const profiles = [...model.demand.keys()];
  const options = { output_flag: false, time_limit: timeLimitSeconds } as never;

  const read = (s: ReturnType<typeof highs.solve>, name: string) => Math.round((s.Columns[name] as { Primal?: number } | undefined)?.Primal ?? 0);
  // With node shapes: whole nodes (or their cost) first, and the GPUs within them.
  let nodeFix: Fixed | undefined;
  let nodesOptimal = true;
  if (model.nodes) {
    const s0 = highs.solve(lpText(model, profiles, 0, true), options);
    if (s0.Status !== 'Optimal' && s0.Status !== 'Time limit reached') return undefined;
    nodesOptimal = s0.Status === 'Optimal';
    nodeFix = { unmet: new Map(profiles.map((p, i) => [p, read(s0, `u${i}`)])), nodes: model.nodes.map((_, m) => read(s0, `n${m}`)) };
  }
  const s1 = highs.solve(lpText(model, profiles, 1, true, nodeFix), options);
  if (s1.Status !== 'Optimal' && s1.Status !== 'Time limit reached') return undefined;
  const unmet = new Map(profiles.map((p, i) => [p, read(s1, `u${i}`)]).filter(([, n]) => (n as number) > 0) as [string, number][]);
  const gpus = model.variables.reduce((acc, v) => acc + v.gpus * read(s1, v.name), 0);
  if (s1.Status !== 'Optimal' && !feasible(model, profiles, (n) => read(s1, n), unmet)) return undefined;

  const s2 = highs.solve(lpText(model, profiles, 2, true, { gpus, unmet, ...(nodeFix?.nodes ? { nodes: nodeFix.nodes } : {}) }), options);
  const best = s2.Status === 'Optimal' ? s2 : s1;
  const values = new Map(model.variables.map((v) => [v.name, read(best, v.name)] as [string, number]).filter(([, n]) => n > 0));

  // Lower bound: the LP relaxation for the same met demand (unmet fixed), rounded up.
  const relaxed = highs.solve(lpText(model, profiles, 1, false, { unmet }), options);
  const unmetCost = unmetPrice(model) * [...unmet.values()].reduce((acc, n) => acc + n, 0);
  const lowerBound = relaxed.Status === 'Optimal' ? Math.ceil(relaxed.ObjectiveValue - unmetCost - 1e-6) : 0;
  const optimal = nodesOptimal && s1.Status === 'Optimal' && s2.Status === 'Optimal';
  return { values, unmet, gpus, optimal, lowerBound: Math.min(lowerBound, gpus), status: s1.Status };
}

function feasible(model: PlanModel, profiles: string[], value: (name: string) => number, unmet: ReadonlyMap<string, number>): boolean {
  const supplied = (p: string) => model.variables.reduce((s, v) => s + (v.supply.get(p) ?? 0) * value(v.name), 0);
  return profiles.every((p) => supplied(p) + (unmet.get(p) ?? 0) >= model.demand.get(p)!);
}
