import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { manifestsYaml, renderPlatformObjects, stringifyOperatorValues } from '../render';
import { CliError, EXIT } from './errors';
import { loadSpecFile } from './spec-input';

/**
 * `mig render SPEC.yaml -o DIR`: the language-neutral path. Validates the whole spec first; on any
 * error prints one line per problem and writes nothing. Writes DIR/platform.k8s.yaml,
 * DIR/gpu-operator-values.yaml and DIR/node-labels.yaml.
 */
export function renderCommand(file: string, options: { output: string }, out: (s: string) => void, err: (s: string) => void): number {
  const { spec, platform, warnings } = loadSpecFile(file);
  const rendered = renderPlatformObjects(platform);
  for (const w of warnings) err(`warning: ${w.path}: ${w.message}${w.hint ? ` (fix: ${w.hint})` : ''}\n`);
  const files: [string, string][] = [
    ['platform.k8s.yaml', manifestsYaml(rendered.objects.map((o) => o.manifest))],
    ['gpu-operator-values.yaml', stringifyOperatorValues(rendered.operatorValues)],
    ['node-labels.yaml', stringify(rendered.nodeLabels, { lineWidth: 0 })],
  ];
  writeFilesAtomically(options.output, files);
  out(`${files.map(([name]) => `wrote ${path.join(options.output, name)}`).join('\n')}\n${rendered.objects.length} objects for ${spec.pools.length} pools, ${spec.workloads.length} workloads, ${spec.tenants.length} tenants\n`);
  return EXIT.ok;
}

function fsProblem(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a file is in the way of a folder',
    EISDIR: 'a folder is in the way of a file',
    EEXIST: 'a file is in the way of a folder',
    ENOSPC: 'the disk is full',
    EROFS: 'the file system is read-only',
    ENAMETOOLONG: 'the name is too long',
  };
  return reasons[err.code ?? ''] ?? err.code ?? String(err.message).split('\n')[0];
}

/**
 * Writes the files into `dir` all or nothing: every path is checked first, each file goes to a
 * temporary name beside its target, and only when all are written are they renamed into place. On
 * any failure the temporaries (and a folder this call created) are removed and nothing is left.
 */
export function writeFilesAtomically(dir: string, files: readonly (readonly [string, string])[]): void {
  const fail = (what: string, e: unknown): never => {
    throw new CliError(`cannot write ${what}: ${fsProblem(e)}`, 'choose an output folder you can write to, e.g. -o dist/');
  };
  let created: string | undefined;
  try {
    created = fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    fail(dir, e);
  }
  for (const [name] of files) {
    const target = path.join(dir, name);
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      if (created) fs.rmSync(created, { recursive: true, force: true });
      throw new CliError(`cannot write ${target}: a folder is in the way of a file`, `remove or rename the folder ${target}, or choose another output folder`);
    }
  }
  const temps: string[] = [];
  try {
    for (const [name, content] of files) {
      const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
      temps.push(temp);
      fs.writeFileSync(temp, content);
    }
    files.forEach(([name], i) => fs.renameSync(temps[i], path.join(dir, name)));
  } catch (e) {
    for (const t of temps) fs.rmSync(t, { force: true });
    if (created) fs.rmSync(created, { recursive: true, force: true });
    fail(dir, e);
  }
}
