import type { Annotation } from '@tessera/contracts';
import { clampMove, roundPoint, translate, type Bounds, type ImageGeometry, type Pt } from '../../geometry';
import { boundsAround, moveOps, removeVertexOps, selectedOf } from '../commands';
import { handlesOf, nearHandle } from '../handles';
import { toScreen } from '../viewport';
import type { PointerInput, Tool, ToolHost } from './tool';

type Gesture =
  | { kind: 'move'; start: Pt; ids: string[]; bounds: Bounds; moved: boolean }
  | { kind: 'vertex'; id: string; index: number; moved: boolean }
  | { kind: 'box'; id: string; handle: number }
  | { kind: 'rotate'; id: string }
  | { kind: 'marquee'; start: Pt; end: Pt; additive: boolean };

/**
 * The select tool: click to select (Shift or Ctrl to add, a group as one),
 * drag to move, drag a handle to reshape, resize or rotate, Alt+click a
 * vertex to remove it, drag on empty space for a marquee. While reviewing, a
 * click on empty space says where a comment may be pinned.
 */
export class SelectTool implements Tool {
  private gesture: Gesture | null = null;

  constructor(private readonly host: ToolHost) {}

  get busy() {
    return !!this.gesture;
  }

  down(e: PointerInput) {
    const { host } = this;
    const { sx, sy, p } = e;
    const tol = 5 / host.view.scale;
    const sel = host.selected;
    // Handles of the one selected object come first: they sit on top of everything.
    if (sel.length === 1 && !host.readOnly && !host.locked.has(sel[0].id)) {
      const a = sel[0];
      const g = host.geometryOf(a);
      const h = handlesOf(g, host.view);
      const near = (q: Pt) => nearHandle(q, sx, sy);
      if (h.rotate && near(h.rotate)) {
        this.gesture = { kind: 'rotate', id: a.id };
        host.presence({ activity: { annotationId: a.id, kind: 'editing' } });
        return;
      }
      const vi = h.vertices.findIndex(near);
      if (vi >= 0) {
        if (g.type === 'box') this.gesture = { kind: 'box', id: a.id, handle: vi };
        else if (e.altKey) return host.emit(removeVertexOps(a, g, vi));
        else this.gesture = { kind: 'vertex', id: a.id, index: vi, moved: false };
        host.presence({ activity: { annotationId: a.id, kind: 'editing' } });
        return;
      }
      const mi = h.mids.findIndex(near);
      if (mi >= 0 && (g.type === 'polygon' || g.type === 'polyline')) {
        const pts = [...(g.points as Pt[])];
        pts.splice(mi + 1, 0, roundPoint(p, host.image.width, host.image.height));
        host.preview.set(a.id, { ...g, points: pts });
        this.gesture = { kind: 'vertex', id: a.id, index: mi + 1, moved: true };
        host.redraw();
        return;
      }
    }
    const hit = host.scene.hit(p[0], p[1], tol, (a) => !host.hidden.has(a.id) && !host.locked.has(a.id));
    if (!hit) {
      if (host.readOnly && host.pinsComments) {
        host.setSelection([]);
        host.point({ x: Math.round(p[0]), y: Math.round(p[1]) });
        return;
      }
      this.gesture = { kind: 'marquee', start: p, end: p, additive: e.shiftKey };
      return;
    }
    const members = hit.groupId ? host.scene.order.filter((a) => a.groupId === hit.groupId).map((a) => a.id) : [hit.id];
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      const has = host.selection.includes(hit.id);
      host.setSelection(has ? host.selection.filter((id) => !members.includes(id)) : [...host.selection, ...members.filter((id) => !host.selection.includes(id))]);
      return;
    }
    if (!host.selection.includes(hit.id)) host.setSelection(members);
    if (host.readOnly) return;
    const ids = host.selection.filter((id) => !host.locked.has(id));
    this.gesture = { kind: 'move', start: p, ids, bounds: boundsAround(host.scene, ids), moved: false };
  }

  move(e: PointerInput) {
    const { host } = this;
    const g = this.gesture;
    const { p } = e;
    const { width, height } = host.image;
    switch (g?.kind) {
      case 'move': {
        const [dx, dy] = clampMove(g.bounds, p[0] - g.start[0], p[1] - g.start[1], width, height);
        if (!g.moved && Math.hypot(dx, dy) * host.view.scale < 3) return;
        if (!g.moved) {
          g.moved = true;
          host.presence({ activity: { annotationId: g.ids[0], kind: 'dragging' } });
        }
        for (const id of g.ids) {
          const a = host.scene.get(id);
          // Masks move on release: shifting a full-image bitmap on every pointer move would stutter.
          if (a && a.geometry.type !== 'mask') host.preview.set(id, translate(a.geometry as ImageGeometry, dx, dy));
        }
        return;
      }
      case 'vertex': {
        const a = host.scene.get(g.id);
        if (!a) return;
        g.moved = true;
        const q = roundPoint(p, width, height);
        const geo = host.geometryOf(a);
        if (geo.type === 'keypoints') host.preview.set(a.id, { ...geo, points: geo.points.map((k, i) => (i === g.index && k ? { ...k, x: q[0], y: q[1] } : k)) });
        else if (geo.type === 'polygon' || geo.type === 'polyline' || geo.type === 'points') host.preview.set(a.id, { ...geo, points: (geo.points as Pt[]).map((k, i) => (i === g.index ? q : k)) } as ImageGeometry);
        return;
      }
      case 'box': {
        const a = host.scene.get(g.id);
        if (a?.geometry.type === 'box') host.preview.set(a.id, resizeBox(a.geometry, g.handle, roundPoint(p, width, height)));
        return;
      }
      case 'rotate': {
        const a = host.scene.get(g.id);
        if (a?.geometry.type === 'box') host.preview.set(a.id, rotateBox(a.geometry, p, e.shiftKey));
        return;
      }
      case 'marquee':
        g.end = p;
        return;
    }
  }

  up({ p }: PointerInput) {
    const { host } = this;
    const g = this.gesture;
    this.gesture = null;
    if (!g) return;
    switch (g.kind) {
      case 'move':
        if (g.moved) {
          const [dx, dy] = clampMove(g.bounds, p[0] - g.start[0], p[1] - g.start[1], host.image.width, host.image.height);
          host.emit(moveOps(selectedOf(host.scene, g.ids), dx, dy));
          host.presence({ activity: null });
        }
        return;
      case 'vertex':
      case 'box':
      case 'rotate': {
        const next = host.preview.get(g.id);
        if (next && (g.kind !== 'vertex' || g.moved)) host.emit([{ type: 'update', id: g.id, patch: { geometry: next } }]);
        host.presence({ activity: null });
        return;
      }
      case 'marquee':
        return this.endMarquee(g);
    }
  }

  /** Selects what lies wholly inside the marquee; a marquee too small to see is a click on nothing. */
  private endMarquee(g: Extract<Gesture, { kind: 'marquee' }>) {
    const { host } = this;
    const s = host.view.scale;
    const r = { minX: Math.min(g.start[0], g.end[0]), minY: Math.min(g.start[1], g.end[1]), maxX: Math.max(g.start[0], g.end[0]), maxY: Math.max(g.start[1], g.end[1]) };
    if ((r.maxX - r.minX) * s < 3 && (r.maxY - r.minY) * s < 3) {
      if (!g.additive) host.setSelection([]);
      return;
    }
    const inside = host.scene.within(r).filter((a: Annotation) => {
      const b = host.scene.boundsOf(a.id)!;
      return !host.hidden.has(a.id) && !host.locked.has(a.id) && b.minX >= r.minX && b.maxX <= r.maxX && b.minY >= r.minY && b.maxY <= r.maxY;
    });
    host.setSelection([...(g.additive ? host.selection : []), ...inside.map((a) => a.id).filter((id) => !g.additive || !host.selection.includes(id))]);
  }

  overlay(ctx: CanvasRenderingContext2D) {
    const g = this.gesture;
    if (g?.kind !== 'marquee') return;
    const v = this.host.view;
    const [x0, y0] = toScreen(v, ...g.start);
    const [x1, y1] = toScreen(v, ...g.end);
    ctx.save();
    ctx.strokeStyle = '#1677ff';
    ctx.fillStyle = 'rgba(22,119,255,0.08)';
    ctx.setLineDash([4, 3]);
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.restore();
  }

  cancel() {
    const had = !!this.gesture;
    this.gesture = null;
    return had;
  }
}

