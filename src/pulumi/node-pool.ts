import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { GpuModel, AksGpuInstanceProfile } from '../catalog';
import { isError } from '../diagnostics';
import { MIG_CONFIG_LABEL } from '../naming';
import { adapterArgProblems, aksGpuInstanceProfile, gkeGpuPartition, poolNodeFacts, poolNodeLabels } from '../render';
import { validatePlatform, type KueueFlavorQuota, type KueuePoolQuota, type NodePoolSpec, type NodeTaint } from '../spec';
import { MigCluster } from './cluster';
import { toInputPropertiesError } from './kube';

export interface MigNodePoolArgs<G extends GpuModel> extends Omit<NodePoolSpec<G>, 'name' | 'path'> {
  readonly cluster: MigCluster;
  /**
   * Pool name (at most 54 characters): its nodes carry `mig-constructs.io/pool=<name>` and
   * `nvidia.com/mig.config=<name>-<hash of the layout>`. @default the component name
   */
  readonly name?: string;
  /**
   * The pool's nodes by name (`nodes` is their count): they are labelled (core.v1.NodePatch) with the
   * pool label (and the device-plugin config label). The MIG layout itself (`nvidia.com/mig.config`)
   * is set only with `repartitionNodes`.
   */
  readonly nodeNames?: readonly string[];
  /**
   * Also set `nvidia.com/mig.config` on `nodeNames`. MIG Manager then repartitions those nodes as
   * soon as the label changes, and MIG Manager does not drain them: every `pulumi up` that changes
   * the layout kills the GPU pods on all of them at once. Use it to partition new, empty nodes; roll
   * a change on running nodes with `mig diff … -o script` instead. @default false
   */
  readonly repartitionNodes?: boolean;
}

/**
 * GPU nodes of one model with one MIG layout, as a Pulumi component (same props and checks as the
 * cdk8s MigNodePool). For cloud node pools it exposes what the provider needs: `nodeLabels` and
 * `taints` for any node group, `gkeGuestAccelerator()` and `aksGpuInstanceProfile()`.
 *
 * @example
 * const pool = new MigNodePool('h100-inference', {
 *   cluster, gpu: 'H100-80GB', gpusPerNode: 8, nodes: 4, layout: { '3g.40gb': 1, '1g.10gb': 4 },
 * });
 */
export class MigNodePool<G extends GpuModel = GpuModel> extends pulumi.ComponentResource {
  public readonly cluster: MigCluster;
  public readonly poolName: string;
  public readonly gpu: G;
  public readonly spec: NodePoolSpec<G>;
  /** Labels the pool's nodes must carry (`nvidia.com/mig.config`, plus `nvidia.com/device-plugin.config` with time-slicing). */
  public readonly nodeLabels: Readonly<Record<string, string>>;
  /** The labels the pool's nodes already carry (from args). */
  public readonly nodeSelector: Readonly<Record<string, string>>;
  /** Taints in the Kubernetes shape, for a node group's taint list. */
  public readonly taints: readonly NodeTaint[];
  public readonly resources: pulumi.Resource[] = [];

  constructor(name: string, args: MigNodePoolArgs<G>, opts?: pulumi.ComponentResourceOptions) {
    const problems = adapterArgProblems('MigNodePool', name, args, [{ key: 'cluster', ok: (v) => v instanceof MigCluster, expected: 'a MigCluster' }]);
    if (problems.length > 0) throw toInputPropertiesError(problems, name);
    super('mig-constructs:index:MigNodePool', name, {}, { parent: args.cluster, ...opts });
    const { cluster, repartitionNodes, name: poolName, ...props } = args;
    const nodeNames = props.nodeNames;
    this.cluster = cluster;
    this.poolName = poolName ?? name;
    this.gpu = props.gpu;
    this.spec = { ...props, name: this.poolName, path: name };
    // The pool's own rules fail here, at construction, with paths relative to this component; the
    // pool is registered all the same, so the whole platform fails with it (no resource deployed).
    const alone = validatePlatform({ strategy: cluster.strategy, pools: [this.spec as NodePoolSpec], workloads: [], tenants: [] });
    const own = alone.diagnostics;
    if (own.some(isError)) {
      cluster._registerPool(this, name, this.spec as NodePoolSpec);
      cluster._markReported(own);
      throw toInputPropertiesError(own, name);
    }
    ({ nodeSelector: this.nodeSelector, taints: this.taints } = poolNodeFacts(this.spec as NodePoolSpec));
    // The pool validated alone already has its config name: no second look at its layout.
    this.nodeLabels = poolNodeLabels(this.spec as NodePoolSpec, alone.platform!.pools[0].configName);
    this.resources.push(...cluster._registerPool(this, name, this.spec as NodePoolSpec));
    // Without the opt-in, the patch leaves nvidia.com/mig.config alone: no layout reaches a node implicitly.
    const patched = { ...this.nodeLabels };
    if (repartitionNodes !== true) delete patched[MIG_CONFIG_LABEL];
    for (const node of nodeNames ?? []) {
      this.resources.push(new k8s.core.v1.NodePatch(`${name}-${node}`, { metadata: { name: node, labels: patched } }, { parent: this }));
    }
    this.registerOutputs({ nodeLabels: this.nodeLabels });
  }

  /**
   * A tenant's Kueue quota on this pool's flavor, for `TenantQuota`'s `kueue.flavors`: a profile this
   * pool's GPU lacks does not compile.
   */
  public kueueQuota(quota: KueuePoolQuota<G>): KueueFlavorQuota {
    return { ...quota, pool: this.poolName };
  }

  /**
   * GKE `nodeConfig.guestAccelerators[0]` for this pool: `{ type, count, gpuPartitionSize }`. Throws
   * InputPropertiesError explaining why when the layout is not one GKE partition size (several
   * profiles, or a count GKE's device plugin does not expect).
   */
  public gkeGuestAccelerator(): { type: string; count: number; gpuPartitionSize: string } {
    const r = gkeGpuPartition(this.spec as NodePoolSpec);
    if (!r.ok) throw toInputPropertiesError([{ path: 'layout', message: r.reason, hint: r.hint }], '');
    return { type: r.acceleratorType, count: r.count, gpuPartitionSize: r.gpuPartitionSize };
  }

  /**
   * AKS `gpuInstanceProfile` (MIG1g..MIG7g) for an azure-native AgentPool. Throws InputPropertiesError
   * when no profile creates this layout. `confirmed` is false for models the AKS doc does not list.
   */
  public aksGpuInstanceProfile(): { gpuInstanceProfile: AksGpuInstanceProfile; confirmed: boolean } {
    const r = aksGpuInstanceProfile(this.spec as NodePoolSpec);
    if (!r.ok) throw toInputPropertiesError([{ path: 'layout', message: r.reason, hint: r.hint }], '');
    return { gpuInstanceProfile: r.gpuInstanceProfile, confirmed: r.confirmed };
  }
}
