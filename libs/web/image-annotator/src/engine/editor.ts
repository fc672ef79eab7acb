import Konva from 'konva';
import type { Annotation, EditOp, GeometryType, Label, Peer } from '@tessera/contracts';
import { boxCorners, clampMove, decodeRle, distanceToSegment, encodeRle, roundPoint, thin, translate, type Bounds, type ImageGeometry, type Pt } from '../geometry';
import {
  attributeOps, boundsAround, createOps, cycleTarget, deleteOps, draftGeometry, editableOf, groupOps, labelOps, moveOps, nudgeOps, pasteOps, relabelOps, removeVertexOps,
  reorderOps, selectAllIds, selectedOf, toggleTagOps, ungroupOps, type Draft, type ReorderDirection,
} from './commands';
import { drawBatched, fillable, type Canvas2D, maskBitmap, rgb, rgba, trace, traceSkeleton, type View } from './paint';
import { SceneIndex } from './scene';
import { actualSize, fit, GRID_SCALE, toImage, toScreen, visibleRect, zoomAt } from './viewport';
import { acceptOps, newId, rejectOps, type CommentPin, type PresenceOut } from '@tessera/web/editor-ui/core';

/**
 * The image editor's engine: four layers and the pointer gestures of every
 * tool. It runs outside React — a pointer move changes this object and
 * redraws what changed on the next animation frame; React hears only of
 * changes its panels show (selection, tool, label).
 *
 * Layers, bottom up:
 *  image    the picture: a mip level (the coarsest still sharp enough) as a canvas element placed by a CSS transform,
 *           CSS-filtered for brightness/contrast/gamma;
 *  settled  every annotation not being edited, drawn into one bitmap per view off screen and shown by a canvas
 *           element; while the view moves a CSS transform stretches and shifts it, and it is drawn again once the
 *           view keeps still;
 *  active   the selection with its handles, the shape being drawn, pins, crosshair and pixel grid (a Konva layer);
 *  peers    other people's cursors and selections (a Konva layer).
 * Moving the view thus costs the compositor a transform of the two bottom
 * bitmaps, not a copy of them per frame; only the top two are drawn anew,
 * and either is hidden while it has nothing to show.
 * The bottom two show ImageBitmaps through 'bitmaprenderer' canvases:
 * Chromium copies a 2D canvas's pixels to the compositor on every frame, even
 * when they did not change, and for a full-size picture that copy alone
 * outlasts a frame.
 * No layer listens: hits go through the R-tree (SceneIndex), not Konva's hit canvas.
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

const HANDLE = 6;
const ROTATE_OFFSET = 28;
const SETTLE_MS = 90;
/** Names (and outlines wider than a pixel) on the settled layer only when this few objects are in view: at 10,000 they are noise and cost. */
const MAX_NAMED = 150;

