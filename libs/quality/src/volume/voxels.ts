import { forEachRun, rleEncode, type Rle } from '../mask/rle';
import type { SliceMasks } from './segment';

/** A segment from a voxel test (x, y, slice), on slices of h × w; slices with no voxel are left out, as the editor stores them. */
export function segmentFromVoxels(h: number, w: number, slices: number, inside: (x: number, y: number, z: number) => boolean): Record<string, Rle> {
  const out: Record<string, Rle> = {};
  for (let z = 0; z < slices; z++) {
    const bits = new Uint8Array(h * w);
    let any = false;
    for (let x = 0; x < w; x++) {
      for (let y = 0; y < h; y++) {
        if (inside(x, y, z)) {
          bits[x * h + y] = 1;
          any = true;
        }
      }
    }
    if (any) out[String(z)] = rleEncode(bits, h, w);
  }
  return out;
}

/**
 * Binary erosion by `n` voxels with the 6-neighbourhood (n times): a voxel stays
 * only where it and its face neighbours were all set. For making a segment that
 * is wrong by a known amount (the injected-error test).
 */
export function erodeSegment(s: SliceMasks, h: number, w: number, slices: number, n: number): Record<string, Rle> {
  let grid = new Uint8Array(h * w * slices);
  for (const [k, r] of Object.entries(s)) forEachRun(r, (a, b) => grid.fill(1, Number(k) * h * w + a, Number(k) * h * w + b));
  const at = (g: Uint8Array, x: number, y: number, z: number) => x >= 0 && y >= 0 && z >= 0 && x < w && y < h && z < slices && g[z * h * w + x * h + y] === 1;
  for (let step = 0; step < n; step++) {
    const next = new Uint8Array(grid.length);
    for (let z = 0; z < slices; z++) for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) {
      next[z * h * w + x * h + y] = at(grid, x, y, z) && at(grid, x - 1, y, z) && at(grid, x + 1, y, z) && at(grid, x, y - 1, z) && at(grid, x, y + 1, z) && at(grid, x, y, z - 1) && at(grid, x, y, z + 1) ? 1 : 0;
    }
    grid = next;
  }
  const g = grid;
  return segmentFromVoxels(h, w, slices, (x, y, z) => at(g, x, y, z));
}
