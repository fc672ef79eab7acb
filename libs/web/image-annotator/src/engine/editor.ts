import type { Annotation, EditOp, GeometryType, Label, Peer } from '@tessera/contracts';
import { clampMove, decodeRle, distanceToSegment, encodeRle, roundPoint, thin, translate, type Bounds, type ImageGeometry, type Pt } from '../geometry';
import {
  attributeOps, boundsAround, createOps, cycleTarget, deleteOps, draftGeometry, editableOf, groupOps, labelOps, moveOps, nudgeOps, pasteOps, relabelOps, removeVertexOps,
  reorderOps, selectAllIds, selectedOf, toggleTagOps, ungroupOps, type Draft, type ReorderDirection,
} from './commands';
import { handlesOf, HANDLE } from './handles';
import { rgb, rgba, traceSkeleton, type View } from './paint';
import { Picture, type Adjust } from './picture';
import { Renderer, type LayerName, type RenderSource } from './render';
import { SceneIndex } from './scene';
import { actualSize, fit, toImage, toScreen, zoomAt } from './viewport';
import { acceptOps, newId, rejectOps, type CommentPin, type PresenceOut } from '@tessera/web/editor-ui/core';

/**
 * The image editor's engine: its state, its commands and the pointer
 * gestures of every tool. It runs outside React — a pointer move changes
 * this object and the renderer (render.ts) redraws what changed on the next
 * animation frame; React hears only of changes its panels show (selection,
 * tool, label). The ops come from commands.ts, the picture from picture.ts.
 */

export const TOOLS = ['select', 'box', 'polygon', 'polyline', 'points', 'keypoints', 'brush', 'eraser', 'fill'] as const;
export type ToolName = (typeof TOOLS)[number];
/** The geometry each drawing tool makes (and a label must allow). */
export const GEOMETRY_OF: Record<ToolName, GeometryType | null> = { select: null, box: 'box', polygon: 'polygon', polyline: 'polyline', points: 'points', keypoints: 'keypoints', brush: 'mask', eraser: 'mask', fill: 'mask' };

export interface EditorImage {
  width: number;
  height: number;
  url: string | null;
}
export interface EditorOptions {
  container: HTMLDivElement;
  image: EditorImage;
  labels: readonly Label[];
  readOnly: boolean;
  onOps: (ops: EditOp[]) => void;
  onPresence?: (p: PresenceOut) => void;
  /** A click on the picture outside any object while reviewing: where a comment may be pinned. */
  onPoint?: (p: { x: number; y: number }) => void;
  /** Every object drawn once (and the picture, if any): the editor is usable. */
  onReady?: () => void;
}

type Gesture =
  | { kind: 'pan'; sx: number; sy: number; view: View }
  | { kind: 'move'; start: Pt; ids: string[]; bounds: Bounds; moved: boolean }
  | { kind: 'vertex'; id: string; index: number; moved: boolean }
  | { kind: 'box'; id: string; handle: number }
  | { kind: 'rotate'; id: string }
  | { kind: 'marquee'; start: Pt; end: Pt; additive: boolean }
  | { kind: 'draw-box'; start: Pt; end: Pt }
  | { kind: 'freehand'; points: Pt[] }
  | { kind: 'paint'; last: Pt };

interface MaskEdit {
  id: string | null;
  labelId: string;
  bits: Uint8Array;
  canvas: HTMLCanvasElement;
  dirty: boolean;
}

export class Editor implements RenderSource {
  // ---- what the panels show (a change bumps `revision`) ----
  tool: ToolName = 'select';
  labelId: string | null;
  selection: string[] = [];
  readonly hidden = new Set<string>();
  readonly locked = new Set<string>();
  brushSize = 24;
  adjust: Adjust = { brightness: 1, contrast: 1, gamma: 1 };
  showGrid = true;
  draft: Draft | null = null;
  readOnly: boolean;
  revision = 0;
  /** Bumped by zoom and pan only, for the zoom read-out. */
  viewRevision = 0;

  readonly scene = new SceneIndex();
  view: View = { scale: 1, x: 0, y: 0 };
  labels: readonly Label[];
  peers: readonly Peer[] = [];
  pins: readonly CommentPin[] = [];

  private opts: EditorOptions;
  private picture: Picture;
  private renderer: Renderer;
  private gesture: Gesture | null = null;
  private preview = new Map<string, ImageGeometry>();
  private cursor: Pt | null = null;
  private space = false;
  private mask: MaskEdit | null = null;
  private clipboard: Annotation[] = [];
  private listeners = new Set<() => void>();
  private viewListeners = new Set<() => void>();
  private resize: ResizeObserver;
  /** Until the person zooms or pans, the view follows the stage's size. */
  private autoFit = true;
  private measured = { w: 0, h: 0 };
  private cleanup: (() => void)[] = [];

