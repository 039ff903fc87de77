import type { Diagnostic } from '../diagnostics';
import type { MigAllocation, MigStrategy } from '../naming';
import {
  applyOperatorDefaults,
  validatePlatform,
  type AttachedRequestSpec,
  type KueueOptions,
  type ResolvedOperator,
  type NodePoolSpec,
  type OperatorOptions,
  type PlatformSpec,
  type TelemetryOptions,
  telemetryIdentityFields,
  type TenantSpec,
  type WorkloadSpec,
} from '../spec';
import { clusterObjects, devicePluginConfigObject, draDeviceClassObject, poolNeedsDevicePluginConfig, poolObjects, poolProfiles, tenantObjects, workloadObjects, type EmittedObject } from './objects';
import { platformRenderer, type PlatformRenderer } from './platform-objects';

/** The cluster-wide settings an adapter's cluster was given. */
interface RegistryBase {
  readonly strategy: MigStrategy;
  readonly allocation?: MigAllocation;
  readonly kueue?: boolean | KueueOptions;
  readonly telemetry?: TelemetryOptions;
  readonly operator?: OperatorOptions;
  readonly allowOvercommit?: boolean;
  readonly path: string;
}

export interface PlatformEvaluation {
  /** Every error and warning. */
  readonly diagnostics: readonly Diagnostic[];
  /** Set only when there is no error: renders each object when asked. */
  readonly renderer?: PlatformRenderer;
}

/**
 * What an adapter's cluster collects as its pools, workloads and tenants are declared: it builds the
 * PlatformSpec, and validates and renders it once per state of the registrations. Each registration
 * answers with the objects the adapter must create for it (render/objects.ts), so the cdk8s and
 * Pulumi clusters hold no platform logic, ids, names or defaults of their own.
 * @internal adapter plumbing
 */
export class PlatformRegistry {
  private readonly pools: NodePoolSpec[] = [];
  private readonly workloads: WorkloadSpec[] = [];
  /** The objects each workload and tenant was answered with, by index, for the renderer to reuse (fleets declare thousands). */
  private readonly workloadObjects: (readonly EmittedObject[])[] = [];
  private readonly tenantObjects: (readonly EmittedObject[])[] = [];
  private readonly tenants: TenantSpec<string>[] = [];
  private readonly attached: AttachedRequestSpec[] = [];
  // Specs are immutable once registered, so the platform changes only when something registers.
  private version = 0;
  private cache?: { version: number; evaluation: PlatformEvaluation };

  /** The operator options with defaults. */
  public readonly operator: ResolvedOperator;

  /** Profiles that already have their DRA DeviceClass. */
  private readonly deviceClasses = new Set<string>();
  /** The device-plugin ConfigMap was brought by an earlier pool. */
  private devicePluginConfig = false;

  constructor(
    private readonly base: RegistryBase,
  ) {
    this.operator = applyOperatorDefaults(base.operator);
  }

  /** The objects the cluster owns from the start. */
  public clusterObjects(): EmittedObject[] {
    const t = this.base.telemetry;
    return clusterObjects(this.operator, t !== undefined ? telemetryIdentityFields(t, this.operator.namespace) : undefined);
  }

  /**
   * Registers a pool: its own objects, and the cluster objects it brings: the device-plugin ConfigMap
   * (once), and under DRA a DeviceClass for each profile no earlier pool offered.
   */
  public addPool(spec: NodePoolSpec): { own: EmittedObject[]; cluster: EmittedObject[] } {
    const cluster: EmittedObject[] = [];
    if (poolNeedsDevicePluginConfig(spec) && !this.devicePluginConfig) {
      this.devicePluginConfig = true;
      cluster.push(devicePluginConfigObject(this.operator));
    }
    if (this.base.allocation === 'dra') {
      for (const profile of poolProfiles(spec)) {
        if (this.deviceClasses.has(profile)) continue;
        this.deviceClasses.add(profile);
        cluster.push(draDeviceClassObject(profile));
      }
    }
    this.pools.push(spec);
    this.version++;
    return { own: poolObjects(spec, this.base.kueue !== undefined && this.base.kueue !== false), cluster };
  }

  public addWorkload(spec: WorkloadSpec): readonly EmittedObject[] {
    const objects = workloadObjects(spec, this.base.allocation);
    this.workloads.push(spec);
    this.workloadObjects.push(objects);
    this.version++;
    return objects;
  }

  public addTenant(spec: TenantSpec<string>): readonly EmittedObject[] {
    const objects = tenantObjects(spec);
    this.tenants.push(spec);
    this.tenantObjects.push(objects);
    this.version++;
    return objects;
  }

  public addAttachedRequest(spec: AttachedRequestSpec): void {
    this.attached.push(spec);
    this.version++;
  }

  public toSpec(): PlatformSpec {
    return {
      strategy: this.base.strategy,
      operator: this.base.operator,
      allowOvercommit: this.base.allowOvercommit,
      allocation: this.base.allocation,
      kueue: this.base.kueue,
      telemetry: this.base.telemetry,
      path: this.base.path,
      pools: [...this.pools],
      workloads: [...this.workloads],
      tenants: [...this.tenants],
      attachedRequests: [...this.attached],
    };
  }

  /** Validates and renders the platform as registered so far (cached until the next registration). */
  public evaluate(): PlatformEvaluation {
    if (this.cache?.version === this.version) return this.cache.evaluation;
    const validation = validatePlatform(this.toSpec());
    const evaluation: PlatformEvaluation = {
      diagnostics: validation.diagnostics,
      renderer: validation.platform ? platformRenderer(validation.platform, {
        workloads: { specs: this.workloads, objects: this.workloadObjects },
        tenants: { specs: this.tenants, objects: this.tenantObjects },
      }) : undefined,
    };
    this.cache = { version: this.version, evaluation };
    return evaluation;
  }
}
