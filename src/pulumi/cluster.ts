import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { formatDiagnostic, isError, type Diagnostic } from '../diagnostics';
import type { MigAllocation, MigStrategy } from '../naming';
import {
  adapterArgProblems,
  operatorChart,
  PlatformRegistry,
  type EmittedObject,
  type PlatformRenderer,
} from '../render';
import {
  type KueueOptions,
  type TelemetryOptions,
  type NodePoolSpec,
  type OperatorOptions,
  type PlatformSpec,
  type ResolvedOperator,
  type TenantSpec,
  type WorkloadSpec,
} from '../spec';
import { createKubeResource, toInputPropertiesError } from './kube';

export interface MigClusterArgs {
  /** `mixed`: one resource per profile (`nvidia.com/mig-<profile>`); `single`: every slice is `nvidia.com/gpu`. */
  readonly strategy: MigStrategy;
  /** GPU Operator options: chart version and repository, namespace, ConfigMap names, WITH_REBOOT, DCGM exporter, GitOps. */
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
  /** Install the GPU Operator as a Helm release (`@pulumi/kubernetes` helm.v3.Release) with the rendered values. @default true */
  readonly installOperator?: boolean;
}

interface Rendered {
  readonly renderer: PlatformRenderer;
  readonly warnings: readonly Diagnostic[];
}

/**
 * The GPU platform of one cluster, as a Pulumi component: the same model, rules and Kubernetes
 * objects as the cdk8s `MigCluster`. Pools, workloads and tenant quotas register with it; the
 * cluster-wide objects (the MIG Manager ConfigMap, the operator values, quotas that deny ungranted
 * profiles) resolve once the program has declared them all. Declare a cluster's pools, workloads
 * and quotas without an `await` between them: a registration after that point throws.
 *
 * @example
 * const cluster = new MigCluster('gpus', { strategy: 'mixed', operator: { version: 'v26.7.0' } });
 */
export class MigCluster extends pulumi.ComponentResource {
  public readonly strategy: MigStrategy;
  public readonly operator: ResolvedOperator;
  /** GPU Operator Helm values (rejects with InputPropertiesError when the platform is invalid). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public readonly operatorValues: pulumi.Output<{ [key: string]: any }>;
  /** Kubernetes resources this component created (its children). */
  public readonly resources: pulumi.Resource[] = [];
  /** The Helm release of the GPU Operator, unless `installOperator: false`. */
  public readonly release?: k8s.helm.v3.Release;

  private readonly name: string;
  private readonly registry: PlatformRegistry;
  /** Resolves with the rendered platform; never settles for an invalid one, so no resource is registered. */
  private readonly ready: Promise<Rendered>;
  private resolveReady!: (r: Rendered) => void;
  /** Resolves with the warnings, or rejects with the InputPropertiesError (whenValidated). */
  private readonly validated: Promise<readonly Diagnostic[]>;
  private settleValidated!: (error: Error | undefined, warnings: readonly Diagnostic[]) => void;
  /** Paths of diagnostics a component already threw at its construction (not reported twice). */
  private readonly reported = new Set<string>();
  /** whenValidated() was called: its caller handles a failure, so it is not also raised as unhandled. */
  private observed = false;
  private sealed = false;
  private sealTimer?: NodeJS.Immediate;

  constructor(name: string, args: MigClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('mig-constructs:index:MigCluster', name, {}, opts);
    const problems = adapterArgProblems('MigCluster', name, args);
    if (problems.length > 0) throw toInputPropertiesError(problems, name);
    this.name = name;
    const { strategy, operator, allowOvercommit, allocation, kueue, telemetry } = args;
    this.registry = new PlatformRegistry({ strategy, allocation, kueue, telemetry, operator, allowOvercommit, path: name });
    this.strategy = args.strategy;
    this.operator = this.registry.operator;
    this.ready = new Promise<Rendered>((resolve) => {
      this.resolveReady = resolve;
    });
    this.validated = new Promise<readonly Diagnostic[]>((resolve, reject) => {
      this.settleValidated = (error, warnings) => (error ? reject(error) : resolve(warnings));
    });
    // whenValidated() is optional; the failure itself is reported once, as a ResourceError (seal).
    this.validated.catch(() => undefined);
    this.armSeal();

    // The operator is installed after its Namespace and MIG ConfigMap exist.
    const clusterObjects = this.registry.clusterObjects();
    const created = this._emitAll(this, name, clusterObjects);
    const dependsOn = created.filter((_, i) => clusterObjects[i].beforeOperator);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    this.operatorValues = pulumi.output(this.ready.then((r) => r.renderer.operatorValues as { [key: string]: any }));
    if (args.installOperator ?? true) {
      const chart = operatorChart(this.operator);
      this.release = new k8s.helm.v3.Release(`${name}-gpu-operator`, {
        name: chart.releaseName,
        chart: chart.chart,
        version: chart.version,
        repositoryOpts: { repo: chart.repository },
        namespace: chart.namespace,
        values: this.operatorValues,
      }, { parent: this, dependsOn });
    }
    this.registerOutputs({ operatorValues: this.operatorValues });
  }

