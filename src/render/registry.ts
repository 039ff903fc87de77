import type { Diagnostic } from '../diagnostics';
import type { MigStrategy } from '../naming';
import {
  validatePlatform,
  type AttachedRequestSpec,
  type NodePoolSpec,
  type OperatorOptions,
  type PlatformSpec,
  type TenantSpec,
  type WorkloadSpec,
} from '../spec';
import { renderPlatformObjects, type KubeManifest, type RenderedPlatformObjects } from './platform-objects';

export interface PlatformEvaluation {
  /** Every error and warning. */
  readonly diagnostics: readonly Diagnostic[];
  /** Set only when there is no error. */
  readonly rendered?: RenderedPlatformObjects;
  /** Rendered manifests by object id. */
  readonly byId?: ReadonlyMap<string, KubeManifest>;
}

/**
 * What an adapter's cluster collects as its pools, workloads and tenants are declared: it builds the
 * PlatformSpec, and validates and renders it once per state of the registrations. The cdk8s and
 * Pulumi clusters both delegate to it, so neither holds platform logic of its own.
 */
export class PlatformRegistry {
  private readonly pools: NodePoolSpec[] = [];
  private readonly workloads: WorkloadSpec[] = [];
  private readonly tenants: TenantSpec<string>[] = [];
  private readonly attached: AttachedRequestSpec[] = [];
  // Specs are immutable once registered, so the platform changes only when something registers.
  private version = 0;
  private cache?: { version: number; evaluation: PlatformEvaluation };

  constructor(private readonly base: { strategy: MigStrategy; operator?: OperatorOptions; allowOvercommit?: boolean; path: string }) {}

  public addPool(spec: NodePoolSpec): void {
    this.pools.push(spec);
    this.version++;
  }

  public addWorkload(spec: WorkloadSpec): void {
    this.workloads.push(spec);
    this.version++;
  }

  public addTenant(spec: TenantSpec<string>): void {
    this.tenants.push(spec);
    this.version++;
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
    const rendered = validation.platform ? renderPlatformObjects(validation.platform) : undefined;
    const evaluation: PlatformEvaluation = {
      diagnostics: validation.diagnostics,
      rendered,
      byId: rendered ? new Map(rendered.objects.map((o) => [o.id, o.manifest])) : undefined,
    };
    this.cache = { version: this.version, evaluation };
    return evaluation;
  }
}
