import { spawnSync } from 'child_process';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

test.each(['examples/cdk8s', 'examples/pulumi'])('%s type-checks against the built package types', (dir) => {
  const r = spawnSync(process.execPath, [TSC, '--noEmit', '-p', path.join(ROOT, dir, 'tsconfig.json')], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('examples/pulumi runs as a program under Pulumi mocks and creates the platform', () => {
  const r = spawnSync(process.execPath, ['-r', path.join(ROOT, 'test/pulumi/fixtures/run-with-mocks.js'), '-r', 'ts-node/register/transpile-only', 'index.ts'], {
    cwd: path.join(ROOT, 'examples/pulumi'),
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  const resources: { type: string; name: string; inputs: unknown }[] = JSON.parse(r.stdout);
  expect(resources.map((x) => `${x.type} ${x.name}`).sort()).toEqual([
    'kubernetes:apps/v1:Deployment vllm-deployment',
    'kubernetes:core/v1:ConfigMap gpus-mig-parted-config',
    'kubernetes:core/v1:Namespace gpus-operator-namespace',
    'kubernetes:core/v1:Namespace team-a-namespace',
    'kubernetes:core/v1:ResourceQuota team-a-resourcequota',
    'kubernetes:helm.sh/v3:Release gpus-gpu-operator',
    'mig-constructs:index:MigCluster gpus',
    'mig-constructs:index:MigNodePool a100-notebooks',
    'mig-constructs:index:MigNodePool h100-inference',
    'mig-constructs:index:MigWorkload vllm',
    'mig-constructs:index:TenantQuota team-a',
  ]);
  const cm = resources.find((x) => x.name === 'gpus-mig-parted-config')!.inputs as { data: Record<string, string> };
  expect(Object.keys(parse(cm.data['config.yaml'])['mig-configs'])).toEqual(['all-disabled', 'h100-inference-16ae40db', 'a100-notebooks-58e22c64']);
  const deployment = resources.find((x) => x.name === 'vllm-deployment')!.inputs as { spec: { template: { spec: { containers: { resources: unknown }[] } } } };
  expect(deployment.spec.template.spec.containers[0].resources).toEqual({ limits: { 'nvidia.com/mig-1g.10gb': 1 } });
});
