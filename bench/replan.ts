/**
 * Replanning benchmark (a report, not a test): a 500-node fleet (4,000 GPUs) in 10 pools of H100 and
 * A100 nodes, pods spread over the nodes, and a changed demand. Replans it with the fewest nodes
 * changed, after a warm-up, ROUNDS times; prints the median time, the proof status and the nodes
 * touched against a plan from scratch on the same GPUs.
 *
 *   npx ts-node -P bench/tsconfig.json bench/replan.ts [rounds]
 */
import { validatePlatform, type PlatformSpec } from '../src';
import { replanFleet, type ClusterState, type NodeState, type PodState } from '../src/plan';

const ROUNDS = Number(process.argv[2] ?? 3);
const POOLS: PlatformSpec['pools'] = [
  ...Array.from({ length: 5 }, (_, i) => ({ name: `h100-${i}`, gpu: 'H100-80GB' as const, gpusPerNode: 8, nodes: 50, layout: i % 2 === 0 ? { '1g.10gb': 7 } : { '3g.40gb': 1, '1g.10gb': 4 } })),
  ...Array.from({ length: 5 }, (_, i) => ({ name: `a100-${i}`, gpu: 'A100-80GB' as const, gpusPerNode: 8, nodes: 50, layout: i % 2 === 0 ? { '1g.10gb': 7 } : { '7g.80gb': 1 } })),
];
const spec: PlatformSpec = { strategy: 'mixed', pools: POOLS, workloads: [], tenants: [] };
const platform = validatePlatform(spec).platform!;

// A snapshot: node names, and 0-6 running pods per node (deterministic).
const state: ClusterState = {
  source: 'snapshot',
  pools: new Map(POOLS.map((p) => [p.name, { name: p.name, perNode: new Map(), nodes: Array.from({ length: p.nodes }, (_, k): NodeState => ({ name: `${p.name}-n${k}`, pool: p.name, resources: new Map() })) }])),
  pods: POOLS.flatMap((p, i) => Array.from({ length: p.nodes }, (_, k) => Array.from({ length: (i * 7 + k * 3) % 7 }, (__, j): PodState => ({
    namespace: 'team', name: `${p.name}-n${k}-${j}`, node: `${p.name}-n${k}`, phase: 'Running', resources: new Map([['nvidia.com/mig-1g.10gb', 1]]),
  }))).flat()),
};

// The fleet now offers 1g.10gb x 23,800 (and 3g.40gb x 1,200, 7g.80gb x 800); the new demand shifts towards 3g.40gb and 2g.20gb.
const demand = { '1g.10gb': 16_000, '3g.40gb': 2_000, '2g.20gb': 600, '7g.80gb': 400 };

async function main(): Promise<void> {
  const gpus = POOLS.reduce((s, p) => s + p.nodes * p.gpusPerNode, 0);
  await replanFleet({ platform, state, demand, timeLimitSeconds: 60 }); // warm-up (loads the solver)
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof replanFleet>> | undefined;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    last = await replanFleet({ platform, state, demand, timeLimitSeconds: 60 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  console.log(`fleet: ${POOLS.length} pools, ${POOLS.reduce((s, p) => s + p.nodes, 0)} nodes, ${gpus} GPUs, ${state.pods.length} running pods`);
  console.log(`demand: ${Object.entries(demand).map(([p, n]) => `${p}=${n}`).join(', ')}`);
  console.log(`replan (incl. the from-scratch baseline): median ${median.toFixed(0)} ms over ${ROUNDS} rounds after a warm-up [${times.map((t) => t.toFixed(0)).join(', ')}]`);
  console.log(`proof: ${last!.provenOptimal ? 'proven optimal (all three stages)' : 'not proven optimal'}`);
  console.log(`nodes repartitioned: ${last!.nodesChanged} (pods stopped ${last!.podsStopped}, GPUs ${last!.gpusChanged}); from scratch: ${last!.scratch.nodesChanged} nodes (${last!.scratch.provenOptimal ? 'proven optimal' : 'not proven optimal'} plan of ${last!.scratch.gpusUsed} GPUs)`);
  console.log(`unmet: ${JSON.stringify(last!.unmet)}`);
}

void main();
