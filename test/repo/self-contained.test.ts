/**
 * The repository stands alone: a user's clone has nothing beside it, so no test, script, benchmark,
 * example or build file may read outside the repository. Every `path.resolve(__dirname, …)` /
 * `path.join(__dirname, …)` made of string literals must land inside the repository, and nothing may
 * name the workplace's shared reference folder or the old reference-directory override.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
// Spelled in pieces so that this guard does not match itself (nor trip a text search for the folder).
const OUTSIDE = new RegExp([['\\.\\.', 'shared\\b'].join('/'), ['shared', 'reference'].join('/'), ['MIG', 'REFERENCE', 'DIR'].join('_')].join('|'));
const DIRS = ['src', 'test', 'scripts', 'bench', 'examples', '.ci', 'projenrc'];
const FILES = ['.projenrc.ts', 'package.json', 'tsconfig.json'];
const SKIP = new Set(['node_modules', 'dist', 'lib', 'cdk8s.out']);

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|js|json|sh|ya?ml)$|^run$/.test(entry.name)) out.push(full);
  }
}

function sourceFiles(): string[] {
  const out: string[] = [];
  for (const d of DIRS) walk(path.join(ROOT, d), out);
  for (const f of FILES) if (fs.existsSync(path.join(ROOT, f))) out.push(path.join(ROOT, f));
  // This file holds examples of what it forbids, in pieces.
  return out.filter((f) => f !== __filename);
}

/** `path.resolve(__dirname, '..', 'x')` and the like whose arguments are all string literals. */
function dirnamePaths(text: string): string[][] {
  const calls = [...text.matchAll(/path\.(?:resolve|join)\(\s*__dirname\s*,([^)]*)\)/g)];
  return calls
    .map((m) => m[1].split(',').map((a) => a.trim()).filter((a) => a.length > 0))
    .filter((args) => args.every((a) => /^(['"]).*\1$/.test(a)))
    .map((args) => args.map((a) => a.slice(1, -1)));
}

test('the scan sees the files it is meant to guard', () => {
  const files = sourceFiles().map((f) => path.relative(ROOT, f));
  expect(files).toEqual(expect.arrayContaining(['scripts/generate-catalog.ts', 'test/support/schemas.ts', '.ci/run', '.projenrc.ts']));
});

test('no test, script or build file reads outside the repository', () => {
  const problems: string[] = [];
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    if (OUTSIDE.test(text)) problems.push(`${rel}: names the shared reference folder (${text.match(OUTSIDE)![0]})`);
    for (const args of dirnamePaths(text)) {
      const target = path.resolve(path.dirname(file), ...args);
      if (path.relative(ROOT, target).startsWith('..')) problems.push(`${rel}: path.resolve(__dirname, ${args.map((a) => `'${a}'`).join(', ')}) leaves the repository`);
    }
  }
  expect(problems).toEqual([]);
});

test('the guard catches a path that climbs out of the repository', () => {
  const climbing = `const x = path.resolve(__dirname, '../../../${['sha', 'red'].join('')}/schemas');`;
  const args = dirnamePaths(climbing)[0];
  expect(path.relative(ROOT, path.resolve(path.join(ROOT, 'test/support'), ...args)).startsWith('..')).toBe(true);
});

test('every vendored file has its origin in vendor/SOURCES.md', () => {
  const sources = fs.readFileSync(path.join(ROOT, 'vendor/SOURCES.md'), 'utf8');
  for (const dir of ['catalogue', 'schemas', 'charts']) {
    for (const name of fs.readdirSync(path.join(ROOT, 'vendor', dir))) expect({ name, listed: sources.includes(name) }).toEqual({ name, listed: true });
  }
});
