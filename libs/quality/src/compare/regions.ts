import type { Geometry } from '@tessera/contracts';
import { boxCorners, boxIou, type Box } from '../geometry/box';
import { boundsOf, convexIou, isConvex, polygonArea, type Bounds, type Point } from '../geometry/polygon';
import { rleBbox, rleFromPolygon, rleIou, type Rle } from '../mask/rle';

/**
 * An image region (box, polygon or mask) made ready for many IoU lookups:
 * its bounds for a quick "no overlap", and whatever exact form it has.
 */
export interface Region {
  bounds: Bounds;
  area: number;
  box?: Box;
  /** a convex outline (a rotated box, a convex polygon): IoU by exact clipping */
  convex?: Point[];
  /** any outline */
  polygon?: Point[];
  mask?: Rle;
}

export type RegionGeometry = Extract<Geometry, { type: 'box' | 'polygon' | 'mask' }>;
export const isRegion = (g: Geometry): g is RegionGeometry => g.type === 'box' || g.type === 'polygon' || g.type === 'mask';

const made = new WeakMap<object, Region>();

/** The region of a geometry, made once per geometry object (clustering asks for the same ones many times). */
export function toRegion(g: RegionGeometry): Region {
  let r = made.get(g);
  if (!r) {
    r = makeRegion(g);
    made.set(g, r);
  }
  return r;
}

function makeRegion(g: RegionGeometry): Region {
  if (g.type === 'box') {
    if (!g.rotation || g.rotation % 180 === 0) {
      // The common case, without trigonometry: many thousands of these are made per asset compared.
      const { x, y, width: w, height: h } = g;
      const corners: Point[] = [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
      return { bounds: { x0: x, y0: y, x1: x + w, y1: y + h }, area: w * h, box: g, convex: corners, polygon: corners };
    }
    const corners = boxCorners(g);
    return { bounds: boundsOf(corners), area: g.width * g.height, convex: corners, polygon: corners };
  }
  if (g.type === 'polygon') {
    const points = g.points as Point[];
    return { bounds: boundsOf(points), area: polygonArea(points), convex: isConvex(points) ? points : undefined, polygon: points };
  }
  const [x, y, w, h] = rleBbox(g.rle);
  let area = 0;
  for (let i = 1; i < g.rle.counts.length; i += 2) area += g.rle.counts[i];
  return { bounds: { x0: x, y0: y, x1: x + w, y1: y + h }, area, mask: g.rle };
}

/** Bounds that do not overlap (touching is not overlapping): their regions' IoU is 0. */
export const disjoint = (a: Bounds, b: Bounds) => a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;

/**
 * IoU of two regions. Boxes exactly; convex outlines by clipping; anything
 * else (a concave polygon, a mask) on pixels, as pycocotools does for
 * segmentations: both rasterised (pixel centres inside) into the mask's
 * frame, or into a window around the pair.
 */
export function regionIou(a: Region, b: Region): number {
  if (disjoint(a.bounds, b.bounds)) return 0;
  if (a.box && b.box) return boxIou(a.box, b.box);
  if (a.convex && b.convex) return convexIou(a.convex, b.convex);
  const frame = a.mask ?? b.mask;
  if (frame) return rleIou(rasterise(a, frame.size, [0, 0]), rasterise(b, frame.size, [0, 0]));
  const x0 = Math.floor(Math.min(a.bounds.x0, b.bounds.x0));
  const y0 = Math.floor(Math.min(a.bounds.y0, b.bounds.y0));
  const size: [number, number] = [
    Math.ceil(Math.max(a.bounds.y1, b.bounds.y1)) - y0 + 1,
    Math.ceil(Math.max(a.bounds.x1, b.bounds.x1)) - x0 + 1,
  ];
  return rleIou(rasterise(a, size, [x0, y0]), rasterise(b, size, [x0, y0]));
}

/** A region as a mask of `size`, shifted by `offset`. */
export function rasterise(r: Region, size: readonly [number, number], offset: readonly [number, number]): Rle {
  if (r.mask) {
    if (r.mask.size[0] !== size[0] || r.mask.size[1] !== size[1] || offset[0] || offset[1]) throw new RangeError('a mask can only be compared in its own frame');
    return r.mask;
  }
  return rleFromPolygon(r.polygon!, size, offset);
}
