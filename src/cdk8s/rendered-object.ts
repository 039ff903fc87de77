import { ApiObject, Lazy, type ApiObjectProps, type IAnyProducer } from 'cdk8s';
import type { Construct } from 'constructs';
import { manifestBodyKeys, type EmittedObject } from '../render';

/**
 * Where a rendered object's body and extra labels come from at synth: the MigCluster, which
 * validates and renders the whole platform once every pool, workload and tenant is declared.
 * @internal adapter plumbing
 */
export interface RenderedSource {
  /** The rendered body of an object (its fields besides apiVersion, kind and metadata); throws MigValidationError when the platform is invalid. */
  _body(object: EmittedObject): Record<string, unknown>;
  /** The labels the platform adds to this object's identity (a Kueue queue label), if any. */
  _extraLabels(object: EmittedObject): Readonly<Record<string, string>> | undefined;
}

/** One top-level body field, read from the rendered manifest at synth (one small object per field: fleets have thousands). */
class BodyField implements IAnyProducer {
  constructor(private readonly source: RenderedSource, private readonly object: EmittedObject, private readonly key: string) {}

  public produce(): unknown {
    return this.source._body(this.object)[this.key];
  }
}

/**
 * The props of an ApiObject whose identity (apiVersion, kind, metadata) is known when the construct
 * is created and whose body is rendered at synth, after every pool, workload and tenant of the
 * cluster is known and validated. cdk8s features keep working on it: chart labels,
 * `ApiObject.of(x).addJsonPatch`.
 * @internal adapter plumbing
 */
export function renderedApiObjectProps(source: RenderedSource, object: EmittedObject): ApiObjectProps {
  const identity = object.identity;
  // ApiObject copies metadata and labels into its own definition, so they are passed as they are.
  const props: Record<string, unknown> = { apiVersion: identity.apiVersion, kind: identity.kind, metadata: identity.metadata };
  for (const key of manifestBodyKeys(identity.kind)) props[key] = Lazy.any(new BodyField(source, object, key));
  return props as unknown as ApiObjectProps;
}

/**
 * Adds the labels the platform gives an object beyond its identity's (a Kueue queue label, known
 * only once every tenant is) to its metadata, before cdk8s serialises it: so they are sorted with
 * the others and JSON patches see them.
 * @internal adapter plumbing
 */
export function addRenderedLabels(apiObject: ApiObject, source: RenderedSource, object: EmittedObject): void {
  // Called once per object at synth (a fleet has thousands): most have no extra label.
  const extra = source._extraLabels(object);
  if (extra === undefined) return;
  for (const key of Object.keys(extra)) apiObject.metadata.addLabel(key, extra[key]);
}

/**
 * An ApiObject made from an object of render/'s lists: identity now, body at synth.
 * @internal adapter plumbing
 */
export class RenderedApiObject extends ApiObject {
  constructor(scope: Construct, id: string, private readonly source: RenderedSource, private readonly object: EmittedObject) {
    super(scope, id, renderedApiObjectProps(source, object));
  }

  public toJson(): any {
    addRenderedLabels(this, this.source, this.object);
    return super.toJson();
  }
}
