import type { Geometry, Rle } from '@tessera/contracts';

/**
 * Plain geometry of image annotations, in image pixels: bounds for the
 * spatial index, exact hit tests, moves and the mask's run-length code.
 * No canvas, no DOM: the unit tests run it in Node.
 */

export type Pt = [number, number];
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}
type BoxGeometry = Extract<Geometry, { type: 'box' }>;
export type ImageGeometry = Extract<Geometry, { type: 'box' | 'polygon' | 'polyline' | 'points' | 'keypoints' | 'mask' }>;

export const IMAGE_TOOLS = ['box', 'polygon', 'polyline', 'points', 'keypoints', 'mask'] as const;
export const isImageGeometry = (g: Geometry): g is ImageGeometry => (IMAGE_TOOLS as readonly string[]).includes(g.type);

/** A box's corners, clockwise from the top left, rotated about its centre. */
export function boxCorners(b: Pick<BoxGeometry, 'x' | 'y' | 'width' | 'height' | 'rotation'>): Pt[] {
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  const r = ((b.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  return [
    [-b.width / 2, -b.height / 2],
    [b.width / 2, -b.height / 2],
    [b.width / 2, b.height / 2],
    [-b.width / 2, b.height / 2],
  ].map(([x, y]) => [cx + x * cos - y * sin, cy + x * sin + y * cos]);
}

export function boundsOfPoints(pts: readonly Pt[]): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of pts) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** Where a mask's pixels are, from its runs (column-major, starting with zeros). */
export function rleBounds(rle: Rle): Bounds | null {
  const h = rle.size[0];
  let at = 0;
  let b: Bounds | null = null;
  rle.counts.forEach((n, i) => {
    if (i % 2 === 1 && n > 0) {
      const first = at;
      const last = at + n - 1;
      const x0 = Math.floor(first / h);
      const x1 = Math.floor(last / h);
      const y0 = x1 > x0 ? 0 : first % h;
      const y1 = x1 > x0 ? h - 1 : last % h;
      b = b ? { minX: Math.min(b.minX, x0), minY: Math.min(b.minY, y0), maxX: Math.max(b.maxX, x1 + 1), maxY: Math.max(b.maxY, y1 + 1) } : { minX: x0, minY: y0, maxX: x1 + 1, maxY: y1 + 1 };
    }
    at += n;
  });
  return b;
}

export function boundsOf(g: ImageGeometry): Bounds | null {
  switch (g.type) {
    case 'box':
      return boundsOfPoints(boxCorners(g));
    case 'polygon':
    case 'polyline':
    case 'points':
      return boundsOfPoints(g.points as Pt[]);
    case 'keypoints': {
      const placed = g.points.filter((p) => p !== null).map((p) => [p.x, p.y] as Pt);
      return placed.length ? boundsOfPoints(placed) : null;
    }
    case 'mask':
      return rleBounds(g.rle);
  }
}

export function pointInPolygon(x: number, y: number, pts: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function distanceToSegment(x: number, y: number, a: readonly number[], b: readonly number[]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len)) : 0;
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

/** Is the mask set at pixel (x, y)? Walks the runs: fine for a click, not for a frame. */
export function maskAt(rle: Rle, x: number, y: number): boolean {
  const [h, w] = rle.size;
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  if (xi < 0 || yi < 0 || xi >= w || yi >= h) return false;
  const target = xi * h + yi;
  let at = 0;
  for (let i = 0; i < rle.counts.length; i++) {
    at += rle.counts[i];
    if (target < at) return i % 2 === 1;
  }
  return false;
}

/** Does a click at (x, y) land on the shape? `tol` is in image pixels (the caller scales it from the screen). */
export function hits(g: ImageGeometry, x: number, y: number, tol: number): boolean {
  switch (g.type) {
    case 'box':
      return pointInPolygon(x, y, boxCorners(g)) || nearOutline(x, y, boxCorners(g), true, tol);
    case 'polygon':
      return pointInPolygon(x, y, g.points) || nearOutline(x, y, g.points, true, tol);
    case 'polyline':
      return nearOutline(x, y, g.points, false, tol);
    case 'points':
      return g.points.some(([px, py]) => Math.hypot(px - x, py - y) <= tol * 1.5);
    case 'keypoints':
      return g.points.some((p) => p !== null && Math.hypot(p.x - x, p.y - y) <= tol * 1.5);
    case 'mask':
      return maskAt(g.rle, x, y);
  }
}

function nearOutline(x: number, y: number, pts: readonly (readonly number[])[], closed: boolean, tol: number): boolean {
  const n = pts.length;
  for (let i = 0; i < (closed ? n : n - 1); i++) if (distanceToSegment(x, y, pts[i], pts[(i + 1) % n]) <= tol) return true;
  return false;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * How far a set of bounds may move and stay inside the image: the move is
 * clamped as a whole, so a shape slides along the edge instead of deforming.
 */
export function clampMove(b: Bounds, dx: number, dy: number, w: number, h: number): Pt {
  return [clamp(dx, -b.minX, w - b.maxX), clamp(dy, -b.minY, h - b.maxY)];
}

/** The same shape moved by (dx, dy); masks shift their runs by whole pixels. */
export function translate(g: ImageGeometry, dx: number, dy: number): ImageGeometry {
  switch (g.type) {
    case 'box':
      return { ...g, x: r1(g.x + dx), y: r1(g.y + dy) };
    case 'polygon':
    case 'polyline':
    case 'points':
      return { ...g, points: g.points.map(([x, y]) => [r1(x + dx), r1(y + dy)] as Pt) };
    case 'keypoints':
      return { ...g, points: g.points.map((p) => (p ? { ...p, x: r1(p.x + dx), y: r1(p.y + dy) } : null)) };
    case 'mask': {
      const bits = decodeRle(g.rle);
      const [h, w] = g.rle.size;
      const out = new Uint8Array(w * h);
      const ix = Math.round(dx);
      const iy = Math.round(dy);
      for (let x = 0; x < w; x++) {
        const nx = x + ix;
        if (nx < 0 || nx >= w) continue;
        for (let y = 0; y < h; y++) {
          const ny = y + iy;
          if (ny >= 0 && ny < h && bits[x * h + y]) out[nx * h + ny] = 1;
        }
      }
      return { ...g, rle: encodeRle(out, h, w) };
    }
  }
}

/** Column-major bits (index x·h + y) → COCO's uncompressed RLE. */
export function encodeRle(bits: Uint8Array, h: number, w: number): Rle {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let i = 0; i < bits.length; i++) {
    const v = bits[i] ? 1 : 0;
    if (v === current) run++;
    else {
      counts.push(run);
      current = v;
      run = 1;
    }
  }
  counts.push(run);
  return { size: [h, w], counts };
}

export function decodeRle(rle: Rle): Uint8Array {
  const [h, w] = rle.size;
  const bits = new Uint8Array(h * w);
  let at = 0;
  rle.counts.forEach((n, i) => {
    if (i % 2 === 1) bits.fill(1, at, Math.min(bits.length, at + n));
    at += n;
  });
  return bits;
}

/** Points the freehand tool keeps: one every `step` pixels of travel. */
export function thin(points: readonly Pt[], step: number): Pt[] {
  const out: Pt[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= step) out.push(p);
  }
  return out;
}

export const roundPoint = ([x, y]: Pt, w: number, h: number): Pt => [r1(clamp(x, 0, w)), r1(clamp(y, 0, h))];
