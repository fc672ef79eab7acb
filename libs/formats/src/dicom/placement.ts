import type { Geometry, Rle } from '@tessera/contracts';
import type { PeerSegmentGeometry, PeerVolumeGeometry, SeriesInfo } from '../model';
import { rleFromBitmap, type Bitmap } from '../geometry/rle';

type Vec = [number, number, number];
const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const len = (a: Vec) => Math.hypot(a[0], a[1], a[2]);
const scale = (a: Vec, k: number): Vec => [a[0] * k, a[1] * k, a[2] * k];

/**
 * The series' voxel axes in patient space (LPS, mm per index step): along a
 * row (column index), down a column (row index), and from slice to slice.
 */
export function seriesAxes(s: SeriesInfo): { origin: Vec; axes: [Vec, Vec, Vec] } {
  const rowDir: Vec = [s.orientation[0], s.orientation[1], s.orientation[2]];
  const colDir: Vec = [s.orientation[3], s.orientation[4], s.orientation[5]];
  const [rowSpacing, colSpacing] = s.pixelSpacing;
  const first = s.instances[0]?.position ?? [0, 0, 0];
  const last = s.instances[s.instances.length - 1]?.position ?? first;
  const n = s.instances.length;
  const normal: Vec = [rowDir[1] * colDir[2] - rowDir[2] * colDir[1], rowDir[2] * colDir[0] - rowDir[0] * colDir[2], rowDir[0] * colDir[1] - rowDir[1] * colDir[0]];
  const step: Vec = n > 1 ? scale(sub(last, first), 1 / (n - 1)) : scale(normal, s.sliceThickness ?? 1);
  return { origin: first, axes: [scale(rowDir, colSpacing), scale(colDir, rowSpacing), step] };
}

/** The slice a frame lies on: by its SOP Instance UID, else by its position along the slice normal. */
function sliceOf(series: SeriesInfo, f: PeerSegmentGeometry['frames'][number], step: Vec): number {
  if (f.sopInstanceUid) {
    const i = series.instances.findIndex((x) => x.sopInstanceUid === f.sopInstanceUid);
    if (i >= 0) return i;
  }
  if (f.position && series.instances.every((x) => x.position)) {
    const unit = scale(step, 1 / (len(step) || 1));
    const d = dot(f.position as Vec, unit);
    let best = -1;
    let gap = Infinity;
    series.instances.forEach((x, i) => {
      const g = Math.abs(dot(x.position as Vec, unit) - d);
      if (g < gap) {
        gap = g;
        best = i;
      }
    });
    if (best >= 0 && gap <= Math.max(0.01, len(step) / 2)) return best;
  }
  return -1;
}

/** A peer SEG segment on the target series' slices, or why it does not fit. */
export function placeSegment(g: PeerSegmentGeometry, series: SeriesInfo): Geometry | string {
  const { axes } = seriesAxes(series);
  const masks = new Map<number, Uint8Array>();
  for (const f of g.frames) {
    if (f.rows !== series.rows || f.columns !== series.columns) return `a frame of ${f.rows}×${f.columns} does not fit the series' ${series.rows}×${series.columns} slices`;
    const k = sliceOf(series, f, axes[2]);
    if (k < 0) return `a frame references ${f.sopInstanceUid ? `instance ${f.sopInstanceUid}` : 'a position'}, which is not in this series`;
    const m = masks.get(k) ?? new Uint8Array(series.rows * series.columns);
    for (let i = 0; i < m.length; i++) if (f.mask[i]) m[i] = 1;
    masks.set(k, m);
  }
  return { type: 'segment', slices: slicesOf(masks, series) };
}

function slicesOf(masks: Map<number, Uint8Array>, series: SeriesInfo): Record<string, Rle> {
  const slices: Record<string, Rle> = {};
  for (const k of [...masks.keys()].sort((a, b) => a - b)) {
    const data = masks.get(k)!;
    if (!data.some((v) => v)) continue;
    const b: Bitmap = { width: series.columns, height: series.rows, data };
    slices[String(k)] = rleFromBitmap(b);
  }
  return slices;
}

/**
 * A NIfTI labelmap on the target series: each NIfTI axis must run along one of
 * the series' axes (either way) with the same spacing, and the volume must
 * cover the series exactly; then voxels map to (column, row, slice).
 */
export function placeVolume(g: PeerVolumeGeometry, series: SeriesInfo): Geometry | string {
  const { origin, axes } = seriesAxes(series);
  const A = g.affine;
  // RAS → LPS: the first two world axes change sign.
  const col = (n: number): Vec => [-A[n], -A[4 + n], A[8 + n]];
  const o: Vec = [-A[3], -A[7], A[11]];
  const sizes = [series.columns, series.rows, series.instances.length];
  const map: { axis: number; sign: number }[] = [];
  for (let n = 0; n < 3; n++) {
    const d = col(n);
    const m = axes.findIndex((ax) => Math.abs(Math.abs(dot(d, ax)) - len(d) * len(ax)) < 1e-3 * len(d) * len(ax) && Math.abs(len(d) - len(ax)) < 1e-3 * len(ax) + 1e-4);
    if (m < 0 || map.some((x) => x.axis === m)) return `the volume's axis ${n + 1} does not run along the series' rows, columns or slices with their spacing`;
    map.push({ axis: m, sign: Math.sign(dot(d, axes[m])) });
  }
  // Where voxel (0,0,0) sits in the series' index space.
  const rel = sub(o, origin);
  const offset = axes.map((ax) => dot(rel, ax) / dot(ax, ax));
  for (let m = 0; m < 3; m++) if (Math.abs(offset[m] - Math.round(offset[m])) > 0.05) return "the volume's voxels sit between the series' voxels";
  const dims = g.dims;
  for (let n = 0; n < 3; n++) {
    const { axis, sign } = map[n];
    const a = Math.round(offset[axis]);
    const b = a + sign * (dims[n] - 1);
    if (dims[n] !== sizes[axis] || Math.min(a, b) !== 0 || Math.max(a, b) !== sizes[axis] - 1) {
      return `the volume (${dims.join('×')}) does not cover the series (${series.columns}×${series.rows}×${series.instances.length}) voxel for voxel`;
    }
  }
  const masks = new Map<number, Uint8Array>();
  const idx = [0, 0, 0];
  const out = [0, 0, 0];
  for (let k = 0, v = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++, v++) {
        if (!g.mask[v]) continue;
        idx[0] = i;
        idx[1] = j;
        idx[2] = k;
        for (let n = 0; n < 3; n++) out[map[n].axis] = Math.round(offset[map[n].axis]) + map[n].sign * idx[n];
        let m = masks.get(out[2]);
        if (!m) masks.set(out[2], (m = new Uint8Array(series.rows * series.columns)));
        m[out[1] * series.columns + out[0]] = 1;
      }
    }
  }
  return { type: 'segment', slices: slicesOf(masks, series) };
}
