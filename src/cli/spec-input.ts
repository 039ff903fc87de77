import * as fs from 'fs';
import { MigValidationError, type Diagnostic } from '../diagnostics';
import { parsePlatformSpec, validatePlatform, type PlatformSpec, type ResolvedPlatform } from '../spec';
import { CliError } from './errors';

/** A file's text, or a CliError naming it and what to give instead. */
export function readText(file: string, hint: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint);
  }
}

/**
 * A platform spec file read and validated, for every command that takes one (`render`, `diff`,
 * `plan --from`). Every diagnostic carries its file:line:col; errors throw one MigValidationError.
 */
export function loadSpecFile(file: string): { spec: PlatformSpec; platform: ResolvedPlatform; warnings: Diagnostic[] } {
  const parsed = parsePlatformSpec(readText(file, 'give the path of a platform spec (YAML); `mig schema` prints its JSON Schema'), file);
  if (!parsed.spec) throw new MigValidationError(parsed.diagnostics);
  const locate = parsed.locate ?? ((p: string) => p);
  const v = validatePlatform(parsed.spec);
  const located = v.diagnostics.map((d) => ({ ...d, path: locate(d.path) }));
  if (!v.platform) throw new MigValidationError(located);
  return { spec: parsed.spec, platform: v.platform, warnings: located };
}
