import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, parse } from 'yaml';
import { validateManifest } from '../support/schemas';

const ROOT = path.resolve(__dirname, '../..');

test('examples/cdk8s synthesizes through the real cdk8s CLI, offline, into valid manifests and a values file', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-example-'));
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--output', out], {
    cwd: path.join(ROOT, 'examples/cdk8s'),
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    encoding: 'utf8',
  });
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.status).toBe(0);
  expect(fs.readdirSync(out).sort()).toEqual(['gpu-operator-values.yaml', 'gpu-platform.k8s.yaml']);
  const objects = parseAllDocuments(fs.readFileSync(path.join(out, 'gpu-platform.k8s.yaml'), 'utf8')).map((d) => d.toJS());
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
    'Namespace/gpu-operator', 'ConfigMap/mig-parted-config', 'HelmRepository/nvidia', 'HelmRelease/gpu-operator',
    'Deployment/vllm', 'Namespace/team-a', 'ResourceQuota/mig-slices',
  ]);
  for (const o of objects) validateManifest(o);
  const vllm = objects.find((o) => o.kind === 'Deployment');
  expect(vllm.spec.template.spec.containers[0].resources.limits).toEqual({ 'nvidia.com/mig-1g.10gb': 1 });
  expect(parse(fs.readFileSync(path.join(out, 'gpu-operator-values.yaml'), 'utf8'))).toEqual({
    mig: { strategy: 'mixed' },
    migManager: { config: { name: 'mig-parted-config', default: 'all-disabled' } },
  });
  fs.rmSync(out, { recursive: true, force: true });
});
