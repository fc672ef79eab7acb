import { signedArea, type Point } from '../geometry/polygon';
import { forEachRun, type Rle } from '../mask/rle';

/**
 * The outline of a mask's largest piece as a polygon along pixel edges,
 * simplified (Douglas–Peucker, `tolerance` px), so a pixel-majority vote over
 * polygons can be a polygon again. Pixels touching only at a corner belong to
 * different pieces. `offset` is added to every vertex. Null for an empty mask.
 */
export function traceOutline(mask: Rle, offset: readonly [number, number] = [0, 0], tolerance = 0.75): Point[] | null {
  const [h, w] = mask.size;
  const set = new Uint8Array(h * w);
  forEachRun(mask, (s, e) => set.fill(1, s, e));
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && set[x * h + y] === 1;
  // Directed edges along pixel sides, clockwise around each set pixel (image frame, y down),
  // keyed by their start corner; a corner has two only where two pixels touch diagonally.
  const corner = (x: number, y: number) => y * (w + 1) + x;
  const out = new Map<number, number[]>();
  const addEdge = (x0: number, y0: number, x1: number, y1: number) => {
    const k = corner(x0, y0);
    const list = out.get(k);
    if (list) list.push(corner(x1, y1));
    else out.set(k, [corner(x1, y1)]);
  };
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      if (!at(x, y)) continue;
      if (!at(x, y - 1)) addEdge(x, y, x + 1, y);
      if (!at(x + 1, y)) addEdge(x + 1, y, x + 1, y + 1);
      if (!at(x, y + 1)) addEdge(x + 1, y + 1, x, y + 1);
      if (!at(x - 1, y)) addEdge(x, y + 1, x, y);
    }
  }
  const xy = (c: number): Point => [c % (w + 1), Math.floor(c / (w + 1))];
  let best: Point[] | null = null;
  let bestArea = 0;
  while (out.size) {
    const [start] = out.keys();
    const loop: Point[] = [];
    let cur = start;
    let prev: Point | null = null;
    for (;;) {
      const nexts = out.get(cur);
      if (!nexts?.length) break;
      const p = xy(cur);
      // At a diagonal touch, turn right (keeps the pixel on the right, its 4-connected piece together).
      let pick = 0;
      if (nexts.length > 1 && prev) {
        const dir = [p[0] - prev[0], p[1] - prev[1]];
        const right = [-dir[1], dir[0]];
        pick = Math.max(0, nexts.findIndex((n) => {
          const q = xy(n);
          return q[0] - p[0] === right[0] && q[1] - p[1] === right[1];
        }));
      }
      const next = nexts.splice(pick, 1)[0];
      if (!nexts.length) out.delete(cur);
      loop.push(p);
      prev = p;
      cur = next;
      // Back at the start: the loop is closed (a second edge there, at a diagonal touch, starts another).
      if (cur === start) break;
    }
    // Outer boundaries run clockwise on screen, which the shoelace formula counts positive; holes negative.
    const area = signedArea(loop);
    if (area > bestArea) {
      bestArea = area;
      best = loop;
    }
  }
  if (!best) return null;
  const simplified = simplify(best, tolerance);
  return simplified.map(([x, y]) => [x + offset[0], y + offset[1]] as Point);
}

/** Douglas–Peucker on a closed ring: split at the two vertices farthest apart, simplify each half. */
function simplify(ring: Point[], tolerance: number): Point[] {
  if (ring.length <= 4) return ring;
  let far = 0;
  let farD = -1;
  for (let i = 1; i < ring.length; i++) {
    const d = (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  const a = dp(ring.slice(0, far + 1), tolerance);
  const b = dp([...ring.slice(far), ring[0]], tolerance);
  const merged = [...a.slice(0, -1), ...b.slice(0, -1)];
  return merged.length >= 3 ? merged : ring;
}

function dp(line: Point[], tolerance: number): Point[] {
  if (line.length <= 2) return line;
  const [ax, ay] = line[0];
  const [bx, by] = line[line.length - 1];
  const len = Math.hypot(bx - ax, by - ay);
  let idx = 0;
  let maxD = -1;
  for (let i = 1; i < line.length - 1; i++) {
    const [px, py] = line[i];
    const d = len ? Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len : Math.hypot(px - ax, py - ay);
    if (d > maxD) {
      maxD = d;
      idx = i;
    }
  }
  if (maxD <= tolerance) return [line[0], line[line.length - 1]];
  const left = dp(line.slice(0, idx + 1), tolerance);
  const right = dp(line.slice(idx), tolerance);
  return [...left.slice(0, -1), ...right];
}
