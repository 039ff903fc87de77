import { checkMigPartedConfig, fitUntypedLayout, planLayouts, stringifyMigPartedConfig, type Plan, type PlanRequest } from '../../src';

/** Every layout fits its GPU, the mig-parted config passes the check, and supply covers the met demand. */
function expectValidPlan(plan: Plan): void {
  for (const l of plan.layouts) expect([l.model, l.layout, fitUntypedLayout(l.model, l.layout).fits]).toEqual([l.model, l.layout, true]);
  const check = checkMigPartedConfig(stringifyMigPartedConfig(plan.migPartedConfig));
  expect(check.diagnostics.filter((d) => d.severity !== 'warning')).toEqual([]);
  for (const g of plan.nodeGroups) expect(check.configs.find((c) => c.config === g.name)!.models).toContain(g.model);
  for (const p of plan.profiles) {
    const unmet = plan.unmet.filter((u) => u.profile === p.profile).reduce((s, u) => s + u.count, 0);
    expect(p.supply + unmet).toBeGreaterThanOrEqual(p.demand);
  }
  // Every GPU of the plan's nodes carries the demand, spare capacity, or nothing (idle).
  expect(plan.nodeGroups.reduce((s, g) => s + g.nodes * g.gpusPerNode, 0)).toBe(plan.gpusUsed + plan.spare.gpus + plan.idleGpus);
}

const h100 = (demand: Record<string, number>, extra: Partial<PlanRequest> = {}) => planLayouts({ gpus: [{ model: 'H100-80GB' }], demand, ...extra });

