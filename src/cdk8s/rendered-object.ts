import { ApiObject, Lazy, type ApiObjectProps, type IAnyProducer } from 'cdk8s';
import type { Construct } from 'constructs';
import { manifestBodyKeys, type KubeManifest } from '../render';

/**
 * Where a rendered object's body and extra labels come from at synth: the MigCluster, which
 * validates and renders the whole platform once every pool, workload and tenant is declared.
 * @internal adapter plumbing
 */
export interface RenderedSource {
  /** The rendered manifest with this id; throws MigValidationError when the platform is invalid. */
  _object(id: string): KubeManifest;
  /** The labels the platform adds to this object's identity (a Kueue queue label). */
  _extraLabels(id: string): Readonly<Record<string, string>>;
}

/** One top-level body field, read from the rendered manifest at synth (one small object per field: fleets have thousands). */
class BodyField implements IAnyProducer {
  constructor(private readonly source: RenderedSource, private readonly id: string, private readonly key: string) {}

  public produce(): unknown {
    return this.source._object(this.id)[this.key];
  }
}

/**
 * The props of an ApiObject whose identity (apiVersion, kind, metadata) is known when the construct
 * is created and whose body is rendered at synth, after every pool, workload and tenant of the
 * cluster is known and validated. cdk8s features keep working on it: chart labels,
 * `ApiObject.of(x).addJsonPatch`.
 * @internal adapter plumbing
 */
export function renderedApiObjectProps(identity: KubeManifest, source: RenderedSource, id: string): ApiObjectProps {
  // ApiObject copies metadata and labels into its own definition, so they are passed as they are.
  const props: Record<string, unknown> = { apiVersion: identity.apiVersion, kind: identity.kind, metadata: identity.metadata };
  for (const key of manifestBodyKeys(identity.kind)) props[key] = Lazy.any(new BodyField(source, id, key));
  return props as unknown as ApiObjectProps;
}

/**
 * Adds the labels the platform gives an object beyond its identity's (a Kueue queue label, known
 * only once every tenant is) to its metadata, before cdk8s serialises it: so they are sorted with
 * the others and JSON patches see them.
 * @internal adapter plumbing
 */
export function addRenderedLabels(object: ApiObject, source: RenderedSource, id: string): void {
  // Called once per object at synth (a fleet has thousands): no intermediate arrays.
  const extra = source._extraLabels(id);
  for (const key in extra) object.metadata.addLabel(key, extra[key]);
}

/**
 * An ApiObject made from an object of render/'s lists: identity now, body at synth.
 * @internal adapter plumbing
 */
export class RenderedApiObject extends ApiObject {
  constructor(scope: Construct, id: string, identity: KubeManifest, private readonly source: RenderedSource, private readonly objectId: string) {
    super(scope, id, renderedApiObjectProps(identity, source, objectId));
  }

  public toJson(): any {
    addRenderedLabels(this, this.source, this.objectId);
    return super.toJson();
  }
}
