import {
  listGpuModels,
  parseProfileName,
  resolveProfile,
  type GpuModel,
  type GpuModelInfo,
} from '../catalog';
import { listValues, type Diagnostic } from '../diagnostics';
import { describeEntries, fitEntries, type LayoutEntry } from '../geometry';
import { formatMigPartedPath, parseMigPartedTopLevel, type MigPartedPath as Path, type MigPartedReport as Report, type ParsedMigPartedEntry as ParsedEntry } from '../mig-parted';
import { checkGpuModel } from './layout-check';
import { readYaml } from './yaml-input';

export interface MigPartedCheckOptions {
  /** Also say which named configs can be applied to this model. */
  readonly gpu?: GpuModel | string;
  /** Shown in each diagnostic's location. @default 'config.yaml' */
  readonly fileName?: string;
}

export interface MigPartedApplicability {
  readonly config: string;
  /** Catalogued models on which every entry that selects them exists and fits. */
  readonly models: readonly GpuModel[];
  /** Why the config cannot be applied to the other models (only models the config selects, or all with `gpu`). */
  readonly notApplicable: readonly { readonly model: GpuModel; readonly reason: string }[];
}

export interface MigPartedCheckResult {
  /** true when there is no error (warnings allowed). */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Per named config, in file order (empty when the file does not parse). */
  readonly configs: readonly MigPartedApplicability[];
  /** With `options.gpu`: the configs that can and cannot be applied to that model. */
  readonly gpu?: {
    readonly model: GpuModel;
    readonly applicable: readonly string[];
    readonly notApplicable: readonly { readonly config: string; readonly reason: string }[];
  };
}

/**
 * Checks an existing mig-parted config file: every parse rule mig-parted enforces
 * (docs/reference/mig-catalogue.md §2, rules 1-10), then catalogue and geometry (does each profile exist on the GPU
 * models an entry can select, and does the layout fit), and which models each config can be applied to.
 * Never throws: problems come back as diagnostics with `file:line:col` and the config/entry path.
 */
export function checkMigPartedConfig(yamlText: string, options: MigPartedCheckOptions = {}): MigPartedCheckResult {
  const file = options.fileName ?? 'config.yaml';
  const diagnostics: Diagnostic[] = [];
  // sigs.k8s.io/yaml (what mig-parted uses) reads YAML 1.1: `yes` is a boolean, `0x10` a number.
  const input = readYaml(yamlText, file, { version: '1.1', syntaxHint: 'fix the YAML syntax; mig-parted cannot read the file' });
  const where = (path: Path): string => input.where(path);
  const error = (path: Path, message: string, hint: string) => diagnostics.push({ path: where(path), message, hint });
  const warn = (path: Path, message: string, hint: string) => diagnostics.push({ path: where(path), message, hint, severity: 'warning' });

  const gpuCheck = options.gpu === undefined ? undefined : checkGpuModel(options.gpu, '--gpu');
  if (gpuCheck) diagnostics.push(...gpuCheck.diagnostics);
  if (input.value === undefined) {
    diagnostics.push(...input.diagnostics);
    return finish(diagnostics, [], gpuCheck?.model);
  }

  const entries = new Map<string, ParsedEntry[]>();
  parseMigPartedTopLevel(input.value, entries, error);
  const configs: MigPartedApplicability[] = [];
  for (const [name, list] of entries) configs.push(checkConfig(name, list, error, warn, gpuCheck?.model !== undefined));
  return finish(diagnostics, configs, gpuCheck?.model);
}

function finish(diagnostics: Diagnostic[], configs: MigPartedApplicability[], model: GpuModelInfo | undefined): MigPartedCheckResult {
  const ok = !diagnostics.some((d) => (d.severity ?? 'error') === 'error');
  if (!model) return { ok, diagnostics, configs };
  const applicable = configs.filter((c) => c.models.includes(model.key)).map((c) => c.config);
  const notApplicable = configs
    .filter((c) => !c.models.includes(model.key))
    .map((c) => ({ config: c.config, reason: c.notApplicable.find((n) => n.model === model.key)?.reason ?? 'no entry selects this model' }));
  return { ok, diagnostics, configs, gpu: { model: model.key, applicable, notApplicable } };
}

