import Konva from 'konva';
import type { Annotation, Label, Peer } from '@tessera/contracts';
import type { CommentPin } from '@tessera/web/editor-ui/core';
import type { ImageGeometry, Pt } from '../geometry';
import type { ImageSize } from './commands';
import { drawHandles, handlesOf } from './handles';
import { fillable, maskBitmap, rgba, trace, traceSkeleton, type View } from './paint';
import { bitmapCanvas, type Picture } from './picture';
import type { SceneIndex } from './scene';
import { drawSettled, MirrorDiff, settleSize, transferables, type FromWorker, type SettleRequest, type ToWorker } from './settle';
import { GRID_SCALE, toScreen, visibleRect } from './viewport';
import { takeWorker, workersRun } from './workers';

/**
 * Draws the editor on four layers, bottom up:
 *  image    the picture (picture.ts): a mip level placed by a CSS transform;
 *  settled  every annotation not being edited, drawn into one bitmap per view off screen and shown by a canvas
 *           element; while the view moves a CSS transform stretches and shifts it, and it is drawn again once the
 *           view keeps still;
 *  active   the selection with its handles, what the tool is doing, pins, crosshair and pixel grid;
 *  peers    other people's cursors and selections.
 * Moving the view thus costs the compositor a transform of the two bottom
 * bitmaps, not a copy of them per frame; only the top two are drawn anew,
 * both into one Konva layer (the overlay), hidden while it has nothing to
 * show. One canvas, not one each: where 2D canvases are not GPU-backed (as
 * in software WebGL), each visible one is copied to the compositor at every
 * frame that draws it, and that copy at times costs 10-20 ms.
 * A scene of WORKER_FROM objects or more has its settled bitmap drawn in a
 * Web Worker (settle.worker.ts) that keeps a mirror of the scene: the main
 * thread sends what changed and asks for a bitmap, which comes back as an
 * ImageBitmap; drawing 10,000 polygons on the main thread blocked it for
 * 130–180 ms. Smaller scenes, or a browser without workers and OffscreenCanvas,
 * draw it on the main thread, where it costs a few milliseconds and shows at once.
 * The bottom two show ImageBitmaps through 'bitmaprenderer' canvases:
 * Chromium copies a 2D canvas's pixels to the compositor on every frame, even
 * when they did not change, and for a full-size picture that copy alone
 * outlasts a frame.
 * Layers are drawn on the next animation frame after something marks them
 * dirty, each at most once a frame. No layer listens: hits go through the
 * R-tree (SceneIndex), not Konva's hit canvas.
 */

export type LayerName = 'image' | 'settled' | 'active' | 'peers';

/** What the renderer draws: the engine's state, read at drawing time. */
export interface RenderSource {
  readonly view: View;
  readonly image: ImageSize;
  readonly scene: SceneIndex;
  readonly labels: readonly Label[];
  readonly selection: readonly string[];
  readonly selected: Annotation[];
  readonly hidden: ReadonlySet<string>;
  readonly locked: ReadonlySet<string>;
  readonly readOnly: boolean;
  readonly pins: readonly CommentPin[];
  readonly peers: readonly Peer[];
  readonly showGrid: boolean;
  /** The mask the brush is painting, drawn by its tool rather than settled or selected. */
  readonly paintingMask: string | null;
  label(id: string): Label | undefined;
  colour(labelId: string): string;
  /** Geometry as it is drawn now: a drag in progress shows its preview. */
  geometryOf(a: Annotation): ImageGeometry;
  /** Whether the tool has anything to draw (true when in doubt). */
  toolShows(): boolean;
  /** The tool's overlay, in screen pixels: the shape being drawn, the brush, the marquee. */
  drawTool(ctx: CanvasRenderingContext2D): void;
  /** Where to draw the crosshair, in image pixels, or null. */
  crosshair(): Pt | null;
}

const SETTLE_MS = 90;
/** From this many objects the settled bitmap is drawn in the worker. */
const WORKER_FROM = 1000;

/** The worker that draws settled bitmaps, and what it was last sent. */
interface SettleWorker {
  worker: Worker;
  /** Started ahead of the editor by its host (workers.ts), not by the renderer. */
  prepared: boolean;
  diff: MirrorDiff;
  labels: readonly Label[] | null;
  seq: number;
  /** A request is being drawn; `again`: another was wanted meanwhile. */
  busy: boolean;
  again: boolean;
}

function startWorker(onMessage: (m: FromWorker) => void, onFail: () => void): SettleWorker | null {
  if (!workersRun()) return null;
  try {
    const { worker, prepared } = takeWorker('settle');
    worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      onFail();
    };
    return { worker, prepared, diff: new MirrorDiff(), labels: null, seq: 0, busy: false, again: false };
  } catch {
    return null;
  }
}

