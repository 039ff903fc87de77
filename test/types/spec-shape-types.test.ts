import { expectTypeOf } from 'expect-type';
import type {
  DashboardOptions,
  KarpenterOptions,
  KueueFlavorQuota,
  KueueOptions,
  KueuePreemption,
  NodePoolSpec,
  NodeTaint,
  OperatorOptions,
  PlatformSpec,
  TelemetryOptions,
  TelemetryPrices,
  TenantKueueOptions,
  TenantSpec,
  WorkloadSpec,
} from '../../src';
import { SPEC_DEFAULTS } from '../../src';
import type { SPEC_SHAPE } from '../../src/spec';

/**
 * SPEC_SHAPE (the JSON Schema, the YAML allow-lists and the defaults) and the hand-written
 * TypeScript interfaces name the same fields: a field added to one and not the other fails here.
 */
type Shape = typeof SPEC_SHAPE;
type Ops = NonNullable<OperatorOptions['gitops']>;

test('every section of the shape has exactly the fields of its TypeScript interface', () => {
  expectTypeOf<Exclude<keyof PlatformSpec, 'path' | 'attachedRequests'>>().toEqualTypeOf<Exclude<keyof Shape['platform'], '$schema'>>();
  expectTypeOf<keyof OperatorOptions>().toEqualTypeOf<keyof Shape['operator']>();
  expectTypeOf<keyof NonNullable<OperatorOptions['dcgmExporter']>>().toEqualTypeOf<keyof Shape['dcgmExporter']>();
  expectTypeOf<keyof Ops>().toEqualTypeOf<keyof Shape['gitops']>();
  expectTypeOf<keyof Exclude<Ops['flux'], boolean | undefined>>().toEqualTypeOf<keyof Shape['flux']>();
  expectTypeOf<keyof Exclude<Ops['argocd'], boolean | undefined>>().toEqualTypeOf<keyof Shape['argocd']>();
  expectTypeOf<Exclude<keyof NodePoolSpec, 'path'>>().toEqualTypeOf<keyof Shape['pool']>();
  expectTypeOf<keyof NodeTaint>().toEqualTypeOf<keyof Shape['taint']>();
  expectTypeOf<keyof NonNullable<NodePoolSpec['timeSlicing']>>().toEqualTypeOf<keyof Shape['timeSlicing']>();
  expectTypeOf<keyof KarpenterOptions>().toEqualTypeOf<keyof Shape['karpenter']>();
  expectTypeOf<keyof KarpenterOptions['nodeClassRef']>().toEqualTypeOf<keyof Shape['nodeClassRef']>();
  expectTypeOf<Exclude<keyof WorkloadSpec, 'path'>>().toEqualTypeOf<keyof Shape['workload']>();
  expectTypeOf<Exclude<keyof TenantSpec, 'path'>>().toEqualTypeOf<keyof Shape['tenant']>();
  expectTypeOf<keyof KueueOptions>().toEqualTypeOf<keyof Shape['kueue']>();
  expectTypeOf<keyof TenantKueueOptions>().toEqualTypeOf<keyof Shape['tenantKueue']>();
  expectTypeOf<keyof KueueFlavorQuota>().toEqualTypeOf<keyof Shape['kueueFlavor']>();
  expectTypeOf<keyof KueuePreemption>().toEqualTypeOf<keyof Shape['kueuePreemption']>();
  expectTypeOf<keyof TelemetryOptions>().toEqualTypeOf<keyof Shape['telemetry']>();
  expectTypeOf<keyof TelemetryPrices>().toEqualTypeOf<keyof Shape['telemetryPrices']>();
  expectTypeOf<keyof DashboardOptions>().toEqualTypeOf<keyof Shape['dashboard']>();
});

test('defaults keep their literal types, so resolved values are typed', () => {
  expectTypeOf(SPEC_DEFAULTS.workload.namespace).toEqualTypeOf<'default'>();
  expectTypeOf(SPEC_DEFAULTS.workload.kind).toEqualTypeOf<'Deployment'>();
  expectTypeOf(SPEC_DEFAULTS.tenant.quotaName).toEqualTypeOf<'mig-slices'>();
  expectTypeOf(SPEC_DEFAULTS.operator.version).toEqualTypeOf<'v26.7.0'>();
  expect(SPEC_DEFAULTS.tenant).toEqual({ createNamespace: true, denyUngrantedProfiles: true, quotaName: 'mig-slices' });
  expect(SPEC_DEFAULTS.workload).toEqual({ namespace: 'default', slicesPerPod: 1, replicas: 1, kind: 'Deployment', sameGpu: false });
  expect(SPEC_DEFAULTS.platform).toEqual({ allowOvercommit: false, allocation: 'device-plugin' });
});
