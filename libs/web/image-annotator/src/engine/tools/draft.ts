import type { Pt } from '../../geometry';
import { draftGeometry, type Draft } from '../commands';
import { HANDLE } from '../handles';
import { traceSkeleton } from '../paint';
import { toScreen } from '../viewport';
import { inImage, type ToolHost } from './tool';

/**
 * The shape drawn click by click, which the polygon, polyline, points and
 * keypoints tools share with the keys: Enter finishes it, Backspace takes its
 * last point back, S skips a keypoint, Escape drops it.
 */

/** Enter: the draft becomes a shape, if it has points enough for one. */
export function finishDraft(host: ToolHost) {
  const d = host.draft;
  const labelId = host.labelId;
  if (!d || !labelId) return;
  const geometry = draftGeometry(d);
  if (geometry) host.createShape(labelId, geometry);
  host.draft = null;
  host.redraw();
  host.changed();
}

/** Backspace while drawing: the last point goes; false when there was none. */
export function undoPoint(host: ToolHost): boolean {
  const d = host.draft;
  if (!d) return false;
  if (d.tool === 'keypoints') {
    const last = d.points.map((p) => !!p).lastIndexOf(true);
    if (last < 0) return false;
    d.points[last] = null;
    d.skipped.clear();
  } else if (!d.points.pop()) return false;
  if (!d.points.some((p) => p)) host.draft = null;
  host.redraw();
  host.changed();
  return true;
}

/** Index of the skeleton point to place next, or -1. */
export function nextKeypoint(d: Draft | null): number {
  if (d?.tool !== 'keypoints') return -1;
  return d.points.findIndex((p, i) => p === null && !d.skipped.has(i));
}

/** Keypoints: the next skeleton point is not visible in the image; skip it. */
export function skipKeypoint(host: ToolHost) {
  const d = host.draft;
  if (d?.tool !== 'keypoints') return;
  const at = nextKeypoint(d);
  if (at < 0) return;
  d.skipped.add(at);
  if (nextKeypoint(d) < 0) host.finishDraft();
  else host.changed();
}

/** A click of a polygon, polyline or points tool: one more vertex, or (on a polygon's first vertex) the end. */
export function addDraftPoint(host: ToolHost, tool: 'polygon' | 'polyline' | 'points', q: Pt, sx: number, sy: number) {
  if (!host.draft) host.draft = { tool, points: [] };
  const pts = host.draft.points as Pt[];
  // Clicking the first vertex again closes the polygon.
  if (tool === 'polygon' && pts.length >= 3) {
    const [fx, fy] = toScreen(host.view, ...pts[0]);
    if (Math.hypot(fx - sx, fy - sy) <= HANDLE + 2) return host.finishDraft();
  }
  pts.push(q);
  host.redraw();
  host.changed();
}

/** A double click ends a draft; its two clicks each added the same point, so one goes. */
export function finishByDoubleClick(host: ToolHost): boolean {
  const d = host.draft;
  if (!d || d.tool === 'keypoints') return false;
  const pts = d.points;
  if (pts.length > 1 && Math.hypot(pts[pts.length - 1][0] - pts[pts.length - 2][0], pts[pts.length - 1][1] - pts[pts.length - 2][1]) * host.view.scale < 4) pts.pop();
  host.finishDraft();
  return true;
}

/** The dashed pen the drawing tools draw with: the label's colour, thin at every zoom. */
export function pen(ctx: CanvasRenderingContext2D, host: ToolHost) {
  const s = host.view.scale;
  const colour = host.labelId ? host.colour(host.labelId) : '#1677ff';
  ctx.lineWidth = 2 / s;
  ctx.strokeStyle = colour;
  ctx.setLineDash([6 / s, 3 / s]);
  return colour;
}

/** The draft: its path so far (to the pointer) or its skeleton, and a dot per point. */
export function drawDraft(ctx: CanvasRenderingContext2D, host: ToolHost) {
  const d = host.draft;
  if (!d) return;
  inImage(ctx, host.view, () => {
    const s = host.view.scale;
    const colour = pen(ctx, host);
    const pts: Pt[] = (d.points as (Pt | null)[]).filter((p): p is Pt => !!p);
    const cursor = host.pointer;
    if (d.tool !== 'keypoints' && d.tool !== 'points' && pts.length) {
      ctx.beginPath();
      ctx.moveTo(pts[0][0], pts[0][1]);
      for (const p of pts) ctx.lineTo(p[0], p[1]);
      if (cursor) ctx.lineTo(cursor[0], cursor[1]);
      ctx.stroke();
    }
    if (d.tool === 'keypoints') {
      const path = new Path2D();
      traceSkeleton(path, { type: 'keypoints', points: d.points.map((p) => (p ? { x: p[0], y: p[1], visible: true } : null)) }, host.labelId ? (host.label(host.labelId)?.skeleton?.edges ?? []) : []);
      ctx.stroke(path);
    }
    ctx.setLineDash([]);
    ctx.fillStyle = colour;
    for (const [x, y] of pts) {
      ctx.beginPath();
      ctx.arc(x, y, 4 / s, 0, Math.PI * 2);
      ctx.fill();
    }
  });
}