  /** The platform spec built from the components registered so far. */
  public toSpec(): PlatformSpec {
    return this.registry.toSpec();
  }

  /**
   * Resolves with the warnings once the platform is validated; rejects with InputPropertiesError.
   * Without a call to this, an invalid platform fails the program with one ResourceError (unhandled,
   * as Pulumi expects a failing program to); with it, the caller decides (e.g. in unit tests).
   */
  public whenValidated(): Promise<readonly Diagnostic[]> {
    this.observed = true;
    return this.validated;
  }

  /**
   * @internal A component threw these diagnostics at construction: the platform fails with them
   * (no resource of it is registered), and the cluster's own report does not repeat them.
   */
  public _markReported(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.reported.add(`${d.path}\u0000${d.message}`);
  }

  /** @internal Registers a pool; creates its objects under `parent` (named `<component>-<object>`) and the cluster objects it brings. */
  public _registerPool(parent: pulumi.Resource, component: string, spec: NodePoolSpec): pulumi.Resource[] {
    const { own, cluster } = this.register(() => this.registry.addPool(spec));
    this._emitAll(this, this.name, cluster);
    return this._emitAll(parent, component, own);
  }

  /** @internal Registers a workload and creates its objects under `parent`. */
  public _registerWorkload(parent: pulumi.Resource, component: string, spec: WorkloadSpec): pulumi.Resource[] {
    return this._emitAll(parent, component, this.register(() => this.registry.addWorkload(spec)));
  }

  /** @internal Registers a tenant and creates its objects under `parent`. */
  public _registerTenant(parent: pulumi.Resource, component: string, spec: TenantSpec<string>): pulumi.Resource[] {
    return this._emitAll(parent, component, this.register(() => this.registry.addTenant(spec)));
  }

  /** Creates the Kubernetes resources of a list; their bodies resolve with the platform. */
  private _emitAll(parent: pulumi.Resource, component: string, objects: readonly EmittedObject[]): pulumi.Resource[] {
    return objects.map((o) => {
      const body = this.ready.then((r) => {
        const found = r.renderer.manifest(o);
        if (!found) throw new Error(`mig-constructs: no rendered object '${o.id}' (this is a bug: please report it)`);
        return found;
      });
      const resource = createKubeResource(`${component}-${o.name}`, o.identity, body, parent);
      this.resources.push(resource);
      return resource;
    });
  }

  private register<T>(add: () => T): T {
    if (this.sealed) {
      throw new Error(
        `mig-constructs: MigCluster '${this.name}' was already rendered when another pool, workload or tenant registered with it. ` +
          'Declare all of a cluster\'s pools, workloads and quotas together, without an await between them.',
      );
    }
    const result = add();
    this.armSeal();
    return result;
  }

  // The platform is rendered when the program's synchronous declarations are done.
  private armSeal(): void {
    if (this.sealTimer) clearImmediate(this.sealTimer);
    this.sealTimer = setImmediate(() => this.seal());
  }

  private seal(): void {
    this.sealed = true;
    const evaluation = this.registry.evaluate();
    for (const w of evaluation.diagnostics.filter((d) => !isError(d))) void pulumi.log.warn(formatDiagnostic(w), this);
    if (!evaluation.renderer) {
      this.settleValidated(toInputPropertiesError(evaluation.diagnostics, ''), []);
      // One failure for the whole platform: its resources never resolve (none reaches the engine),
      // and this unhandled ResourceError is what Pulumi reports, once, against the cluster, and what
      // makes the program exit non-zero (so the engine never takes the missing resources as deleted).
      const fresh = evaluation.diagnostics.filter((d) => isError(d) && !this.reported.has(`${d.path}\u0000${d.message}`));
      const lines = (fresh.length > 0 ? fresh : evaluation.diagnostics.filter(isError)).map((d) => `  ${formatDiagnostic(d)}`);
      const message = `MIG platform '${this.name}' is invalid, so none of its Kubernetes resources is deployed (${lines.length} problem${lines.length === 1 ? '' : 's'}${fresh.length === 0 ? ', reported above' : ''}):\n${lines.join('\n')}`;
      if (!this.observed) void Promise.reject(new pulumi.ResourceError(message, this, true));
      return;
    }
    this.settleValidated(undefined, evaluation.diagnostics);
    this.resolveReady({ renderer: evaluation.renderer, warnings: evaluation.diagnostics });
  }
}
