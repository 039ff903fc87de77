/**
 * One error type for every rule in the library. A diagnostic says where (construct path, spec path or
 * file location), what is wrong (naming the bad value), and how to fix it (naming the allowed values).
 * Adapters turn a MigValidationError into their native failure: cdk8s validation errors, Pulumi
 * InputPropertiesError, or CLI exit code 1 with one line per diagnostic.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Where: a construct path (`chart/gpus/h100`), a spec path (`pools[0].layout`) or `file:config[entry]`. */
  readonly path: string;
  /** What is wrong, naming the bad value. */
  readonly message: string;
  /** How to fix it, naming the allowed values. */
  readonly hint?: string;
  /** `error` stops synthesis; `warning` is reported and synthesis goes on. @default 'error' */
  readonly severity?: Severity;
}

export function isError(d: Diagnostic): boolean {
  return (d.severity ?? 'error') === 'error';
}

/** One line per diagnostic: `error: path: message (fix: hint)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? ` (fix: ${d.hint})` : '';
  return `${d.severity ?? 'error'}: ${d.path}: ${d.message}${hint}`;
}

export class MigValidationError extends Error {
  /** Errors and warnings together, in the order the rules found them. */
  public readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter(isError);
    super(
      `${errors.length} MIG validation error${errors.length === 1 ? '' : 's'}:\n` +
        errors.map((d) => `  ${formatDiagnostic(d)}`).join('\n'),
    );
    this.name = 'MigValidationError';
    this.diagnostics = diagnostics;
  }

  get errors(): readonly Diagnostic[] {
    return this.diagnostics.filter(isError);
  }

  get warnings(): readonly Diagnostic[] {
    return this.diagnostics.filter((d) => !isError(d));
  }
}

/** Whether any diagnostic from index `start` on is an error (no copy: validation calls it per item). @internal */
export function hasErrorSince(diagnostics: readonly Diagnostic[], start: number): boolean {
  for (let i = start; i < diagnostics.length; i++) if (isError(diagnostics[i])) return true;
  return false;
}

/** Throws a MigValidationError when any diagnostic is an error; returns the warnings otherwise. @internal */
export function throwIfErrors(diagnostics: readonly Diagnostic[]): readonly Diagnostic[] {
  if (diagnostics.some(isError)) throw new MigValidationError(diagnostics);
  return diagnostics;
}

/**
 * A value as a message shows it: strings quoted (and cut at 80 characters), NaN and Infinity as
 * themselves (JSON would say null), lists and maps by shape. @internal
 */
export function showValue(v: unknown): string {
  if (typeof v === 'string') {
    const cut = v.length > 80 ? `${v.slice(0, 77)}...` : v;
    return JSON.stringify(cut);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return Object.keys(v).length === 0 ? 'an empty map' : 'a map';
  return typeof v;
}

/** Lists values for a hint: `'a', 'b' or 'c'`. Long lists are cut with a count of the rest. @internal */
export function listValues(values: readonly (string | number)[], max = 12): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  const shown = quoted.length > max ? [...quoted.slice(0, max), `… (${quoted.length - max} more)`] : quoted;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
