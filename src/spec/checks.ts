import type { Diagnostic } from '../diagnostics';
import { labelKeyProblem, labelValueProblem } from '../naming';

export function wholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/**
 * Label keys and values (their types are checked by the shape). `owned` keys are set by the library
 * itself: a user's value there would be silently overwritten, so it is refused.
 */
export function checkLabels(
  labels: Readonly<Record<string, string>> | undefined, path: string, what: string, d: Diagnostic[], owned: readonly string[] = [],
): Record<string, string> {
  if (labels === undefined) return {};
  for (const [k, v] of Object.entries(labels)) {
    if (owned.includes(k)) {
      d.push({ path: `${path}.${k}`, message: `'${k}' is set by mig-constructs on these objects; a ${what} value of yours would be overwritten`, hint: `remove '${k}' from ${what}` });
      continue;
    }
    const kp = labelKeyProblem(k);
    if (kp) d.push({ path: `${path}.${k}`, message: `'${k}' is not a valid label key: ${kp}`, hint: 'use [prefix/]name, e.g. node.kubernetes.io/instance-type' });
    const vp = labelValueProblem(v);
    if (vp) d.push({ path: `${path}.${k}`, message: `${JSON.stringify(v)} is not a valid label value: ${vp}`, hint: 'use letters, digits, "-", "_" and ".", at most 63 characters' });
  }
  return labels as Record<string, string>;
}
