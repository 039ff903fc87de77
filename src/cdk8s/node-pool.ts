import { Construct } from 'constructs';
import type { GpuModel } from '../catalog';
import { MigValidationError, showValue } from '../diagnostics';
import { adapterArgProblems, poolNodeFacts, poolSpecNodeLabels } from '../render';
import type { KueueFlavorQuota, KueuePoolQuota, NodePoolSpec, NodeTaint } from '../spec';
import { MigCluster } from './cluster';

export interface MigNodePoolProps<G extends GpuModel> extends Omit<NodePoolSpec<G>, 'name' | 'path'> {
  /**
   * Pool name (DNS-1123 label, at most 54 characters): its nodes carry `mig-constructs.io/pool=<name>`
   * and `nvidia.com/mig.config=<name>-<hash of the layout>`. @default the construct id
   */
  readonly name?: string;
}

/**
 * GPU nodes of one model with one MIG layout: the same on every GPU (`layout`) or one per GPU index
 * (`perGpu`). Profiles are checked against the model at compile time and the geometry at synth.
 * Its nodes must carry `nodeLabels` (set them in your node group, or use `karpenter`).
 *
 * @example
 * const inference = new MigNodePool(cluster, 'h100-inference', {
 *   gpu: 'H100-80GB', gpusPerNode: 8, nodes: 4,
 *   nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' },
 *   layout: { '3g.40gb': 1, '1g.10gb': 4 },
 * });
 */
export class MigNodePool<G extends GpuModel = GpuModel> extends Construct {
  public readonly cluster: MigCluster;
  public readonly name: string;
  public readonly gpu: G;
  /** The labels the pool's nodes already carry (from props). */
  public readonly nodeSelector: Readonly<Record<string, string>>;
  /** What the pool's workloads select: `nodeSelector` and `mig-constructs.io/pool` (never the config name, which changes with the layout). */
  public readonly workloadSelector: Readonly<Record<string, string>>;
  public readonly taints: readonly NodeTaint[];
  /** The pool as a platform spec. */
  public readonly spec: NodePoolSpec<G>;

  constructor(cluster: MigCluster, id: string, props: MigNodePoolProps<G>) {
    if (!(cluster instanceof MigCluster)) {
      const where = (cluster as Construct | undefined)?.node?.path;
      throw new MigValidationError([{ path: where ? `${where}/${id}` : id, message: `a MigNodePool is created inside a MigCluster, but its scope is ${where !== undefined ? `'${where || '(app)'}', not a MigCluster` : showValue(cluster)}`, hint: 'write new MigNodePool(cluster, id, props) with the MigCluster as the scope' }]);
    }
    super(cluster, id);
    const problems = adapterArgProblems('MigNodePool', this.node.path, props);
    if (problems.length > 0) throw new MigValidationError(problems);
    this.cluster = cluster;
    this.name = props.name ?? id;
    this.gpu = props.gpu;
    this.spec = Object.assign({}, props, { name: this.name, path: this.node.path });
    ({ nodeSelector: this.nodeSelector, taints: this.taints, workloadSelector: this.workloadSelector } = poolNodeFacts(this.spec as NodePoolSpec));
    cluster._registerPool(this, this.spec as NodePoolSpec);
  }

  /**
   * Labels the pool's nodes must carry: `mig-constructs.io/pool`, `nvidia.com/mig.config` (the
   * versioned config name: setting it repartitions the node) and `nvidia.com/device-plugin.config`
   * with time-slicing. Computed when read.
   */
  public get nodeLabels(): Readonly<Record<string, string>> {
    return poolSpecNodeLabels(this.spec as NodePoolSpec);
  }

  /**
   * A tenant's Kueue quota on this pool's flavor, for `TenantQuota`'s `kueue.flavors`: a profile this
   * pool's GPU lacks does not compile.
   *
   * @example
   * new TenantQuota(chart, 'team-a', { cluster, namespace: 'team-a', slices: {}, kueue: { flavors: [inference.kueueQuota({ slices: { '1g.10gb': 8 } })] } });
   */
  public kueueQuota(quota: KueuePoolQuota<G>): KueueFlavorQuota {
    return { ...quota, pool: this.name };
  }
}
