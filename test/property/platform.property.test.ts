/**
 * Property-based: random valid platforms and random mutations of them (hostile values at random
 * places, deleted and unknown keys). Every case either fails with MigValidationError diagnostics
 * only, or renders objects that are schema-valid, a mig-parted config that passes the checker, and
 * the same bytes on a second run. The seed is printed; rerun one with FC_SEED=<seed>.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { checkMigPartedConfig, GPU_MODELS, manifestsYaml, maximalLayouts, MigValidationError, renderPlatform, validatePlatform, type GpuModel, type PlatformSpec } from '../../src';
import { CLI } from '../cli/helpers';
import { validateManifest } from '../support/schemas';

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = 1000;
// eslint-disable-next-line no-console
console.log(`fast-check seed ${SEED} (rerun with FC_SEED=${SEED})`);

const MODELS: GpuModel[] = ['H100-80GB', 'A100-40GB', 'A30', 'B200', 'RTX-PRO-6000'];

/** A valid platform: pools with layouts from the catalogue, workloads on offered profiles, grants within capacity. */
const validPlatform: fc.Arbitrary<PlatformSpec> = fc
  .record({
    pools: fc.array(fc.record({
      gpu: fc.constantFrom(...MODELS),
      layoutIndex: fc.nat(),
      gpusPerNode: fc.integer({ min: 1, max: 8 }),
      nodes: fc.integer({ min: 1, max: 4 }),
      taint: fc.boolean(),
      sliced: fc.boolean(),
    }), { minLength: 1, maxLength: 4 }),
    workloads: fc.array(fc.record({ pool: fc.nat(), profile: fc.nat(), replicas: fc.integer({ min: 0, max: 3 }), kind: fc.constantFrom('Deployment', 'Job', 'StatefulSet'), env: fc.boolean() }), { maxLength: 5 }),
    tenants: fc.array(fc.record({ pool: fc.nat(), profile: fc.nat(), queue: fc.boolean() }), { maxLength: 3 }),
    flux: fc.boolean(),
    kueue: fc.boolean(),
    telemetry: fc.option(fc.record({ priced: fc.boolean(), platformMonitor: fc.boolean(), customMetrics: fc.boolean() }), { nil: undefined }),
  })
  .map(({ pools, workloads, tenants, flux, kueue, telemetry }) => {
    const specPools = pools.map((p, i) => {
      const layouts = maximalLayouts(p.gpu);
      const fit = layouts[p.layoutIndex % layouts.length];
      return {
        name: `pool-${i}`,
        gpu: p.gpu,
        gpusPerNode: p.gpusPerNode,
        nodes: p.nodes,
        nodeSelector: { 'example.com/node-group': `group-${i}` },
        layout: Object.fromEntries(fit.entries.map((e) => [e.profile.name, e.count])),
        ...(p.taint ? { taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' as const }] } : {}),
        ...(p.sliced ? { timeSlicing: { replicas: 2 } } : {}),
      };
    });
    const profileOf = (pool: number, k: number) => {
      const names = Object.keys(specPools[pool % specPools.length].layout);
      return names[k % names.length];
    };
    return {
      strategy: 'mixed' as const,
      allowOvercommit: true,
      operator: flux ? { gitops: { flux: true } } : undefined,
      pools: specPools,
      workloads: workloads.map((w, i) => ({
        name: `w-${i}`,
        namespace: `team-${i % 2}`,
        pool: specPools[w.pool % specPools.length].name,
        profile: profileOf(w.pool, w.profile),
        replicas: w.replicas,
        kind: w.kind,
        image: 'registry.example.com/model:1.0',
        ...(w.env ? { env: { MODEL: 'x', Zeta: '1' } } : {}),
      })),
      // Tenants in their own namespaces (workloads live in team-*), so no quota can block a workload.
      // With Kueue, some tenants are queued: a quota on one pool's flavor, in a cohort with a borrowing limit.
      tenants: tenants.map((t, i) => (kueue && t.queue
        ? { namespace: `tenant-${i}`, slices: {}, kueue: { cohort: 'c', flavors: [{ pool: specPools[t.pool % specPools.length].name, slices: { [profileOf(t.pool, t.profile)]: 1 }, borrowingLimit: { [profileOf(t.pool, t.profile)]: 1 } }] } }
        : { namespace: `tenant-${i}`, slices: { [profileOf(t.pool, t.profile)]: 1 }, denyUngrantedProfiles: false })),
      ...(kueue ? { kueue: true } : {}),
      // Telemetry: a rule, a dashboard, maybe prices per GPU-hour for every model, our own ServiceMonitor and the metrics ConfigMap.
      ...(telemetry
        ? {
          telemetry: {
            namespace: 'monitoring',
            ...(telemetry.priced ? { prices: { gpus: Object.fromEntries(specPools.map((p) => [p.gpu, 2])) } } : {}),
            ...(telemetry.platformMonitor ? { serviceMonitor: 'platform' as const } : {}),
            customMetrics: telemetry.customMetrics,
          },
        }
        : {}),
    } as PlatformSpec;
  });

const hostile = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, -1, 0, 1.5, NaN, Infinity, '', ' ', 'yes', 'no', 'false', true, false, 2 ** 31, 1e20, '\u0000x', 'x'.repeat(300), 'Bad_Name', 'all-disabled', 'nvidia.com/mig.config', '1d', 'lots', {}, [], [1, 2], { a: 1 }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
);

/** Every path to a value inside a JSON-like object. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'unknown-key'; key: string };

function mutate(spec: PlatformSpec, pick: number, m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(spec));
  const all = paths(copy).filter((p) => p.length > 0);
  const target = all[pick % all.length];
  const parent = target.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, copy);
  const key = target[target.length - 1];
  if (m.kind === 'set') parent[key] = m.value;
  else if (m.kind === 'delete') delete parent[key];
  else if (typeof parent[key] === 'object' && parent[key] !== null && !Array.isArray(parent[key])) (parent[key] as Record<string, unknown>)[m.key] = 1;
  else parent[key] = { [m.key]: 1 };
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  hostile.map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.constantFrom('renameByDefualt', 'serviceMonitr', 'extra').map((key) => ({ kind: 'unknown-key' as const, key })),
);

const anyPlatform: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: validPlatform },
  { weight: 3, arbitrary: fc.tuple(validPlatform, fc.nat(), mutation).map(([spec, pick, m]) => mutate(spec, pick, m)) },
);

/** The property every input must satisfy. Returns 'rejected' or 'rendered' for the statistics. */
function holdsFor(input: unknown): 'rejected' | 'rendered' {
  const validation = validatePlatform(input as PlatformSpec); // must not throw, whatever the input
  for (const d of validation.diagnostics) {
    expect(typeof d.path).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message).not.toMatch(/undefined is not|Cannot read|is not a function/);
  }
  if (!validation.platform) {
    expect(() => renderPlatform(input as PlatformSpec)).toThrow(MigValidationError);
    return 'rejected';
  }
  const first = renderPlatform(input as PlatformSpec);
  for (const o of first.objects) validateManifest(o.manifest as never);
  const config = first.objects.find((o) => o.id === 'cluster/mig-parted-config')!.manifest.data as Record<string, string>;
  const check = checkMigPartedConfig(config['config.yaml']);
  expect(check.diagnostics.filter((d) => d.severity !== 'warning')).toEqual([]);
  const again = renderPlatform(input as PlatformSpec);
  expect(manifestsYaml(again.objects.map((o) => o.manifest))).toBe(manifestsYaml(first.objects.map((o) => o.manifest)));
  return 'rendered';
}

