import { listValues, showValue, type Diagnostic } from '../diagnostics';
import { SPEC_SHAPE, type FieldShape, type SectionName } from './shape';

/**
 * The types and bounds of every field, checked from SPEC_SHAPE for any input: construct props
 * passed `as any`, Pulumi args, YAML. A field of the wrong type gets one diagnostic here and is not
 * looked at again by the rules that assume its type (they skip what this reports), so no rule
 * ever runs on a value of a type it does not expect.
 */

// Lists are walked with Array.from, which turns the holes of a sparse array (a JavaScript caller's
// `[, x]`) into undefined, so no item escapes the check.

// C0 controls and DEL: Kubernetes rejects them in names, and in an image or env value they are a
// copy-paste accident (a NUL cuts a C string short on the node).
const CONTROL = /[\u0000-\u001f\u007f]/;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fieldName(path: string, key: string): string {
  return `${path}.${key}`;
}

/** What a JSON Schema fragment allows, in words: for messages. */
function expected(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return `one of ${listValues(schema.enum as string[])}`;
  switch (schema.type) {
    case 'string': return 'a string';
    case 'boolean': return 'true or false';
    case 'integer': return 'a whole number';
    case 'array': return 'a list';
    case 'object': return 'a map';
    default: return 'a value of another type';
  }
}

/**
 * Checks one map against its section: unknown keys, required keys, and each present field's type
 * and bounds. Returns the keys whose values have a problem (callers skip those).
 */
export function checkSection(
  section: SectionName, value: Record<string, unknown>, path: string, d: Diagnostic[], extraKeys: readonly string[] = [],
): ReadonlySet<string> {
  const { fields, required, names } = sectionIndex(section);
  let bad: Set<string> | undefined;
  // Only the keys present are visited (a spec item sets a few of its fields), then the required ones.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const f = fields[key];
    if (f === undefined || !Object.prototype.hasOwnProperty.call(fields, key)) {
      if (extraKeys.includes(key)) continue;
      (bad ??= new Set()).add(key);
      d.push({ path: fieldName(path, key), message: `unknown field '${key}'`, hint: `allowed here: ${names}` });
      continue;
    }
    const v = value[key];
    if (v === undefined || (typeof v === 'string' && stringPasses(f, v))) continue;
    if (!checkField(f, v, fieldName(path, key), key, d)) (bad ??= new Set()).add(key);
  }
  for (const key of required) {
    if (value[key] !== undefined) continue;
    (bad ??= new Set()).add(key);
    const f = fields[key];
    d.push({ path, message: `the '${key}' field is missing`, hint: f.hint ?? `give ${key} (${expected(f.schema)})` });
  }
  return bad ?? NONE;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * One item of the spec's lists (a pool, a workload, a tenant): one diagnostic when it is not a map at
 * all (undefined is returned), else its section's check, with the `path` adapters add allowed.
 * Returns the fields with problems, which the item's own rules skip.
 */
export function checkItem(section: 'pool' | 'workload' | 'tenant', item: unknown, path: string, d: Diagnostic[]): ReadonlySet<string> | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    d.push({ path, message: `the ${section} is ${showValue(item)}, not a map of its fields`, hint: `give ${sectionIndex(section).required.join(', ')}` });
    return undefined;
  }
  return checkSection(section, item as Record<string, unknown>, path, d, ['path']);
}

// Per section, once: validation checks every pool, workload and tenant against its section.
const INDEX = new Map<SectionName, { fields: Record<string, FieldShape>; required: string[]; names: string }>();
function sectionIndex(section: SectionName) {
  let index = INDEX.get(section);
  if (!index) {
    const fields = SPEC_SHAPE[section] as Record<string, FieldShape>;
    index = { fields, required: Object.keys(fields).filter((k) => fields[k].required), names: Object.keys(fields).join(', ') };
    INDEX.set(section, index);
  }
  return index;
}

/**
 * Whether a string passes its field's check outright: a plain text field without control
 * characters, or a string field whose content the validator reads. The common case of every
 * workload's name, image and namespace, decided without building the field's path.
 */
function stringPasses(f: FieldShape, v: string): boolean {
  if (f.section || f.items || f.orSection || Array.isArray(f.schema.enum) || f.schema.type !== 'string') return false;
  return f.content === true || !CONTROL.test(v);
}

