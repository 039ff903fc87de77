/**
 * Generates src/catalog/models.generated.ts (the `as const` MIG catalogue the types are derived from)
 * and test/fixtures/gpu-operator-default-mig-parted-config.yaml from the catalogue source data
 * vendored in vendor/catalogue/mig-catalogue.json (provenance: vendor/SOURCES.md).
 *
 *   npx ts-node -P projenrc/tsconfig.json scripts/generate-catalog.ts [path/to/mig-catalogue.json]
 *
 * test/catalog/catalog.test.ts re-runs renderCatalogModule() on the vendored file and fails when
 * the committed module is stale, so the data cannot drift from the reference silently.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';

/** Short, stable model keys users type (`gpu: 'H100-80GB'`), in the reference file's order. */
export const MODEL_KEYS: Record<string, string> = {
  'A30-24GB': 'A30',
  'A100-40GB (SXM4 and PCIe) / A800-40GB': 'A100-40GB',
  'A100-80GB (SXM4 and PCIe) / A800-80GB (SXM4 and PCIe)': 'A100-80GB',
  'H100-80GB (SXM5 and PCIe) / H800-80GB': 'H100-80GB',
  'H100 NVL 94GB / H800 NVL 94GB (also H100 SXM5 94GB)': 'H100-NVL-94GB',
  'H100 96GB (H100 on GH200 120GB/480GB, H100 96GB, PG506-96GB) / H20 96GB': 'H100-96GB',
  'H200 141GB (SXM) / H200 NVL': 'H200-141GB',
  'GH200 144GB HBM3e': 'GH200-144GB',
  'B200 180GB (HGX B200)': 'B200',
  'GB200 (HGX GB200, 186GB)': 'GB200',
  'B300 (B300 SXM6 AC, ~288GB HBM3e)': 'B300',
  'GB300': 'GB300',
  'RTX PRO 6000 Blackwell Server Edition 96GB (also Workstation / Max-Q)': 'RTX-PRO-6000',
  'RTX PRO 5000 Blackwell 48GB': 'RTX-PRO-5000',
  'RTX PRO 4500 Blackwell 32GB': 'RTX-PRO-4500',
};

/**
 * GFD product label values seen in real clusters that the sanitised nvidia-smi names do not produce
 * (mig-catalogue.md §1.4 and k8s-mig-integration.md §3.1).
 */
const EXTRA_PRODUCT_LABELS: Record<string, string[]> = {
  'A100-40GB': ['A100-SXM4-40GB'], // older drivers print the name without the NVIDIA prefix
  'H200-141GB': ['NVIDIA-H200-141GB-HBM3e'], // "also NVIDIA-H200-141GB-HBM3e in other clusters"
};

/**
 * GPU Feature Discovery's label sanitising (k8s-device-plugin internal/lm/resource.go `sanitise`):
 * characters outside [A-Za-z0-9-_. ] are deleted and runs of blanks become one '-'.
 */
export function gfdProductLabel(productName: string): string {
  return productName.replace(/[^A-Za-z0-9\-_. ]/g, '').trim().replace(/ +/g, '-');
}

const UNCONFIRMED = /\s*\(unconfirmed\)\s*$/;

interface RefProfile {
  name: string;
  id: number | null;
  idConfirmed: boolean;
  maxCount: number;
  computeSlices: number;
  memorySlices: number | null;
  memoryGiB: number | null;
  placements: { start: number; size: number }[] | null;
  placementsConfirmed: boolean;
  sm: number | null;
  copyEngines: number | null;
  nvdec: number | null;
  nvenc: number | null;
  nvjpg: number | null;
  ofa: number | null;
}
interface RefGpu {
  name: string;
  productNames: string[];
  productNamesConfirmed: boolean;
  pciDeviceIds: string[];
  memoryGiB: number;
  computeSlices: number;
  memorySlices: number;
  placementUnits: number | null;
  profiles: RefProfile[];
  notes: string;
  sources: string[];
}

type BalancedEntry = { 'device-filter'?: string | string[]; 'mig-devices'?: Record<string, number> };

/** The GPU Operator's `all-balanced` layout for a model, found by its PCI ids in the default config. */
function operatorAllBalanced(gpu: RefGpu, balanced: readonly BalancedEntry[]): Record<string, number> | null {
  const ids = gpu.pciDeviceIds.map((id) => id.toUpperCase());
  const entry = balanced.find((e) => [e['device-filter'] ?? []].flat().some((f) => ids.includes(f.toUpperCase())));
  return entry?.['mig-devices'] ?? null;
}

