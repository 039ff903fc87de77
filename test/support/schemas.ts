/**
 * Validates emitted objects against their official schemas: core kinds with kubernetes-models,
 * CRDs (Flux, Argo CD, Karpenter, Kueue, Prometheus Operator) with ajv over the openAPIV3Schema of
 * the CRD files vendored in vendor/schemas/ (origin, version, licence: vendor/SOURCES.md). kubernetes-models does not check names, so names are
 * checked here too (DNS-1123).
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Namespace, ResourceQuota } from 'kubernetes-models/v1';
import { parse } from 'yaml';

export const SCHEMA_DIR = path.resolve(__dirname, '../../vendor/schemas');

const CORE: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace as never,
  'v1/ConfigMap': ConfigMap as never,
  'v1/ResourceQuota': ResourceQuota as never,
  'apps/v1/Deployment': Deployment as never,
  'apps/v1/StatefulSet': StatefulSet as never,
  'batch/v1/Job': Job as never,
};

const CRD_FILES: Record<string, string> = {
  'source.toolkit.fluxcd.io': 'source.toolkit.fluxcd.io_helmrepositories.yaml',
  'helm.toolkit.fluxcd.io': 'helm.toolkit.fluxcd.io_helmreleases.yaml',
  'argoproj.io': 'argoproj.io_applications.yaml',
  'karpenter.sh': 'karpenter.sh_nodepools.yaml',
  // Kueue's group holds several kinds: one CRD file each.
  'kueue.x-k8s.io/ResourceFlavor': 'kueue.x-k8s.io_resourceflavors.yaml',
  'kueue.x-k8s.io/ClusterQueue': 'kueue.x-k8s.io_clusterqueues.yaml',
  'kueue.x-k8s.io/LocalQueue': 'kueue.x-k8s.io_localqueues.yaml',
  'nvidia.com/ClusterPolicy': 'nvidia.com_clusterpolicies.yaml',
  'monitoring.coreos.com/PrometheusRule': 'monitoring.coreos.com_prometheusrules.yaml',
  'monitoring.coreos.com/ServiceMonitor': 'monitoring.coreos.com_servicemonitors.yaml',
};

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** resource.k8s.io/v1 kinds (DRA) from the Kubernetes OpenAPI v3 document (kubernetes-models 4.5.1 has none). */
function openApiValidator(apiVersion: string, kind: string) {
  if (!ajv.getSchema('k8s-resource-v1')) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'apis__resource.k8s.io__v1_openapi.json'), 'utf8')), 'k8s-resource-v1');
  }
  const validate = ajv.compile({ $ref: `k8s-resource-v1#/components/schemas/io.k8s.api.resource.v1.${kind}` });
  compiled.set(`${apiVersion}/${kind}`, validate);
  return validate;
}

function crdValidator(apiVersion: string, kind: string) {
  const key = `${apiVersion}/${kind}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  if (apiVersion === 'resource.k8s.io/v1') return openApiValidator(apiVersion, kind);
  const [group, version] = apiVersion.split('/');
  const file = CRD_FILES[`${group}/${kind}`] ?? CRD_FILES[group];
  if (!file) throw new Error(`no CRD schema known for ${key}`);
  const crd = parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
  if (crd.spec.names.kind !== kind) throw new Error(`${file} defines ${crd.spec.names.kind}, not ${kind}`);
  const v = crd.spec.versions.find((x: { name: string }) => x.name === version);
  if (!v) throw new Error(`${file} has no version ${version}`);
  const validate = ajv.compile(withoutGoOnlyPatterns(v.schema.openAPIV3Schema) as object);
  compiled.set(key, validate);
  return validate;
}

/**
 * Patterns with Go's inline flags (`(?i)`, the PrometheusRule CRD's partial_response_strategy) are not
 * JavaScript regular expressions: they are dropped (the library never sets those fields).
 */
function withoutGoOnlyPatterns(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutGoOnlyPatterns);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(Object.entries(schema)
    .filter(([k, v]) => !(k === 'pattern' && typeof v === 'string' && v.includes('(?i)')))
    .map(([k, v]) => [k, withoutGoOnlyPatterns(v)]));
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The ClusterQueue and ResourceFlavor CRDs' CEL rules (kueue v0.19.2) that an emitted object could
 * break, evaluated by hand: ajv reads the OpenAPI schema but not x-kubernetes-validations.
 */
export function kueueCelProblems(o: Manifest): string[] {
  const out: string[] = [];
  if (o.kind === 'ClusterQueue') {
    for (const rg of o.spec.resourceGroups ?? []) {
      for (const f of rg.flavors) if (f.resources.length !== rg.coveredResources.length) out.push('flavors must have the same number of resources as the coveredResources');
      for (const f of rg.flavors) if (f.resources.some((r: Manifest, i: number) => r.name !== rg.coveredResources[i])) out.push('flavor resources in coveredResources order');
    }
    const limits = (o.spec.resourceGroups ?? []).flatMap((rg: Manifest) => rg.flavors.flatMap((f: Manifest) => f.resources));
    const borrows = limits.some((r: Manifest) => r.borrowingLimit !== undefined);
    if (borrows && !o.spec.cohortName) out.push('borrowingLimit must be nil when cohort is empty');
    const p = o.spec.preemption;
    if (p && p.reclaimWithinCohort === 'Never' && p.borrowWithinCohort && p.borrowWithinCohort.policy !== 'Never') out.push('reclaimWithinCohort=Never and borrowWithinCohort.Policy!=Never');
  }
  if (o.kind === 'ResourceFlavor') {
    if (Object.keys(o.spec.nodeLabels ?? {}).length > 8) out.push('nodeLabels: at most 8');
    for (const t of o.spec.tolerations ?? []) if (t.operator === 'Exists' && t.value !== undefined) out.push("a value must be empty when 'operator' is 'Exists'");
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

/** Throws with the schema errors when the object is not valid (Kueue objects: and when they break a CRD rule above). */
export function validateManifest(obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): void {
  if (!DNS1123_SUBDOMAIN.test(obj.metadata.name) || obj.metadata.name.length > 253) throw new Error(`${obj.kind} name '${obj.metadata.name}' is not DNS-1123`);
  const core = CORE[`${obj.apiVersion}/${obj.kind}`];
  if (core) {
    new core(obj as never).validate();
    return;
  }
  const validate = crdValidator(obj.apiVersion, obj.kind);
  if (!validate(obj)) throw new Error(`${obj.apiVersion} ${obj.kind} ${obj.metadata.name}: ${ajv.errorsText(validate.errors)}`);
  const rules = kueueCelProblems(obj);
  if (rules.length > 0) throw new Error(`${obj.apiVersion} ${obj.kind} ${obj.metadata.name}: ${rules.join('; ')}`);
}
