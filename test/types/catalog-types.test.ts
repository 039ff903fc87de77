/**
 * Compile-time promises. ts-jest type-checks this file: an `@ts-expect-error` that stops erroring
 * (TS2578) or a failed expectTypeOf fails the suite, so a broken type promise fails CI.
 */
import { expectTypeOf } from 'expect-type';
import { fitProfiles, MigValidationError, renderMigPartedConfig, type GpuModel, type MigLayout, type MigProfile } from '../../src';

describe('catalogue types', () => {
  test('GpuModel is the union of the model keys', () => {
    expectTypeOf<'H100-80GB'>().toMatchTypeOf<GpuModel>();
    expectTypeOf<'RTX-PRO-6000'>().toMatchTypeOf<GpuModel>();
    expectTypeOf<'V100'>().not.toMatchTypeOf<GpuModel>();
  });

  test('MigProfile<G> is exactly the profiles of that model', () => {
    expectTypeOf<MigProfile<'A30'>>().toEqualTypeOf<'1g.6gb' | '1g.6gb+me' | '2g.12gb' | '2g.12gb+me' | '4g.24gb'>();
    expectTypeOf<'1g.10gb'>().toMatchTypeOf<MigProfile<'H100-80GB'>>();
    expectTypeOf<'1g.5gb'>().not.toMatchTypeOf<MigProfile<'H100-80GB'>>();
    expectTypeOf<'1g.18gb'>().not.toMatchTypeOf<MigProfile<'H100-80GB'>>();
  });

  test('MigLayout<G> takes that model profiles only', () => {
    const ok: MigLayout<'H100-80GB'> = { '3g.40gb': 1, '1g.10gb': 4 };
    // @ts-expect-error 1g.5gb is an A100-40GB profile, not an H100-80GB one
    const wrongModel: MigLayout<'H100-80GB'> = { '1g.5gb': 7 };
    // @ts-expect-error counts are numbers
    const wrongCount: MigLayout<'A30'> = { '4g.24gb': 'one' };
    expect([ok, wrongModel, wrongCount]).toHaveLength(3);
  });

  test('fitProfiles infers the model from the gpu literal and checks the layout against it', () => {
    expect(fitProfiles('H100-80GB', { '3g.40gb': 1, '1g.10gb': 4 }).fits).toBe(true);
    // @ts-expect-error 1g.18gb is an H200 profile
    expect(fitProfiles('H100-80GB', { '1g.18gb': 7 }).fits).toBe(false);
    // @ts-expect-error V100 is not a MIG model
    fitProfiles('V100' as const, { '1g.10gb': 1 } as MigLayout<'H100-80GB'>);
  });

  test('renderMigPartedConfig checks each config against its own model', () => {
    renderMigPartedConfig({
      a: { gpu: 'H100-80GB', layout: { '1g.10gb': 7 } },
      b: { gpu: 'A100-40GB', perGpu: [{ '1g.5gb': 7 }, false] },
    });
    // Runtime repeats each compile-time check for callers the compiler did not see.
    expect(() =>
      renderMigPartedConfig({
        a: { gpu: 'H100-80GB', layout: { '1g.10gb': 7 } },
        // @ts-expect-error 1g.10gb+me does not exist on A30
        b: { gpu: 'A30', layout: { '1g.10gb+me': 1 } },
      }),
    ).toThrow("configs.b.layout.1g.10gb+me: '1g.10gb+me' is not a MIG profile of A30");
    // @ts-expect-error H100-80GB layouts do not take A100-40GB profiles
    expect(() => renderMigPartedConfig({ c: { gpu: 'H100-80GB', perGpu: [{ '1g.5gb': 1 }] } })).toThrow(MigValidationError);
  });
});
