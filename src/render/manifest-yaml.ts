import { stringify } from 'yaml';
import { compareKeys } from '../order';
import type { KubeManifest } from './objects';

/** Top-level keys cdk8s writes first; every other key at every level is in compareKeys order. */
const HEAD = ['apiVersion', 'kind', 'metadata'];

function sortNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortNested);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort(compareKeys).map((k) => [k, sortNested((value as Record<string, unknown>)[k])]));
}

/**
 * A manifest with the key order cdk8s synth writes (apiVersion, kind, metadata first, then every
 * key sorted by compareKeys, nested maps too), so `mig render` and the constructs give the same bytes.
 */
export function sortManifestKeys(manifest: KubeManifest): Record<string, unknown> {
  const sorted = sortNested(manifest) as Record<string, unknown>;
  const keys = [...HEAD.filter((k) => k in sorted), ...Object.keys(sorted).filter((k) => !HEAD.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, sorted[k]]));
}

/**
 * Manifests as one multi-document YAML file. YAML 1.1, as cdk8s writes and as Kubernetes' YAML
 * reader takes it: a label value `on` or `yes` is quoted, where YAML 1.2 output would leave it bare
 * and kubectl would read a boolean.
 */
export function manifestsYaml(objects: readonly KubeManifest[]): string {
  return objects.map((o) => stringify(sortManifestKeys(o), { lineWidth: 0, version: '1.1' })).join('---\n');
}
