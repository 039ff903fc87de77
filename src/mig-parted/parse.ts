import { parseProfileName } from '../catalog';
import { listValues } from '../diagnostics';
import { MIG_PARTED_ENTRY_KEYS, MIG_PARTED_TOP_KEYS } from './document';

/** A path inside a mig-parted document, e.g. ['mig-configs', 'all-1g.10gb', 0, 'devices']. */
export type MigPartedPath = (string | number)[];

/** One entry of a named config as mig-parted's parser accepts it. */
export interface ParsedMigPartedEntry {
  readonly path: MigPartedPath;
  /** Normalised filters that parsed; undefined = no filter (matches every GPU). */
  readonly filters?: readonly string[];
  readonly migEnabled: boolean;
  readonly migDevices: Readonly<Record<string, number>>;
}

export type MigPartedReport = (path: MigPartedPath, message: string, hint: string) => void;

/** Rules 1-9: the document's shape, as mig-parted's parser checks it. */
export function parseMigPartedTopLevel(top: unknown, out: Map<string, ParsedMigPartedEntry[]>, error: MigPartedReport): void {
  if (top === null || top === undefined) {
    error([], 'the document is empty', 'start it with `version: v1` and a `mig-configs` map');
    return;
  }
  if (!isPlainObject(top)) {
    error([], `the document is ${describeYamlValue(top)}, not a map`, 'write `version: v1` and a `mig-configs` map at the top level');
    return;
  }
  if (!('version' in top)) error([], "the 'version' field is missing", 'add `version: v1` at the top');
  else if (top.version !== 'v1') error(['version'], `unknown version ${JSON.stringify(top.version)}`, 'mig-parted reads only `version: v1` (a string)');
  for (const key of Object.keys(top)) {
    if (!(MIG_PARTED_TOP_KEYS as readonly string[]).includes(key)) error([key], `unexpected field '${key}'`, "only 'version' and 'mig-configs' are allowed at the top level");
  }
  const configs = top['mig-configs'];
  if (configs === undefined) {
    error([], "the 'mig-configs' map is missing", 'add `mig-configs:` with at least one named config');
    return;
  }
  if (!isPlainObject(configs) || Object.keys(configs).length === 0) {
    error(['mig-configs'], `'mig-configs' is ${describeYamlValue(configs)}; it must be a map with at least one config`, 'add a named config, e.g. `all-disabled: [{devices: all, mig-enabled: false}]`');
    return;
  }
  for (const [name, list] of Object.entries(configs)) {
    const path: MigPartedPath = ['mig-configs', name];
    if (!Array.isArray(list) || list.length === 0) {
      error(path, `config '${name}' is ${describeYamlValue(list)}; it must be a list with at least one entry`, 'give the config a list of entries with devices and mig-enabled');
      continue;
    }
    const parsed: ParsedMigPartedEntry[] = [];
    list.forEach((entry, i) => {
      const p = parseEntry(entry, [...path, i], error);
      if (p) parsed.push(p);
    });
    out.set(name, parsed);
  }
}

