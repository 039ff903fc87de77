/**
 * Planner benchmark (a report, not a test). For demand mixes of 10 to 10,000 instances on several
 * models: GPUs used, the lower bound, each baseline, whether the plan is proven optimal, and the
 * planner's time as a ratio to a plain first-fit-decreasing placer run in the same process.
 *
 *   npx ts-node -P bench/tsconfig.json bench/plan.ts
 */
import { findGpuModel, planLayouts, type GpuModel } from '../src';
import { firstFitDecreasing, layoutIndex } from '../src/plan';

/** A fixed pseudo-random mix: deterministic, so runs compare. */
function mix(model: GpuModel, total: number, seed: number): Record<string, number> {
  const profiles = findGpuModel(model)!.profiles.filter((p) => !p.name.includes('+') && !p.name.includes('-'));
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const weights = profiles.map((p) => rand() / p.computeSlices);
  const sum = weights.reduce((a, b) => a + b, 0);
  const demand: Record<string, number> = {};
  let left = total;
  profiles.forEach((p, i) => {
    const n = i === profiles.length - 1 ? left : Math.min(left, Math.round((weights[i] / sum) * total));
    if (n > 0) demand[p.name] = n;
    left -= n;
  });
  return demand;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const models: GpuModel[] = ['H100-80GB', 'A100-40GB', 'H200-141GB', 'B200', 'A30', 'RTX-PRO-6000'];
  const sizes = [10, 100, 1000, 10000];
  console.log('model         instances  plan GPUs  lower bound  proven  whole-GPU  uniform-pools  all-balanced  FFD GPUs  plan ms  FFD ms  ratio');
  let seed = 7;
  for (const model of models) {
    for (const size of sizes) {
      const demand = mix(model, size, seed++);
      const t0 = process.hrtime.bigint();
      const plan = await planLayouts({ gpus: [{ model }], demand });
      const planMs = ms(t0);
      const t1 = process.hrtime.bigint();
      const ffd = firstFitDecreasing(layoutIndex(model), new Map(Object.entries(demand)));
      const ffdMs = Math.max(ms(t1), 0.001);
      const b = Object.fromEntries(plan.baselines.map((x) => [x.name, x.gpus ?? '-']));
      console.log([
        model.padEnd(13), String(size).padStart(9), String(plan.gpusUsed).padStart(10), String(plan.lowerBound).padStart(12),
        (plan.provenOptimal ? 'yes' : 'no').padStart(7), String(b['whole-gpus']).padStart(10), String(b['uniform-pools']).padStart(14),
        String(b['all-balanced']).padStart(13), String(ffd.gpus.length).padStart(9), planMs.toFixed(0).padStart(8), ffdMs.toFixed(2).padStart(7),
        `${(planMs / ffdMs).toFixed(0)}x`.padStart(6),
      ].join(' '));
    }
  }
}

void main();
