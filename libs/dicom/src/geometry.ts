import { T } from './dictionary';
import { nums, str, u16, type Dataset } from './part10';

export interface SeriesGeometry<I> {
  /** Instances in order along the slice normal (or by InstanceNumber when there is no geometry). */
  ordered: I[];
  volume: boolean;
  /** Why the series can only be shown as a stack of images. */
  reason?: string;
  /** Distance between neighbouring slices, mm, when it is uniform. */
  sliceSpacing?: number;
  rows?: number;
  columns?: number;
  pixelSpacing?: [number, number];
}

const cross = (a: number[], b: number[]) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/**
 * Orders one series' instances along the slice normal and decides whether
 * they form a volume: one orientation, one image size and pixel spacing,
 * distinct positions, and near-uniform spacing between slices.
 */
export function seriesGeometry<I>(instances: I[], datasetOf: (i: I) => Dataset, tolerance = { orientation: 1e-3, spacing: 0.05 }): SeriesGeometry<I> {
  const facts = instances.map((i) => {
    const ds = datasetOf(i);
    return {
      i,
      orientation: nums(ds.get(T.ImageOrientationPatient)),
      position: nums(ds.get(T.ImagePositionPatient)),
      rows: u16(ds.get(T.Rows)),
      columns: u16(ds.get(T.Columns)),
      spacing: nums(ds.get(T.PixelSpacing)),
      number: Number(str(ds.get(T.InstanceNumber)) ?? NaN),
    };
  });
  const byNumber = () => [...facts].sort((a, b) => (a.number || 0) - (b.number || 0)).map((f) => f.i);
  const stack = (reason: string): SeriesGeometry<I> => ({ ordered: byNumber(), volume: false, reason });
  if (facts.length === 0) return { ordered: [], volume: false, reason: 'no instances' };
  if (facts.some((f) => f.orientation.length !== 6 || f.position.length !== 3)) return stack('some instances have no position or orientation');
  const first = facts[0];
  if (facts.some((f) => f.orientation.some((v, k) => Math.abs(v - first.orientation[k]) > tolerance.orientation))) return stack('the instances have different orientations');
  if (facts.some((f) => f.rows !== first.rows || f.columns !== first.columns)) return stack('the instances have different image sizes');
  if (facts.some((f) => f.spacing.length !== 2 || f.spacing.some((v, k) => Math.abs(v - first.spacing[k]) > 1e-4))) return stack('the instances have different or no pixel spacing');
  const normal = cross(first.orientation.slice(0, 3), first.orientation.slice(3, 6));
  const sorted = facts.map((f) => ({ f, d: dot(f.position, normal) })).sort((a, b) => a.d - b.d);
  const ordered = sorted.map((s) => s.f.i);
  const base = { ordered, rows: first.rows, columns: first.columns, pixelSpacing: [first.spacing[0], first.spacing[1]] as [number, number] };
  if (facts.length === 1) return { ...base, volume: false, reason: 'a single image' };
  const gaps = sorted.slice(1).map((s, k) => s.d - sorted[k].d);
  if (gaps.some((g) => g < 1e-3)) return { ...base, volume: false, reason: 'two instances share a position' };
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  if (gaps.some((g) => Math.abs(g - mean) > tolerance.spacing * mean)) return { ...base, volume: false, reason: 'the slices are not evenly spaced' };
  return { ...base, volume: true, sliceSpacing: mean };
}
