import { findGpuModel, placementAxisLength } from '../catalog';
import type { PlacedInstance } from '../geometry';

/**
 * One GPU's instances drawn on its placement axis, e.g. for H100-80GB 4 x 1g.10gb + 3g.40gb:
 * `[1g.10gb][1g.10gb][1g.10gb][1g.10gb][3g.40gb                        ]` (8 units of 9 characters).
 */
export function layoutPicture(model: string, instances: readonly PlacedInstance[] | null): string {
  const info = findGpuModel(model);
  const axis = info ? placementAxisLength(info) : null;
  if (!axis || !instances) return '(placements not published)';
  const unit = axis > 8 ? 5 : 9;
  const cells: string[] = [];
  let u = 0;
  for (const inst of [...instances].sort((a, b) => a.start - b.start)) {
    for (; u < inst.start; u++) cells.push('.'.padEnd(unit));
    const width = inst.size * unit;
    const label = inst.profile.length > width - 2 ? inst.profile.slice(0, width - 2) : inst.profile;
    cells.push(`[${label.padEnd(width - 2)}]`);
    u = inst.start + inst.size;
  }
  for (; u < axis; u++) cells.push('.'.padEnd(unit));
  return cells.join('').trimEnd();
}
