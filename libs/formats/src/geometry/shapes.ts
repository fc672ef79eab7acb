import { boxCorners, type Geometry } from '@tessera/contracts';
import { rleExtent } from './rle';

/** The axis-aligned extent [x, y, width, height] of an image geometry, or null for one without (a tag). */
export function extentOf(g: Geometry): [number, number, number, number] | null {
  let pts: [number, number][];
  switch (g.type) {
    case 'box':
      if (!g.rotation) return [g.x, g.y, g.width, g.height];
      pts = boxCorners(g);
      break;
    case 'polygon':
    case 'polyline':
    case 'points':
      pts = g.points;
      break;
    case 'keypoints':
      pts = g.points.filter((p): p is NonNullable<typeof p> => !!p).map((p) => [p.x, p.y]);
      break;
    case 'mask': {
      const e = rleExtent(g.rle);
      return e ? e.bbox : null;
    }
    default:
      return null;
  }
  if (!pts.length) return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of pts) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

/** Shoelace area of a closed outline. */
export function polygonArea(points: [number, number][]): number {
  let a = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

/**
 * A box from its four corners in boxCorners' order (the box's own top-left,
 * top-right, bottom-right, bottom-left before rotation): YOLO OBB, Label
 * Studio, CVAT all go through here.
 */
export function boxFromCorners(c: [number, number][]): { x: number; y: number; width: number; height: number; rotation: number } {
  const [p1, p2, p3] = c;
  const width = Math.hypot(p2[0] - p1[0], p2[1] - p1[1]);
  const height = Math.hypot(p3[0] - p2[0], p3[1] - p2[1]);
  const cx = (c[0][0] + c[1][0] + c[2][0] + c[3][0]) / 4;
  const cy = (c[0][1] + c[1][1] + c[2][1] + c[3][1]) / 4;
  let rotation = (Math.atan2(p2[1] - p1[1], p2[0] - p1[0]) * 180) / Math.PI;
  if (Math.abs(rotation) < 1e-9) rotation = 0;
  return { x: cx - width / 2, y: cy - height / 2, width, height, rotation };
}

/**
 * Label Studio rotates a rectangle about its top-left corner (x, y are that
 * corner, in percent); Tessera and CVAT rotate about the centre. These move
 * between the two.
 */
export function boxFromTopLeftRotation(x: number, y: number, w: number, h: number, deg: number) {
  const t = (deg * Math.PI) / 180;
  const cx = x + (w / 2) * Math.cos(t) - (h / 2) * Math.sin(t);
  const cy = y + (w / 2) * Math.sin(t) + (h / 2) * Math.cos(t);
  return { x: cx - w / 2, y: cy - h / 2, width: w, height: h, rotation: deg };
}

export function topLeftOfRotatedBox(b: { x: number; y: number; width: number; height: number; rotation: number }) {
  const [tl] = boxCorners(b);
  return { x: tl[0], y: tl[1] };
}

/** Numbers as text: the shortest form that reads back to the same double (String(-0) is "0"). */
export const num = String as (n: number) => string;