function parseEntry(entry: unknown, path: MigPartedPath, error: MigPartedReport): ParsedMigPartedEntry | undefined {
  if (!isPlainObject(entry)) {
    error(path, `the entry is ${describeYamlValue(entry)}, not a map`, 'write the entry as a map with devices, mig-enabled and (when enabled) mig-devices');
    return undefined;
  }
  let ok = true;
  const bad = (p: MigPartedPath, message: string, hint: string) => {
    ok = false;
    error(p, message, hint);
  };
  for (const key of Object.keys(entry)) {
    if (!(MIG_PARTED_ENTRY_KEYS as readonly string[]).includes(key)) bad([...path, key], `unexpected field '${key}'`, `an entry allows only ${listValues(MIG_PARTED_ENTRY_KEYS)}`);
  }
  for (const key of ['devices', 'mig-enabled']) {
    if (!(key in entry)) bad(path, `the required field '${key}' is missing`, key === 'devices' ? 'add `devices: all` or a list of GPU indices' : 'add `mig-enabled: true` or `mig-enabled: false`');
  }

  let filters: string[] | undefined;
  const rawFilter = entry['device-filter'];
  if (rawFilter !== undefined) {
    const list = typeof rawFilter === 'string' ? [rawFilter] : rawFilter;
    if (!Array.isArray(list) || list.some((f) => typeof f !== 'string')) {
      const numeric = Array.isArray(list) ? list.find((f) => typeof f === 'number') : typeof list === 'number' ? list : undefined;
      bad([...path, 'device-filter'], `device-filter must be a string or a list of strings; it is ${describeYamlValue(rawFilter)}`,
        numeric !== undefined ? `quote the PCI ids, e.g. "0x${numeric.toString(16).toUpperCase().padStart(8, '0')}": unquoted hex is read as a number` : 'write it like ["0x233010DE"]');
    } else {
      filters = [];
      list.forEach((f: string, i: number) => {
        const fMigPartedPath = typeof rawFilter === 'string' ? [...path, 'device-filter'] : [...path, 'device-filter', i];
        // mig-parted parses each with strconv.ParseUint(s, 0, 32); a string that fails becomes 0 and never matches.
        const main = f.split(':')[0];
        if (f === '') return; // an empty filter matches every GPU (rule 5)
        if (!/^(0x[0-9a-f]{1,8}|[1-9][0-9]*|0)$/i.test(main) || Number(main) > 0xffffffff) {
          bad(fMigPartedPath, `device-filter '${f}' is not a 32-bit number; mig-parted reads it as 0 and it never matches a GPU`, 'write the PCI device and vendor id in hex, e.g. "0x233010DE" for an H100 SXM5');
          return;
        }
        // mig-parted compares the whole 32-bit value (device << 16 | vendor): write it out the same way.
        filters!.push(`0x${Number(main).toString(16).toUpperCase().padStart(8, '0')}`);
      });
      if (filters.length === 0 && list.length > 0 && list.every((f: string) => f === '')) filters = undefined;
    }
  }

  const devices = entry.devices;
  if (devices !== undefined) {
    if (typeof devices === 'string') {
      if (devices !== 'all') bad([...path, 'devices'], `devices is the string '${devices}'; the only string allowed is 'all'`, 'write `devices: all` or a list of GPU indices like [0, 1]');
    } else if (!Array.isArray(devices) || devices.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) {
      bad([...path, 'devices'], `devices is ${describeYamlValue(devices)}; it must be 'all' or a list of GPU indices (whole numbers >= 0)`, 'write `devices: all` or a list like [0, 1]');
    }
  }

  const enabled = entry['mig-enabled'];
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    bad([...path, 'mig-enabled'], `mig-enabled is ${describeYamlValue(enabled)}, not a boolean`, 'write `mig-enabled: true` or `mig-enabled: false` (unquoted)');
  }

  const migDevices: Record<string, number> = {};
  const rawDevices = entry['mig-devices'];
  if (rawDevices !== undefined && rawDevices !== null) {
    if (!isPlainObject(rawDevices)) {
      bad([...path, 'mig-devices'], `mig-devices is ${describeYamlValue(rawDevices)}, not a map of profile to count`, 'write it like {"1g.10gb": 7}');
    } else {
      for (const [name, count] of Object.entries(rawDevices)) {
        const parsed = parseProfileName(name);
        if (!parsed.ok) bad([...path, 'mig-devices', name], `'${name}' is not a MIG profile name: ${parsed.reason}`, 'write <G>g.<GB>gb with an optional +me, +me.all, +gfx or -me suffix, e.g. 1g.10gb');
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
          bad([...path, 'mig-devices', name], `the count for '${name}' is ${describeYamlValue(count)}, not a whole number >= 0`, 'write a whole number, e.g. 1');
        } else if (parsed.ok) {migDevices[name] = count;}
      }
      const counts = Object.values(rawDevices);
      if (counts.length > 0 && counts.every((c) => c === 0)) {
        bad([...path, 'mig-devices'], 'all counts in mig-devices are 0', 'give at least one profile a count above 0, or write mig-devices: {} for MIG on with no instances');
      }
    }
  }
  if (enabled === true && (rawDevices === undefined || rawDevices === null)) {
    // mig-parted: "missing required field 'mig-devices' when 'mig-enabled' is true"; a null map is missing too.
    bad(rawDevices === null ? [...path, 'mig-devices'] : path, `mig-enabled is true but mig-devices is ${rawDevices === null ? 'empty (null)' : 'missing'}`, 'add mig-devices (use {} for MIG on with no instances)');
  }
  if (enabled === false && isPlainObject(rawDevices) && Object.keys(rawDevices).length > 0) {
    bad([...path, 'mig-devices'], 'mig-enabled is false but mig-devices lists instances', 'remove mig-devices, or set mig-enabled: true');
  }
  if (!ok) return undefined;
  return { path, filters, migEnabled: enabled === true, migDevices };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function describeYamlValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `the list ${JSON.stringify(v)}`;
  if (typeof v === 'object') return Object.keys(v).length === 0 ? 'an empty map' : 'a map';
  return `${typeof v === 'string' ? 'the string' : `the ${typeof v}`} ${JSON.stringify(v)}`;
}

export function formatMigPartedPath(path: MigPartedPath): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : String(p)), '') || '(document)';
}
