import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';

/** Runs the CLI in-process as `mig ARGS` (the same function the binary runs) and captures its output. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, (s) => (stdout += s), (s) => (stderr += s));
  return { code, stdout, stderr };
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mig-corpus-'));
}

/** What every rejection must look like: no stack trace, no internal error, one `error:`/`warning:` line per problem. */
export function expectCleanRejection(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at |internal error|TypeError|ReferenceError|RangeError/);
  for (const line of stderr.trim().split('\n')) expect(line).toMatch(/^(error|warning): /);
}
