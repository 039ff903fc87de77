import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { mig } from './helpers';
import { MigCluster, MigNodePool, MigWorkload, TenantQuota } from '../../src/cdk8s';

/**
 * `mig render` and cdk8s synth write the same bytes for every object, whatever the machine's
 * locale: keys that differ in case (`Zone` and `app`) are ordered by code unit in both (`Zone`
 * first), where a locale-aware sort would put `app` first.
 */
const SPEC = `strategy: mixed
pools:
  - name: p
    gpu: H100-80GB
    gpusPerNode: 8
    nodes: 2
    nodeSelector: { Zone: eu-1, app: gpu, example.com/b: "on" }
    layout: { 1g.10gb: 7 }
    timeSlicing: { replicas: 2 }
workloads:
  - name: w
    namespace: team-a
    pool: p
    profile: 1g.10gb
    image: registry.example.com/x:1
    env: { Zeta: "1", alpha: "2" }
    labels: { Team: a, app: w }
tenants:
  - namespace: team-a
    slices: { 1g.10gb: 4 }
`;

function cdk8sDocuments(): string[] {
  const app = Testing.app();
  const chart = new Chart(app, 'platform');
  const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed' });
  const pool = new MigNodePool(cluster, 'p', {
    gpu: 'H100-80GB',
    gpusPerNode: 8,
    nodes: 2,
    nodeSelector: { 'Zone': 'eu-1', 'app': 'gpu', 'example.com/b': 'on' },
    layout: { '1g.10gb': 7 },
    timeSlicing: { replicas: 2 },
  });
  new MigWorkload(chart, 'w', { pool, profile: '1g.10gb', namespace: 'team-a', image: 'registry.example.com/x:1', env: { Zeta: '1', alpha: '2' }, labels: { Team: 'a', app: 'w' } });
  new TenantQuota(chart, 'team-a', { cluster, namespace: 'team-a', slices: { '1g.10gb': 4 } });
  return app.synthYaml().split('---\n').filter((d) => d.trim() !== '');
}

test('mig render and cdk8s synth write byte-identical objects, keys in code-unit order, in any locale', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-order-'));
  fs.writeFileSync(path.join(dir, 'spec.yaml'), SPEC);
  const texts = ['C', 'sv_SE.UTF-8', 'tr_TR.UTF-8'].map((locale) => {
    const out = path.join(dir, `out-${locale}`);
    const r = mig(['render', path.join(dir, 'spec.yaml'), '-o', out], undefined, { LC_ALL: locale, LANG: locale });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return fs.readFileSync(path.join(out, 'platform.k8s.yaml'), 'utf8');
  });
  expect(new Set(texts).size).toBe(1);
  const rendered = texts[0].split('---\n');
  expect([...rendered].sort()).toEqual([...cdk8sDocuments()].sort());
  const deployment = rendered.find((d) => d.includes('kind: Deployment'))!;
  expect(deployment.indexOf('Team: a')).toBeLessThan(deployment.indexOf('app: w'));
  expect(deployment.indexOf('name: Zeta')).toBeLessThan(deployment.indexOf('name: alpha'));
  expect(deployment.indexOf('Zone: eu-1')).toBeLessThan(deployment.indexOf('app: gpu'));
  // YAML 1.1 like cdk8s: a label value "on" stays a string for Kubernetes' reader.
  expect(deployment).toContain('example.com/b: "on"');
});
