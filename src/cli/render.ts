import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { MigValidationError } from '../diagnostics';
import { manifestsYaml, renderPlatform, stringifyOperatorValues } from '../render';
import { parsePlatformSpec } from '../spec';
import { CliError, EXIT } from './errors';

/**
 * `mig render SPEC.yaml -o DIR`: the language-neutral path. Validates the whole spec first; on any
 * error prints one line per problem and writes nothing. Writes DIR/platform.k8s.yaml,
 * DIR/gpu-operator-values.yaml and DIR/node-labels.yaml.
 */
export function renderCommand(file: string, options: { output: string }, out: (s: string) => void, err: (s: string) => void): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'give the path of a platform spec (YAML); `mig schema` prints its JSON Schema');
  }
  const parsed = parsePlatformSpec(text, file);
  if (!parsed.spec) throw new MigValidationError(parsed.diagnostics);
  const rendered = renderPlatform(parsed.spec); // throws MigValidationError with every problem
  for (const w of rendered.warnings) err(`warning: ${w.path}: ${w.message}${w.hint ? ` (fix: ${w.hint})` : ''}\n`);
  const files: [string, string][] = [
    ['platform.k8s.yaml', manifestsYaml(rendered.objects.map((o) => o.manifest))],
    ['gpu-operator-values.yaml', stringifyOperatorValues(rendered.operatorValues)],
    ['node-labels.yaml', stringify(rendered.nodeLabels, { lineWidth: 0 })],
  ];
  fs.mkdirSync(options.output, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(options.output, name), content);
  out(`${files.map(([name]) => `wrote ${path.join(options.output, name)}`).join('\n')}\n${rendered.objects.length} objects for ${parsed.spec.pools.length} pools, ${parsed.spec.workloads.length} workloads, ${parsed.spec.tenants.length} tenants\n`);
  return EXIT.ok;
}
