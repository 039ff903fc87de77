import { Construct } from 'constructs';
import { formatDiagnostic, isError, MigValidationError, type Diagnostic } from '../diagnostics';
import type { MigAllocation, MigStrategy } from '../naming';
import {
  adapterArgProblems,
  PlatformRegistry,
  stringifyOperatorValues,
  type EmittedObject,
  type PlatformRenderer,
} from '../render';
import {
  type AttachedRequestSpec,
  type KueueOptions,
  type TelemetryOptions,
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
  /**
   * How pods get their slices: `device-plugin` (extended resources) or `dra` (a DeviceClass per
   * profile and a ResourceClaimTemplate per workload, through NVIDIA's DRA driver; Kubernetes >= 1.34).
   * @default 'device-plugin'
   */
  readonly allocation?: MigAllocation;
  /**
   * Admit work through Kueue: each pool emits a ResourceFlavor, and tenants with a `kueue` option a
   * ClusterQueue and a LocalQueue. `true` or options. @default false
   */
  readonly kueue?: boolean | KueueOptions;
  /**
   * Per-slice telemetry and chargeback: a PrometheusRule (allocation, usage, cost, alerts), a Grafana
   * dashboard ConfigMap and the DCGM exporter values that attribute each MIG instance to its pod.
   */
  readonly telemetry?: TelemetryOptions;
}

/** `mig-parted-config` -> `MigPartedConfig`: construct ids in the usual PascalCase. */
function constructId(name: string): string {
  return name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
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
  private readonly registry: PlatformRegistry;

  constructor(scope: Construct, id: string, props: MigClusterProps) {
    super(scope, id);
    const problems = adapterArgProblems('MigCluster', this.node.path, props);
    if (problems.length > 0) throw new MigValidationError(problems);
    this.strategy = props.strategy;
    const { strategy, operator, allowOvercommit, allocation, kueue, telemetry } = props;
    this.registry = new PlatformRegistry({ strategy, allocation, kueue, telemetry, operator, allowOvercommit, path: this.node.path });
    this.operator = this.registry.operator;
    this._emitAll(this, this.registry.clusterObjects());
    this.node.addValidation({ validate: () => this.validationErrors() });
  }

  /** The platform spec built from the constructs registered so far. */
  public toSpec(): PlatformSpec {
    return this.registry.toSpec();
  }

  /** Every error and warning of the platform as it stands. */
  public get diagnostics(): readonly Diagnostic[] {
    return this.registry.evaluate().diagnostics;
  }

  /**
   * GPU Operator Helm values for this platform (`mig.strategy`, `migManager.config`, the
   * device-plugin config, WITH_REBOOT, DCGM exporter). Throws a MigValidationError if the platform is invalid.
   */
  public get operatorValues(): Record<string, unknown> {
    return this.renderer().operatorValues;
  }

  /** The operator values as a Helm values file. */
  public operatorValuesYaml(): string {
    return stringifyOperatorValues(this.operatorValues);
  }

  /** @internal Registers a pool and creates its objects under `scope` (and the cluster objects it brings). */
  public _registerPool(scope: Construct, spec: NodePoolSpec): RenderedApiObject[] {
    const { own, cluster } = this.registry.addPool(spec);
    this._emitAll(this, cluster);
    return this._emitAll(scope, own);
  }

  /** @internal Registers a workload; returns its objects for the caller to create (a MigWorkload is its own ApiObject). */
  public _registerWorkload(spec: WorkloadSpec): readonly EmittedObject[] {
    return this.registry.addWorkload(spec);
  }

  /** @internal Registers a tenant and creates its objects under `scope`. */
  public _registerTenant(scope: Construct, spec: TenantSpec<string>): RenderedApiObject[] {
    return this._emitAll(scope, this.registry.addTenant(spec));
  }

  /** @internal */
  public _registerAttachedRequest(spec: AttachedRequestSpec): void {
    this.registry.addAttachedRequest(spec);
  }

  /** @internal The rendered body of an object this cluster emitted; throws MigValidationError when the platform is invalid. */
  public _body(object: EmittedObject): Record<string, unknown> {
    const found = this.renderer().body(object);
    if (!found) throw new Error(`mig-constructs: no rendered object '${object.id}' (this is a bug: please report it)`);
    return found;
  }

  /** @internal Creates the objects of a list under `scope`; their bodies come from the rendered platform. */
  public _emitAll(scope: Construct, objects: readonly EmittedObject[]): RenderedApiObject[] {
    return objects.map((o) => new RenderedApiObject(scope, constructId(o.name), this, o));
  }

  /** @internal The labels the platform adds to an object's identity, for its ApiObject's metadata at synth. */
  public _extraLabels(object: EmittedObject): Readonly<Record<string, string>> | undefined {
    return this.renderer().labels(object);
  }

  private renderer(): PlatformRenderer {
    const r = this.registry.evaluate();
    if (!r.renderer) throw new MigValidationError(r.diagnostics);
    return r.renderer;
  }

  private validationErrors(): string[] {
    const diagnostics = this.registry.evaluate().diagnostics;
    for (const w of diagnostics.filter((d) => !isError(d))) process.stderr.write(`[mig-constructs] ${formatDiagnostic(w)}\n`);
    return diagnostics.filter(isError).map(formatDiagnostic);
  }
}
