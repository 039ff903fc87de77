import type { Diagnostic } from '../diagnostics';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../naming';
import { applyOperatorDefaults } from './defaults';
import type { OperatorOptions } from './platform';
import type { ResolvedOperator } from './resolved';
import { SPEC_DEFAULTS } from './shape';

/** The operator options with defaults, checked: names Kubernetes accepts, a chart version. */
export function resolveOperator(o: OperatorOptions, path: string, d: Diagnostic[]): ResolvedOperator {
  const op = applyOperatorDefaults(o);
  const nsProblem = dns1123LabelProblem(op.namespace);
  if (nsProblem) d.push({ path: `${path}.namespace`, message: `namespace '${op.namespace}' is not a valid Namespace name: ${nsProblem}`, hint: "use lower-case letters, digits and '-', e.g. gpu-operator" });
  for (const key of ['migConfigMapName', 'devicePluginConfigMapName', 'releaseName'] as const) {
    const p = dns1123SubdomainProblem(op[key]);
    if (p) d.push({ path: `${path}.${key}`, message: `'${op[key]}' is not a valid object name: ${p}`, hint: "use lower-case letters, digits, '-' and '.'" });
  }
  if (op.migConfigMapName === op.devicePluginConfigMapName) {
    d.push({ path: `${path}.devicePluginConfigMapName`, message: `the MIG Manager and device-plugin ConfigMaps are both named '${op.migConfigMapName}'`, hint: 'give them different names' });
  }
  if (typeof op.version !== 'string' || op.version.trim() === '') d.push({ path: `${path}.version`, message: 'the chart version is empty', hint: `give a chart version such as ${SPEC_DEFAULTS.operator.version}` });
  if (op.argocd) {
    const p = dns1123LabelProblem(op.argocd.namespace);
    if (p) d.push({ path: `${path}.gitops.argocd.namespace`, message: `'${op.argocd.namespace}' is not a valid Namespace name: ${p}`, hint: 'use the namespace Argo CD runs in, e.g. argocd' });
  }
  return op;
}
