import { ApiObject, Lazy, type ApiObjectProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { manifestBodyKeys, type KubeManifest } from '../render';

/**
 * The props of an ApiObject whose identity (apiVersion, kind, metadata) is known when the construct
 * is created and whose body is rendered at synth, after every pool, workload and tenant of the
 * cluster is known and validated. cdk8s features keep working on it: chart labels,
 * `ApiObject.of(x).addJsonPatch`.
 * @internal adapter plumbing
 */
export function renderedApiObjectProps(identity: KubeManifest, body: () => KubeManifest): ApiObjectProps {
  // ApiObject copies metadata and labels into its own definition, so they are passed as they are.
  const props: Record<string, unknown> = { apiVersion: identity.apiVersion, kind: identity.kind, metadata: identity.metadata };
  for (const key of manifestBodyKeys(identity.kind)) props[key] = Lazy.any({ produce: () => body()[key] });
  return props as unknown as ApiObjectProps;
}

/**
 * Adds the labels the platform gives an object beyond its identity's (a Kueue queue label, known
 * only once every tenant is) to its metadata, before cdk8s serialises it: so they are sorted with
 * the others and JSON patches see them.
 * @internal adapter plumbing
 */
export function addRenderedLabels(object: ApiObject, labels: () => Readonly<Record<string, string>>): void {
  // Called once per object at synth (a fleet has thousands): no intermediate arrays.
  const extra = labels();
  for (const key in extra) object.metadata.addLabel(key, extra[key]);
}

/**
 * An ApiObject made from an object of render/'s lists: identity now, body at synth.
 * @internal adapter plumbing
 */
export class RenderedApiObject extends ApiObject {
  constructor(
    scope: Construct, id: string, identity: KubeManifest, body: () => KubeManifest,
    private readonly labels: () => Readonly<Record<string, string>>,
  ) {
    super(scope, id, renderedApiObjectProps(identity, body));
  }

  public toJson(): any {
    addRenderedLabels(this, this.labels);
    return super.toJson();
  }
}
