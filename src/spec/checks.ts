import { showValue, type Diagnostic } from '../diagnostics';
import { labelKeyProblem, labelValueProblem } from '../naming';
import { INT32_MAX } from './shape';

export function wholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/**
 * A count of slices per profile (a grant, a Kueue quota or limit): a whole number from 0 to int32's
 * maximum (Kubernetes quantities of these are int32 here). Reports `what` (e.g. "the count for
 * '1g.10gb'") when it is not; true when it is.
 */
export function checkSliceCount(value: unknown, what: string, path: string, hint: string, d: Diagnostic[]): value is number {
  if (wholeNumber(value, 0) && value <= INT32_MAX) return true;
  d.push({ path, message: `${what} is ${showValue(value)}; it must be a whole number from 0 to ${INT32_MAX}`, hint });
  return false;
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
