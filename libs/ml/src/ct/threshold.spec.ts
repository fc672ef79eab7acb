import { CT_PHANTOM, CT_PIXEL_SPACING, CT_SIZE, CT_SPACING, huAt } from '@tessera/seeds';
import type { Rle } from '@tessera/contracts';
import { CtThreshold, sliceRles } from './threshold';

/**
 * The seed's liver CT phantom (seeds/src/liver-ct.ts, the voxels its DICOM
 * files carry, before the texture noise), at a quarter of its resolution: a
 * vertebra (cortical rim, cancellous core), a contrast-filled aorta, a gas
 * bubble in the stomach, air around the body.
 */
const SIZE = 128;
const SLICES = 40;
const scale = CT_SIZE / SIZE;
function phantom(): Int16Array {
  const v = new Int16Array(SIZE * SIZE * SLICES);
  for (let z = 0; z < SLICES; z++) for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) v[z * SIZE * SIZE + y * SIZE + x] = huAt(x * scale, y * scale, z, SLICES);
  return v;
}
const areaOf = (r: Rle) => r.counts.reduce((n, c, i) => (i % 2 ? n + c : n), 0);
/** Whether a column-major RLE covers pixel (x, y). */
function covers(r: Rle, x: number, y: number): boolean {
  const target = x * r.size[0] + y;
  let at = 0;
  for (let i = 0; i < r.counts.length; i++) {
    if (target < at + r.counts[i]) return i % 2 === 1;
    at += r.counts[i];
  }
  return false;
}

it('segments bone, air inside the body and the contrast-filled aorta of the seed CT, one segment per 3D component', async () => {
  const predictions = await new CtThreshold().predict(
    { media: 'dicom', voxels: phantom(), dims: [SIZE, SIZE, SLICES], spacing: [CT_PIXEL_SPACING * scale, CT_PIXEL_SPACING * scale, CT_SPACING], modality: 'CT' },
    { scoreThreshold: 0, maxObjects: 50 },
  );
  const byClass = (c: string) => predictions.filter((p) => p.modelClass === c);
  // The vertebral body and its arch (joined in the phantom by a pixel at most, so apart at this resolution); the aorta
  // is one vessel; the stomach's gas is air, the air around the body is not.
  expect(byClass('bone')).toHaveLength(2);
  const arch = byClass('bone')[1].geometry as { type: 'segment'; slices: Record<string, Rle> };
  expect(covers(arch.slices[String(SLICES / 2)], Math.round(CT_PHANTOM.arch.cx / scale), Math.round((CT_PHANTOM.arch.cy + CT_PHANTOM.arch.ry - 2) / scale))).toBe(true);
  expect(byClass('vessel')).toHaveLength(1);
  expect(byClass('air')).toHaveLength(1);
  const bone = byClass('bone')[0].geometry as { type: 'segment'; slices: Record<string, Rle> };
  const vessel = byClass('vessel')[0].geometry as { type: 'segment'; slices: Record<string, Rle> };
  const air = byClass('air')[0].geometry as { type: 'segment'; slices: Record<string, Rle> };
  // Bone and aorta run through every slice.
  expect(Object.keys(bone.slices)).toHaveLength(SLICES);
  expect(Object.keys(vessel.slices)).toHaveLength(SLICES);
  const mid = String(SLICES / 2);
  const v = CT_PHANTOM.vertebra;
  const a = CT_PHANTOM.aorta;
  // The cancellous core (250 HU, the aorta's value too) grew into the bone from the cortex; the aorta's centre is vessel, not bone.
  expect(covers(bone.slices[mid], Math.round(v.cx / scale), Math.round(v.cy / scale))).toBe(true);
  expect(covers(vessel.slices[mid], Math.round(a.cx / scale), Math.round(a.cy / scale))).toBe(true);
  expect(covers(bone.slices[mid], Math.round(a.cx / scale), Math.round(a.cy / scale))).toBe(false);
  // The aorta's cross-section: π r² in pixels of this resolution, within a pixel ring.
  const r = a.r / scale;
  expect(Math.abs(areaOf(vessel.slices[mid]) - Math.PI * r * r)).toBeLessThan(2 * Math.PI * r + 4);
  // The gas is only in the stomach's slices (z 0.1–0.45 of the series) and in its upper half.
  const airSlices = Object.keys(air.slices).map(Number);
  expect(Math.min(...airSlices)).toBeGreaterThanOrEqual(Math.floor(0.1 * (SLICES - 1)));
  expect(Math.max(...airSlices)).toBeLessThanOrEqual(Math.ceil(0.45 * (SLICES - 1)));
  for (const p of predictions) expect(Object.values((p.geometry as { slices: Record<string, Rle> }).slices).every((s) => s.size[0] === SIZE && s.size[1] === SIZE)).toBe(true);
});

it('writes each slice as a COCO column-major RLE that starts with zeros and covers the plane', () => {
  // Voxels (x, y) = (1, 0), (1, 1) and (2, 1) on slice 1 of a 3 × 2 × 2 volume.
  const idx = (x: number, y: number, z: number) => z * 6 + y * 3 + x;
  const rles = sliceRles(Int32Array.from([idx(1, 0, 1), idx(1, 1, 1), idx(2, 1, 1)]), [3, 2, 2]);
  // Column-major over 2 rows: column 0 is empty (2), column 1 is full (2), then (2, 0) empty and (2, 1) set.
  expect(rles).toEqual({ 1: { size: [2, 3], counts: [2, 2, 1, 1] } });
});

it('refuses what is not a CT volume', async () => {
  await expect(new CtThreshold().predict({ media: 'text', text: 'x' }, { scoreThreshold: 0, maxObjects: 1 })).rejects.toThrow(/CT volume/);
});