describe('planLayouts: hand-checked optimal answers', () => {
  test.each([
    ['7 x 1g.10gb fill one H100', { '1g.10gb': 7 }, 1],
    ['3g.40gb x2 + 1g.10gb cannot share a GPU (the 7th compute slice is stranded)', { '3g.40gb': 2, '1g.10gb': 1 }, 2],
    ['4g.40gb + 3g.40gb share one GPU', { '4g.40gb': 1, '3g.40gb': 1 }, 1],
    ['3 x 2g.20gb + 1g.10gb use 7/7 compute on one GPU', { '2g.20gb': 3, '1g.10gb': 1 }, 1],
    ['3 x 2g.20gb + 1g.20gb (6:2) on one GPU', { '2g.20gb': 3, '1g.20gb': 1 }, 1],
    ['40 x 1g.10gb + 6 x 3g.40gb: 58 compute slices need 9 GPUs', { '1g.10gb': 40, '3g.40gb': 6 }, 9],
    ['5 x 1g.20gb: at most 4 per GPU', { '1g.20gb': 5 }, 2],
    ['2 x 7g.80gb', { '7g.80gb': 2 }, 2],
  ])('%s', async (_, demand, gpus) => {
    const plan = await h100(demand);
    expect(plan.gpusUsed).toBe(gpus);
    expect(plan.lowerBound).toBe(gpus);
    expect(plan.provenOptimal).toBe(true);
    expect(plan.method).toBe('exact');
    expectValidPlan(plan);
  });

  test('A30: 4 x 1g.6gb + 4g.24gb need 2 GPUs', async () => {
    const plan = await planLayouts({ gpus: [{ model: 'A30', gpusPerNode: 4 }], demand: { '1g.6gb': 4, '4g.24gb': 1 } });
    expect(plan.gpusUsed).toBe(2);
    expectValidPlan(plan);
  });

  test('without spare: the least carved capacity for the optimal GPU count, no instance beyond the demand, the rest idle', async () => {
    const plan = await h100({ '1g.10gb': 40, '3g.40gb': 6 }, { spare: 'none' });
    expect(plan.profiles.map((p) => [p.profile, p.supply, p.extraConfigured])).toEqual([['1g.10gb', 40, 0], ['3g.40gb', 6, 0]]);
    expect([plan.nodesUsed, plan.gpusUsed, plan.spare.gpus, plan.idleGpus]).toEqual([2, 9, 0, 7]);
  });

  test('nodes are what a platform buys: the 7 GPUs the demand does not need carry spare in proportion to the demand', async () => {
    // 40:6 asked; the spare GPUs add 34:5, the same proportion as near as whole layouts allow.
    const plan = await h100({ '1g.10gb': 40, '3g.40gb': 6 });
    expect([plan.nodesUsed, plan.gpusUsed, plan.spare, plan.idleGpus]).toEqual([2, 9, { gpus: 7, instances: { '1g.10gb': 34, '3g.40gb': 5 } }, 0]);
    expect(plan.layouts.filter((l) => l.spare).map((l) => [l.gpus, l.layout])).toEqual([[5, { '1g.10gb': 4, '3g.40gb': 1 }], [2, { '1g.10gb': 7 }]]);
    expectValidPlan(plan);
  });

  test('with prices per GPU-hour the plan minimises cost: the cheaper model of two that both hold the demand', async () => {
    const gpus = [{ model: 'H100-80GB' as const, pricePerGpuHour: 3.9 }, { model: 'A100-80GB' as const, pricePerGpuHour: 2.2 }];
    const plan = await planLayouts({ gpus, demand: { '1g.10gb': 40, '3g.40gb': 6 } });
    expect([plan.gpusByModel, plan.nodesUsed, plan.costPerHour]).toEqual([{ 'A100-80GB': 9 }, 2, 35.2]);
    await expect(planLayouts({ gpus: [gpus[0], { model: 'A100-80GB' }], demand: { '1g.10gb': 1 } })).rejects.toThrow(/1 of 2 models have a price per GPU-hour/);
  });

  test('groups GPUs into nodes and names the mig-parted configs', async () => {
    const plan = await planLayouts({ gpus: [{ model: 'H100-80GB', gpusPerNode: 4 }], demand: { '1g.10gb': 56 } });
    expect(plan.gpusUsed).toBe(8);
    expect(plan.nodeGroups).toEqual([{ name: 'plan-h100-80gb-1', model: 'H100-80GB', nodes: 2, gpusPerNode: 4, perGpu: new Array(4).fill({ '1g.10gb': 7 }) }]);
    expect(plan.migPartedConfig['mig-configs']['plan-h100-80gb-1']).toEqual([
      { 'device-filter': ['0x233010DE', '0x233110DE', '0x232210DE', '0x232410DE'], 'devices': 'all', 'mig-enabled': true, 'mig-devices': { '1g.10gb': 7 } },
    ]);
  });

  test('reports the baselines: whole GPUs, uniform pools and all-balanced', async () => {
    const plan = await h100({ '1g.10gb': 40, '3g.40gb': 6 });
    expect(plan.baselines.map((b) => [b.name, b.gpus, b.nodes])).toEqual([
      ['whole-gpus', 46, 6],
      ['uniform-pools', 9, 2],
      ['all-balanced', 20, 3],
    ]);
    const b = await h100({ '1g.20gb': 2 });
    expect(b.baselines[2]).toMatchObject({ name: 'all-balanced', gpus: null, note: 'all-balanced has no 1g.20gb' });
  });

  test('mixed beats uniform pools when profiles can share GPUs', async () => {
    const plan = await h100({ '4g.40gb': 8, '3g.40gb': 8 });
    expect(plan.gpusUsed).toBe(8);
    expect(plan.baselines.find((b) => b.name === 'uniform-pools')!.gpus).toBe(12);
  });

  test('strategy single: one profile per node', async () => {
    const plan = await h100({ '1g.10gb': 40, '3g.40gb': 6 }, { strategy: 'single' });
    expect(plan.gpusUsed).toBe(16);
    expect(plan.nodeGroups.map((g) => [g.nodes, g.perGpu[0]])).toEqual([[1, { '3g.40gb': 2 }], [1, { '1g.10gb': 7 }]]);
    expect(plan.provenOptimal).toBe(true);
    expectValidPlan(plan);
  });

  test('several models: each profile goes where it exists', async () => {
    const plan = await planLayouts({ gpus: [{ model: 'A100-40GB' }, { model: 'H100-80GB' }], demand: { '1g.5gb': 7, '1g.10gb': 7 } });
    // A100-40GB has both profiles (1g.10gb at 4 per GPU): one node of it beats one node of each.
    expect([plan.nodesUsed, plan.gpusUsed]).toEqual([1, 3]);
    expect(plan.gpusByModel).toEqual({ 'A100-40GB': 3 });
    expectValidPlan(plan);
  });

  test('unmet demand says why: a limited supply of GPUs, or a profile no model has', async () => {
    const plan = await planLayouts({ gpus: [{ model: 'H100-80GB', available: 1 }], demand: { '1g.10gb': 14, '1g.5gb': 2 } });
    expect(plan.gpusUsed).toBe(1);
    expect(plan.unmet).toEqual([
      { profile: '1g.5gb', count: 2, reason: "'1g.5gb' is not a profile of 'H100-80GB'" },
      { profile: '1g.10gb', count: 7, reason: 'not enough GPUs available' },
    ]);
  });

  test('tenants are served from the plan', async () => {
    const plan = await planLayouts({ gpus: [{ model: 'H100-80GB' }], demand: [{ tenant: 'a', profile: '1g.10gb', count: 8 }, { tenant: 'b', profile: '1g.10gb', count: 4 }] });
    expect(plan.tenants).toEqual([{ tenant: 'a', profile: '1g.10gb', count: 8 }, { tenant: 'b', profile: '1g.10gb', count: 4 }]);
    expect(plan.gpusUsed).toBe(2);
  });

  test('the heuristic is never better than the exact plan, and its plans are valid', async () => {
    const demands: Record<string, number>[] = [{ '1g.10gb': 40, '3g.40gb': 6 }, { '2g.20gb': 5, '1g.20gb': 3, '4g.40gb': 2 }, { '1g.10gb': 3, '2g.20gb': 3, '3g.40gb': 3 }];
    for (const demand of demands) {
      const exact = await h100(demand);
      const ffd = await h100(demand, { method: 'heuristic' });
      expect(ffd.method).toBe('heuristic');
      expect(ffd.provenOptimal).toBe(false);
      expect(ffd.gpusUsed).toBeGreaterThanOrEqual(exact.gpusUsed);
      expect(ffd.lowerBound).toBeLessThanOrEqual(exact.gpusUsed);
      expectValidPlan(ffd);
    }
  });

  test('above the size limit, auto falls back to the heuristic and says so', async () => {
    const plan = await h100({ '1g.10gb': 10 }, { exactVariableLimit: 1 });
    expect(plan.method).toBe('heuristic');
    expect(plan.notes[0]).toContain('exceed the exact-solve limit of 1');
  });

  test('bad requests throw one MigValidationError', async () => {
    await expect(planLayouts({ gpus: [{ model: 'V100' as never }], demand: { '1g.10gb': -1 } })).rejects.toThrow(/"V100" is not a GPU model in the catalogue/);
    await expect(h100({})).rejects.toThrow(/the demand is empty/);
  });
});
