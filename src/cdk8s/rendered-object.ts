import { ApiObject, Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import { manifestBodyKeys, type KubeManifest } from '../render';

/**
 * An ApiObject whose identity (apiVersion, kind, metadata) is known when the construct is created
 * and whose body is rendered at synth, after every pool, workload and tenant of the cluster is known
 * and validated. cdk8s features keep working on it: chart labels, `ApiObject.of(x).addJsonPatch`.
 */
export class RenderedApiObject extends ApiObject {
  constructor(scope: Construct, id: string, identity: KubeManifest, body: () => KubeManifest) {
    const lazyBody = Object.fromEntries(manifestBodyKeys(identity.kind).map((key) => [key, Lazy.any({ produce: () => body()[key] })]));
    super(scope, id, {
      apiVersion: identity.apiVersion,
      kind: identity.kind,
      metadata: { ...identity.metadata, labels: { ...(identity.metadata.labels ?? {}) } },
      ...lazyBody,
    });
  }
}
