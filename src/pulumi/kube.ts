import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { formatDiagnostic, isError, type Diagnostic } from '../diagnostics';
import { manifestBodyKeys, type KubeManifest } from '../render';

/**
 * A @pulumi/kubernetes resource for a rendered object: the typed class for core kinds, a
 * CustomResource for CRDs (Flux, Argo CD, Karpenter). The kind is known now; metadata and body
 * resolve with the rendered platform.
 */
export function createKubeResource(name: string, identity: KubeManifest, body: Promise<KubeManifest>, parent: pulumi.Resource): pulumi.Resource {
  // Metadata too waits for the platform: nothing of an invalid platform is registered, so a failed
  // validation never leaves a partial apply behind.
  const fields = Object.fromEntries(['metadata', ...manifestBodyKeys(identity.kind)].map((k) => [k, pulumi.output(body.then((b) => b[k]))]));
  const args = fields as never;
  const opts = { parent };
  switch (`${identity.apiVersion}/${identity.kind}`) {
    case 'v1/Namespace': return new k8s.core.v1.Namespace(name, args, opts);
    case 'v1/ConfigMap': return new k8s.core.v1.ConfigMap(name, args, opts);
    case 'v1/ResourceQuota': return new k8s.core.v1.ResourceQuota(name, args, opts);
    case 'apps/v1/Deployment': return new k8s.apps.v1.Deployment(name, args, opts);
    case 'apps/v1/StatefulSet': return new k8s.apps.v1.StatefulSet(name, args, opts);
    case 'batch/v1/Job': return new k8s.batch.v1.Job(name, args, opts);
    default: {
      const crArgs = { apiVersion: identity.apiVersion, kind: identity.kind, ...(args as object) };
      return new k8s.apiextensions.CustomResource(name, crArgs as never, opts);
    }
  }
}

/**
 * Diagnostics as Pulumi's InputPropertiesError, which the engine prints per property. `component`
 * is the component's name: paths under it become relative property paths (`layout.1g.5gb`).
 * @internal
 */
export function toInputPropertiesError(diagnostics: readonly Diagnostic[], component: string): pulumi.InputPropertiesError {
  const errors = diagnostics.filter(isError);
  const relative = (path: string) => (component && path.startsWith(`${component}.`) ? path.slice(component.length + 1) : path);
  return new pulumi.InputPropertiesError({
    message: `${errors.length} MIG validation error${errors.length === 1 ? '' : 's'}:\n${errors.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`,
    errors: errors.map((d) => ({ propertyPath: relative(d.path), reason: `${d.message}${d.hint ? ` (fix: ${d.hint})` : ''}` })),
  });
}