export class Editor {
  // ---- what the panels show (a change bumps `revision`) ----
  tool: ToolName = 'select';
  labelId: string | null;
  selection: string[] = [];
  readonly hidden = new Set<string>();
  readonly locked = new Set<string>();
  brushSize = 24;
  adjust = { brightness: 1, contrast: 1, gamma: 1 };
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
  private stage: Konva.Stage;
  private layers: Record<'active' | 'peers', Konva.Layer>;
  /** Holds the bottom two layers' elements, under the Konva layers' canvases. */
  private plane: HTMLDivElement;
  /** The picture's box: the filter goes here, the mip level's canvas inside it. */
  private picture: HTMLDivElement;
  private pyramid: MipLevel[] = [];
  private imageLoaded = false;
  /** Bumped by each picture load: a pyramid finished for an earlier picture is dropped. */
  private imageLoads = 0;
  /** What the settled bitmap was drawn for; `shown` is on screen, `paper` where the next one is drawn. */
  private settled: { view: View; margin: number } | null = null;
  private shown: HTMLCanvasElement;
  private paper: OffscreenCanvas | null = null;
  private settledDirty = true;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private dirtyLayers = new Set<LayerName>();
  private gesture: Gesture | null = null;
  private preview = new Map<string, ImageGeometry>();
  private cursor: Pt | null = null;
  private space = false;
  private mask: MaskEdit | null = null;
  private clipboard: Annotation[] = [];
  private listeners = new Set<() => void>();
  private viewListeners = new Set<() => void>();
  private ready = false;
  private resize: ResizeObserver;
  private gammaFilter: SVGFEComponentTransferElement | null = null;
  private gammaId = `tessera-gamma-${Math.random().toString(36).slice(2)}`;
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
    this.stage = new Konva.Stage({ container: el, width: el.clientWidth || 800, height: el.clientHeight || 600 });
    this.plane = document.createElement('div');
    this.plane.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%;overflow:hidden;pointer-events:none';
    this.picture = document.createElement('div');
    this.picture.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%';
    this.shown = bitmapCanvas();
    this.plane.append(this.picture, this.shown);
    this.stage.content.prepend(this.plane);
    const layer = (name: string) => new Konva.Layer({ listening: false, name });
    this.layers = { active: layer('active'), peers: layer('peers') };
    for (const l of Object.values(this.layers)) this.stage.add(l);
    const shape = (layerName: keyof Editor['layers'], draw: (ctx: CanvasRenderingContext2D) => void) =>
      this.layers[layerName].add(new Konva.Shape({ listening: false, sceneFunc: (c) => draw((c as unknown as { _context: CanvasRenderingContext2D })._context) }));
    shape('active', (ctx) => this.drawActive(ctx));
    shape('peers', (ctx) => this.drawPeers(ctx));
    this.loadImage(opts.image.url);
    this.resize = new ResizeObserver(() => this.onResize());
    this.resize.observe(el);
    this.listen(el);
    this.onResize();
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.resize.disconnect();
    for (const c of this.cleanup) c();
    this.stage.destroy();
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
    this.settledDirty = true;
    this.invalidate('settled', 'active', 'peers');
    this.changed();
  }
  setLabels(labels: readonly Label[]) {
    this.labels = labels;
    if (!labels.some((l) => l.id === this.labelId)) this.labelId = labels[0]?.id ?? null;
    this.settledDirty = true;
    this.invalidate('settled', 'active');
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
    if (image.url !== this.opts.image.url) this.loadImage(image.url);
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
    this.stage.container().style.cursor = tool === 'select' ? 'default' : 'crosshair';
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
    this.settledDirty = true;
    this.invalidate('settled', 'active');
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
    this.settledDirty = true;
    this.invalidate('settled', 'active');
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
  setAdjust(a: Partial<Editor['adjust']>) {
    this.adjust = { ...this.adjust, ...a };
    this.applyFilter();
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
    this.stage.container().style.cursor = down ? 'grab' : this.tool === 'select' ? 'default' : 'crosshair';
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
    this.invalidate('image', 'settled', 'active', 'peers');
    // The settled bitmap is re-drawn once the view keeps still; until then the old one is stretched.
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      // Content changes mark the bitmap dirty themselves; here only a view that moved since it was drawn needs one.
      const drawn = this.settled?.view;
      if (drawn && drawn.scale === this.view.scale && drawn.x === this.view.x && drawn.y === this.view.y) return;
      this.settledDirty = true;
      this.invalidate('settled');
    }, SETTLE_MS);
  }
  private stageSize() {
    return { width: this.stage.width(), height: this.stage.height() };
  }
  private onResize() {
    const el = this.opts.container;
    const w = el.clientWidth;
    const h = el.clientHeight;
    // The observer's first call repeats the constructor's: the same size needs no second drawing of every object.
    if (!w || !h || (w === this.measured.w && h === this.measured.h)) return;
    this.measured = { w, h };
    this.stage.size({ width: w, height: h });
    if (this.autoFit) this.setView(fit(w, h, this.opts.image.width, this.opts.image.height), true);
    this.settledDirty = true;
    this.invalidate('image', 'settled', 'active', 'peers');
  }

  // ---- the picture ----

  private loadImage(url: string | null) {
    const load = ++this.imageLoads;
    this.imageLoaded = !url;
    // Another picture's pyramid must not stay on screen under this one's annotations.
    this.pyramid = [];
    this.invalidate('image');
    if (!url) return;
    const img = new Image();
    img.decoding = 'async';
    const done = (levels: MipLevel[] | null) => {
      if (load !== this.imageLoads) return;
      this.pyramid = levels ?? [];
      this.imageLoaded = true;
      this.invalidate('image');
      this.maybeReady();
    };
    img.onload = () =>
      void mipLevels(img).then(
        (levels) => done(levels),
        () => done(null),
      );
    img.onerror = () => done(null);
    img.src = url;
  }

  private applyFilter() {
    const { brightness, contrast, gamma } = this.adjust;
    let f = '';
    if (gamma !== 1) {
      this.ensureGammaFilter(gamma);
      f += `url(#${this.gammaId}) `;
    }
    if (brightness !== 1) f += `brightness(${brightness}) `;
    if (contrast !== 1) f += `contrast(${contrast})`;
    this.picture.style.filter = f.trim();
  }
  /** CSS has no gamma; an SVG transfer function does it, applied by the compositor like the rest. */
  private ensureGammaFilter(gamma: number) {
    if (!this.gammaFilter) {
      const ns = 'http://www.w3.org/2000/svg';
      const svg = document.createElementNS(ns, 'svg');
      svg.setAttribute('width', '0');
      svg.setAttribute('height', '0');
      svg.setAttribute('aria-hidden', 'true');
      svg.style.position = 'absolute';
      const filter = document.createElementNS(ns, 'filter');
      filter.id = this.gammaId;
      const fct = document.createElementNS(ns, 'feComponentTransfer');
      for (const ch of ['R', 'G', 'B']) {
        const fn = document.createElementNS(ns, `feFunc${ch}`);
        fn.setAttribute('type', 'gamma');
        fct.appendChild(fn);
      }
      filter.appendChild(fct);
      svg.appendChild(filter);
      this.opts.container.appendChild(svg);
      this.gammaFilter = fct;
      this.cleanup.push(() => svg.remove());
    }
    for (const fn of Array.from(this.gammaFilter.children)) fn.setAttribute('exponent', String(1 / gamma));
  }

  // ---- frames ----

  private invalidate(...names: LayerName[]) {
    for (const n of names) this.dirtyLayers.add(n);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.drawFrame());
  }

  private drawFrame() {
    this.frame = 0;
    const dirty = this.dirtyLayers;
    if (dirty.has('image')) this.placePicture();
    if (this.settledDirty) this.renderSettled();
    if (dirty.has('settled')) this.placeSettled();
    if (dirty.has('active')) this.drawLayer(this.layers.active, this.activeShows());
    if (dirty.has('peers')) this.drawLayer(this.layers.peers, this.peers.length > 0);
    dirty.clear();
  }

  /** A layer with nothing to show is hidden, not cleared: Chromium copies a visible 2D canvas to the compositor every frame, blank or not. */
  private drawLayer(layer: Konva.Layer, shows: boolean) {
    layer.visible(shows);
    if (shows) layer.draw();
  }

  /** Whether drawActive() would draw anything (true when in doubt). */
  private activeShows() {
    return (
      this.selection.length > 0 ||
      !!this.mask ||
      !!this.draft ||
      (!!this.gesture && this.gesture.kind !== 'pan') ||
      this.pins.length > 0 ||
      (this.showGrid && this.view.scale >= GRID_SCALE) ||
      (!!this.cursor && this.tool !== 'select' && !this.space)
    );
  }

  private placePicture() {
    const v = this.view;
    const level = this.pyramid.find((l) => l.scale >= v.scale) ?? this.pyramid[this.pyramid.length - 1];
    if (!level) {
      this.picture.replaceChildren();
      return;
    }
    const el = level.canvas;
    if (this.picture.firstChild !== el) {
      // The element's box is the picture's size in image pixels, whatever the level's: one transform places any level.
      el.style.width = `${this.opts.image.width}px`;
      el.style.height = `${this.opts.image.height}px`;
      this.picture.replaceChildren(el);
    }
    el.style.transform = `translate(${v.x}px,${v.y}px) scale(${v.scale})`;
    // Past 4× the pixels are what one annotates: show them square, not blurred.
    el.style.imageRendering = v.scale < 4 ? 'auto' : 'pixelated';
  }

  /** The settled bitmap where its view's content belongs under the current view, stretched if the scale changed since. */
  private placeSettled() {
    const s = this.settled;
    if (!s) return;
    const v = this.view;
    const k = v.scale / s.view.scale;
    const ox = v.x - (s.margin + s.view.x) * k;
    const oy = v.y - (s.margin + s.view.y) * k;
    this.shown.style.transform = `translate(${ox}px,${oy}px) scale(${k})`;
  }

  /** Everything that is not being edited, into one bitmap a little larger than the stage. */
  private renderSettled() {
    this.settledDirty = false;
    const { width: W, height: H } = this.stageSize();
    const margin = Math.round(Math.max(W, H) * 0.25);
    const dpr = window.devicePixelRatio || 1;
    const cw = Math.ceil((W + 2 * margin) * dpr);
    const ch = Math.ceil((H + 2 * margin) * dpr);
    if (this.paper?.width !== cw || this.paper.height !== ch) this.paper = new OffscreenCanvas(cw, ch);
    const ctx = this.paper.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    const v = this.view;
    const skip = new Set(this.selection);
    if (this.mask?.id) skip.add(this.mask.id);
    const items = this.scene.within(visibleRect(v, W, H, margin)).filter((a) => !skip.has(a.id) && !this.hidden.has(a.id));
    ctx.setTransform(dpr * v.scale, 0, 0, dpr * v.scale, dpr * (v.x + margin), dpr * (v.y + margin));
    ctx.imageSmoothingEnabled = v.scale < 4;
    const crowded = items.length > MAX_NAMED;
    // A crowd gets one-pixel outlines: Skia draws those as hairlines, and stroking 10,000 polygons 1.5 px wide took most of the drawing's time.
    drawBatched(ctx, items, (a) => ({ colour: this.colour(a.labelId), predicted: a.source === 'model' }), v.scale, (id) => this.label(id)?.skeleton?.edges ?? [], crowded ? 1 : 1.5);
    if (!crowded) {
      ctx.setTransform(dpr, 0, 0, dpr, dpr * margin, dpr * margin);
      this.drawNames(ctx, items);
    }
    // The old bitmap stays on screen until the new one is whole.
    this.shown.style.width = `${W + 2 * margin}px`;
    this.shown.style.height = `${H + 2 * margin}px`;
    this.shown.getContext('bitmaprenderer')!.transferFromImageBitmap(this.paper.transferToImageBitmap());
    this.settled = { view: v, margin };
    this.dirtyLayers.add('settled');
    if (!this.ready) this.maybeReady();
  }

  private maybeReady() {
    if (this.ready || !this.imageLoaded || !this.settled) return;
    this.ready = true;
    // The first complete frame is on screen after the next paint.
    requestAnimationFrame(() => this.opts.onReady?.());
  }

  private drawNames(ctx: Canvas2D, items: readonly Annotation[]) {
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textBaseline = 'bottom';
    for (const a of items) {
      const b = this.scene.boundsOf(a.id);
      if (!b) continue;
      const [x, y] = toScreen(this.view, b.minX, b.minY);
      const name = (this.label(a.labelId)?.name ?? a.labelId) + (a.source === 'model' && a.score != null ? ` ${a.score.toFixed(2)}` : '');
      const w = ctx.measureText(name).width + 8;
      ctx.fillStyle = rgba(this.colour(a.labelId), a.source === 'model' ? 0.55 : 0.85);
      ctx.fillRect(x, y - 16, w, 16);
      ctx.fillStyle = '#fff';
      ctx.fillText(name, x + 4, y - 2);
    }
  }

  /** Geometry as it is drawn now: a drag in progress shows its preview. */
  private geometryOf(a: Annotation): ImageGeometry {
    return this.preview.get(a.id) ?? (a.geometry as ImageGeometry);
  }

  private drawActive(ctx: CanvasRenderingContext2D) {
    const v = this.view;
    const { width: W, height: H } = this.stageSize();
    ctx.save();
    if (this.showGrid && v.scale >= GRID_SCALE) this.drawGrid(ctx, W, H);
    ctx.transform(v.scale, 0, 0, v.scale, v.x, v.y);
    const sel = this.selected.filter((a) => !this.hidden.has(a.id));
    for (const a of sel) this.drawSelected(ctx, a, this.geometryOf(a));
    if (this.mask) ctx.drawImage(this.mask.canvas, 0, 0);
    this.drawDraft(ctx);
    ctx.restore();
    if (sel.length === 1 && !this.readOnly && !this.locked.has(sel[0].id)) this.drawHandles(ctx, sel[0], this.geometryOf(sel[0]));
    this.drawPins(ctx);
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
    if (this.cursor && this.tool !== 'select' && !this.space) this.drawCrosshair(ctx, W, H);
  }

  private drawSelected(ctx: CanvasRenderingContext2D, a: Annotation, g: ImageGeometry) {
    const s = this.view.scale;
    const colour = this.colour(a.labelId);
    if (g.type === 'mask') {
      const m = maskBitmap(g, colour);
      if (m && this.mask?.id !== a.id) ctx.drawImage(m.canvas, m.x, m.y);
      return;
    }
    const path = new Path2D();
    trace(path, g, 4 / s);
    if (g.type === 'keypoints') traceSkeleton(path, g, this.label(a.labelId)?.skeleton?.edges ?? []);
    ctx.lineWidth = 2.5 / s;
    ctx.strokeStyle = colour;
    ctx.setLineDash(a.source === 'model' ? [6 / s, 4 / s] : []);
    if (fillable(g)) {
      ctx.fillStyle = rgba(colour, 0.3);
      ctx.fill(path);
    }
    ctx.stroke(path);
    ctx.lineWidth = 1 / s;
    ctx.strokeStyle = '#ffffff';
    ctx.setLineDash([4 / s, 4 / s]);
    ctx.stroke(path);
    ctx.setLineDash([]);
  }

  /** Handle positions in screen pixels: a box's corners, edge middles and rotation knob; a shape's vertices and edge middles. */
  private handles(g: ImageGeometry): { vertices: Pt[]; mids: Pt[]; rotate: Pt | null } {
    const v = this.view;
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

  private drawHandles(ctx: CanvasRenderingContext2D, a: Annotation, g: ImageGeometry) {
    const { vertices, mids, rotate } = this.handles(g);
    ctx.save();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = this.colour(a.labelId);
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
    ctx.fillStyle = rgba(this.colour(a.labelId), 0.6);
    for (const [x, y] of mids) {
      ctx.beginPath();
      ctx.arc(x, y, HANDLE / 2, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.restore();
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

  private drawPins(ctx: CanvasRenderingContext2D) {
    for (const p of this.pins) {
      const at = p.point ?? (p.annotationId ? this.anchorOf(p.annotationId) : null);
      if (!at) continue;
      const [x, y] = toScreen(this.view, at.x, at.y);
      ctx.save();
      ctx.beginPath();
      ctx.arc(x, y - 12, 10, 0, Math.PI * 2);
      ctx.lineWidth = 2;
      if (p.draft) {
        ctx.strokeStyle = '#fa541c';
        ctx.setLineDash([4, 3]);
        ctx.stroke();
        ctx.restore();
        continue;
      }
      ctx.fillStyle = p.resolved ? '#8c8c8c' : '#fa541c';
      ctx.fill();
      ctx.strokeStyle = '#fff';
      ctx.stroke();
      ctx.fillStyle = '#fff';
      ctx.font = '700 11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(String(p.n), x, y - 12);
      ctx.restore();
    }
  }

  anchorOf(id: string): { x: number; y: number } | null {
    const b = this.scene.boundsOf(id);
    return b ? { x: b.maxX, y: b.minY } : null;
  }

  private drawCrosshair(ctx: CanvasRenderingContext2D, W: number, H: number) {
    const [x, y] = toScreen(this.view, ...this.cursor!);
    ctx.save();
    ctx.strokeStyle = 'rgba(255,255,255,0.7)';
    ctx.lineWidth = 1;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(0, Math.round(y) + 0.5);
    ctx.lineTo(W, Math.round(y) + 0.5);
    ctx.moveTo(Math.round(x) + 0.5, 0);
    ctx.lineTo(Math.round(x) + 0.5, H);
    ctx.stroke();
    ctx.restore();
  }

  private drawGrid(ctx: CanvasRenderingContext2D, W: number, H: number) {
    const v = this.view;
    const r = visibleRect(v, W, H);
    ctx.save();
    ctx.strokeStyle = 'rgba(0,0,0,0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = Math.max(0, Math.floor(r.minX)); x <= Math.min(this.opts.image.width, Math.ceil(r.maxX)); x++) {
      const sx = Math.round(x * v.scale + v.x) + 0.5;
      ctx.moveTo(sx, 0);
      ctx.lineTo(sx, H);
    }
    for (let y = Math.max(0, Math.floor(r.minY)); y <= Math.min(this.opts.image.height, Math.ceil(r.maxY)); y++) {
      const sy = Math.round(y * v.scale + v.y) + 0.5;
      ctx.moveTo(0, sy);
      ctx.lineTo(W, sy);
    }
    ctx.stroke();
    ctx.restore();
  }

  private drawPeers(ctx: CanvasRenderingContext2D) {
    const v = this.view;
    for (const p of this.peers) {
      ctx.save();
      ctx.strokeStyle = p.color;
      ctx.lineWidth = 2;
      ctx.setLineDash([3, 3]);
      for (const id of p.selection ?? []) {
        const b = this.scene.boundsOf(id);
        if (!b) continue;
        const [x0, y0] = toScreen(v, b.minX, b.minY);
        const [x1, y1] = toScreen(v, b.maxX, b.maxY);
        ctx.strokeRect(x0 - 4, y0 - 4, x1 - x0 + 8, y1 - y0 + 8);
        if (p.activity?.annotationId === id) this.tagAt(ctx, x0 - 4, y1 + 22, `${p.name} · ${p.activity.kind}`, p.color);
      }
      ctx.setLineDash([]);
      if (p.cursor) {
        const [x, y] = toScreen(v, p.cursor.x, p.cursor.y);
        ctx.translate(x, y);
        ctx.beginPath();
        ctx.moveTo(0, 0);
        ctx.lineTo(0, 16);
        ctx.lineTo(4.5, 12);
        ctx.lineTo(8, 19);
        ctx.lineTo(10.5, 18);
        ctx.lineTo(7, 11);
        ctx.lineTo(13, 11);
        ctx.closePath();
        ctx.fillStyle = p.color;
        ctx.fill();
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 1;
        ctx.stroke();
        this.tagAt(ctx, 14, 30, p.name, p.color);
      }
      ctx.restore();
    }
  }

  private tagAt(ctx: CanvasRenderingContext2D, x: number, y: number, text: string, colour: string) {
    ctx.font = '12px system-ui, sans-serif';
    const w = ctx.measureText(text).width + 10;
    ctx.fillStyle = colour;
    ctx.fillRect(x, y - 18, w, 18);
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, x + 5, y - 9);
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
      const h = this.handles(g);
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
    this.settledDirty = true;
    this.invalidate('settled', 'active');
  }

  private endMask() {
    this.commitMask();
    this.mask = null;
    this.settledDirty = true;
    this.invalidate('settled', 'active');
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

type LayerName = 'image' | 'settled' | 'active' | 'peers';

/** One level of the picture's pyramid, as the element that shows it. */
interface MipLevel {
  scale: number;
  canvas: HTMLCanvasElement;
}

/** A canvas that shows an ImageBitmap handed to it, without a copy per frame. */
function bitmapCanvas(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.style.cssText = 'position:absolute;left:0;top:0;transform-origin:0 0;will-change:transform';
  return c;
}

/** The picture at 1, ½, ¼…: scaling a 4000-pixel image down to a 1000-pixel view costs every frame and looks grainy. */
async function mipLevels(img: HTMLImageElement): Promise<MipLevel[]> {
  const bitmaps: { bitmap: ImageBitmap; scale: number }[] = [{ bitmap: await createImageBitmap(img), scale: 1 }];
  let w = img.naturalWidth;
  let h = img.naturalHeight;
  let scale = 1;
  while (w > 512 && h > 512) {
    w = Math.ceil(w / 2);
    h = Math.ceil(h / 2);
    scale /= 2;
    const c = new OffscreenCanvas(w, h);
    const ctx = c.getContext('2d')!;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmaps[bitmaps.length - 1].bitmap, 0, 0, w, h);
    bitmaps.push({ bitmap: c.transferToImageBitmap(), scale });
  }
  // Handed over only now: a bitmap given to a canvas can no longer be drawn from.
  const levels = bitmaps.map(({ bitmap, scale }) => {
    const canvas = bitmapCanvas();
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('bitmaprenderer')!.transferFromImageBitmap(bitmap);
    return { canvas, scale };
  });
  // Finest first is wrong for find(): the coarsest level still sharp enough wins.
  return levels.reverse();
}