export class Renderer {
  private stage: Konva.Stage;
  /** The active and peers layers' drawing, in one Konva layer (one canvas). */
  private overlay: Konva.Layer;
  /** What the settled bitmap was drawn for; `shown` is on screen, `paper` where the next one is drawn. */
  private settled: { view: View; margin: number } | null = null;
  /** The view of the last settled bitmap asked for (shown, or still being drawn). */
  private asked: View | null = null;
  private shown: HTMLCanvasElement;
  private paper: OffscreenCanvas | null = null;
  private settledDirty = true;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private dirty = new Set<LayerName>();
  private ready = false;
  private settle: SettleWorker | null | undefined;

  constructor(
    container: HTMLDivElement,
    private readonly source: RenderSource,
    private readonly picture: Picture,
    private readonly onReady: () => void,
  ) {
    this.stage = new Konva.Stage({ container, width: container.clientWidth || 800, height: container.clientHeight || 600 });
    // Holds the bottom two layers' elements, under the Konva layers' canvases.
    const plane = document.createElement('div');
    plane.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%;overflow:hidden;pointer-events:none';
    this.shown = bitmapCanvas();
    plane.append(picture.element, this.shown);
    this.stage.content.prepend(plane);
    this.overlay = new Konva.Layer({ listening: false, name: 'overlay' });
    this.stage.add(this.overlay);
    const shape = (draw: (ctx: CanvasRenderingContext2D) => void) =>
      new Konva.Shape({ listening: false, sceneFunc: (c) => draw((c as unknown as { _context: CanvasRenderingContext2D })._context) });
    // Other people's cursors and selections over one's own.
    this.overlay.add(shape((ctx) => this.drawActive(ctx)), shape((ctx) => this.drawPeers(ctx)));
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settle?.worker.terminate();
    this.settle = null;
    this.stage.destroy();
  }

  size() {
    return { width: this.stage.width(), height: this.stage.height() };
  }

  resize(width: number, height: number) {
    this.stage.size({ width, height });
    this.settledDirty = true;
    this.invalidate('image', 'settled', 'active', 'peers');
  }

