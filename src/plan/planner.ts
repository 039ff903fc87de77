import { computeBound, heuristic } from './heuristic';
import { solvePlan } from './mip';
import { buildModel } from './model';
import { assemble } from './report';
import { normalise } from './request';
import { fillSpare } from './spare';
import type { Assignment, Plan, PlanRequest } from './types';

export type { Baseline } from './baselines';
export type { DemandItem, Plan, PlanGpuOption, PlannedLayout, PlannedNodeGroup, PlanRequest, ProfileCapacity } from './types';

/**
 * Plans MIG layouts from demand: the GPUs to use, their layouts grouped into nodes and mig-parted
 * configs, spare capacity, unmet demand with its reason, and three baselines. Exact by default: an
 * integer program over every valid single-GPU layout of each model (geometry layer), solved by HiGHS
 * in two stages (fewest GPUs, then least carved spare); the LP relaxation gives the lower bound.
 */
export async function planLayouts(request: PlanRequest): Promise<Plan> {
  const strategy = request.strategy ?? 'mixed';
  const n = normalise(request);
  const progress = request.onProgress ?? (() => undefined);
  const notes: string[] = [];
  const { model, describe } = buildModel(n, strategy);

  let assignment: Assignment = [];
  let unmet = new Map<string, number>();
  let method: 'exact' | 'heuristic' = 'heuristic';
  let provenOptimal = false;
  let lowerBound = 0;
  const requested = request.method ?? 'auto';
  const limit = request.exactVariableLimit ?? 5000;
  if (requested === 'exact' || (requested === 'auto' && model.variables.length <= limit)) {
    progress(`solving an integer program over ${model.variables.length} layouts for ${[...n.demand.values()].reduce((s, c) => s + c, 0)} instances`);
    let solution: Awaited<ReturnType<typeof solvePlan>>;
    try {
      solution = await solvePlan(model, request.timeLimitSeconds ?? 20);
    } catch (e) {
      // HiGHS (WebAssembly) can fail on models it cannot represent; the heuristic still plans.
      notes.push(`the solver failed (${String((e as Error)?.message ?? e).split('\n')[0].slice(0, 120)}); first-fit decreasing was used instead`);
      solution = undefined;
    }
    if (solution) {
      method = 'exact';
      provenOptimal = solution.optimal;
      lowerBound = solution.lowerBound;
      unmet = new Map(solution.unmet);
      for (const [name, units] of solution.values) {
        const v = model.variables.find((x) => x.name === name)!;
        assignment.push({ ...describe.get(name)!, gpus: units * v.gpus });
      }
      if (!solution.optimal) notes.push(`the solver stopped at its time limit (${request.timeLimitSeconds ?? 20} s per stage): the plan is feasible but not proven optimal`);
    } else if (!notes.some((note) => note.startsWith('the solver failed'))) {
      notes.push('the solver found no plan within its time limit; first-fit decreasing was used instead');
    }
  } else if (requested === 'auto') {
    notes.push(`${model.variables.length} layout variables exceed the exact-solve limit of ${limit}; first-fit decreasing was used instead`);
  }
  if (method === 'heuristic') {
    progress('placing instances first-fit decreasing');
    const h = heuristic(n, strategy);
    assignment = h.assignment;
    unmet = h.unmet;
    lowerBound = computeBound(n);
  }
  // The rest of the nodes' GPUs: spare capacity in proportion to the demand (said in the report).
  if ((request.spare ?? 'proportional') === 'proportional') assignment = [...assignment, ...fillSpare(n, assignment, strategy)];
  progress('grouping GPUs into nodes');
  return assemble(n, strategy, assignment, unmet, { method, provenOptimal, lowerBound, notes });
}
