import { Construct } from 'constructs';
import { formatDiagnostic, isError, MigValidationError, type Diagnostic } from '../diagnostics';
import type { MigStrategy } from '../naming';
import {
  devicePluginConfigMapIdentity,
  fluxHelmReleaseIdentity,
  fluxHelmRepositoryIdentity,
  argoApplicationIdentity,
  migConfigMapIdentity,
  operatorNamespaceIdentity,
  renderPlatformObjects,
  stringifyOperatorValues,
  type KubeManifest,
  type RenderedPlatformObjects,
} from '../render';
import {
  applyOperatorDefaults,
  validatePlatform,
  type AttachedRequestSpec,
  type NodePoolSpec,
  type OperatorOptions,
  type PlatformSpec,
  type ResolvedOperator,
  type TenantSpec,
  type WorkloadSpec,
} from '../spec';
import { RenderedApiObject } from './rendered-object';

export interface MigClusterProps {
  /** `mixed`: one resource per profile (`nvidia.com/mig-<profile>`); `single`: every slice is `nvidia.com/gpu`. */
  readonly strategy: MigStrategy;
  /** GPU Operator options: chart version, namespace, ConfigMap names, WITH_REBOOT, DCGM exporter, GitOps. */
  readonly operator?: OperatorOptions;
  /** Let tenant quotas add up to more than the pools offer (a warning instead of an error). @default false */
  readonly allowOvercommit?: boolean;
}

/**
 * The GPU platform of one cluster: its MIG strategy and GPU Operator settings. Node pools, workloads
 * and tenant quotas register with it; at synth it validates them all together and emits the MIG
 * Manager ConfigMap (one mig-parted config per pool plus `all-disabled`), the device-plugin
 * ConfigMap when a pool needs one, and optionally Flux or Argo CD manifests that install the operator.
 *
 * @example
 * const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed', operator: { version: 'v26.7.0' } });
 */
export class MigCluster extends Construct {
  /** Returns the MigCluster a construct belongs to, searching up the tree. */
  public static of(construct: Construct): MigCluster {
    let c: Construct | undefined = construct;
    while (c) {
      if (c instanceof MigCluster) return c;
      c = c.node.scope as Construct | undefined;
    }
    throw new Error(`${construct.node.path} is not inside a MigCluster`);
  }

  public readonly strategy: MigStrategy;
  /** The operator options with defaults applied. */
  public readonly operator: ResolvedOperator;
  private readonly props: MigClusterProps;
  private readonly pools: NodePoolSpec[] = [];
  private readonly workloads: WorkloadSpec[] = [];
  private readonly tenants: TenantSpec<string>[] = [];
  private readonly attached: AttachedRequestSpec[] = [];
  private devicePluginConfigMap?: RenderedApiObject;
  // Props are immutable, so the platform changes only when something registers.
  private version = 0;
  private cache?: { version: number; rendered?: RenderedPlatformObjects; byId?: Map<string, KubeManifest>; diagnostics: readonly Diagnostic[] };

  constructor(scope: Construct, id: string, props: MigClusterProps) {
    super(scope, id);
    this.props = props;
    this.strategy = props.strategy;
    this.operator = applyOperatorDefaults(props.operator);
    const op = this.operator;
    if (op.createNamespace) this.emit('OperatorNamespace', operatorNamespaceIdentity(op), 'cluster/operator-namespace');
    this.emit('MigPartedConfig', migConfigMapIdentity(op), 'cluster/mig-parted-config');
    if (op.flux) {
      this.emit('FluxHelmRepository', fluxHelmRepositoryIdentity(op), 'cluster/flux-helmrepository');
      this.emit('FluxHelmRelease', fluxHelmReleaseIdentity(op), 'cluster/flux-helmrelease');
    }
    if (op.argocd) this.emit('ArgoCdApplication', argoApplicationIdentity(op), 'cluster/argocd-application');
    this.node.addValidation({ validate: () => this.validationErrors() });
  }

  /** The platform spec built from the constructs registered so far. */
  public toSpec(): PlatformSpec {
    return {
      strategy: this.props.strategy,
      operator: this.props.operator,
      allowOvercommit: this.props.allowOvercommit,
      path: this.node.path,
      pools: [...this.pools],
      workloads: [...this.workloads],
      tenants: [...this.tenants],
      attachedRequests: [...this.attached],
    };
  }

  /** Every error and warning of the platform as it stands. */
  public get diagnostics(): readonly Diagnostic[] {
    return this.evaluate().diagnostics;
  }

  /**
   * GPU Operator Helm values for this platform (`mig.strategy`, `migManager.config`, the
   * device-plugin config, WITH_REBOOT, DCGM exporter). Throws a MigValidationError if the platform is invalid.
   */
  public get operatorValues(): Record<string, unknown> {
    return this.rendered().operatorValues;
  }

  /** The operator values as a Helm values file. */
  public operatorValuesYaml(): string {
    return stringifyOperatorValues(this.operatorValues);
  }

  /** @internal */
  public _registerPool(spec: NodePoolSpec): void {
    this.pools.push(spec);
    this.version++;
    if (spec.timeSlicing !== undefined && !this.devicePluginConfigMap) {
      this.devicePluginConfigMap = this.emit('DevicePluginConfig', devicePluginConfigMapIdentity(this.operator), 'cluster/device-plugin-config');
    }
  }

  /** @internal */
  public _registerWorkload(spec: WorkloadSpec): void {
    this.workloads.push(spec);
    this.version++;
  }

  /** @internal */
  public _registerTenant(spec: TenantSpec<string>): void {
    this.tenants.push(spec);
    this.version++;
  }

  /** @internal */
  public _registerAttachedRequest(spec: AttachedRequestSpec): void {
    this.attached.push(spec);
    this.version++;
  }

  /** @internal The rendered manifest with this id; throws MigValidationError when the platform is invalid. */
  public _object(id: string): KubeManifest {
    this.rendered();
    const found = this.cache!.byId!.get(id);
    if (!found) throw new Error(`mig-constructs: no rendered object '${id}' (this is a bug: please report it)`);
    return found;
  }

  /** @internal Creates an object whose body comes from the rendered platform. */
  public _emit(scope: Construct, id: string, identity: KubeManifest, objectId: string): RenderedApiObject {
    return new RenderedApiObject(scope, id, identity, () => this._object(objectId));
  }

  private emit(id: string, identity: KubeManifest, objectId: string): RenderedApiObject {
    return this._emit(this, id, identity, objectId);
  }

  private rendered(): RenderedPlatformObjects {
    const r = this.evaluate();
    if (!r.rendered) throw new MigValidationError(r.diagnostics);
    return r.rendered;
  }

  // Validates and renders once per state of the registrations.
  private evaluate(): { rendered?: RenderedPlatformObjects; diagnostics: readonly Diagnostic[] } {
    if (this.cache?.version === this.version) return this.cache;
    const validation = validatePlatform(this.toSpec());
    const rendered = validation.platform ? renderPlatformObjects(validation.platform) : undefined;
    this.cache = {
      version: this.version,
      diagnostics: validation.diagnostics,
      rendered,
      byId: rendered ? new Map(rendered.objects.map((o) => [o.id, o.manifest])) : undefined,
    };
    return this.cache;
  }

  private validationErrors(): string[] {
    const diagnostics = this.evaluate().diagnostics;
    for (const w of diagnostics.filter((d) => !isError(d))) process.stderr.write(`[mig-constructs] ${formatDiagnostic(w)}\n`);
    return diagnostics.filter(isError).map(formatDiagnostic);
  }
}
