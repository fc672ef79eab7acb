/**
 * Statistics of the pixels inside a region of interest, in Hounsfield units
 * for CT (stored value × slope + intercept; a loader that already rescaled
 * passes slope 1 and intercept 0). Pure, for the measurement panel and tests.
 */
export interface RoiStats {
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** Pixels inside (their centres): what mean, SD, min and max are over. */
  count: number;
  /**
   * mm² of the shape drawn, not of the pixels counted: π·a·b for an ellipse, width × height for a rectangle,
   * as Cornerstone writes beside the ROI and as a radiologist reads it. Counting pixels fell short or over by a
   * per cent or two on a small ellipse (513 against 521.4 mm²), and the panel then disagreed with the canvas.
   */
  area: number;
}

export interface Slice {
  pixels: ArrayLike<number>;
  width: number;
  height: number;
  /** mm between pixel centres: [row spacing, column spacing]. */
  spacing: readonly [number, number];
  slope?: number;
  intercept?: number;
}

/** Where a region is in image pixels (column x, row y, continuous, pixel centres at .5). */
export type Region =
  | { type: 'rectangle'; x0: number; y0: number; x1: number; y1: number }
  | { type: 'ellipse'; cx: number; cy: number; rx: number; ry: number };

export function inside(r: Region, x: number, y: number): boolean {
  if (r.type === 'rectangle') return x >= Math.min(r.x0, r.x1) && x <= Math.max(r.x0, r.x1) && y >= Math.min(r.y0, r.y1) && y <= Math.max(r.y0, r.y1);
  if (r.rx <= 0 || r.ry <= 0) return false;
  return ((x - r.cx) / r.rx) ** 2 + ((y - r.cy) / r.ry) ** 2 <= 1;
}

function bounds(r: Region) {
  return r.type === 'rectangle'
    ? [Math.min(r.x0, r.x1), Math.min(r.y0, r.y1), Math.max(r.x0, r.x1), Math.max(r.y0, r.y1)]
    : [r.cx - r.rx, r.cy - r.ry, r.cx + r.rx, r.cy + r.ry];
}

/** Welford's running mean and variance over the pixels whose centres fall inside; null when none does. */
export function roiStats(s: Slice, r: Region): RoiStats | null {
  const slope = s.slope ?? 1;
  const intercept = s.intercept ?? 0;
  const [bx0, by0, bx1, by1] = bounds(r);
  const x0 = Math.max(0, Math.floor(bx0));
  const y0 = Math.max(0, Math.floor(by0));
  const x1 = Math.min(s.width - 1, Math.ceil(bx1));
  const y1 = Math.min(s.height - 1, Math.ceil(by1));
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!inside(r, x + 0.5, y + 0.5)) continue;
      const v = s.pixels[y * s.width + x] * slope + intercept;
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!n) return null;
  return { mean, sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, min, max, count: n, area: areaOf(r) * s.spacing[0] * s.spacing[1] };
}

/** The region's own area in pixels (its analytic area; spacing turns it into mm²). */
function areaOf(r: Region): number {
  return r.type === 'rectangle' ? Math.abs(r.x1 - r.x0) * Math.abs(r.y1 - r.y0) : Math.PI * r.rx * r.ry;
}

/** mm between two points in patient space. */
export const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Degrees at the middle point. */
export function angleAt(a: readonly number[], vertex: readonly number[], b: readonly number[]): number {
  const u = [a[0] - vertex[0], a[1] - vertex[1], a[2] - vertex[2]];
  const v = [b[0] - vertex[0], b[1] - vertex[1], b[2] - vertex[2]];
  const dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const n = Math.hypot(...u) * Math.hypot(...v);
  return n ? (Math.acos(Math.max(-1, Math.min(1, dot / n))) * 180) / Math.PI : 0;
}