  invalidate(...names: LayerName[]) {
    for (const n of names) this.dirty.add(n);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.drawFrame());
  }

  /** What is settled changed (content, selection, visibility, labels): its bitmap is drawn again, and the active layer with it. */
  redrawSettled() {
    this.settledDirty = true;
    this.startWorkerEarly();
    this.invalidate('settled', 'active');
  }

  /**
   * A big scene's worker is started, and sent the scene, as soon as the scene is known rather than at the
   * next frame's draw: while the editor opens, its start-up and the scene's unpacking then run beside the
   * main thread's first render instead of after it.
   */
  private startWorkerEarly() {
    if (this.settle !== undefined || this.source.scene.order.length < WORKER_FROM) return;
    this.settle = startWorker((m) => this.onWorker(m), () => this.workerFailed());
    // Which worker draws, for a test (or a person at the dev tools) to see that the one prepared for the editor was taken.
    if (this.settle) this.shown.dataset.worker = this.settle.prepared ? 'prepared' : 'own';
    const scene = this.settle?.diff.next(this.source.scene.byId, this.source.scene.order);
    if (scene) this.settle!.worker.postMessage(scene, transferables(scene));
  }

  /** The view moved: every layer follows now; the settled bitmap is drawn again once the view keeps still, and stretched until then. */
  viewMoved() {
    this.invalidate('image', 'settled', 'active', 'peers');
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      // Content changes mark the bitmap dirty themselves; here only a view that moved since it was asked for needs one
      // (the first bitmap is often still in the worker when the fit's timer runs: asking again drew the scene twice).
      const drawn = this.asked;
      const v = this.source.view;
      if (drawn && drawn.scale === v.scale && drawn.x === v.x && drawn.y === v.y) return;
      this.settledDirty = true;
      this.invalidate('settled');
    }, SETTLE_MS);
  }

  /** Says ready once the picture is in and every object has been drawn once. */
  maybeReady() {
    if (this.ready || !this.picture.loaded || !this.settled) return;
    this.ready = true;
    // The first complete frame is on screen after the next paint.
    requestAnimationFrame(() => this.onReady());
  }

  private drawFrame() {
    this.frame = 0;
    const dirty = this.dirty;
    if (dirty.has('image')) this.picture.place(this.source.view, this.source.image.width, this.source.image.height);
    if (this.settledDirty) this.renderSettled();
    if (dirty.has('settled')) this.placeSettled();
    if (dirty.has('active') || dirty.has('peers')) this.drawLayer(this.overlay, this.activeShows() || this.source.peers.length > 0);
    dirty.clear();
  }

  /** A layer with nothing to show is hidden, not cleared: Chromium copies a visible 2D canvas to the compositor every frame, blank or not. */
  private drawLayer(layer: Konva.Layer, shows: boolean) {
    layer.visible(shows);
    if (shows) layer.draw();
  }

  /** Whether drawActive() would draw anything (true when in doubt). */
  private activeShows() {
    const s = this.source;
    return s.selection.length > 0 || s.toolShows() || s.pins.length > 0 || (s.showGrid && s.view.scale >= GRID_SCALE) || !!s.crosshair();
  }

  // ---- the settled layer ----

  /** The settled bitmap where its view's content belongs under the current view, stretched if the scale changed since. */
  private placeSettled() {
    const s = this.settled;
    if (!s) return;
    const v = this.source.view;
    const k = v.scale / s.view.scale;
    const ox = v.x - (s.margin + s.view.x) * k;
    const oy = v.y - (s.margin + s.view.y) * k;
    this.shown.style.transform = `translate(${ox}px,${oy}px) scale(${k})`;
  }

  /**
   * The settled bitmap to draw now: everything that is not being edited, a little larger than the stage. Its view is
   * remembered as asked for (`asked`), whoever then draws it.
   */
  private askSettled(): SettleRequest {
    const src = this.source;
    const { width, height } = this.size();
    const skip = [...src.selection];
    if (src.paintingMask) skip.push(src.paintingMask);
    for (const id of src.hidden) skip.push(id);
    this.asked = src.view;
    return { view: src.view, width, height, margin: Math.round(Math.max(width, height) * 0.25), dpr: window.devicePixelRatio || 1, skip };
  }

  /** Draws the settled bitmap: in the worker for a big scene, here for a small one. */
  private renderSettled() {
    this.settledDirty = false;
    const src = this.source;
    if (src.scene.order.length >= WORKER_FROM) {
      this.startWorkerEarly();
      if (this.settle) {
        this.askWorker(this.settle);
        return;
      }
    }
    const request = this.askSettled();
    const { w, h } = settleSize(request);
    if (this.paper?.width !== w || this.paper.height !== h) this.paper = new OffscreenCanvas(w, h);
    drawSettled(this.paper.getContext('2d')!, request, (b) => src.scene.within(b), (id) => src.scene.boundsOf(id), src);
    this.showSettled(request, this.paper.transferToImageBitmap());
  }

  private askWorker(s: SettleWorker) {
    if (s.busy) {
      s.again = true;
      return;
    }
    const post = (m: ToWorker) => s.worker.postMessage(m, transferables(m));
    const scene = s.diff.next(this.source.scene.byId, this.source.scene.order);
    if (scene) post(scene);
    if (s.labels !== this.source.labels) {
      s.labels = this.source.labels;
      post({ type: 'labels', labels: s.labels.map(({ id, name, color, skeleton }) => ({ id, name, color, skeleton })) });
    }
    s.busy = true;
    post({ type: 'draw', seq: ++s.seq, request: this.askSettled() });
  }

  private onWorker(m: FromWorker) {
    const s = this.settle;
    if (!s || m.seq !== s.seq) return;
    s.busy = false;
    if (m.type === 'failed') {
      this.workerFailed();
      return;
    }
    this.showSettled(m.request, m.bitmap);
    if (s.again) {
      s.again = false;
      this.askWorker(s);
    }
  }

  /** The worker could not start or draw: the main thread draws from now on. */
  private workerFailed() {
    this.settle?.worker.terminate();
    this.settle = null;
    this.redrawSettled();
  }

  /** A finished bitmap goes on screen; the old one stays there until then. */
  private showSettled(r: SettleRequest, bitmap: ImageBitmap) {
    this.shown.style.width = `${r.width + 2 * r.margin}px`;
    this.shown.style.height = `${r.height + 2 * r.margin}px`;
    this.shown.getContext('bitmaprenderer')!.transferFromImageBitmap(bitmap);
    // How many settled bitmaps were shown: for a test to see that nothing is drawn twice.
    this.shown.dataset.settled = String(Number(this.shown.dataset.settled ?? 0) + 1);
    this.settled = { view: r.view, margin: r.margin };
    this.invalidate('settled');
    if (!this.ready) this.maybeReady();
  }

  // ---- the active layer ----

  private drawActive(ctx: CanvasRenderingContext2D) {
    const src = this.source;
    const v = src.view;
    const { width: W, height: H } = this.size();
    ctx.save();
    if (src.showGrid && v.scale >= GRID_SCALE) this.drawGrid(ctx, W, H);
    ctx.transform(v.scale, 0, 0, v.scale, v.x, v.y);
    const sel = src.selected.filter((a) => !src.hidden.has(a.id));
    for (const a of sel) this.drawSelected(ctx, a, src.geometryOf(a));
    ctx.restore();
    src.drawTool(ctx);
    if (sel.length === 1 && !src.readOnly && !src.locked.has(sel[0].id)) drawHandles(ctx, handlesOf(src.geometryOf(sel[0]), v), src.colour(sel[0].labelId));
    this.drawPins(ctx);
    const cross = src.crosshair();
    if (cross) this.drawCrosshair(ctx, cross, W, H);
  }

  private drawSelected(ctx: CanvasRenderingContext2D, a: Annotation, g: ImageGeometry) {
    const s = this.source.view.scale;
    const colour = this.source.colour(a.labelId);
    if (g.type === 'mask') {
      const m = maskBitmap(g, colour);
      if (m && this.source.paintingMask !== a.id) ctx.drawImage(m.canvas, m.x, m.y);
      return;
    }
    const path = new Path2D();
    trace(path, g, 4 / s);
    if (g.type === 'keypoints') traceSkeleton(path, g, this.source.label(a.labelId)?.skeleton?.edges ?? []);
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

  private drawPins(ctx: CanvasRenderingContext2D) {
    for (const p of this.source.pins) {
      const at = p.point ?? (p.annotationId ? anchorOf(this.source.scene, p.annotationId) : null);
      if (!at) continue;
      const [x, y] = toScreen(this.source.view, at.x, at.y);
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

  private drawCrosshair(ctx: CanvasRenderingContext2D, at: Pt, W: number, H: number) {
    const [x, y] = toScreen(this.source.view, ...at);
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
    const { view: v, image } = this.source;
    const r = visibleRect(v, W, H);
    ctx.save();
    ctx.strokeStyle = 'rgba(0,0,0,0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = Math.max(0, Math.floor(r.minX)); x <= Math.min(image.width, Math.ceil(r.maxX)); x++) {
      const sx = Math.round(x * v.scale + v.x) + 0.5;
      ctx.moveTo(sx, 0);
      ctx.lineTo(sx, H);
    }
    for (let y = Math.max(0, Math.floor(r.minY)); y <= Math.min(image.height, Math.ceil(r.maxY)); y++) {
      const sy = Math.round(y * v.scale + v.y) + 0.5;
      ctx.moveTo(0, sy);
      ctx.lineTo(W, sy);
    }
    ctx.stroke();
    ctx.restore();
  }

  // ---- the peers layer ----

  private drawPeers(ctx: CanvasRenderingContext2D) {
    const v = this.source.view;
    for (const p of this.source.peers) {
      ctx.save();
      ctx.strokeStyle = p.color;
      ctx.lineWidth = 2;
      ctx.setLineDash([3, 3]);
      for (const id of p.selection ?? []) {
        const b = this.source.scene.boundsOf(id);
        if (!b) continue;
        const [x0, y0] = toScreen(v, b.minX, b.minY);
        const [x1, y1] = toScreen(v, b.maxX, b.maxY);
        ctx.strokeRect(x0 - 4, y0 - 4, x1 - x0 + 8, y1 - y0 + 8);
        if (p.activity?.annotationId === id) tagAt(ctx, x0 - 4, y1 + 22, `${p.name} · ${p.activity.kind}`, p.color);
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
        tagAt(ctx, 14, 30, p.name, p.color);
      }
      ctx.restore();
    }
  }
}

/** Where a comment pinned to an object sits: its bounds' top right corner. */
export function anchorOf(scene: SceneIndex, id: string): { x: number; y: number } | null {
  const b = scene.boundsOf(id);
  return b ? { x: b.maxX, y: b.minY } : null;
}

/** Name tags as small bitmaps, made once per text and colour: setting a font and shaping text on every peer's cursor move cost more than the rest of the layer. */
const tags = new Map<string, { canvas: OffscreenCanvas; width: number }>();

function tagAt(ctx: CanvasRenderingContext2D, x: number, y: number, text: string, colour: string) {
  const key = `${colour}|${text}`;
  let tag = tags.get(key);
  if (!tag) {
    const dpr = window.devicePixelRatio || 1;
    const measure = new OffscreenCanvas(1, 1).getContext('2d')!;
    measure.font = '12px system-ui, sans-serif';
    const width = Math.ceil(measure.measureText(text).width + 10);
    const canvas = new OffscreenCanvas(Math.ceil(width * dpr), Math.ceil(18 * dpr));
    const c = canvas.getContext('2d')!;
    c.scale(dpr, dpr);
    c.fillStyle = colour;
    c.fillRect(0, 0, width, 18);
    c.font = '12px system-ui, sans-serif';
    c.fillStyle = '#fff';
    c.textBaseline = 'middle';
    c.fillText(text, 5, 9);
    if (tags.size > 200) tags.clear();
    tags.set(key, (tag = { canvas, width }));
  }
  ctx.drawImage(tag.canvas, x, y - 18, tag.width, 18);
}
