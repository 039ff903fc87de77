#!/usr/bin/env node
import { writeFileSync } from 'fs';
import { Command, CommanderError, Option } from 'commander';
import { formatDiagnostic, MigValidationError } from '../diagnostics';
import { platformSpecJsonSchema } from '../spec';
import { catalogTable, modelReport, placementSvg } from './catalog';
import { chargebackCommand, type ChargebackOptions } from './chargeback';
import { checkCommand } from './check';
import { diffCommand, type DiffOptions } from './diff';
import { CliError, EXIT } from './errors';
import { planCommand, type PlanOptions } from './plan';
import { renderCommand } from './render';

type Write = (s: string) => void;

export function buildProgram(out: Write, err: Write, setStatus: (code: number) => void): Command {
  const program = new Command('mig')
    .description('Plan, check and render NVIDIA MIG layouts for Kubernetes.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .addHelpText('after', '\nExit codes: 0 success; 1 the input has problems (one line each, with the fix); 2 usage error; 3 internal error (a bug); mig diff: 4 nodes change, 5 running pods would stop.\n');

  program
    .command('catalog')
    .argument('[model]', 'a model key, e.g. H100-80GB')
    .option('--svg <file>', 'with a model: also write its placement slots as an SVG picture')
    .description('list MIG-capable GPU models, or one model with its profiles and placement slots')
    .addHelpText('after', '\nExamples:\n  mig catalog\n  mig catalog H100-80GB\n  mig catalog RTX-PRO-6000 --svg rtx-pro-6000.svg\n')
    .action((model: string | undefined, opts: { svg?: string }) => {
      if (opts.svg && !model) throw new CliError('--svg needs a model', 'name the model to draw, e.g. mig catalog H100-80GB --svg h100.svg');
      out(model ? modelReport(model) : catalogTable());
      if (model && opts.svg) {
        writeFileSync(opts.svg, placementSvg(model));
        out(`wrote ${opts.svg}\n`);
      }
    });

  program
    .command('check')
    .argument('<file>', 'a mig-parted config file (the config.yaml of a MIG Manager ConfigMap), or - for stdin')
    .option('--gpu <model>', 'also list the configs that can be applied to this GPU model')
    .description('validate a mig-parted config: parse rules, profiles per GPU model, geometry; one line per problem with its fix')
    .addHelpText('after', '\nExamples:\n  mig check config.yaml\n  mig check config.yaml --gpu H100-80GB\n  kubectl get cm custom-mig-config -o jsonpath="{.data.config\\.yaml}" | mig check -\n')
    .action((file: string, opts: { gpu?: string }) => setStatus(checkCommand(file, opts, out)));

  program
    .command('plan')
    .description('plan MIG layouts from demand: fewest nodes (or cheapest, with prices), then fewest GPUs, proven by an integer program; spare capacity on the rest; node groups, a mig-parted config, and baselines')
    .addOption(new Option('--gpu <model...>', 'GPU model, optionally MODEL:GPUS available; repeat or comma-separate for several (or --from)'))
    .option('--price <list...>', 'MODEL=PRICE per GPU-hour for each model of --gpu: the plan then minimises cost instead of nodes')
    .option('--no-spare', 'leave the GPUs the demand does not need with MIG disabled (default: spare capacity in proportion to the demand)')
    .option('--from <spec>', 'replan a running platform: new layouts for the fewest of its nodes (then fewest stopped pods, then fewest GPUs)')
    .option('--snapshot <dir>', 'with --from: nodes.json and pods.json of the cluster, to name the nodes and count their pods')
    .addOption(new Option('--demand <list>', 'instances per profile: PROFILE=COUNT or TENANT:PROFILE=COUNT, comma-separated').makeOptionMandatory())
    .option('--gpus-per-node <n>', 'GPUs per node', '8')
    .addOption(new Option('--strategy <strategy>', 'mixed: any layout per GPU; single: one profile per node').choices(['mixed', 'single']).default('mixed'))
    .addOption(new Option('-o, --output <format>', 'table, json, yaml (the mig-parted config, ready for the operator) or spec (a platform spec for mig render)').choices(['table', 'json', 'yaml', 'spec']).default('table'))
    .addOption(new Option('--method <method>', 'auto (exact unless too large or too slow), exact, or heuristic (first-fit decreasing)').choices(['auto', 'exact', 'heuristic']).default('auto'))
    .option('--time-limit <seconds>', 'solver time limit per stage', '20')
    .option('--progress', 'print progress to stderr (always on for 1000+ instances)')
    .addHelpText('after', [
      '',
      'Examples:',
      '  mig plan --gpu H100-80GB --demand 1g.10gb=40,3g.40gb=6',
      '  mig plan --gpu H100-80GB:16 --gpu A100-80GB --demand 1g.10gb=100,3g.40gb=10 --gpus-per-node 8',
      '  mig plan --gpu A100-40GB --demand team-a:1g.5gb=20,team-b:3g.20gb=4 --strategy single',
      '  mig plan --gpu H100-80GB --demand 1g.10gb=40,3g.40gb=6 -o yaml > config.yaml',
      '  mig plan --gpu H100-80GB --demand 1g.10gb=40,3g.40gb=6 -o spec > platform.yaml && mig render platform.yaml -o dist/',
      '  mig plan --from platform.yaml --snapshot snap/ --demand 1g.10gb=150,3g.40gb=16 -o spec > desired.yaml',
      '',
    ].join('\n'))
    .action(async (opts: PlanOptions) => setStatus(await planCommand(opts, out, err)));

  program
    .command('render')
    .argument('<spec>', 'a platform spec (YAML): strategy, operator, pools, workloads, tenants')
    .requiredOption('-o, --output <dir>', 'directory for platform.k8s.yaml, gpu-operator-values.yaml and node-labels.yaml')
    .description('render the manifests of a platform spec, the same as the cdk8s constructs (nothing is written if the spec has a problem)')
    .addHelpText('after', '\nExamples:\n  mig render platform.yaml -o dist/\n  mig schema > mig-spec.schema.json   # for editor completion\n')
    .action((spec: string, opts: { output: string }) => setStatus(renderCommand(spec, opts, out, err)));

  program
    .command('diff')
    .argument('<current>', 'what runs now: a snapshot folder (nodes.json, pods.json, configmap.json), a folder of synthesized manifests (dist/), or the previous spec')
    .argument('<desired>', 'the platform spec to move to (YAML)')
    .description('what a layout change repartitions, which pods it stops, what stays Pending, and a safe order to roll it')
    .addOption(new Option('-o, --output <format>', 'table, json, or script (a POSIX sh runbook that uses kubectl)').choices(['table', 'json', 'script']).default('table'))
    .option('--max-unavailable <n>', 'nodes of one pool repartitioned at once', '1')
    .addHelpText('after', [
      '',
      'Exit codes: 0 no node changes; 4 nodes change, no running pod stops; 5 running pods would stop; 1 bad input; 2 usage.',
      '',
      'A snapshot folder:',
      '  kubectl get nodes -o json > snap/nodes.json',
      '  kubectl get pods -A -o json > snap/pods.json',
      '  kubectl -n gpu-operator get configmap mig-parted-config -o json > snap/configmap.json',
      '',
      'Examples:',
      '  mig diff snap/ platform.yaml',
      '  mig diff dist/ platform.yaml -o json',
      '  mig diff snap/ platform.yaml -o script > rollout.sh && sh rollout.sh --dry-run',
      '',
    ].join('\n'))
    .action((current: string, desired: string, opts: DiffOptions) => setStatus(diffCommand(current, desired, opts, out)));

  program
    .command('chargeback')
    .description("per-tenant slice-hours, GPU-hours, utilisation and cost, from a Prometheus that runs the platform's telemetry rules")
    .addOption(new Option('--prometheus <url>', 'the Prometheus HTTP API, e.g. http://127.0.0.1:9090').makeOptionMandatory())
    .option('--start <time>', 'start of the range: RFC 3339 (2026-11-01T00:00:00Z) or Unix seconds (default: --range before --end)')
    .option('--end <time>', 'end of the range, excluded (default: now, to the minute)')
    .option('--range <duration>', 'length of the range when --start is not given', '24h')
    .option('--step <duration>', 'evaluation step: each step counts for the time until the next', '1m')
    .option('--timeout <duration>', 'per request to Prometheus', '30s')
    .addOption(new Option('-o, --output <format>', 'table, csv or json').choices(['table', 'csv', 'json']).default('table'))
    .addHelpText('after', [
      '',
      'Examples:',
      '  mig chargeback --prometheus http://127.0.0.1:9090 --range 30d',
      '  mig chargeback --prometheus http://prometheus:9090 --start 2026-11-01T00:00:00Z --end 2026-12-01T00:00:00Z -o csv > november.csv',
      '',
    ].join('\n'))
    .action(async (opts: ChargebackOptions) => setStatus(await chargebackCommand(opts, out)));

  program
    .command('schema')
    .description('print the JSON Schema of the platform spec that mig render reads')
    .addHelpText('after', '\nExample:\n  mig schema > mig-spec.schema.json\n')
    .action(() => out(`${JSON.stringify(platformSpecJsonSchema(), null, 2)}\n`));

  return program;
}

/** Runs the CLI and returns its exit code (see EXIT). */
export async function run(
  argv: readonly string[],
  out: Write = (s) => process.stdout.write(s),
  err: Write = (s) => process.stderr.write(s),
): Promise<number> {
  let status: number = EXIT.ok;
  try {
    await buildProgram(out, err, (code) => (status = code)).parseAsync(argv as string[], { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof CliError) {
      err(`error: ${e.message} (fix: ${e.hint})\n`);
      return e.exitCode;
    }
    if (e instanceof MigValidationError) {
      for (const d of e.diagnostics) err(`${formatDiagnostic(d)}\n`);
      return EXIT.problems;
    }
    // Anything else is a bug of ours: one line, no stack trace (MIG_DEBUG=1 prints it).
    err(`error: internal error: ${String((e as Error)?.message ?? e).split('\n')[0].slice(0, 300)} (this is a bug: please report it with the command you ran)\n`);
    if (process.env.MIG_DEBUG) err(`${(e as Error)?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}

if (require.main === module) {
  // `mig … | head` closes the pipe early: that is the reader's choice, not a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
