import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { formatDiagnostic, isError, type Diagnostic } from '../diagnostics';
import type { MigStrategy } from '../naming';
import {
  operatorChart,
  PlatformRegistry,
  type EmittedObject,
  type PlatformRenderer,
} from '../render';
import {
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
  private readonly ready: Promise<Rendered>;
  private resolveReady!: (r: Rendered) => void;
  private rejectReady!: (e: Error) => void;
  private sealed = false;
  private sealTimer?: NodeJS.Immediate;

  constructor(name: string, args: MigClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('mig-constructs:index:MigCluster', name, {}, opts);
    this.name = name;
    const { strategy, operator, allowOvercommit } = args;
    this.registry = new PlatformRegistry({ strategy, operator, allowOvercommit, path: name });
    this.strategy = args.strategy;
    this.operator = this.registry.operator;
    this.ready = new Promise<Rendered>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // Rejections reach every resource that uses the platform; this only keeps Node from calling it unhandled.
    this.ready.catch(() => undefined);
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

  /** Resolves with the warnings once the platform is validated; rejects with InputPropertiesError. */
  public whenValidated(): Promise<readonly Diagnostic[]> {
    return this.ready.then((r) => r.warnings);
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
        const found = r.renderer.manifest(o.id);
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
      this.rejectReady(toInputPropertiesError(evaluation.diagnostics, ''));
      return;
    }
    this.resolveReady({ renderer: evaluation.renderer, warnings: evaluation.diagnostics });
  }
}