/** Catalogue and geometry: which models each entry selects, and whether its layout exists and fits there. */
function checkConfig(name: string, entries: readonly ParsedEntry[], error: Report, warn: Report, explainAll: boolean): MigPartedApplicability {
  const models = listGpuModels();
  const selectedBy = new Map<GpuModel, ParsedEntry[]>();
  for (const entry of entries) {
    const selected = entry.filters === undefined ? models : models.filter((m) => entry.filters!.some((f) => m.pciDeviceIds.includes(f)));
    if (entry.filters !== undefined) {
      for (const f of entry.filters) {
        if (!models.some((m) => m.pciDeviceIds.includes(f))) {
          const short = Number(f) <= 0xffff;
          // A value without the vendor half can never equal a GPU's id: an error, not a maybe.
          (short ? error : warn)([...entry.path, 'device-filter'], short
            ? `device-filter ${f} has no vendor id: mig-parted compares the whole 32-bit value (device << 16 | vendor), so it matches no GPU`
            : `device-filter ${f} matches no GPU model in the catalogue`,
          short ? `append NVIDIA's vendor id, e.g. "0x${Number(f).toString(16).toUpperCase().padStart(4, '0')}10DE"` : 'check the PCI id (`lspci -nn | grep -i nvidia` shows [10de:XXXX]); ids of non-MIG GPUs are never matched');
        }
      }
    }
    for (const m of selected) selectedBy.set(m.key, [...(selectedBy.get(m.key) ?? []), entry]);
    if (entry.migEnabled) checkEntryGeometry(entry, selected, entry.filters !== undefined, error, warn);
  }

  const applicable: GpuModel[] = [];
  const notApplicable: { model: GpuModel; reason: string }[] = [];
  for (const m of models) {
    const selecting = selectedBy.get(m.key) ?? [];
    if (selecting.length === 0) {
      if (explainAll) notApplicable.push({ model: m.key, reason: `no entry's device-filter selects ${m.key}` });
      continue;
    }
    const reason = selecting.map((e) => (e.migEnabled ? entryProblemOn(e, m) : undefined)).find((r) => r !== undefined);
    if (reason === undefined) applicable.push(m.key);
    else notApplicable.push({ model: m.key, reason });
  }
  return { config: name, models: applicable, notApplicable };
}

/** Resolves an entry's mig-devices on one model; compute-instance (C<G) names count toward their GPU instance. */
interface EntryOnModel {
  readonly entries?: LayoutEntry[];
  /** A profile name the model does not have. */
  readonly missing?: string;
  readonly aliases: { from: string; to: string; source: string }[];
}

function entriesOn(entry: ParsedEntry, model: GpuModelInfo): EntryOnModel {
  const counts = new Map<string, number>();
  const aliases: { from: string; to: string; source: string }[] = [];
  const ciSlices = new Map<string, number>();
  for (const [name, count] of Object.entries(entry.migDevices)) {
    if (count === 0) continue;
    const parsed = parseProfileName(name);
    if (!parsed.ok) return { missing: name, aliases };
    const { computeInstanceSlices: c, gpuInstanceSlices: g } = parsed.value;
    const giName = c === g ? name : name.replace(/^[0-9]+c\./, '');
    const resolved = resolveProfile(model, giName);
    if (!resolved || c > g) return { missing: name, aliases };
    if (resolved.alias) aliases.push({ from: giName, to: resolved.profile.name, source: resolved.alias.source });
    if (c === g) counts.set(resolved.profile.name, (counts.get(resolved.profile.name) ?? 0) + count);
    else ciSlices.set(resolved.profile.name, (ciSlices.get(resolved.profile.name) ?? 0) + c * count);
  }
  // mig-parted creates one GPU instance and fills it with consecutive compute instances of that profile.
  for (const [gi, slices] of ciSlices) {
    const size = model.profiles.find((p) => p.name === gi)!.gpuInstanceSlices;
    counts.set(gi, (counts.get(gi) ?? 0) + Math.ceil(slices / size));
  }
  const entries = model.profiles.filter((p) => counts.has(p.name)).map((p) => ({ profile: p, count: counts.get(p.name)! }));
  return { entries, aliases };
}

