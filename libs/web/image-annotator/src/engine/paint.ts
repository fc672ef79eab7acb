import type { Annotation } from '@tessera/contracts';
import { boxCorners, decodeRle, rleBounds, type ImageGeometry, type Pt } from '../geometry';

/**
 * Canvas 2D drawing of annotations. Everything here draws in image pixels
 * under a transform the caller set (scale s), so line widths are divided by s
 * to stay the same on screen.
 */

export interface View {
  /** screen = image · scale + (x, y), in CSS pixels */
  scale: number;
  x: number;
  y: number;
}

/** Adds a shape's outline to a path (a polygon closes, a polyline does not, points are dots of radius r). */
export function trace(path: Path2D, g: ImageGeometry, r: number) {
  switch (g.type) {
    case 'box':
      polyline(path, boxCorners(g), true);
      return;
    case 'polygon':
      // One winding for every polygon: many share a path filled non-zero, and opposite windings would cut holes where they overlap.
      polyline(path, signedArea(g.points as Pt[]) < 0 ? [...(g.points as Pt[])].reverse() : (g.points as Pt[]), true);
      return;
    case 'polyline':
      polyline(path, g.points as Pt[], false);
      return;
    case 'points':
      for (const [x, y] of g.points) dot(path, x, y, r);
      return;
    case 'keypoints':
      for (const p of g.points) if (p) dot(path, p.x, p.y, r);
      return;
    case 'mask':
      return;
  }
}

function polyline(path: Path2D, pts: readonly Pt[], closed: boolean) {
  if (!pts.length) return;
  // Chromium's closePath takes time in proportion to the whole path, so closing
  // each polygon of a batched path is quadratic (8,000 of them: over a second);
  // a closed shape is built in a path of its own and added whole.
  const p = closed ? new Path2D() : path;
  p.moveTo(pts[0][0], pts[0][1]);
  for (let i = 1; i < pts.length; i++) p.lineTo(pts[i][0], pts[i][1]);
  if (closed) {
    p.closePath();
    path.addPath(p);
  }
}

function signedArea(pts: readonly Pt[]) {
  let a = 0;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) a += (pts[j][0] - pts[i][0]) * (pts[j][1] + pts[i][1]);
  return a;
}

function dot(path: Path2D, x: number, y: number, r: number) {
  path.moveTo(x + r, y);
  path.arc(x, y, r, 0, Math.PI * 2);
}

/** Skeleton edges of a keypoints shape: only between points both placed. */
export function traceSkeleton(path: Path2D, g: Extract<ImageGeometry, { type: 'keypoints' }>, edges: readonly (readonly [number, number])[]) {
  for (const [a, b] of edges) {
    const p = g.points[a];
    const q = g.points[b];
    if (!p || !q) continue;
    path.moveTo(p.x, p.y);
    path.lineTo(q.x, q.y);
  }
}

export const fillable = (g: ImageGeometry) => g.type === 'box' || g.type === 'polygon' || g.type === 'points' || g.type === 'keypoints';

/** A mask as a tinted bitmap of its bounding box, made once per geometry object and reused every frame. */
const maskCache = new WeakMap<object, { canvas: OffscreenCanvas; x: number; y: number; colour: string } | null>();
export function maskBitmap(g: Extract<ImageGeometry, { type: 'mask' }>, colour: string) {
  const hit = maskCache.get(g);
  if (hit !== undefined && (hit === null || hit.colour === colour)) return hit;
  const b = rleBounds(g.rle);
  if (!b) {
    maskCache.set(g, null);
    return null;
  }
  const [h] = g.rle.size;
  const w = b.maxX - b.minX;
  const hh = b.maxY - b.minY;
  // Off screen: the settled layer is drawn in a worker, which has no document.
  const canvas = new OffscreenCanvas(w, hh);
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, hh);
  const [r, gg, bl] = rgb(colour);
  const bits = decodeRle(g.rle);
  for (let x = b.minX; x < b.maxX; x++) {
    for (let y = b.minY; y < b.maxY; y++) {
      if (!bits[x * h + y]) continue;
      const o = ((y - b.minY) * w + (x - b.minX)) * 4;
      img.data[o] = r;
      img.data[o + 1] = gg;
      img.data[o + 2] = bl;
      img.data[o + 3] = 120;
    }
  }
  ctx.putImageData(img, 0, 0);
  const out = { canvas, x: b.minX, y: b.minY, colour };
  maskCache.set(g, out);
  return out;
}

export function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
export const rgba = (hex: string, a: number) => {
  const [r, g, b] = rgb(hex);
  return `rgba(${r},${g},${b},${a})`;
};

/** Either 2D context: the settled bitmap is drawn off screen. */
export type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface Style {
  colour: string;
  /** Model predictions are dashed, so nobody mistakes them for reviewed work. */
  predicted: boolean;
}

/**
 * Draws many annotations in as few canvas calls as possible: one path per
 * (z-index, style), filled and stroked once. Objects keep their z-order
 * across z-indexes; within one z-index same-styled shapes are drawn together.
 */
export function drawBatched(
  ctx: Canvas2D,
  items: readonly Annotation[],
  styleOf: (a: Annotation) => Style,
  scale: number,
  skeletonOf: (labelId: string) => readonly (readonly [number, number])[],
  /** Outline width in screen pixels. */
  lineWidth = 1.5,
) {
  const lw = lineWidth / scale;
  const r = 3 / scale;
  let i = 0;
  while (i < items.length) {
    const z = items[i].zIndex;
    const groups = new Map<string, { style: Style; fill: Path2D; line: Path2D; skeleton: Path2D | null }>();
    for (; i < items.length && items[i].zIndex === z; i++) {
      const a = items[i];
      const g = a.geometry as ImageGeometry;
      const style = styleOf(a);
      if (g.type === 'mask') {
        const m = maskBitmap(g, style.colour);
        if (m) ctx.drawImage(m.canvas, m.x, m.y);
        continue;
      }
      const key = `${style.colour}|${style.predicted}`;
      let grp = groups.get(key);
      if (!grp) groups.set(key, (grp = { style, fill: new Path2D(), line: new Path2D(), skeleton: null }));
      trace(fillable(g) ? grp.fill : grp.line, g, r);
      if (g.type === 'keypoints') traceSkeleton((grp.skeleton ??= new Path2D()), g, skeletonOf(a.labelId));
    }
    for (const { style, fill, line, skeleton } of groups.values()) {
      ctx.lineWidth = lw;
      ctx.strokeStyle = style.colour;
      ctx.setLineDash(style.predicted ? [6 / scale, 4 / scale] : []);
      ctx.fillStyle = rgba(style.colour, style.predicted ? 0.08 : 0.2);
      ctx.fill(fill);
      ctx.stroke(fill);
      ctx.stroke(line);
      if (skeleton) ctx.stroke(skeleton);
    }
  }
  ctx.setLineDash([]);
}
