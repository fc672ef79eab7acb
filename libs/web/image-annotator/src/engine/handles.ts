import { boxCorners, type ImageGeometry, type Pt } from '../geometry';
import { rgba, type View } from './paint';
import { toScreen } from './viewport';

/**
 * The handles of the one selected object: where they are, for the select
 * tool to hit, and how they look, for the renderer. Screen pixels, so that
 * they keep their size at every zoom.
 */

/** A handle's size in screen pixels; a press this close (plus 2) takes it. */
export const HANDLE = 6;
const ROTATE_OFFSET = 28;

export interface Handles {
  vertices: Pt[];
  mids: Pt[];
  rotate: Pt | null;
}

/** A box's corners, edge middles and rotation knob; a shape's vertices and edge middles. */
export function handlesOf(g: ImageGeometry, v: View): Handles {
  const sc = (p: Pt) => toScreen(v, p[0], p[1]);
  if (g.type === 'box') {
    const c = boxCorners(g).map(sc);
    const mids = c.map((p, i) => [(p[0] + c[(i + 1) % 4][0]) / 2, (p[1] + c[(i + 1) % 4][1]) / 2] as Pt);
    const r = ((g.rotation ?? 0) * Math.PI) / 180;
    const rotate: Pt = [mids[0][0] + Math.sin(r) * ROTATE_OFFSET, mids[0][1] - Math.cos(r) * ROTATE_OFFSET];
    return { vertices: [...c, ...mids], mids: [], rotate };
  }
  if (g.type === 'keypoints') return { vertices: g.points.map((p) => (p ? sc([p.x, p.y]) : ([NaN, NaN] as Pt))), mids: [], rotate: null };
  if (g.type === 'mask') return { vertices: [], mids: [], rotate: null };
  const pts = (g.points as Pt[]).map(sc);
  const closed = g.type === 'polygon';
  const mids = g.type === 'points' ? [] : pts.slice(0, closed ? pts.length : pts.length - 1).map((p, i) => [(p[0] + pts[(i + 1) % pts.length][0]) / 2, (p[1] + pts[(i + 1) % pts.length][1]) / 2] as Pt);
  return { vertices: pts, mids, rotate: null };
}

/** Whether a press at (sx, sy) takes the handle at `q`. */
export const nearHandle = (q: Pt, sx: number, sy: number) => Math.hypot(q[0] - sx, q[1] - sy) <= HANDLE + 2;

export function drawHandles(ctx: CanvasRenderingContext2D, { vertices, mids, rotate }: Handles, colour: string) {
  ctx.save();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = colour;
  if (rotate) {
    const top = vertices[4];
    ctx.beginPath();
    ctx.moveTo(top[0], top[1]);
    ctx.lineTo(rotate[0], rotate[1]);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(rotate[0], rotate[1], HANDLE, 0, Math.PI * 2);
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.stroke();
  }
  ctx.fillStyle = '#fff';
  for (const [x, y] of vertices) {
    if (Number.isNaN(x)) continue;
    ctx.fillRect(x - HANDLE / 2 - 1, y - HANDLE / 2 - 1, HANDLE + 2, HANDLE + 2);
    ctx.strokeRect(x - HANDLE / 2 - 1, y - HANDLE / 2 - 1, HANDLE + 2, HANDLE + 2);
  }
  ctx.fillStyle = rgba(colour, 0.6);
  for (const [x, y] of mids) {
    ctx.beginPath();
    ctx.arc(x, y, HANDLE / 2, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
}
