import type { Diagnostic } from '../diagnostics';
import { chartRepositoryProblem, dns1123LabelProblem, dns1123SubdomainProblem, fluxDurationProblem, HELM_RELEASE_NAME_MAX } from '../naming';
import { applyOperatorDefaults } from './defaults';
import type { OperatorOptions } from './platform';
import type { ResolvedOperator } from './resolved';
import { SPEC_DEFAULTS } from './shape';
import { checkSection } from './shape-check';

/** The operator options with defaults, checked: types, names Kubernetes and Helm accept, a chart version and repository. */
export function resolveOperator(o: OperatorOptions, path: string, d: Diagnostic[]): ResolvedOperator | undefined {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    d.push({ path, message: 'operator is not a map of options', hint: 'write operator options as a map, e.g. { version: v26.7.0 }' });
    return undefined;
  }
  const start = d.length;
  checkSection('operator', o as unknown as Record<string, unknown>, path, d);
  if (d.length > start) return undefined; // the checks below assume the types
  const op = applyOperatorDefaults(o);
  const nsProblem = dns1123LabelProblem(op.namespace);
  if (nsProblem) d.push({ path: `${path}.namespace`, message: `namespace '${op.namespace}' is not a valid Namespace name: ${nsProblem}`, hint: "use lower-case letters, digits and '-', e.g. gpu-operator" });
  for (const key of ['migConfigMapName', 'devicePluginConfigMapName', 'releaseName'] as const) {
    const p = dns1123SubdomainProblem(op[key]);
    if (p) d.push({ path: `${path}.${key}`, message: `'${op[key]}' is not a valid object name: ${p}`, hint: "use lower-case letters, digits, '-' and '.'" });
  }
  if (op.releaseName.length > HELM_RELEASE_NAME_MAX) {
    d.push({ path: `${path}.releaseName`, message: `release name '${op.releaseName}' is ${op.releaseName.length} characters long; Helm allows ${HELM_RELEASE_NAME_MAX}`, hint: `shorten it to ${HELM_RELEASE_NAME_MAX} characters or fewer` });
  }
  if (op.migConfigMapName === op.devicePluginConfigMapName) {
    d.push({ path: `${path}.devicePluginConfigMapName`, message: `the MIG Manager and device-plugin ConfigMaps are both named '${op.migConfigMapName}'`, hint: 'give them different names' });
  }
  if (op.version.trim() === '') d.push({ path: `${path}.version`, message: 'the chart version is empty', hint: `give a chart version such as ${SPEC_DEFAULTS.operator.version}` });
  const repo = chartRepositoryProblem(op.chartRepository);
  if (repo) d.push({ path: `${path}.chartRepository`, message: `chart repository ${JSON.stringify(op.chartRepository)} is not valid: ${repo}`, hint: `use e.g. ${SPEC_DEFAULTS.operator.chartRepository}` });
  if (op.flux) {
    const p = fluxDurationProblem(op.flux.interval);
    if (p) d.push({ path: `${path}.gitops.flux.interval`, message: `interval ${JSON.stringify(op.flux.interval)} is not valid: ${p}`, hint: `write e.g. ${SPEC_DEFAULTS.flux.interval} or 24h` });
  }
  if (op.argocd) {
    const p = dns1123LabelProblem(op.argocd.namespace);
    if (p) d.push({ path: `${path}.gitops.argocd.namespace`, message: `'${op.argocd.namespace}' is not a valid Namespace name: ${p}`, hint: 'use the namespace Argo CD runs in, e.g. argocd' });
    const pp = dns1123SubdomainProblem(op.argocd.project);
    if (pp) d.push({ path: `${path}.gitops.argocd.project`, message: `'${op.argocd.project}' is not a valid Argo CD project name: ${pp}`, hint: 'use an AppProject name, e.g. default' });
  }
  return op;
}
