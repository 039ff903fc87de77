import { showValue, type Diagnostic } from '../diagnostics';

/** A reference a construct or component needs among its props (a pool, a cluster), and how to tell a real one. */
export interface AdapterRef {
  readonly key: string;
  readonly ok: (value: unknown) => boolean;
  /** What it must be, e.g. `a MigNodePool`. */
  readonly expected: string;
}

/**
 * What is wrong with the props a construct or component was given before any of them is read:
 * JavaScript callers and `as any` can pass null, or a plain object where a pool belongs. Each
 * adapter throws these in its own way (cdk8s MigValidationError, Pulumi InputPropertiesError),
 * so the user gets a sentence instead of a TypeError.
 */
export function adapterArgProblems(what: string, path: string, props: unknown, refs: readonly AdapterRef[] = []): readonly Diagnostic[] {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    return [{ path, message: `the props of ${what} are ${showValue(props)}, not a map`, hint: `pass an object of props, e.g. new ${what}(…, { … })` }];
  }
  let out: Diagnostic[] | undefined;
  for (const ref of refs) {
    const value = (props as Record<string, unknown>)[ref.key];
    if (!ref.ok(value)) (out ??= []).push({ path: `${path}.${ref.key}`, message: `${ref.key} is ${showValue(value)}, not ${ref.expected}`, hint: `pass the ${ref.expected} object itself (not its name or props)` });
  }
  // One shared empty answer: every construct of a fleet asks.
  return out ?? NO_PROBLEMS;
}

const NO_PROBLEMS: readonly Diagnostic[] = Object.freeze([]);