type Box = Extract<ImageGeometry, { type: 'box' }>;
const round1 = (v: number) => Math.round(v * 10) / 10;

/** The box turned about its centre so that its top faces the pointer; with Shift, in steps of 15°. */
function rotateBox(b: Box, p: Pt, snap: boolean): Box {
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  let deg = (Math.atan2(p[1] - cy, p[0] - cx) * 180) / Math.PI + 90;
  if (snap) deg = Math.round(deg / 15) * 15;
  if (deg > 180) deg -= 360;
  return { ...b, rotation: Math.round(deg * 10) / 10 };
}

/**
 * A box resized by one of its eight handles (0–3 corners clockwise from the
 * top left, 4–7 edge middles from the top), in the box's own rotated frame:
 * the opposite side stays where it is.
 */
export function resizeBox(b: Box, handle: number, p: Pt): Box {
  const r = ((b.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  const lx = (p[0] - cx) * cos + (p[1] - cy) * sin;
  const ly = -(p[0] - cx) * sin + (p[1] - cy) * cos;
  let x0 = -b.width / 2;
  let x1 = b.width / 2;
  let y0 = -b.height / 2;
  let y1 = b.height / 2;
  const left = handle === 0 || handle === 3 || handle === 7;
  const right = handle === 1 || handle === 2 || handle === 5;
  const top = handle === 0 || handle === 1 || handle === 4;
  const bottom = handle === 2 || handle === 3 || handle === 6;
  if (left) x0 = Math.min(lx, x1 - 1);
  if (right) x1 = Math.max(lx, x0 + 1);
  if (top) y0 = Math.min(ly, y1 - 1);
  if (bottom) y1 = Math.max(ly, y0 + 1);
  const mx = (x0 + x1) / 2;
  const my = (y0 + y1) / 2;
  const ncx = cx + mx * cos - my * sin;
  const ncy = cy + mx * sin + my * cos;
  const w = x1 - x0;
  const h = y1 - y0;
  return { ...b, x: round1(ncx - w / 2), y: round1(ncy - h / 2), width: round1(w), height: round1(h) };
}
