export type Point = readonly [number, number];

/** Signed area by the shoelace formula: positive when the vertices turn anticlockwise in a y-up frame. */
export function signedArea(points: readonly Point[]): number {
  let s = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) s += points[j][0] * points[i][1] - points[i][0] * points[j][1];
  return s / 2;
}

export const polygonArea = (points: readonly Point[]) => Math.abs(signedArea(points));

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function boundsOf(points: readonly Point[]): Bounds {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x0, y0, x1, y1 };
}

export function isConvex(points: readonly Point[]): boolean {
  let sign = 0;
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % n];
    const [cx, cy] = points[(i + 2) % n];
    const cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (Math.abs(cross) < 1e-12) continue;
    const s = Math.sign(cross);
    if (sign && s !== sign) return false;
    sign = s;
  }
  return true;
}

/**
 * The intersection of a polygon with a convex one (Sutherland–Hodgman): exact,
 * and cheap for the four corners of rotated boxes.
 */
export function clipConvex(subject: readonly Point[], clip: readonly Point[]): Point[] {
  // Orient the clip polygon anticlockwise so "inside" is always to the left of an edge.
  const c = signedArea(clip) < 0 ? [...clip].reverse() : clip;
  let out: Point[] = [...subject];
  for (let i = 0; i < c.length && out.length; i++) {
    const [ax, ay] = c[i];
    const [bx, by] = c[(i + 1) % c.length];
    const side = (p: Point) => (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax);
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j];
      const q = input[(j + 1) % input.length];
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) out.push(p);
      if ((sp >= 0) !== (sq >= 0)) {
        const t = sp / (sp - sq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

/** IoU of two convex polygons, exactly. */
export function convexIou(a: readonly Point[], b: readonly Point[]): number {
  const inter = polygonArea(clipConvex(a, b));
  const union = polygonArea(a) + polygonArea(b) - inter;
  return union > 0 ? inter / union : 0;
}