function modelEntry(gpu: RefGpu, balanced: readonly BalancedEntry[]) {
  const key = MODEL_KEYS[gpu.name];
  if (!key) throw new Error(`no model key for reference GPU "${gpu.name}": add it to MODEL_KEYS`);
  const productNames = gpu.productNames.map((n) => ({
    name: n.replace(UNCONFIRMED, ''),
    confirmed: gpu.productNamesConfirmed && !UNCONFIRMED.test(n),
  }));
  const labels = [...productNames.map((p) => gfdProductLabel(p.name)), ...(EXTRA_PRODUCT_LABELS[key] ?? [])];
  return {
    key,
    referenceName: gpu.name,
    pciDeviceIds: gpu.pciDeviceIds.map((id) => id.toUpperCase().replace(/^0X/, '0x')),
    productNames,
    productNamesConfirmed: gpu.productNamesConfirmed,
    gfdProductLabels: [...new Set(labels)],
    memoryGiB: gpu.memoryGiB,
    computeSlices: gpu.computeSlices,
    memorySlices: gpu.memorySlices,
    placementUnits: gpu.placementUnits,
    operatorAllBalanced: operatorAllBalanced(gpu, balanced),
    profiles: gpu.profiles.map((p) => ({
      name: p.name,
      id: p.id ?? null,
      idConfirmed: p.idConfirmed,
      maxCount: p.maxCount,
      computeSlices: p.computeSlices,
      placementSize: p.memorySlices ?? null,
      memoryGiB: p.memoryGiB ?? null,
      placements: p.placements ?? null,
      placementsConfirmed: p.placementsConfirmed,
      sm: p.sm ?? null,
      copyEngines: p.copyEngines ?? null,
      nvdec: p.nvdec ?? null,
      nvenc: p.nvenc ?? null,
      nvjpg: p.nvjpg ?? null,
      ofa: p.ofa ?? null,
    })),
    notes: gpu.notes,
    sources: gpu.sources,
  };
}

/** Renders the TypeScript module text. Pure: the test compares it with the committed file. */
export function renderCatalogModule(reference: { gpus: RefGpu[]; defaultConfigs?: { config: { 'mig-configs': Record<string, BalancedEntry[]> } } }): string {
  const balanced = reference.defaultConfigs?.config['mig-configs']['all-balanced'] ?? [];
  const lines: string[] = [
    '// Generated by scripts/generate-catalog.ts from vendor/catalogue/mig-catalogue.json. Do not edit by hand:',
    '// change the vendored catalogue (or the generator) and run `npx ts-node -P projenrc/tsconfig.json scripts/generate-catalog.ts`.',
    '// Facts and their sources: docs/reference/mig-catalogue.md. `null` = not confirmed by any source.',
    '/* eslint-disable */',
    '',
    '/**',
    ' * The raw catalogue the types are derived from. Use listGpuModels(), findGpuModel() and',
    ' * resolveProfile() to read it. @hidden',
    ' */',
    'export const MIG_CATALOG = {',
  ];
  for (const gpu of reference.gpus) {
    const entry = modelEntry(gpu, balanced);
    const { profiles, ...model } = entry;
    lines.push(`  ${JSON.stringify(entry.key)}: {`);
    for (const [k, v] of Object.entries(model)) lines.push(`    ${k}: ${JSON.stringify(v)},`);
    lines.push('    profiles: [');
    for (const p of profiles) lines.push(`      ${JSON.stringify(p)},`);
    lines.push('    ],');
    lines.push('  },');
  }
  lines.push('} as const;', '');
  return lines.join('\n');
}

export function renderDefaultConfigYaml(reference: { defaultConfigs: { source: string; config: unknown } }): string {
  return `# ${reference.defaultConfigs.source}\n` + stringify(reference.defaultConfigs.config, { lineWidth: 0 });
}

/** The catalogue source data, vendored in the repository (vendor/SOURCES.md says where it came from). */
export function defaultReferencePath(): string {
  return path.resolve(__dirname, '..', 'vendor', 'catalogue', 'mig-catalogue.json');
}

if (require.main === module) {
  const refPath = process.argv[2] ?? defaultReferencePath();
  const reference = JSON.parse(fs.readFileSync(refPath, 'utf8'));
  const root = path.resolve(__dirname, '..');
  fs.writeFileSync(path.join(root, 'src/catalog/models.generated.ts'), renderCatalogModule(reference));
  fs.mkdirSync(path.join(root, 'test/fixtures'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test/fixtures/gpu-operator-default-mig-parted-config.yaml'), renderDefaultConfigYaml(reference));
  console.log(`wrote ${reference.gpus.length} models from ${refPath}`);
}
