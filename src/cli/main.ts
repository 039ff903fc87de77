#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { formatDiagnostic, MigValidationError } from '../diagnostics';
import { catalogTable, modelReport } from './catalog';
import { checkCommand } from './check';
import { CliError, EXIT } from './errors';

export function buildProgram(out: (s: string) => void): Command {
  const program = new Command('mig')
    .description('Plan, check and render NVIDIA MIG layouts for Kubernetes.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', '\nExit codes: 0 success, 1 the input has problems, 2 usage error.\n');

  program
    .command('catalog')
    .argument('[model]', 'a model key, e.g. H100-80GB')
    .description('list MIG-capable GPU models, or one model with its profiles and placement slots')
    .addHelpText('after', '\nExamples:\n  mig catalog\n  mig catalog H100-80GB\n')
    .action((model?: string) => out(model ? modelReport(model) : catalogTable()));

  program
    .command('check')
    .argument('<file>', 'a mig-parted config file (the config.yaml of a MIG Manager ConfigMap), or - for stdin')
    .option('--gpu <model>', 'also list the configs that can be applied to this GPU model')
    .description('validate a mig-parted config: parse rules, profiles per GPU model, geometry; one line per problem with its fix')
    .addHelpText('after', '\nExamples:\n  mig check config.yaml\n  mig check config.yaml --gpu H100-80GB\n  kubectl get cm custom-mig-config -o jsonpath="{.data.config\\.yaml}" | mig check -\n')
    .action((file: string, opts: { gpu?: string }) => {
      status = checkCommand(file, opts, out);
    });

  return program;
}

let status: number = EXIT.ok;

export function run(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s)): number {
  status = EXIT.ok;
  try {
    buildProgram(out).parse(argv as string[], { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof CliError) {
      process.stderr.write(`error: ${e.message} (fix: ${e.hint})\n`);
      return e.exitCode;
    }
    if (e instanceof MigValidationError) {
      for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      return EXIT.problems;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
