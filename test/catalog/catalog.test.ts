import * as fs from 'fs';
import * as path from 'path';
import { defaultReferencePath, renderCatalogModule } from '../../scripts/generate-catalog';
import {
  findGpuModel,
  findGpuModelByPciId,
  findGpuModelByProductLabel,
  GPU_MODELS,
  listGpuModels,
  normalisePciId,
  placementAxisLength,
  resolveProfile,
} from '../../src';

describe('catalogue data', () => {
  test('the committed catalogue module is what the generator makes from the vendored source data', () => {
    const refPath = defaultReferencePath();
    const expected = renderCatalogModule(JSON.parse(fs.readFileSync(refPath, 'utf8')));
    const committed = fs.readFileSync(path.join(__dirname, '../../src/catalog/models.generated.ts'), 'utf8');
    expect(committed).toBe(expected);
  });

  test('holds every MIG-capable GPU of the reference, by key', () => {
    expect(GPU_MODELS).toEqual([
      'A30', 'A100-40GB', 'A100-80GB', 'H100-80GB', 'H100-NVL-94GB', 'H100-96GB', 'H200-141GB',
      'GH200-144GB', 'B200', 'GB200', 'B300', 'GB300', 'RTX-PRO-6000', 'RTX-PRO-5000', 'RTX-PRO-4500',
    ]);
    const profiles = listGpuModels().reduce((n, m) => n + m.profiles.length, 0);
    expect(profiles).toBe(5 + 7 * 11 + 11 + 7 + 6);
  });

  test('emits the H100-80GB facts of the reference tables', () => {
    const h100 = findGpuModel('H100-80GB')!;
    expect(h100.pciDeviceIds).toEqual(['0x233010DE', '0x233110DE', '0x232210DE', '0x232410DE']);
    expect(h100.computeSlices).toBe(7);
    expect(placementAxisLength(h100)).toBe(8);
    const p = h100.profiles.find((x) => x.name === '1g.20gb')!;
    expect(p).toMatchObject({ id: 15, maxCount: 4, computeSlices: 1, placementSize: 2, memoryGiB: 19.62, sm: 26, placementsConfirmed: true });
    expect(p.placements!.map((x) => x.start)).toEqual([0, 2, 4, 6]);
    expect(h100.profiles.find((x) => x.name === '1g.10gb+me')!.attributes).toEqual(['+me']);
  });

  test('keeps the unconfirmed flags of the reference', () => {
    const a100 = findGpuModel('A100-80GB')!;
    expect(a100.profiles.every((p) => !p.placementsConfirmed && !p.idConfirmed)).toBe(true);
    const rtx5000 = findGpuModel('RTX-PRO-5000')!;
    expect(rtx5000.placementUnits).toBeNull();
    expect(placementAxisLength(rtx5000)).toBeNull();
    expect(findGpuModel('A100-40GB')!.productNames.find((n) => n.name === 'NVIDIA A800 40GB PCIe')!.confirmed).toBe(false);
    expect(findGpuModel('RTX-PRO-6000')!.productNames[0]).toEqual({ name: 'NVIDIA RTX PRO 6000 Blackwell Server Edition', confirmed: true });
  });

  test('RTX PRO 6000 has a 12-unit placement axis', () => {
    expect(placementAxisLength(findGpuModel('RTX-PRO-6000')!)).toBe(12);
    expect(findGpuModel('RTX-PRO-6000')!.profiles.find((p) => p.name === '1g.24gb+me.all')!.attributes).toEqual(['+me.all']);
    expect(findGpuModel('RTX-PRO-6000')!.profiles.find((p) => p.name === '2g.48gb-me')!.attributes).toEqual(['-me']);
  });
});

describe('look-ups', () => {
  test.each([
    ['0x233010DE', 'H100-80GB'],
    ['0x233010de:0x16C110DE', 'H100-80GB'],
    ['0x2330', 'H100-80GB'],
    ['10de:20b5', 'A100-80GB'],
    ['2BB5', 'RTX-PRO-6000'],
    [0x20b710de, 'A30'],
  ])('finds %s by PCI id as %s', (id, key) => {
    expect(findGpuModelByPciId(id)?.key).toBe(key);
  });

  test('finds nothing for a PCI id of a GPU without MIG, or garbage', () => {
    expect(findGpuModelByPciId('0x1EB810DE')).toBeUndefined(); // T4
    expect(findGpuModelByPciId('nope')).toBeUndefined();
    expect(normalisePciId('0x12345')).toBeUndefined();
  });

  test.each([
    ['NVIDIA-H100-80GB-HBM3', 'H100-80GB'],
    ['NVIDIA-A100-80GB-PCIe', 'A100-80GB'],
    ['NVIDIA-A100-80GB-PCIe-MIG-1g.10gb', 'A100-80GB'],
    ['A100-SXM4-40GB-MIG-1g.5gb-SHARED', 'A100-40GB'],
    ['NVIDIA-H200-141GB-HBM3e', 'H200-141GB'],
    ['NVIDIA H100 80GB HBM3', 'H100-80GB'],
    ['NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition', 'RTX-PRO-6000'],
  ])('finds GFD product label %s as %s', (label, key) => {
    expect(findGpuModelByProductLabel(label)?.key).toBe(key);
  });

  test('resolves old driver spellings to the catalogue name, with the source', () => {
    expect(resolveProfile('A100-80GB', '3g.39gb')).toMatchObject({ profile: { name: '3g.40gb' }, alias: { from: '3g.39gb' } });
    expect(resolveProfile('A100-80GB', '7g.79gb')!.profile.name).toBe('7g.80gb');
    expect(resolveProfile('GB200', '1g.24gb')!.profile.name).toBe('1g.23gb');
    expect(resolveProfile('GB200', '1g.24gb+me')!.profile.name).toBe('1g.23gb+me');
    expect(resolveProfile('H100-80GB', '3g.39gb')).toBeUndefined();
    expect(resolveProfile('H100-80GB', '3g.40gb')!.alias).toBeUndefined();
  });
});
