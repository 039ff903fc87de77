import { stringify } from 'yaml';

/**
 * One scalar written exactly as the yaml library writes it in a YAML 1.1 document with no line
 * folding (what cdk8s writes, and what mig-parted's YAML 1.1 reader expects), for the writers that
 * build YAML text directly: the mig-parted config and the manifests of `mig render`. Undefined for
 * what is not one line (a multi-line string becomes a block scalar, which depends on its indentation).
 */
export function yamlScalar(value: unknown): string | undefined {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  // Starts with a letter and holds only name characters: plain, unless a YAML 1.1 reader takes it for
  // a boolean or null word, or (the yaml library's 1.1 floats) an exponent alone such as `e5`.
  // test/render/manifest-yaml.test.ts compares with the library on random strings.
  if (NAME_LIKE.test(value) && !YAML11_WORDS.test(value) && !EXPONENT.test(value)) return value;
  let out = written.get(value);
  if (out === undefined) {
    const text = stringify(value, { lineWidth: 0, version: '1.1' });
    out = text.indexOf('\n') === text.length - 1 && !/^[|>]/.test(text) ? text.slice(0, -1) : null;
    if (written.size < 100_000) written.set(value, out); // bounded: a long-lived process sees many strings
  }
  return out ?? undefined;
}

const NAME_LIKE = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;
const EXPONENT = /^[eE][-+]?[0-9]/;
const written = new Map<string, string | null>();
