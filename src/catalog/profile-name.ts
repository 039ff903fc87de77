/**
 * MIG profile-name syntax, as go-nvlib `parseMigProfile` enforces it when mig-parted parses a config
 * (docs/reference/mig-catalogue.md §2 rule 10): `<G>g.<GB>gb` or `<C>c.<G>g.<GB>gb`, optionally followed by `+attr[,attr]`
 * or `-attr[,attr]`, never both. The syntax says nothing about whether a GPU has the profile.
 */
export interface ParsedProfileName {
  /** Compute-instance slices; equals `gpuInstanceSlices` for plain `<G>g.<GB>gb` names. */
  readonly computeInstanceSlices: number;
  readonly gpuInstanceSlices: number;
  readonly memoryGB: number;
  /** Attributes with their sign, e.g. `['+me']`, `['-me']`, `['+me.all']`. */
  readonly attributes: readonly string[];
}

export type ProfileNameParse = { ok: true; value: ParsedProfileName } | { ok: false; reason: string };

const NUMBER = /^[0-9]+$/;
const ATTRIBUTE = /^[A-Za-z0-9.]+$/;

export function parseProfileName(name: string): ProfileNameParse {
  if (name.length === 0) return { ok: false, reason: 'the profile name is empty' };
  const plus = name.indexOf('+');
  const minus = name.indexOf('-');
  if (plus >= 0 && minus >= 0) {
    return { ok: false, reason: `'${name}' has both positive (+) and negative (-) attributes` };
  }
  const cut = plus >= 0 ? plus : minus;
  const base = cut >= 0 ? name.slice(0, cut) : name;
  const sign = plus >= 0 ? '+' : '-';
  const fields = base.split('.');
  let c: string | undefined;
  let g: string;
  let gb: string;
  if (fields.length === 2) {
    [g, gb] = fields;
  } else if (fields.length === 3) {
    [c, g, gb] = fields;
  } else {
    return { ok: false, reason: `'${base}' is not of the form <G>g.<GB>gb or <C>c.<G>g.<GB>gb` };
  }
  const num = (field: string, suffix: string): number | undefined => {
    if (!field.endsWith(suffix)) return undefined;
    const digits = field.slice(0, -suffix.length);
    return NUMBER.test(digits) ? Number(digits) : undefined;
  };
  const gi = num(g, 'g');
  const mem = num(gb, 'gb');
  const ci = c === undefined ? gi : num(c, 'c');
  if (gi === undefined || mem === undefined || ci === undefined) {
    return { ok: false, reason: `'${base}' is not of the form <G>g.<GB>gb or <C>c.<G>g.<GB>gb` };
  }
  const attributes: string[] = [];
  if (cut >= 0) {
    const list = name.slice(cut + 1).split(',');
    for (const attr of list) {
      if (attr.length === 0) return { ok: false, reason: `'${name}' has an empty attribute` };
      if (attr.trim() !== attr) return { ok: false, reason: `attribute '${attr}' in '${name}' has surrounding spaces` };
      if (/^[0-9]/.test(attr)) return { ok: false, reason: `attribute '${attr}' in '${name}' starts with a digit` };
      if (attr.startsWith('.') || attr.endsWith('.')) {
        return { ok: false, reason: `attribute '${attr}' in '${name}' starts or ends with '.'` };
      }
      if (!ATTRIBUTE.test(attr)) return { ok: false, reason: `attribute '${attr}' in '${name}' has characters outside [A-Za-z0-9.]` };
      if (attributes.includes(sign + attr)) return { ok: false, reason: `attribute '${attr}' appears twice in '${name}'` };
      attributes.push(sign + attr);
    }
  }
  return { ok: true, value: { computeInstanceSlices: ci, gpuInstanceSlices: gi, memoryGB: mem, attributes } };
}
