import { percentile } from '../stats/percentile';
import { forEachRun, rleArea, rleIntersection, type Rle } from '../mask/rle';
import { KdTree3 } from './kdtree';

/** A DICOM segment as the contracts hold it: slice index (in the series' order) → that slice's mask. */
export type SliceMasks = Readonly<Record<string, Rle>>;

/** Voxel size in mm: across a row (x, column spacing), down a column (y, row spacing), between slices (z). */
export interface Spacing {
  x: number;
  y: number;
  z: number;
}

export function segmentVolume(s: SliceMasks): number {
  let v = 0;
  for (const k in s) v += rleArea(s[k]);
  return v;
}

export function segmentIntersection(a: SliceMasks, b: SliceMasks): number {
  let v = 0;
  for (const k in a) if (b[k]) v += rleIntersection(a[k], b[k]);
  return v;
}

/** Dice of two 3-D segments (voxels in both ÷ mean voxel count); two empty segments agree (1). */
export function dice3d(a: SliceMasks, b: SliceMasks): number {
  const sum = segmentVolume(a) + segmentVolume(b);
  return sum ? (2 * segmentIntersection(a, b)) / sum : 1;
}

export function iou3d(a: SliceMasks, b: SliceMasks): number {
  const inter = segmentIntersection(a, b);
  const union = segmentVolume(a) + segmentVolume(b) - inter;
  return union ? inter / union : 1;
}

/**
 * The surface voxels of a segment, as points in mm: voxels of the segment
 * with a face neighbour outside it (or outside the volume), which is
 * MONAI's and medpy's edge (the mask minus its erosion by the 6-neighbourhood).
 * Three slices are decoded at a time, never the whole volume.
 */
export function surfacePoints(s: SliceMasks, spacing: Spacing): Float64Array {
  const keys = Object.keys(s).map(Number).filter((k) => rleArea(s[String(k)]) > 0).sort((a, b) => a - b);
  const out: number[] = [];
  if (!keys.length) return new Float64Array(0);
  const [h, w] = s[String(keys[0])].size;
  const decoded = new Map<number, Uint8Array>();
  const slice = (k: number): Uint8Array | null => {
    const r = s[String(k)];
    if (!r) return null;
    let d = decoded.get(k);
    if (!d) {
      if (r.size[0] !== h || r.size[1] !== w) throw new RangeError(`slice ${k} is ${r.size}, others ${h},${w}`);
      d = new Uint8Array(h * w);
      forEachRun(r, (a, b) => d!.fill(1, a, b));
      decoded.set(k, d);
    }
    return d;
  };
  for (const k of keys) {
    for (const old of decoded.keys()) if (old < k - 1) decoded.delete(old);
    const cur = slice(k)!;
    const prev = slice(k - 1);
    const next = slice(k + 1);
    forEachRun(s[String(k)], (a, b) => {
      for (let i = a; i < b; i++) {
        const col = Math.floor(i / h);
        const row = i - col * h;
        const edge =
          row === 0 || row === h - 1 || col === 0 || col === w - 1 ||
          !cur[i - 1] || !cur[i + 1] || !cur[i - h] || !cur[i + h] ||
          !prev || !prev[i] || !next || !next[i];
        if (edge) out.push(col * spacing.x, row * spacing.y, k * spacing.z);
      }
    });
  }
  return Float64Array.from(out);
}

/** Distances (mm) from each point of `from` to the nearest of `to`. */
export function surfaceDistances(from: Float64Array, to: KdTree3): Float64Array {
  const d = new Float64Array(from.length / 3);
  for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(to.nearestSquared(from[3 * i], from[3 * i + 1], from[3 * i + 2]));
  return d;
}

export interface SurfaceDistance {
  /** the 95th percentile Hausdorff distance, mm; null when either segment is empty */
  hd95: number | null;
  /** the mean of both directed mean surface distances (ASSD), mm */
  assd: number | null;
}

/**
 * HD95 as MONAI computes it (compute_hausdorff_distance, percentile 95, not
 * directed): the larger of the two directed 95th percentiles of the distances
 * from one surface's voxels to the other surface, in mm.
 */
export function surfaceDistance(a: SliceMasks, b: SliceMasks, spacing: Spacing): SurfaceDistance {
  const pa = surfacePoints(a, spacing);
  const pb = surfacePoints(b, spacing);
  if (!pa.length || !pb.length) return { hd95: null, assd: null };
  const ab = surfaceDistances(pa, new KdTree3(pb));
  const ba = surfaceDistances(pb, new KdTree3(pa));
  const meanOf = (d: Float64Array) => d.reduce((s, v) => s + v, 0) / d.length;
  return { hd95: Math.max(percentile(ab, 95)!, percentile(ba, 95)!), assd: (meanOf(ab) + meanOf(ba)) / 2 };
}
