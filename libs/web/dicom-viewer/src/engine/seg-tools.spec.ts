import { fillHoles, paintCircle, paintMasks, paintRectangle, paintSphere, regionGrow, type HuSlice } from './seg-tools';

/** A slice from rows of characters: '.' 0, digits themselves. */
const slice = (rows: string[]) => Uint8Array.from(rows.join('').split('').map((c) => (c === '.' ? 0 : Number(c))));
const rows = (lm: ArrayLike<number>, w: number) => {
  const out: string[] = [];
  for (let i = 0; i < lm.length; i += w) out.push(Array.from(lm).slice(i, i + w).map((v) => (v ? String(v) : '.')).join(''));
  return out;
};
/** HU slices from rows: '#' 100 HU, '+' 130 HU, '.' 0 HU (stored as HU + 1024, slope 1, intercept -1024). */
const huSlice = (r: string[]): HuSlice => ({ pixels: Uint16Array.from(r.join('').split('').map((c) => 1024 + (c === '#' ? 100 : c === '+' ? 130 : 0))), slope: 1, intercept: -1024 });

describe('rectangle and circle scissors', () => {
  it('fills between two corners in any order, clipped to the slice, and keeps a locked segment', () => {
    const lm = slice(['.....', '..2..', '.....']);
    expect(paintRectangle(lm, 5, 3, [3, 2], [1, 0], { segmentIndex: 1, locked: new Set([2]) })).toBe(8);
    expect(rows(lm, 5)).toEqual(['.111.', '.121.', '.111.']);
    expect(paintRectangle(lm, 5, 3, [3, 1], [9, 9], { segmentIndex: 1, erase: true })).toBe(2);
    expect(rows(lm, 5)).toEqual(['.111.', '.12..', '.11..']);
    expect(paintRectangle(lm, 5, 3, [7, 7], [9, 9], { segmentIndex: 1 })).toBe(0);
  });

  it('a circle takes the pixels whose centre is within the radius in mm, with the pixel spacing', () => {
    const lm = new Uint8Array(7 * 7);
    paintCircle(lm, 7, 7, [3, 3], 2, [1, 1], { segmentIndex: 1 });
    expect(rows(lm, 7)).toEqual(['.......', '...1...', '..111..', '.11111.', '..111..', '...1...', '.......']);
    const wide = new Uint8Array(7 * 3);
    // Pixels twice as tall as wide: the same 2 mm reach 2 columns but 1 row.
    paintCircle(wide, 7, 3, [3, 1], 2, [1, 2], { segmentIndex: 3 });
    expect(rows(wide, 7)).toEqual(['...3...', '.33333.', '...3...']);
  });
});

describe('sphere scissors and the 3D brush', () => {
  it('paints a ball across slices with the slice spacing, and reports the slices it changed', () => {
    const dims = { width: 5, height: 5, depth: 5 };
    const vol = Array.from({ length: 5 }, () => new Uint8Array(25));
    const changed = paintSphere((z) => vol[z], dims, [2, 2, 2], 2, [1, 1, 2], { segmentIndex: 1 });
    expect([...changed].sort()).toEqual([1, 2, 3]);
    expect(rows(vol[2], 5)).toEqual(['..1..', '.111.', '11111', '.111.', '..1..']);
    expect(rows(vol[1], 5)).toEqual(['.....', '.....', '..1..', '.....', '.....']);
    // Again: nothing changes, nothing is reported.
    expect(paintSphere((z) => vol[z], dims, [2, 2, 2], 2, [1, 1, 2], { segmentIndex: 1 }).size).toBe(0);
    // A slice not loaded is left alone.
    expect([...paintSphere((z) => (z === 3 ? null : vol[z]), dims, [2, 2, 2], 2, [1, 1, 2], { segmentIndex: 1, erase: true })].sort()).toEqual([1, 2]);
    expect(vol[3].some((v) => v)).toBe(true);
  });
});

describe('fill holes', () => {
  it('fills what the segment encloses, not what reaches the border, nor another segment inside', () => {
    const lm = slice(['.......', '.11111.', '.1..21.', '.1.111.', '.111...', '.1.1...']);
    expect(fillHoles(lm, 7, 6, 1)).toBe(3);
    expect(rows(lm, 7)).toEqual(['.......', '.11111.', '.11121.', '.11111.', '.111...', '.1.1...']);
    // With the segment's ring open, nothing is a hole.
    expect(fillHoles(slice(['.....', '.1.1.', '.1.1.', '.111.']), 5, 4, 1)).toBe(0);
  });
});