  constructor(opts: EditorOptions) {
    this.opts = opts;
    this.labels = opts.labels;
    this.readOnly = opts.readOnly;
    this.labelId = opts.labels[0]?.id ?? null;
    const el = opts.container;
    this.picture = new Picture(el, () => this.invalidate('image'), () => this.renderer.maybeReady());
    this.renderer = new Renderer(el, this, this.picture, () => this.opts.onReady?.());
    this.picture.load(opts.image.url);
    this.resize = new ResizeObserver(() => this.onResize());
    this.resize.observe(el);
    this.listen(el);
    this.onResize();
  }

  destroy() {
    this.resize.disconnect();
    for (const c of this.cleanup) c();
    this.picture.destroy();
    this.renderer.destroy();
  }

  // ---- subscriptions for React ----

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }
  subscribeView(fn: () => void) {
    this.viewListeners.add(fn);
    return () => void this.viewListeners.delete(fn);
  }
  private changed() {
    this.revision++;
    for (const fn of this.listeners) fn();
  }

  // ---- inputs from the host ----

  setAnnotations(list: readonly Annotation[]) {
    const gone = new Set(this.scene.set(list));
    if (gone.size && this.selection.some((id) => gone.has(id))) this.setSelection(this.selection.filter((id) => !gone.has(id)));
    if (this.mask?.id && gone.has(this.mask.id)) this.mask = null;
    this.renderer.redrawSettled();
    this.invalidate('peers');
    this.changed();
  }
  setLabels(labels: readonly Label[]) {
    this.labels = labels;
    if (!labels.some((l) => l.id === this.labelId)) this.labelId = labels[0]?.id ?? null;
    this.renderer.redrawSettled();
    this.changed();
  }
  setPeers(peers: readonly Peer[]) {
    this.peers = peers;
    this.invalidate('peers');
  }
  setPins(pins: readonly CommentPin[]) {
    this.pins = pins;
    this.invalidate('active');
  }
  setReadOnly(readOnly: boolean) {
    if (readOnly === this.readOnly) return;
    this.readOnly = readOnly;
    if (readOnly) this.setTool('select');
    this.changed();
  }
  setImage(image: EditorImage) {
    if (image.url !== this.opts.image.url) this.picture.load(image.url);
    this.opts.image = image;
  }

  // ---- commands (keyboard, toolbar) ----

  label(id: string) {
    return this.labels.find((l) => l.id === id);
  }
  colour(labelId: string) {
    return this.label(labelId)?.color ?? '#8c8c8c';
  }
  get selected(): Annotation[] {
    return selectedOf(this.scene, this.selection);
  }
  /** The labels that may draw with a tool. */
  labelsFor(tool: ToolName) {
    const g = GEOMETRY_OF[tool];
    return g ? this.labels.filter((l) => (l.tools as readonly string[]).includes(g)) : this.labels;
  }

  setTool(tool: ToolName) {
    if (this.readOnly && tool !== 'select') return;
    const usable = this.labelsFor(tool);
    if (!usable.length) return;
    if (!usable.some((l) => l.id === this.labelId)) this.labelId = usable[0].id;
    this.cancelDraft();
    this.tool = tool;
    if (GEOMETRY_OF[tool] === 'mask') this.beginMask();
    else this.endMask();
    this.opts.container.style.cursor = tool === 'select' ? 'default' : 'crosshair';
    this.invalidate('active');
    this.changed();
  }

  /** A label hotkey: the label to draw with next, and the new label of what is selected. */
  chooseLabel(labelId: string) {
    const label = this.label(labelId);
    if (!label) return;
    this.labelId = labelId;
    if (this.mask) this.mask.labelId = labelId;
    this.emit(relabelOps(this.editable(), label));
    if (GEOMETRY_OF[this.tool] && !(label.tools as readonly string[]).includes(GEOMETRY_OF[this.tool]!)) {
      const other = TOOLS.find((t) => GEOMETRY_OF[t] && (label.tools as readonly string[]).includes(GEOMETRY_OF[t]!));
      if (other) this.setTool(other);
    }
    this.changed();
  }

  setSelection(ids: string[]) {
    const same = ids.length === this.selection.length && ids.every((id, i) => id === this.selection[i]);
    if (same) return;
    this.commitMask();
    this.selection = ids;
    if (GEOMETRY_OF[this.tool] === 'mask') this.beginMask();
    this.renderer.redrawSettled();
    this.opts.onPresence?.({ selection: ids });
    this.changed();
  }

  selectAll() {
    this.setSelection(selectAllIds(this.scene, this.hidden, this.locked));
  }

  /** Tab through objects from the keyboard, bringing each into view. */
  cycle(step: 1 | -1) {
    const next = cycleTarget(this.scene, this.hidden, this.selection, step);
    if (!next) return;
    this.setSelection([next]);
    this.reveal(next);
  }

  /** Pans so that an object is in view (keeping the zoom unless it does not fit). */
  reveal(id: string) {
    const b = this.scene.boundsOf(id);
    if (!b) return;
    const { width: W, height: H } = this.stageSize();
    const [x0, y0] = toScreen(this.view, b.minX, b.minY);
    const [x1, y1] = toScreen(this.view, b.maxX, b.maxY);
    if (x0 >= 0 && y0 >= 0 && x1 <= W && y1 <= H) return;
    let v = this.view;
    const need = Math.max((b.maxX - b.minX) / (W * 0.8), (b.maxY - b.minY) / (H * 0.8));
    if (need * v.scale > 1) v = { ...v, scale: 1 / need };
    const cx = (b.minX + b.maxX) / 2;
    const cy = (b.minY + b.maxY) / 2;
    this.setView({ scale: v.scale, x: W / 2 - cx * v.scale, y: H / 2 - cy * v.scale });
  }

  deleteSelection() {
    const ops = deleteOps(this.editable());
    if (!ops.length) return;
    this.emit(ops);
    this.setSelection([]);
  }

  copy() {
    this.clipboard = this.selected;
  }
  paste(offset = 10) {
    if (this.readOnly || !this.clipboard.length) return;
    const { ops, ids } = pasteOps(this.scene, this.clipboard, this.opts.image, offset);
    this.emit(ops);
    this.selection = ids;
    this.opts.onPresence?.({ selection: ids });
    this.changed();
  }
  duplicate() {
    this.copy();
    this.paste();
  }

  toggleHidden() {
    const ids = this.selection;
    if (!ids.length) return;
    const hide = ids.some((id) => !this.hidden.has(id));
    for (const id of ids) setMember(this.hidden, id, hide);
    if (hide) this.setSelection([]);
    this.refreshLocal();
  }
  setHidden(id: string, hidden: boolean) {
    setMember(this.hidden, id, hidden);
    if (hidden && this.selection.includes(id)) this.setSelection(this.selection.filter((x) => x !== id));
    this.refreshLocal();
  }
  showAll() {
    this.hidden.clear();
    this.refreshLocal();
  }
  toggleLocked(ids = this.selection) {
    if (!ids.length) return;
    const lock = ids.some((id) => !this.locked.has(id));
    for (const id of ids) setMember(this.locked, id, lock);
    this.refreshLocal();
  }
  private refreshLocal() {
    this.renderer.redrawSettled();
    this.changed();
  }

  /** ] and [: one step up or down; with Shift, to the top or the bottom. */
  reorder(dir: ReorderDirection) {
    this.emit(reorderOps(this.editable(), dir, this.scene.zRange));
  }

  group() {
    this.emit(groupOps(this.editable()));
  }
  ungroup() {
    this.emit(ungroupOps(this.editable()));
  }

  /** Arrow keys: the selection by a pixel (ten with Shift); with nothing selected, the view. */
  nudge(dx: number, dy: number) {
    const sel = this.editable();
    if (!sel.length) {
      this.setView({ ...this.view, x: this.view.x - dx * 4, y: this.view.y - dy * 4 });
      return;
    }
    this.emit(nudgeOps(this.scene, sel, dx, dy, this.opts.image));
  }

  /** A prediction becomes the annotator's own (kept with its score); one undo step for all. */
  acceptPredictions(list: readonly Annotation[]) {
    this.emit(acceptOps(list));
  }
  rejectPredictions(list: readonly Annotation[]) {
    this.emit(rejectOps(list));
  }

  setAttribute(id: string, key: string, value: Annotation['attributes'][string] | null) {
    if (this.readOnly || this.locked.has(id)) return;
    this.emit(attributeOps(id, key, value));
  }
  setLabelOf(id: string, labelId: string) {
    if (this.readOnly || this.locked.has(id)) return;
    this.emit(labelOps(id, labelId));
  }

  /** Tags (whole-image labels) are toggled, not drawn. */
  toggleTag(labelId: string, existing: readonly Annotation[]) {
    this.emit(toggleTagOps(existing, labelId));
  }

  // ---- drawing: finishing, cancelling ----

  /** Enter: the polygon, polyline, points or keypoints being drawn is done. */
  finishDraft() {
    const d = this.draft;
    const labelId = this.labelId;
    if (!d || !labelId) return;
    const geometry = draftGeometry(d);
    if (geometry) this.createShape(labelId, geometry);
    this.draft = null;
    this.invalidate('active');
    this.changed();
  }
  /** Backspace while drawing: the last point goes. */
  undoPoint() {
    const d = this.draft;
    if (!d) return false;
    if (d.tool === 'keypoints') {
      const last = d.points.map((p) => !!p).lastIndexOf(true);
      if (last < 0) return false;
      d.points[last] = null;
      d.skipped.clear();
    } else if (!d.points.pop()) return false;
    if (!d.points.some((p) => p)) this.draft = null;
    this.invalidate('active');
    this.changed();
    return true;
  }
  /** Keypoints: the next skeleton point is not visible in the image; skip it. */
  skipKeypoint() {
    if (this.draft?.tool !== 'keypoints') return;
    const at = this.nextKeypoint();
    if (at < 0) return;
    this.draft.skipped.add(at);
    if (this.nextKeypoint() < 0) this.finishDraft();
    else this.changed();
  }
  cancelDraft() {
    if (!this.draft && !this.gesture) return false;
    this.draft = null;
    this.gesture = null;
    this.preview.clear();
    this.invalidate('active');
    this.changed();
    return true;
  }
  /** Index of the skeleton point to place next, or -1. */
  nextKeypoint(): number {
    if (this.draft?.tool !== 'keypoints') return -1;
    const { points, skipped } = this.draft;
    return points.findIndex((p, i) => p === null && !skipped.has(i));
  }

  // ---- the view ----

  zoomBy(factor: number, at?: { x: number; y: number }) {
    const { width, height } = this.stageSize();
    const p = at ?? { x: width / 2, y: height / 2 };
    this.setView(zoomAt(this.view, p.x, p.y, factor, this.minScale()));
  }
  fitView() {
    const { width, height } = this.stageSize();
    this.setView(fit(width, height, this.opts.image.width, this.opts.image.height), true);
  }
  actualSize() {
    const { width, height } = this.stageSize();
    this.setView(actualSize(this.view, width, height));
  }
  setAdjust(a: Partial<Adjust>) {
    this.adjust = { ...this.adjust, ...a };
    this.picture.adjust(this.adjust);
    this.changed();
  }
  toggleGrid() {
    this.showGrid = !this.showGrid;
    this.invalidate('active');
    this.changed();
  }
  setBrushSize(px: number) {
    this.brushSize = Math.max(1, Math.min(400, Math.round(px)));
    this.invalidate('active');
    this.changed();
  }
  setSpace(down: boolean) {
    this.space = down;
    this.opts.container.style.cursor = down ? 'grab' : this.tool === 'select' ? 'default' : 'crosshair';
  }

  private minScale() {
    const { width, height } = this.stageSize();
    return fit(width, height, this.opts.image.width, this.opts.image.height).scale / 8;
  }
  private setView(v: View, auto = false) {
    this.autoFit = auto;
    this.view = v;
    this.viewRevision++;
    for (const fn of this.viewListeners) fn();
    this.renderer.viewMoved();
  }
  private stageSize() {
    return this.renderer.size();
  }
  private onResize() {
    const el = this.opts.container;
    const w = el.clientWidth;
    const h = el.clientHeight;
    // The observer's first call repeats the constructor's: the same size needs no second drawing of every object.
    if (!w || !h || (w === this.measured.w && h === this.measured.h)) return;
    this.measured = { w, h };
    this.renderer.resize(w, h);
    if (this.autoFit) this.setView(fit(w, h, this.opts.image.width, this.opts.image.height), true);
  }

  /** Geometry as it is drawn now: a drag in progress shows its preview. */
  geometryOf(a: Annotation): ImageGeometry {
    return this.preview.get(a.id) ?? (a.geometry as ImageGeometry);
  }

  // ---- what the renderer asks ----

  get image() {
    return this.opts.image;
  }
  get paintingMask() {
    return this.mask?.id ?? null;
  }
  toolShows() {
    return !!this.mask || !!this.draft || (!!this.gesture && this.gesture.kind !== 'pan');
  }
  crosshair() {
    return this.cursor && this.tool !== 'select' && !this.space ? this.cursor : null;
  }
  private invalidate(...names: LayerName[]) {
    this.renderer.invalidate(...names);
  }

  drawTool(ctx: CanvasRenderingContext2D) {
    const v = this.view;
    ctx.save();
    ctx.transform(v.scale, 0, 0, v.scale, v.x, v.y);
    if (this.mask) ctx.drawImage(this.mask.canvas, 0, 0);
    this.drawDraft(ctx);
    ctx.restore();
    const g = this.gesture;
    if (g?.kind === 'marquee') {
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
  }

  private drawDraft(ctx: CanvasRenderingContext2D) {
    const s = this.view.scale;
    const colour = this.labelId ? this.colour(this.labelId) : '#1677ff';
    ctx.lineWidth = 2 / s;
    ctx.strokeStyle = colour;
    ctx.setLineDash([6 / s, 3 / s]);
    const g = this.gesture;
    if (g?.kind === 'draw-box') {
      const [x0, y0] = g.start;
      const [x1, y1] = g.end;
      ctx.strokeRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    }
    if (g?.kind === 'freehand' && g.points.length > 1) {
      ctx.beginPath();
      ctx.moveTo(...g.points[0]);
      for (const p of g.points) ctx.lineTo(...p);
      ctx.stroke();
    }
    const d = this.draft;
    if (d) {
      const pts: Pt[] = (d.points as (Pt | null)[]).filter((p): p is Pt => !!p);
      if (d.tool !== 'keypoints' && d.tool !== 'points' && pts.length) {
        ctx.beginPath();
        ctx.moveTo(pts[0][0], pts[0][1]);
        for (const p of pts) ctx.lineTo(p[0], p[1]);
        if (this.cursor) ctx.lineTo(this.cursor[0], this.cursor[1]);
        ctx.stroke();
      }
      if (d.tool === 'keypoints') {
        const path = new Path2D();
        traceSkeleton(path, { type: 'keypoints', points: (d.points as (Pt | null)[]).map((p) => (p ? { x: p[0], y: p[1], visible: true } : null)) }, this.labelId ? (this.label(this.labelId)?.skeleton?.edges ?? []) : []);
        ctx.stroke(path);
      }
      ctx.setLineDash([]);
      ctx.fillStyle = colour;
      for (const [x, y] of pts) {
        ctx.beginPath();
        ctx.arc(x, y, 4 / s, 0, Math.PI * 2);
        ctx.fill();
      }
    }
    ctx.setLineDash([]);
    if (this.mask && this.cursor && this.tool !== 'fill') {
      ctx.beginPath();
      ctx.arc(this.cursor[0], this.cursor[1], this.brushSize / 2, 0, Math.PI * 2);
      ctx.lineWidth = 1.5 / s;
      ctx.strokeStyle = this.tool === 'eraser' ? '#ff4d4f' : '#ffffff';
      ctx.stroke();
    }
  }

  // ---- pointer gestures ----

  private listen(el: HTMLDivElement) {
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void, opts?: AddEventListenerOptions) => {
      el.addEventListener(type, fn as EventListener, opts);
      this.cleanup.push(() => el.removeEventListener(type, fn as EventListener, opts));
    };
    on('pointerdown', (e) => this.onDown(e));
    on('pointermove', (e) => this.onMove(e));
    on('pointerup', (e) => this.onUp(e));
    on('pointercancel', () => this.cancelDraft());
    on('pointerleave', () => {
      this.cursor = null;
      this.opts.onPresence?.({ cursor: null });
      this.invalidate('active');
    });
    on('dblclick', (e) => {
      if (this.draft && this.draft.tool !== 'keypoints') {
        e.preventDefault();
        // The double click's two clicks each added the same point.
        const pts = this.draft.points as Pt[];
        if (pts.length > 1 && Math.hypot(pts[pts.length - 1][0] - pts[pts.length - 2][0], pts[pts.length - 1][1] - pts[pts.length - 2][1]) * this.view.scale < 4) pts.pop();
        this.finishDraft();
      }
    });
    on('wheel', (e) => this.onWheel(e), { passive: false });
    on('contextmenu', (e) => e.preventDefault());
  }

  private local(e: PointerEvent | WheelEvent | MouseEvent): { sx: number; sy: number; p: Pt } {
    const r = this.opts.container.getBoundingClientRect();
    const sx = e.clientX - r.left;
    const sy = e.clientY - r.top;
    return { sx, sy, p: toImage(this.view, sx, sy) };
  }

  private onWheel(e: WheelEvent) {
    e.preventDefault();
    const { sx, sy } = this.local(e);
    // Trackpads send small deltas many times; a mouse notch is ~100.
    const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
    this.zoomBy(Math.pow(1.2, -Math.max(-300, Math.min(300, delta)) / 100), { x: sx, y: sy });
  }

  private onDown(e: PointerEvent) {
    const el = this.opts.container;
    el.focus({ preventScroll: true });
    const { sx, sy, p } = this.local(e);
    if (e.button === 1 || (e.button === 0 && this.space) || e.button === 2) {
      e.preventDefault();
      el.setPointerCapture?.(e.pointerId);
      this.gesture = { kind: 'pan', sx, sy, view: this.view };
      el.style.cursor = 'grabbing';
      return;
    }
    if (e.button !== 0) return;
    el.setPointerCapture?.(e.pointerId);
    const { width, height } = this.opts.image;
    const q = roundPoint(p, width, height);
    const labelId = this.labelId;
    switch (this.tool) {
      case 'select':
        return this.downSelect(e, sx, sy, p);
      case 'box':
        if (labelId) this.gesture = { kind: 'draw-box', start: q, end: q };
        return;
      case 'polygon':
      case 'polyline':
        if (!this.draft) this.gesture = { kind: 'freehand', points: [q] };
        else this.addDraftPoint(q, sx, sy);
        return;
      case 'points':
        this.addDraftPoint(q, sx, sy);
        return;
      case 'keypoints':
        this.placeKeypoint(q);
        return;
      case 'brush':
      case 'eraser':
        this.gesture = { kind: 'paint', last: p };
        this.paintAt(p, p);
        return;
      case 'fill':
        this.floodFill(p);
        return;
    }
  }

  private downSelect(e: PointerEvent, sx: number, sy: number, p: Pt) {
    const tol = 5 / this.view.scale;
    const sel = this.selected;
    // Handles of the one selected object come first: they sit on top of everything.
    if (sel.length === 1 && !this.readOnly && !this.locked.has(sel[0].id)) {
      const a = sel[0];
      const g = this.geometryOf(a);
      const h = handlesOf(g, this.view);
      const near = (q: Pt) => Math.hypot(q[0] - sx, q[1] - sy) <= HANDLE + 2;
      if (h.rotate && near(h.rotate)) {
        this.gesture = { kind: 'rotate', id: a.id };
        this.opts.onPresence?.({ activity: { annotationId: a.id, kind: 'editing' } });
        return;
      }
      const vi = h.vertices.findIndex(near);
      if (vi >= 0) {
        if (g.type === 'box') this.gesture = { kind: 'box', id: a.id, handle: vi };
        else if (e.altKey) return this.removeVertex(a, g, vi);
        else this.gesture = { kind: 'vertex', id: a.id, index: vi, moved: false };
        this.opts.onPresence?.({ activity: { annotationId: a.id, kind: 'editing' } });
        return;
      }
      const mi = h.mids.findIndex(near);
      if (mi >= 0 && (g.type === 'polygon' || g.type === 'polyline')) {
        const pts = [...(g.points as Pt[])];
        pts.splice(mi + 1, 0, roundPoint(p, this.opts.image.width, this.opts.image.height));
        this.preview.set(a.id, { ...g, points: pts });
        this.gesture = { kind: 'vertex', id: a.id, index: mi + 1, moved: true };
        this.invalidate('active');
        return;
      }
    }
    const hit = this.scene.hit(p[0], p[1], tol, (a) => !this.hidden.has(a.id) && !this.locked.has(a.id));
    if (!hit) {
      if (this.readOnly && this.opts.onPoint) {
        this.setSelection([]);
        this.opts.onPoint({ x: Math.round(p[0]), y: Math.round(p[1]) });
        return;
      }
      this.gesture = { kind: 'marquee', start: p, end: p, additive: e.shiftKey };
      return;
    }
    const members = hit.groupId ? this.scene.order.filter((a) => a.groupId === hit.groupId).map((a) => a.id) : [hit.id];
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      const has = this.selection.includes(hit.id);
      this.setSelection(has ? this.selection.filter((id) => !members.includes(id)) : [...this.selection, ...members.filter((id) => !this.selection.includes(id))]);
      return;
    }
    if (!this.selection.includes(hit.id)) this.setSelection(members);
    if (this.readOnly) return;
    const ids = this.selection.filter((id) => !this.locked.has(id));
    this.gesture = { kind: 'move', start: p, ids, bounds: boundsAround(this.scene, ids), moved: false };
  }

  private onMove(e: PointerEvent) {
    const { sx, sy, p } = this.local(e);
    const { width, height } = this.opts.image;
    this.cursor = p;
    this.opts.onPresence?.({ cursor: { x: Math.round(p[0] * 10) / 10, y: Math.round(p[1] * 10) / 10 } });
    const g = this.gesture;
    if (!g) {
      this.invalidate('active');
      return;
    }
    switch (g.kind) {
      case 'pan':
        this.setView({ ...g.view, x: g.view.x + sx - g.sx, y: g.view.y + sy - g.sy });
        return;
      case 'move': {
        const [dx, dy] = clampMove(g.bounds, p[0] - g.start[0], p[1] - g.start[1], width, height);
        if (!g.moved && Math.hypot(dx, dy) * this.view.scale < 3) return;
        if (!g.moved) {
          g.moved = true;
          this.opts.onPresence?.({ activity: { annotationId: g.ids[0], kind: 'dragging' } });
        }
        for (const id of g.ids) {
          const a = this.scene.get(id);
          // Masks move on release: shifting a full-image bitmap on every pointer move would stutter.
          if (a && a.geometry.type !== 'mask') this.preview.set(id, translate(a.geometry as ImageGeometry, dx, dy));
        }
        break;
      }
      case 'vertex': {
        const a = this.scene.get(g.id);
        if (!a) break;
        g.moved = true;
        const q = roundPoint(p, width, height);
        const geo = this.geometryOf(a);
        if (geo.type === 'keypoints') this.preview.set(a.id, { ...geo, points: geo.points.map((k, i) => (i === g.index && k ? { ...k, x: q[0], y: q[1] } : k)) });
        else if (geo.type === 'polygon' || geo.type === 'polyline' || geo.type === 'points') this.preview.set(a.id, { ...geo, points: (geo.points as Pt[]).map((k, i) => (i === g.index ? q : k)) } as ImageGeometry);
        break;
      }
      case 'box': {
        const a = this.scene.get(g.id);
        if (a?.geometry.type === 'box') this.preview.set(a.id, resizeBox(a.geometry, g.handle, roundPoint(p, width, height)));
        break;
      }
      case 'rotate': {
        const a = this.scene.get(g.id);
        if (a?.geometry.type !== 'box') break;
        const b = a.geometry;
        const cx = b.x + b.width / 2;
        const cy = b.y + b.height / 2;
        let deg = (Math.atan2(p[1] - cy, p[0] - cx) * 180) / Math.PI + 90;
        if (e.shiftKey) deg = Math.round(deg / 15) * 15;
        if (deg > 180) deg -= 360;
        this.preview.set(a.id, { ...b, rotation: Math.round(deg * 10) / 10 });
        break;
      }
      case 'marquee':
        g.end = p;
        break;
      case 'draw-box':
        g.end = roundPoint(p, width, height);
        break;
      case 'freehand':
        g.points.push(roundPoint(p, width, height));
        break;
      case 'paint':
        this.paintAt(g.last, p);
        g.last = p;
        break;
    }
    this.invalidate('active');
  }

  private onUp(e: PointerEvent) {
    const g = this.gesture;
    this.gesture = null;
    this.opts.container.releasePointerCapture?.(e.pointerId);
    if (!g) return;
    const { p } = this.local(e);
    const s = this.view.scale;
    switch (g.kind) {
      case 'pan':
        this.setSpace(this.space);
        return;
      case 'move':
        if (g.moved) {
          const { width, height } = this.opts.image;
          const [dx, dy] = clampMove(g.bounds, p[0] - g.start[0], p[1] - g.start[1], width, height);
          this.emit(moveOps(selectedOf(this.scene, g.ids), dx, dy));
          this.opts.onPresence?.({ activity: null });
        }
        break;
      case 'vertex':
      case 'box':
      case 'rotate': {
        const next = this.preview.get(g.id);
        if (next && (g.kind !== 'vertex' || g.moved)) this.emit([{ type: 'update', id: g.id, patch: { geometry: next } }]);
        this.opts.onPresence?.({ activity: null });
        break;
      }
      case 'marquee': {
        const r = { minX: Math.min(g.start[0], g.end[0]), minY: Math.min(g.start[1], g.end[1]), maxX: Math.max(g.start[0], g.end[0]), maxY: Math.max(g.start[1], g.end[1]) };
        if ((r.maxX - r.minX) * s < 3 && (r.maxY - r.minY) * s < 3) {
          if (!g.additive) this.setSelection([]);
          break;
        }
        const inside = this.scene.within(r).filter((a) => {
          const b = this.scene.boundsOf(a.id)!;
          return !this.hidden.has(a.id) && !this.locked.has(a.id) && b.minX >= r.minX && b.maxX <= r.maxX && b.minY >= r.minY && b.maxY <= r.maxY;
        });
        this.setSelection([...(g.additive ? this.selection : []), ...inside.map((a) => a.id).filter((id) => !g.additive || !this.selection.includes(id))]);
        break;
      }
      case 'draw-box': {
        const [x0, y0] = g.start;
        const [x1, y1] = g.end;
        const w = Math.abs(x1 - x0);
        const h = Math.abs(y1 - y0);
        if (w * s >= 4 && h * s >= 4 && this.labelId) this.createShape(this.labelId, { type: 'box', x: Math.min(x0, x1), y: Math.min(y0, y1), width: round1(w), height: round1(h), rotation: 0 });
        break;
      }
      case 'freehand': {
        const travelled = g.points.length > 1 && Math.hypot(g.points[g.points.length - 1][0] - g.points[0][0], g.points[g.points.length - 1][1] - g.points[0][1]) * s > 6;
        if (!travelled) {
          // A click, not a stroke: the first vertex of a shape drawn click by click.
          this.draft = { tool: this.tool as 'polygon' | 'polyline', points: [g.points[0]] };
          this.changed();
          break;
        }
        const pts = thin(g.points, 4 / s);
        const kind = this.tool as 'polygon' | 'polyline';
        if (this.labelId && pts.length >= (kind === 'polygon' ? 3 : 2)) this.createShape(this.labelId, { type: kind, points: pts });
        break;
      }
      case 'paint':
        this.commitMask();
        break;
    }
    this.preview.clear();
    this.invalidate('active');
  }

  private addDraftPoint(q: Pt, sx: number, sy: number) {
    const tool = this.tool as 'polygon' | 'polyline' | 'points';
    if (!this.draft) this.draft = { tool, points: [] };
    const pts = this.draft.points as Pt[];
    // Clicking the first vertex again closes the polygon.
    if (tool === 'polygon' && pts.length >= 3) {
      const [fx, fy] = toScreen(this.view, ...pts[0]);
      if (Math.hypot(fx - sx, fy - sy) <= HANDLE + 2) return this.finishDraft();
    }
    pts.push(q);
    this.invalidate('active');
    this.changed();
  }

  private placeKeypoint(q: Pt) {
    const label = this.labelId ? this.label(this.labelId) : undefined;
    const n = label?.skeleton?.points.length ?? 0;
    if (!n) return;
    if (this.draft?.tool !== 'keypoints') this.draft = { tool: 'keypoints', points: Array.from({ length: n }, () => null), skipped: new Set() };
    const at = this.nextKeypoint();
    if (at < 0) return;
    this.draft.points[at] = q;
    if (this.nextKeypoint() < 0) this.finishDraft();
    else {
      this.invalidate('active');
      this.changed();
    }
  }

  private removeVertex(a: Annotation, g: ImageGeometry, index: number) {
    this.emit(removeVertexOps(a, g, index));
  }

  private createShape(labelId: string, geometry: ImageGeometry) {
    const id = newId();
    this.emit(createOps(labelId, geometry, id));
    this.selection = [id];
    this.opts.onPresence?.({ selection: [id] });
    this.changed();
  }

  private editable() {
    return editableOf(this.scene, this.selection, this.locked, this.readOnly);
  }

  private emit(ops: EditOp[]) {
    if (this.readOnly || !ops.length) return;
    this.opts.onOps(ops);
  }

  // ---- masks: brush, eraser, fill ----

  /** Brush tools edit the selected mask, or a new one with the current label. */
  private beginMask() {
    const { width: w, height: h } = this.opts.image;
    const target = this.selected.find((a) => a.geometry.type === 'mask' && !this.locked.has(a.id));
    if (this.mask && this.mask.id === (target?.id ?? null)) return;
    this.commitMask();
    const labelId = target?.labelId ?? this.labelId;
    if (!labelId) return;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const bits = target && target.geometry.type === 'mask' ? decodeRle(target.geometry.rle) : new Uint8Array(w * h);
    this.mask = { id: target?.id ?? null, labelId, bits, canvas, dirty: false };
    if (target) this.redrawMask();
    this.renderer.redrawSettled();
  }

  private endMask() {
    this.commitMask();
    this.mask = null;
    this.renderer.redrawSettled();
  }

  private redrawMask() {
    const m = this.mask!;
    const { width: w, height: h } = this.opts.image;
    const ctx = m.canvas.getContext('2d')!;
    const img = ctx.createImageData(w, h);
    const [r, g, b] = rgb(this.colour(m.labelId));
    for (let x = 0; x < w; x++) {
      for (let y = 0; y < h; y++) {
        if (!m.bits[x * h + y]) continue;
        const o = (y * w + x) * 4;
        img.data[o] = r;
        img.data[o + 1] = g;
        img.data[o + 2] = b;
        img.data[o + 3] = 140;
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  /** A stroke segment: the bits change, and the canvas gets the same capsule drawn. */
  private paintAt(from: Pt, to: Pt) {
    const m = this.mask;
    if (!m || this.readOnly) return;
    const { width: w, height: h } = this.opts.image;
    const erase = this.tool === 'eraser';
    const r = this.brushSize / 2;
    const ctx = m.canvas.getContext('2d')!;
    ctx.save();
    ctx.globalCompositeOperation = erase ? 'destination-out' : 'source-over';
    ctx.strokeStyle = ctx.fillStyle = rgba(this.colour(m.labelId), 0.55);
    ctx.lineWidth = this.brushSize;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
    ctx.restore();
    const x0 = Math.max(0, Math.floor(Math.min(from[0], to[0]) - r));
    const x1 = Math.min(w - 1, Math.ceil(Math.max(from[0], to[0]) + r));
    const y0 = Math.max(0, Math.floor(Math.min(from[1], to[1]) - r));
    const y1 = Math.min(h - 1, Math.ceil(Math.max(from[1], to[1]) + r));
    const v = erase ? 0 : 1;
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        if (distanceToSegment(x + 0.5, y + 0.5, from, to) <= r) m.bits[x * h + y] = v;
      }
    }
    m.dirty = true;
    this.invalidate('active');
  }

  /** Fills the empty region around the click, up to the mask's own pixels and the image's edges. */
  private floodFill(p: Pt) {
    const m = this.mask;
    if (!m || this.readOnly) return;
    const { width: w, height: h } = this.opts.image;
    const x = Math.floor(p[0]);
    const y = Math.floor(p[1]);
    if (x < 0 || y < 0 || x >= w || y >= h || m.bits[x * h + y]) return;
    const stack: number[] = [];
    const visit = (i: number) => {
      if (m.bits[i]) return;
      m.bits[i] = 1;
      stack.push(i);
    };
    visit(x * h + y);
    while (stack.length) {
      const i = stack.pop()!;
      const cx = Math.floor(i / h);
      const cy = i - cx * h;
      if (cy > 0) visit(i - 1);
      if (cy < h - 1) visit(i + 1);
      if (cx > 0) visit(i - h);
      if (cx < w - 1) visit(i + h);
    }
    m.dirty = true;
    this.redrawMask();
    this.commitMask();
  }

  /** The strokes so far become one op: a new mask, a changed one, or (all erased) a deleted one. */
  private commitMask() {
    const m = this.mask;
    if (!m || !m.dirty || this.readOnly) return;
    m.dirty = false;
    const { width: w, height: h } = this.opts.image;
    const empty = !m.bits.some((b) => b);
    const geometry = { type: 'mask' as const, rle: encodeRle(m.bits, h, w) };
    if (m.id) {
      this.emit([empty ? { type: 'delete', id: m.id } : { type: 'update', id: m.id, patch: { geometry } }]);
      if (empty) m.id = null;
    } else if (!empty) {
      m.id = newId();
      this.emit([{ type: 'create', annotation: { id: m.id, labelId: m.labelId, geometry } }]);
      this.selection = [m.id];
      this.opts.onPresence?.({ selection: this.selection });
      this.changed();
    }
  }
}

function setMember(set: Set<string>, id: string, member: boolean) {
  if (member) set.add(id);
  else set.delete(id);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * A box resized by one of its eight handles (0–3 corners clockwise from the
 * top left, 4–7 edge middles from the top), in the box's own rotated frame:
 * the opposite side stays where it is.
 */
export function resizeBox(b: Extract<ImageGeometry, { type: 'box' }>, handle: number, p: Pt): Extract<ImageGeometry, { type: 'box' }> {
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
