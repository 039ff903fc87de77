import type { Diagnostic } from '../diagnostics';
import { labelKeyProblem, labelValueProblem } from '../naming';

export function wholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

export function checkLabels(labels: unknown, path: string, what: string, d: Diagnostic[]): Record<string, string> {
  if (labels === undefined) return {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    d.push({ path, message: `${what} is ${JSON.stringify(labels)}, not a map of label to value`, hint: "write it like { 'node.kubernetes.io/instance-type': 'p5.48xlarge' }" });
    return {};
  }
  for (const [k, v] of Object.entries(labels)) {
    const kp = labelKeyProblem(k);
    if (kp) d.push({ path: `${path}.${k}`, message: `'${k}' is not a valid label key: ${kp}`, hint: 'use [prefix/]name, e.g. node.kubernetes.io/instance-type' });
    const vp = typeof v === 'string' ? labelValueProblem(v) : 'it is not a string';
    if (vp) d.push({ path: `${path}.${k}`, message: `${JSON.stringify(v)} is not a valid label value: ${vp}`, hint: 'use letters, digits, "-", "_" and ".", at most 63 characters' });
  }
  return labels as Record<string, string>;
}
