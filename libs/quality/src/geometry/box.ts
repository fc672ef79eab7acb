import { boxCorners as corners } from '@tessera/contracts';
import { convexIou, type Point } from './polygon';

/** A box as the annotation contracts hold it: top-left corner, size, degrees clockwise about its centre. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
}

const isAxisAligned = (b: Box) => !b.rotation || b.rotation % 180 === 0;

/** The four corners, rotated about the centre (the contracts' own, which the rule checks use too). */
export function boxCorners(b: Box): Point[] {
  return corners(b);
}

/** Intersection area of two axis-aligned boxes. */
export function boxIntersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * IoU of two boxes. Axis-aligned ones as pycocotools' `bbox` IoU does it (no
 * +1 on sizes: coordinates are continuous); rotated ones exactly, by clipping
 * one rectangle against the other.
 */
export function boxIou(a: Box, b: Box): number {
  if (isAxisAligned(a) && isAxisAligned(b)) {
    // A half turn leaves the box where it was; a quarter turn is not axis-aligned in this sense.
    const inter = boxIntersection(a, b);
    const union = a.width * a.height + b.width * b.height - inter;
    return union > 0 ? inter / union : 0;
  }
  return convexIou(boxCorners(a), boxCorners(b));
}

/** The axis-aligned bounds of a (possibly rotated) box as [x, y, w, h]. */
export function boxBounds(b: Box): [number, number, number, number] {
  if (isAxisAligned(b)) return [b.x, b.y, b.width, b.height];
  const c = boxCorners(b);
  const xs = c.map((p) => p[0]);
  const ys = c.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0];
}