/** One field's value against its shape; false when a diagnostic was added. */
function checkField(f: FieldShape, v: unknown, path: string, key: string, d: Diagnostic[]): boolean {
  const start = d.length;
  const wrong = (what: string) => d.push({ path, message: `${key} is ${showValue(v)}, not ${what}`, hint: f.hint ?? `give ${expected(f.schema)}` });
  if (f.content) {
    // The validator reads the content (a catalogue look-up, a layout); only the container type is checked here.
    const type = Array.isArray(f.schema.enum) ? 'string' : f.schema.type;
    if (type === 'string' && typeof v !== 'string') wrong('a string');
    else if (type === 'object' && !isMap(v)) wrong('a map');
    else if (type === 'array' && !Array.isArray(v)) wrong('a list');
  } else if (f.section) {
    if (!isMap(v)) wrong('a map');
    else checkSection(f.section, v, path, d);
  } else if (f.items) {
    const max = f.schema.maxItems as number | undefined;
    if (!Array.isArray(v)) {wrong('a list');} else if (max !== undefined && v.length > max) {
      d.push({ path, message: `${key} has ${v.length} items; at most ${max} are allowed`, hint: f.maxHint ?? `give at most ${max}` });
    } else {
      Array.from(v).forEach((item, i) => {
        if (!isMap(item)) d.push({ path: `${path}[${i}]`, message: `${key}[${i}] is ${showValue(item)}, not a map`, hint: `write each item of ${key} as a map of its fields` });
        else checkSection(f.items!, item, `${path}[${i}]`, d);
      });
    }
  } else if (f.orSection) {
    if (typeof v !== 'boolean' && !isMap(v)) wrong('true, false or a map');
    else if (isMap(v)) checkSection(f.orSection, v, path, d);
  } else {
    checkScalar(f, v, path, key, d, wrong);
  }
  return d.length === start;
}

function checkScalar(f: FieldShape, v: unknown, path: string, key: string, d: Diagnostic[], wrong: (what: string) => void): void {
  const s = f.schema;
  if (Array.isArray(s.enum)) {
    if (!(s.enum as unknown[]).includes(v)) wrong(expected(s));
    return;
  }
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') wrong('a string');
      else if (CONTROL.test(v)) d.push({ path, message: `${key} contains a control character (${JSON.stringify(v.match(CONTROL)![0])})`, hint: 'remove it: names, images and values are plain text' });
      return;
    case 'boolean':
      if (typeof v !== 'boolean') wrong(`true or false${typeof v === 'string' ? ' (the string is not a boolean: write it unquoted)' : ''}`);
      return;
    case 'integer': {
      const min = s.minimum as number | undefined;
      const max = s.maximum as number | undefined;
      if (typeof v !== 'number' || !Number.isInteger(v) || (min !== undefined && v < min)) {
        d.push({ path, message: `${key} is ${showValue(v)}; it must be a whole number >= ${min ?? 0}`, hint: f.hint ?? `give a whole number from ${min ?? 0}${max !== undefined ? ` to ${max}` : ''}` });
      } else if (max !== undefined && v > max) {
        d.push({ path, message: `${key} is ${v}; it must be at most ${max}`, hint: f.maxHint ?? `give a whole number from ${min ?? 0} to ${max}` });
      }
      return;
    }
    case 'number': {
      // A share such as 0.9: NaN and Infinity are not numbers a rule can hold.
      const above = s.exclusiveMinimum as number | undefined;
      const max = s.maximum as number | undefined;
      if (typeof v !== 'number' || !Number.isFinite(v) || (above !== undefined && v <= above) || (max !== undefined && v > max)) {
        const range = `${above !== undefined ? `above ${above}` : 'any number'}${max !== undefined ? ` and at most ${max}` : ''}`;
        d.push({ path, message: `${key} is ${showValue(v)}; it must be a number ${range}`, hint: f.hint ?? `give a number ${range}` });
      }
      return;
    }
    case 'array':
      if (!Array.isArray(v)) {wrong('a list');} else if ((s.items as { type?: string } | undefined)?.type === 'string') {
        Array.from(v).forEach((item, i) => {
          if (typeof item !== 'string') d.push({ path: `${path}[${i}]`, message: `${key}[${i}] is ${showValue(item)}, not a string`, hint: `write every item of ${key} as a string (quote numbers)` });
          else if (CONTROL.test(item)) d.push({ path: `${path}[${i}]`, message: `${key}[${i}] contains a control character`, hint: 'remove it' });
        });
      }
      return;
    case 'object':
      if (!isMap(v)) {wrong('a map');} else if ((s.additionalProperties as { type?: string } | undefined)?.type === 'string') {
        for (const [k, item] of Object.entries(v)) {
          if (typeof item !== 'string') d.push({ path: `${path}.${k}`, message: `${key}.${k} is ${showValue(item)}, not a string`, hint: `write every value of ${key} as a string (quote numbers and booleans)` });
          else if (CONTROL.test(item) || CONTROL.test(k)) d.push({ path: `${path}.${k}`, message: `${key}.${k} contains a control character`, hint: 'remove it' });
        }
      }
      return;
    default:
  }
}