describe('region grow', () => {
  // Two slices: a block of 100 HU touching a 130 HU block diagonally and the next slice's block by a face.
  const s0 = ['......', '.##...', '.##...', '...++.', '...++.', '......'];
  const s1 = ['......', '......', '.##...', '......', '......', '......'];
  const s2 = ['......', '......', '......', '.#....', '......', '......'];
  const vol = [huSlice(s0), huSlice(s1), huSlice(s2)];
  const base = { width: 6, height: 6, depth: 3, hu: (z: number) => vol[z] };

  it('2D with 4-connectivity keeps to the seed slice and the seed’s HU range', () => {
    const r = regionGrow({ ...base, seed: [2, 2, 0], tolerance: 10, connectivity: 6, mode: '2d' });
    expect([...r.masks.keys()]).toEqual([0]);
    expect(rows(r.masks.get(0)!, 6)).toEqual(['......', '.11...', '.11...', '......', '......', '......']);
    // The seed's value is the median of its 3 × 3 neighbourhood (four at 0 HU, four at 100, one at 130): a click on the block's edge still takes the block.
    expect(r.seedHu).toBe(100);
  });

  it('a wider tolerance reaches the 130 HU block only through the diagonal, with 8-connectivity', () => {
    const seed = { ...base, seed: [2, 2, 0], tolerance: 100, mode: '2d' as const };
    const eight = regionGrow({ ...seed, connectivity: 26, tolerance: 31 });
    // 100 and 130 HU are within 31 HU of the seed's 100 (0 HU is not): both blocks, joined at the corner.
    expect(rows(eight.masks.get(0)!, 6)).toEqual(['......', '.11...', '.11...', '...11.', '...11.', '......']);
    const four = regionGrow({ ...seed, connectivity: 6, tolerance: 31 });
    expect(four.voxels).toBe(4);
  });

  it('3D follows faces with 6-connectivity, and edges too with 26', () => {
    const six = regionGrow({ ...base, seed: [2, 2, 0], tolerance: 31, connectivity: 6, mode: '3d' });
    expect([...six.masks.keys()].sort()).toEqual([0, 1]);
    expect(six.voxels).toBe(4 + 2);
    const all = regionGrow({ ...base, seed: [2, 2, 0], tolerance: 31, connectivity: 26, mode: '3d' });
    // Slice 2's voxel at (1, 3) touches slice 1's (1, 2) by an edge; 130 HU joins at the corner.
    expect([...all.masks.keys()].sort()).toEqual([0, 1, 2]);
    expect(all.voxels).toBe(4 + 4 + 2 + 1);
  });

  it('stops at maxVoxels, at an unloaded slice, and outside the volume', () => {
    expect(regionGrow({ ...base, seed: [0, 0, 0], tolerance: 5, connectivity: 6, mode: '3d', maxVoxels: 10 })).toMatchObject({ voxels: 10, truncated: true });
    expect(regionGrow({ ...base, hu: (z) => (z === 0 ? vol[0] : null), seed: [2, 2, 0], tolerance: 31, connectivity: 26, mode: '3d' }).voxels).toBe(8);
    expect(regionGrow({ ...base, seed: [9, 0, 0], tolerance: 5, connectivity: 6, mode: '3d' }).voxels).toBe(0);
  });

  it('its masks paint the labelmap, keeping locked segments, and report changed slices', () => {
    const r = regionGrow({ ...base, seed: [2, 2, 0], tolerance: 31, connectivity: 6, mode: '3d' });
    const lm = [slice(['......', '.2....', '......', '......', '......', '......']), new Uint8Array(36), new Uint8Array(36)];
    const changed = paintMasks((z) => lm[z], r.masks, { segmentIndex: 1, locked: new Set([2]) });
    expect([...changed].sort()).toEqual([0, 1]);
    expect(rows(lm[0], 6).slice(0, 3)).toEqual(['......', '.21...', '.11...']);
  });
});
