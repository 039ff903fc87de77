import Table from 'cli-table3';
import { findGpuModel, listGpuModels, placementAxisLength, type GpuModelInfo } from '../catalog';
import { CliError } from './errors';

const plain = { style: { head: [], border: [] } };

/** `mig catalog`: one row per model. */
export function catalogTable(): string {
  const table = new Table({ ...plain, head: ['model', 'PCI device ids', 'memory', 'compute slices', 'placement axis', 'profiles'] });
  for (const m of listGpuModels()) {
    table.push([m.key, m.pciDeviceIds.join(' ') || '(unknown)', `${m.memoryGiB} GB`, m.computeSlices, placementAxisLength(m) ?? 'unknown', m.profiles.map((p) => p.name).join(' ')]);
  }
  return `${table.toString()}\n${listGpuModels().length} models. \`mig catalog MODEL\` shows a model's profiles and placements.\n`;
}

/** `mig catalog MODEL`: the profile table and a picture of the placement slots. */
export function modelReport(key: string): string {
  const model = findGpuModel(key);
  if (!model) {
    throw new CliError(`unknown GPU model '${key}'`, `use one of ${listGpuModels().map((m) => m.key).join(', ')}`);
  }
  const table = new Table({ ...plain, head: ['profile', 'id', 'max', 'compute', 'units', 'GiB', 'SMs', 'media (dec/enc/jpg/ofa)', 'starts', 'confirmed'] });
  const n = (v: number | null) => (v === null ? '?' : String(v));
  for (const p of model.profiles) {
    table.push([
      p.name, n(p.id), p.maxCount, p.computeSlices, n(p.placementSize), n(p.memoryGiB), n(p.sm),
      `${n(p.nvdec)}/${n(p.nvenc)}/${n(p.nvjpg)}/${n(p.ofa)}`,
      p.placements ? p.placements.map((x) => x.start).join(',') : '?',
      [p.idConfirmed ? 'id' : '', p.placementsConfirmed ? 'placements' : ''].filter(Boolean).join('+') || 'inferred',
    ]);
  }
  const lines = [
    `${model.key}: ${model.referenceName}`,
    `PCI ${model.pciDeviceIds.join(', ') || '(unknown)'}; GFD product labels: ${model.gfdProductLabels.join(', ') || '(unknown)'}${model.productNamesConfirmed ? '' : ' (unconfirmed)'}`,
    `${model.computeSlices} compute slices, ${model.memorySlices} memory slices, ${model.memoryGiB} GB`,
    table.toString(),
    '',
    placementPicture(model),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * One row per profile over the placement axis: `S` where a legal placement starts, `-` where a
 * placement starting earlier extends, `.` where the profile can never sit.
 */
export function placementPicture(model: GpuModelInfo): string {
  const axis = placementAxisLength(model);
  if (axis === null) return `Placements of ${model.key} are not published; only max counts and compute slices are checked.`;
  const width = Math.max(...model.profiles.map((p) => p.name.length)) + 2;
  const cell = axis > 9 ? 3 : 2;
  const header = (' '.repeat(width) + Array.from({ length: axis }, (_, i) => String(i).padEnd(cell)).join('')).trimEnd();
  const rows = model.profiles.map((p) => {
    const cells = Array.from({ length: axis }, () => '.');
    for (const pl of p.placements!) {
      for (let u = pl.start; u < pl.start + pl.size; u++) if (cells[u] === '.') cells[u] = '-';
    }
    for (const pl of p.placements!) cells[pl.start] = 'S';
    return (p.name.padEnd(width) + cells.map((c) => c.padEnd(cell)).join('')).trimEnd();
  });
  const unit = axis === model.memorySlices ? 'memory slices' : 'placement units';
  return [`Placement axis: ${axis} ${unit} (S = an instance can start here, - = it extends here, . = never)`, header, ...rows].join('\n');
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The placement slots of a model as an SVG: one row per profile, one column per placement unit, a
 * box for each legal placement (a profile's placements never overlap each other).
 */
export function placementSvg(key: string): string {
  const model = findGpuModel(key);
  if (!model) throw new CliError(`unknown GPU model '${key}'`, `use one of ${listGpuModels().map((m) => m.key).join(', ')}`);
  const axis = placementAxisLength(model);
  if (axis === null) throw new CliError(`${model.key} has no published placements to draw`, 'draw a model whose placements are known, e.g. H100-80GB');
  const unit = 48;
  const label = 130;
  const row = 30;
  const top = 56;
  const width = label + axis * unit + 20;
  const height = top + model.profiles.length * row + 10;
  const units = axis === model.memorySlices ? 'memory slices' : 'placement units';
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(`${model.key}: placement slots (${axis} ${units})`)}</text>`,
  ];
  for (let u = 0; u < axis; u++) out.push(`<text x="${label + u * unit + unit / 2}" y="${top - 10}" text-anchor="middle">${u}</text>`);
  model.profiles.forEach((p, i) => {
    const y = top + i * row;
    out.push(`<text x="10" y="${y + 16}">${escapeXml(p.name)}</text>`);
    out.push(`<rect x="${label}" y="${y}" width="${axis * unit}" height="${row - 6}" fill="#f2f2f2" stroke="#cccccc"/>`);
    for (const pl of p.placements!) {
      const title = escapeXml(`${p.name} at ${pl.start}, size ${pl.size}`);
      out.push(`<rect x="${label + pl.start * unit + 2}" y="${y + 2}" width="${pl.size * unit - 4}" height="${row - 10}" fill="#76b900" fill-opacity="0.6" stroke="#3d6000"><title>${title}</title></rect>`);
    }
  });
  out.push('</svg>', '');
  return out.join('\n');
}
