import type { Annotation, EditOp, Label, Peer } from '@tessera/contracts';
import { acceptOps, newId, rejectOps, type CommentPin, type PresenceOut } from '@tessera/web/editor-ui/core';
import type { ImageGeometry, Pt } from '../geometry';
import {
  attributeOps, createOps, cycleTarget, deleteOps, editableOf, groupOps, labelOps, nudgeOps, pasteOps, relabelOps,
  reorderOps, selectAllIds, selectedOf, toggleTagOps, ungroupOps, type Draft, type ReorderDirection,
} from './commands';
import type { View } from './paint';
import { Pointer, type PointerTarget } from './pointer';
import { Picture, type Adjust } from './picture';
import { Renderer, type LayerName, type RenderSource } from './render';
import { SceneIndex } from './scene';
import * as drafts from './tools/draft';
import { createTools, GEOMETRY_OF, labelsFor, toolFor, type MaskSession, type Tool, type ToolHost, type ToolName } from './tools';
import { actualSize, fit, revealView, zoomAt } from './viewport';

/**
 * The image editor's engine: a façade over its parts that holds the state
 * the panels show and runs the commands. It runs outside React — a pointer
 * move changes this object and the renderer (render.ts) redraws what changed
 * on the next animation frame; React hears only of changes its panels show
 * (selection, tool, label). The ops come from commands.ts, the gestures from
 * one module per tool (tools/), the picture from picture.ts. Panning and
 * wheel zoom are the engine's own, whatever the tool.
 */

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
  /** False: the host refused them (see EditorProps.onOps); nothing of them is in the set. */
  onOps: (ops: EditOp[]) => boolean | void;
  onPresence?: (p: PresenceOut) => void;
  /** A click on the picture outside any object while reviewing: where a comment may be pinned. */
  onPoint?: (p: { x: number; y: number }) => void;
  /** Every object drawn once (and the picture, if any): the editor is usable. */
  onReady?: () => void;
}

export class Editor implements RenderSource, ToolHost {
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
  private tools: Record<ToolName, Tool>;
  private mask: MaskSession;
  private input: Pointer;
  readonly preview = new Map<string, ImageGeometry>();
  pointer: Pt | null = null;
  private space = false;
  private clipboard: Annotation[] = [];
  private listeners = new Set<() => void>();
  private viewListeners = new Set<() => void>();
  private resize: ResizeObserver;
  private closed = false;
  /** Until the person zooms or pans, the view follows the stage's size. */
  private autoFit = true;
  private measured = { w: 0, h: 0 };

