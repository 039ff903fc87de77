import { spawnSync } from 'child_process';

/**
 * Tools from Debian packages some tests drive (promtool and prometheus from `prometheus`,
 * shellcheck, unzip). Where one is missing those tests are skipped with a printed notice; under
 * CI=true they must run, so a missing tool is a failing test there (.ci/run installs them).
 */
export function findTool(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  return found === '' ? undefined : found;
}

/**
 * `test` when every tool is there; otherwise `test.skip`, after printing which tests are skipped
 * and why, or, under CI=true, a test that fails saying what to install.
 */
export function testWithTools(tools: readonly string[], what: string): jest.It {
  const missing = tools.filter((t) => findTool(t) === undefined);
  return testUnless(missing.length === 0 ? undefined : `${missing.join(', ')} not on PATH (Debian: apt-get install --no-install-recommends prometheus shellcheck unzip)`, what);
}

/** `test` when nothing is missing (`why` undefined); else skipped with a notice, or failing under CI=true. */
export function testUnless(why: string | undefined, what: string): jest.It {
  if (why === undefined) return test;
  if (process.env.CI === 'true') {
    test(`${what}: the tools are installed`, () => {
      throw new Error(`${why}: under CI=true these tests must run`);
    });
  } else {
    process.stderr.write(`notice: skipping ${what}: ${why}\n`);
  }
  return test.skip;
}
