import * as fs from 'fs';
import { formatDiagnostic } from '../diagnostics';
import { checkMigPartedConfig } from '../spec';
import { CliError, EXIT } from './errors';

/** `mig check FILE [--gpu MODEL]`: validate an existing mig-parted config. Returns the exit code. */
export function checkCommand(file: string, options: { gpu?: string }, out: (s: string) => void): number {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'give the path of a mig-parted config file, or - for standard input');
  }
  const result = checkMigPartedConfig(text, { gpu: options.gpu, fileName: file === '-' ? '<stdin>' : file });
  const lines = result.diagnostics.map(formatDiagnostic);
  const errors = result.diagnostics.filter((d) => (d.severity ?? 'error') === 'error').length;
  const warnings = result.diagnostics.length - errors;
  if (result.gpu) {
    lines.push(`Configs that can be applied to ${result.gpu.model}: ${result.gpu.applicable.join(', ') || '(none)'}`);
  } else {
    for (const c of result.configs) lines.push(`${c.config}: ${c.models.length > 0 ? c.models.join(', ') : '(no catalogued model)'}`);
  }
  lines.push(`${result.configs.length} configs, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  out(`${lines.join('\n')}\n`);
  return errors > 0 ? EXIT.problems : EXIT.ok;
}