  constructor(opts: EditorOptions) {
    this.opts = opts;
    this.labels = opts.labels;
    this.readOnly = opts.readOnly;
    this.labelId = opts.labels[0]?.id ?? null;
    const el = opts.container;
    ({ tools: this.tools, mask: this.mask } = createTools(this));
    this.picture = new Picture(el, () => this.invalidate('image'), () => this.renderer.maybeReady());
    this.renderer = new Renderer(el, this, this.picture, () => {
      this.opts.onReady?.();
      // The scene's bounds and tree, left out of the open (SceneIndex), are made when the page is idle after it, not at
      // the first click; a moment later, so that they do not hold up what the host does on ready. An editor closed
      // by then (a task passed over quickly) makes none.
      const makeIndex = () => !this.closed && this.scene.index();
      setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(makeIndex, { timeout: 1000 }) : makeIndex()), 300);
    });
    this.picture.load(opts.image.url);
    this.resize = new ResizeObserver(() => this.onResize());
    this.resize.observe(el);
    this.input = new Pointer(el, this.pointerTarget());
    this.onResize();
  }

  destroy() {
    this.closed = true;
    this.resize.disconnect();
    this.input.destroy();
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
  changed() {
    this.revision++;
    for (const fn of this.listeners) fn();
  }

  // ---- inputs from the host ----

  setAnnotations(list: readonly Annotation[]) {
    const gone = new Set(this.scene.set(list));
    if (gone.size && this.selection.some((id) => gone.has(id))) this.setSelection(this.selection.filter((id) => !gone.has(id)));
    this.mask.drop(gone);
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
    return labelsFor(this.labels, tool);
  }

  setTool(tool: ToolName) {
    if (this.readOnly && tool !== 'select') return;
    const usable = this.labelsFor(tool);
    if (!usable.length) return;
    if (!usable.some((l) => l.id === this.labelId)) this.labelId = usable[0].id;
    this.cancelDraft();
    this.tool = tool;
    if (GEOMETRY_OF[tool] === 'mask') this.mask.begin();
    else this.mask.end();
    this.opts.container.style.cursor = tool === 'select' ? 'default' : 'crosshair';
    this.invalidate('active');
    this.changed();
  }

  /** A label hotkey: the label to draw with next, and the new label of what is selected. */
  chooseLabel(labelId: string) {
    const label = this.label(labelId);
    if (!label) return;
    this.labelId = labelId;
    this.mask.relabel(labelId);
    this.emit(relabelOps(this.editable(), label));
    const tool = toolFor(label, this.tool);
    if (tool !== this.tool) this.setTool(tool);
    this.changed();
  }

  setSelection(ids: string[]) {
    const same = ids.length === this.selection.length && ids.every((id, i) => id === this.selection[i]);
    if (same) return;
    this.mask.commit();
    this.selection = ids;
    if (GEOMETRY_OF[this.tool] === 'mask') this.mask.begin();
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
    const { width, height } = this.stageSize();
    const v = b && revealView(this.view, b, width, height);
    if (v) this.setView(v);
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
    if (this.emit(ops)) this.selectCreated(ids);
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

  // ---- drawing: finishing, cancelling (tools/draft.ts) ----

  /** Enter: the polygon, polyline, points or keypoints being drawn is done. */
  finishDraft() {
    drafts.finishDraft(this);
  }
  /** Backspace while drawing: the last point goes. */
  undoPoint() {
    return drafts.undoPoint(this);
  }
  skipKeypoint() {
    drafts.skipKeypoint(this);
  }
  /** Index of the skeleton point to place next, or -1. */
  nextKeypoint(): number {
    return drafts.nextKeypoint(this.draft);
  }
  cancelDraft() {
    const toolGesture = this.tools[this.tool].cancel();
    const pan = this.input.cancel();
    if (!this.draft && !toolGesture && !pan) return false;
    this.draft = null;
    this.preview.clear();
    this.invalidate('active');
    this.changed();
    return true;
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
    return this.mask.id;
  }
  toolShows() {
    return this.mask.active || !!this.draft || this.tools[this.tool].busy;
  }
  crosshair() {
    return this.pointer && this.tool !== 'select' && !this.space ? this.pointer : null;
  }
  drawTool(ctx: CanvasRenderingContext2D) {
    this.tools[this.tool].overlay(ctx);
  }
  private invalidate(...names: LayerName[]) {
    this.renderer.invalidate(...names);
  }

  // ---- what the tools ask ----

  get pinsComments() {
    return !!this.opts.onPoint;
  }
  selectCreated(ids: string[]) {
    this.selection = ids;
    this.opts.onPresence?.({ selection: ids });
    this.changed();
  }
  createShape(labelId: string, geometry: ImageGeometry) {
    const id = newId();
    if (this.emit(createOps(labelId, geometry, id))) this.selectCreated([id]);
  }
  /** False when nothing went out: read-only, no ops, or the host refused them. */
  emit(ops: EditOp[]): boolean {
    if (this.readOnly || !ops.length) return false;
    return this.opts.onOps(ops) !== false;
  }
  presence(p: PresenceOut) {
    this.opts.onPresence?.(p);
  }
  point(p: { x: number; y: number }) {
    this.opts.onPoint?.(p);
  }
  redraw() {
    this.invalidate('active');
  }
  redrawSettled() {
    this.renderer.redrawSettled();
  }

  /** The pointer's events go to the tool of the moment, except panning and zooming, which are the engine's. */
  private pointerTarget(): PointerTarget {
    return {
      view: () => this.view,
      spaceHeld: () => this.space,
      tool: () => this.tools[this.tool],
      hover: (p) => {
        this.pointer = p;
        this.opts.onPresence?.({ cursor: p && { x: Math.round(p[0] * 10) / 10, y: Math.round(p[1] * 10) / 10 } });
      },
      setView: (v) => this.setView(v),
      zoomBy: (factor, at) => this.zoomBy(factor, at),
      panEnded: () => this.setSpace(this.space),
      redraw: (gestureEnded) => {
        if (gestureEnded) this.preview.clear();
        this.invalidate('active');
      },
      cancel: () => this.cancelDraft(),
      doubleClick: () => drafts.finishByDoubleClick(this),
    };
  }

  private editable() {
    return editableOf(this.scene, this.selection, this.locked, this.readOnly);
  }
}

function setMember(set: Set<string>, id: string, member: boolean) {
  if (member) set.add(id);
  else set.delete(id);
}