function entryProblemOn(entry: ParsedEntry, model: GpuModelInfo): string | undefined {
  const r = entriesOn(entry, model);
  if (r.missing !== undefined) return `${formatMigPartedPath(entry.path)}: '${r.missing}' is not a MIG profile of ${model.key}`;
  const fit = fitEntries(model, r.entries!);
  return fit.fits ? undefined : `${formatMigPartedPath(entry.path)}: ${describeEntries(r.entries!)} does not fit one ${model.key}: ${fit.reason}`;
}

function checkEntryGeometry(entry: ParsedEntry, selected: readonly GpuModelInfo[], filtered: boolean, error: Report, warn: Report): void {
  const devicesPath = [...entry.path, 'mig-devices'];
  const seenAliases = new Set<string>();
  for (const m of selected) {
    for (const a of entriesOn(entry, m).aliases) {
      if (seenAliases.has(a.from)) continue;
      seenAliases.add(a.from);
      warn([...devicesPath, a.from], `'${a.from}' is the ${a.source} spelling of ${m.key}'s '${a.to}'`, `the name must match what the node's driver reports; with a current driver write '${a.to}'`);
    }
  }
  for (const name of Object.keys(entry.migDevices)) {
    const parsed = parseProfileName(name);
    if (parsed.ok && (parsed.value.computeInstanceSlices === 0 || parsed.value.gpuInstanceSlices === 0 || parsed.value.memoryGB === 0)) {
      error([...devicesPath, name], `'${name}' asks for an instance with 0 ${parsed.value.gpuInstanceSlices === 0 ? 'GPU slices' : parsed.value.computeInstanceSlices === 0 ? 'compute slices' : 'GB of memory'}; no such instance exists`, 'use a profile of the GPU, e.g. 1g.10gb (`mig catalog MODEL` lists them)');
      return;
    }
    if (parsed.ok && parsed.value.computeInstanceSlices > parsed.value.gpuInstanceSlices) {
      error([...devicesPath, name], `'${name}' asks for ${parsed.value.computeInstanceSlices} compute slices in a ${parsed.value.gpuInstanceSlices}-slice GPU instance`, 'the leading <C>c must not exceed <G>g');
      return;
    }
    if (parsed.ok && parsed.value.computeInstanceSlices < parsed.value.gpuInstanceSlices) {
      warn([...devicesPath, name], `'${name}' is a compute-instance profile; the device plugin advertises only profiles whose compute and GPU-instance slices are equal`, `pods cannot request it as a resource; use '${name.replace(/^[0-9]+c\./, '')}' unless another consumer needs compute instances`);
    }
  }
  if (filtered) {
    for (const m of selected) {
      const problem = entryProblemOn(entry, m);
      if (problem) {
        const r = entriesOn(entry, m);
        error(devicesPath, `device-filter selects ${m.key}, and ${problem.slice(problem.indexOf(': ') + 2)}`,
          r.missing !== undefined ? `use ${m.key}'s profiles: ${m.profiles.map((p) => p.name).join(', ')}` : `choose a layout that fits; \`mig catalog ${m.key}\` shows the placements`);
      }
    }
    return;
  }
  // No device-filter: the entry may target any model. It is wrong only when no model can take it.
  const withProfiles = selected.filter((m) => entriesOn(entry, m).missing === undefined);
  if (withProfiles.length === 0) {
    const names = Object.keys(entry.migDevices).filter((n) => entry.migDevices[n] > 0);
    if (names.length > 0) {
      warn(devicesPath, `no GPU model in the catalogue has all of ${listValues(names)}, so this entry applies to none of them`,
        'check the profile names against `mig catalog`; add a device-filter for the GPU you mean (the catalogue may lack that SKU)');
    }
    return;
  }
  const fitting = withProfiles.filter((m) => entryProblemOn(entry, m) === undefined);
  if (fitting.length === 0) {
    const m = withProfiles[0];
    const problem = entryProblemOn(entry, m)!;
    error(devicesPath, `${problem.slice(problem.indexOf(': ') + 2)}; it fits no other model either (${withProfiles.map((x) => x.key).join(', ')} have these profiles)`, `choose a layout that fits; \`mig catalog ${m.key}\` shows the placements`);
  }
}
