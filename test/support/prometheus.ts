import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

/**
 * A real Prometheus server for a test: on 127.0.0.1, a free port, its own data directory, no scrape
 * targets (its data is backfilled with promtool). `stop()` ends it and waits for it to exit.
 */
export interface PrometheusServer {
  readonly url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus was not ready within ${timeoutMs} ms:\n${log()}`);
}

export async function startPrometheus(dataDir: string): Promise<PrometheusServer> {
  const config = path.join(dataDir, '..', `prometheus-${path.basename(dataDir)}.yml`);
  fs.writeFileSync(config, 'global:\n  evaluation_interval: 1m\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn('prometheus', [
    `--config.file=${config}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=3650d',
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitReady(url, child, () => output);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}

/** `promtool tsdb create-blocks-from openmetrics FILE DIR`: raw series into TSDB blocks. */
export function backfillOpenMetrics(file: string, dataDir: string): void {
  const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`promtool create-blocks-from openmetrics failed:\n${r.stdout}${r.stderr}`);
}

/**
 * `promtool tsdb create-blocks-from rules`: evaluates recording rules over a past range against a
 * running Prometheus and writes the results as blocks, which are then moved into `dataDir`. The
 * backfiller does not see series it is writing, so rules that read other recorded series are
 * backfilled in dependency order, one layer per call, with the server restarted in between.
 */
export function backfillRules(ruleFile: string, url: string, start: number, end: number, outDir: string): void {
  const r = spawnSync('promtool', [
    'tsdb', 'create-blocks-from', 'rules', `--url=${url}`, `--start=${start}`, `--end=${end}`, '--eval-interval=60s', `--output-dir=${outDir}`, ruleFile,
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`promtool create-blocks-from rules failed:\n${r.stdout}${r.stderr}`);
}

/** Moves the TSDB blocks of `from` into `dataDir` (block directories are ULIDs). */
export function moveBlocks(from: string, dataDir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory() && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(e.name)) {
      fs.renameSync(path.join(from, e.name), path.join(dataDir, e.name));
      n++;
    }
  }
  return n;
}