test(`${RUNS} random platforms and mutations: rejected with diagnostics, or rendered valid and deterministic`, () => {
  const seen = { rejected: 0, rendered: 0 };
  fc.assert(fc.property(anyPlatform, (input) => {
    seen[holdsFor(input)]++;
  }), { numRuns: RUNS, seed: SEED });
  // Both outcomes must be exercised, or the property proves little.
  expect(seen.rejected).toBeGreaterThan(RUNS / 10);
  expect(seen.rendered).toBeGreaterThan(RUNS / 10);
});

test('the same through mig render, spawned as a user runs it, for a sample', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-prop-'));
  const sample = fc.sample(anyPlatform, { numRuns: 12, seed: SEED });
  sample.forEach((input, i) => {
    const file = path.join(dir, `spec-${i}.yaml`);
    fs.writeFileSync(file, stringify(input ?? null));
    const out = path.join(dir, `out-${i}`);
    const r = spawnSync(process.execPath, [CLI, 'render', file, '-o', out], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    if (r.status === 0) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(out, 'platform.k8s.yaml'), 'utf8'))) validateManifest(doc.toJS());
    } else {
      expect(r.status).toBe(1);
      expect(fs.existsSync(out)).toBe(false);
      for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^(error|warning): /);
    }
  });
  expect(GPU_MODELS.length).toBeGreaterThan(0);
});
