import { cache, eventTarget, imageLoader, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation, ToolGroupManager, utilities as toolUtils } from '@cornerstonejs/tools';
import { isPrediction, newId } from '@tessera/web/editor-ui/core';
import { hexRgb } from './geometry';
import type { EngineHost } from './host';
import { isSegment, renderSlice, sliceDiffers, strokeOps, type SegmentBinding } from './segments';
import { BRUSH_TOOLS, CS_OF } from './tools';

/** Cornerstone's tool instances behind our brushes (tools.ts). */
const CS_BRUSHES = new Set(BRUSH_TOOLS.map((t) => CS_OF[t]));

/** A flushed stroke: see `Labelmap.lastStroke`. */
export interface StrokeRecord {
  /** The slices the stroke touched (Cornerstone said they were modified). */
  touched: number[];
  /** Those whose pixels differ from what was last synced: the ones the ops carry. */
  slices: number[];
  ops: number;
  /** The JSON bytes of the ops (0 when there are none). */
  bytes: number;
  /** It could not go out (no right to edit any more) and was taken back on screen. */
  refused?: true;
}

/**
 * The schema's segment labels as one Cornerstone labelmap (one derived image
 * per slice), and its sync with the set: a stroke's changed slices go out as
 * the contracts' RLE ops (segments.ts), slices the set changed are rewritten.
 * Also the segment display (visibility, opacity, outline) and the brush settings.
 */
export class Labelmap {
  readonly segmentationId: string;
  private labelmapIds: string[] = [];
  private width = 0;
  private height = 0;
  /** The labelmap as last synced, per slice (absent: all zero): what a stroke is compared with. */
  private synced = new Map<number, Uint8Array>();
  private dirty = new Set<number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private pointerDown = false;
  private cleanups: (() => void)[] = [];
  brushSize = 10;
  threshold: [number, number] = [20, 200];
  hidden = new Set<string>();
  /** Labels whose pixels no tool may change (Cornerstone's brushes are told too). */
  locked = new Set<string>();
  /** Per label, an opacity that overrides the labelmap's. */
  segmentOpacity = new Map<string, number>();
  opacity = 0.5;
  outline = true;
  /**
   * The last stroke flushed, for the benchmark and tests: the slices it touched, those it changed (what went out)
   * and its ops with their JSON bytes. A stroke over paint already there changes nothing and sends nothing (ops 0),
   * which is not a lost edit: it is told apart here from a stroke never flushed (this stays as it was).
   */
  lastStroke: StrokeRecord | null = null;

  constructor(private readonly h: EngineHost) {
    this.segmentationId = `${h.id}-seg`;
  }

  get made() {
    return this.labelmapIds.length > 0;
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  /** The labels that paint segments, each with its segment index (1, 2, … in schema order). */
  bindings(): SegmentBinding[] {
    return this.h.segmentLabels().map((l, i) => ({ labelId: l.id, segmentIndex: i + 1 }));
  }

  /**
   * The segment a label's model predictions are drawn with, after the people's (N + 1, …, 2N): outlined,
   * not filled, so a prediction stands apart until someone accepts it. No tool paints it, and a
   * stroke never sends it (strokes encode the people's indexes only). Null past the labelmap's 255 values.
   */
  predictionIndexOf(labelId: string): number | null {
    const index = this.indexOf(labelId);
    const n = this.h.segmentLabels().length;
    return index && 2 * n <= 255 ? index + n : null;
  }

  /** Listens for strokes: Cornerstone says which labelmap changed; the slice is the one shown, sent once the pointer is up. */
  listen() {
    const onModified = (e: Event) => {
      const d = (e as CustomEvent<{ segmentationId: string }>).detail;
      if (d.segmentationId !== this.segmentationId || this.h.applying) return;
      // A stack's labelmap is one image per slice: the slice indexes in the event are within that image, so the stroke is on the slice shown.
      this.dirty.add(this.h.viewport()?.getCurrentImageIdIndex() ?? this.h.state.slice);
      this.scheduleFlush();
    };
    eventTarget.addEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onModified);
    const down = () => (this.pointerDown = true);
    const up = () => {
      this.pointerDown = false;
      if (this.dirty.size) this.scheduleFlush(30);
    };
    // Each move of a brush stroke rendered twice: Cornerstone's data-modified handler asks the viewport for the next
    // frame, and its segmentation engine, running in that frame after the render, updates the labelmap's actor and
    // asks for one more. Animation-frame callbacks run in the order asked for, so asking the segmentation engine for
    // its frame before the brush paints (pointer events come before the mouse events Cornerstone's tools follow)
    // puts its update ahead of the render, and both in one frame.
    const move = (e: PointerEvent) => {
      if (this.pointerDown && e.buttons & 1 && this.made && CS_BRUSHES.has(ToolGroupManager.getToolGroup(this.h.toolGroupId)?.getActivePrimaryMouseButtonTool() ?? '')) {
        toolUtils.segmentation.triggerSegmentationRender(this.h.viewportId);
      }
    };
    this.h.element.addEventListener('pointerdown', down);
    this.h.element.addEventListener('pointermove', move, true);
    window.addEventListener('pointerup', up);
    this.cleanups.push(() => {
      eventTarget.removeEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onModified);
      this.h.element.removeEventListener('pointerdown', down);
      this.h.element.removeEventListener('pointermove', move, true);
      window.removeEventListener('pointerup', up);
    });
  }

  /** Makes the labelmap once every slice is loaded: segments named and coloured from the schema, the set painted in. */
  make(width: number, height: number) {
    this.width = width;
    this.height = height;
    const labelmaps = imageLoader.createAndCacheDerivedLabelmapImages([...this.h.imageIds]);
    this.labelmapIds = labelmaps.map((i) => i.imageId);
    const labels = this.h.segmentLabels();
    const segments = Object.fromEntries([
      ...labels.map((l, i) => [i + 1, { segmentIndex: i + 1, label: l.name, locked: false, active: i === 0, cachedStats: {} }]),
      ...labels.flatMap((l) => {
        const index = this.predictionIndexOf(l.id);
        return index ? [[index, { segmentIndex: index, label: `${l.name} (model)`, locked: false, active: false, cachedStats: {} }]] : [];
      }),
    ]);
    segmentation.addSegmentations([
      { segmentationId: this.segmentationId, representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { imageIds: this.labelmapIds } }, config: { label: 'Tessera', segments } },
    ]);
    segmentation.addLabelmapRepresentationToViewport(this.h.viewportId, [{ segmentationId: this.segmentationId }]);
    for (const l of labels) {
      const color = [...hexRgb(l.color), 255] as Types.Color;
      for (const index of [this.indexOf(l.id), this.predictionIndexOf(l.id)]) if (index) segmentation.config.color.setSegmentIndexColor(this.h.viewportId, this.segmentationId, index, color);
    }
    this.applyStyle();
    for (const id of this.locked) this.setLocked(id, true);
    this.h.state = { ...this.h.state, segmentationReady: true };
    this.h.element.dataset.segmentation = 'ready';
    this.repaint(new Set(this.h.annotations.filter(isSegment).flatMap((a) => Object.keys(a.geometry.slices).map(Number))));
    this.activateLabelSegment();
    this.h.changed();
  }

  private labelmapImage(slice: number) {
    const id = this.labelmapIds[slice];
    return id ? cache.getImage(id) : undefined;
  }

  labelmapOf(slice: number): Uint8Array | null {
    const image = this.labelmapImage(slice);
    return image ? ((image.voxelManager?.getScalarData() ?? image.getPixelData()) as Uint8Array) : null;
  }

  /** The chosen label's segment becomes the one the brush paints. */
  activateLabelSegment() {
    if (!this.h.state.segmentationReady || !this.h.labelId) return;
    const index = this.bindings().find((b) => b.labelId === this.h.labelId)?.segmentIndex;
    if (!index) return;
    segmentation.activeSegmentation.setActiveSegmentation(this.h.viewportId, this.segmentationId);
    segmentation.segmentIndex.setActiveSegmentIndex(this.segmentationId, index);
  }

  setBrushSize(size: number) {
    this.brushSize = Math.max(1, Math.min(100, Math.round(size)));
    toolUtils.segmentation.setBrushSizeForToolGroup(this.h.toolGroupId, this.brushSize);
  }

  setThreshold(range: [number, number]) {
    this.threshold = range;
    ToolGroupManager.getToolGroup(this.h.toolGroupId)?.setToolConfiguration('SegThreshold', { threshold: { range, isDynamic: false, dynamicRadius: 0 } });
  }

  setHidden(labelId: string, hidden: boolean) {
    if (hidden) this.hidden.add(labelId);
    else this.hidden.delete(labelId);
    if (!this.h.state.segmentationReady) return;
    for (const index of [this.indexOf(labelId), this.predictionIndexOf(labelId)]) {
      if (index) segmentation.config.visibility.setSegmentIndexVisibility(this.h.viewportId, { segmentationId: this.segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap }, index, !hidden);
    }
  }

  indexOf(labelId: string): number | null {
    return this.bindings().find((b) => b.labelId === labelId)?.segmentIndex ?? null;
  }

  /** The segment indexes of the locked labels. */
  lockedIndexes(): Set<number> {
    const out = new Set<number>();
    for (const id of this.locked) {
      const i = this.indexOf(id);
      if (i) out.add(i);
    }
    return out;
  }

  setLocked(labelId: string, locked: boolean) {
    if (locked) this.locked.add(labelId);
    else this.locked.delete(labelId);
    const index = this.indexOf(labelId);
    if (index && this.made) segmentation.segmentLocking.setSegmentIndexLocked(this.segmentationId, index, locked);
  }

  setSegmentOpacity(labelId: string, opacity: number) {
    this.segmentOpacity.set(labelId, Math.max(0, Math.min(1, opacity)));
    this.applyStyle();
  }

  /** Shows the labelmap as changed under a drag of our own tools (not sent: `commit` does that once the pointer is up). */
  redraw() {
    this.h.applying++;
    try {
      segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(this.segmentationId);
    } finally {
      this.h.applying--;
    }
    this.h.viewport()?.render();
  }

  /** Our own tools changed these slices: they go out now, like a brush stroke's. */
  commit(slices: ReadonlySet<number>) {
    for (const s of slices) this.dirty.add(s);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.flush();
  }

  setOpacity(opacity: number) {
    this.opacity = opacity;
    this.applyStyle();
  }

  toggleOutline() {
    this.outline = !this.outline;
    this.applyStyle();
  }

  private applyStyle() {
    if (!this.made) return;
    segmentation.segmentationStyle.setStyle(
      { viewportId: this.h.viewportId, segmentationId: this.segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap },
      { fillAlpha: this.opacity, fillAlphaInactive: this.opacity, renderOutline: this.outline, renderFill: true },
    );
    for (const [labelId, alpha] of this.segmentOpacity) {
      const segmentIndex = this.indexOf(labelId);
      if (!segmentIndex) continue;
      segmentation.segmentationStyle.setStyle(
        { viewportId: this.h.viewportId, segmentationId: this.segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap, segmentIndex },
        { fillAlpha: alpha, fillAlphaInactive: alpha, outlineOpacity: alpha > 0 ? 1 : 0, renderOutline: this.outline, renderFill: true },
      );
    }
    // Predictions: outline only, always, whatever the people's segments show.
    for (const { labelId } of this.bindings()) {
      const segmentIndex = this.predictionIndexOf(labelId);
      if (!segmentIndex) continue;
      const alpha = this.segmentOpacity.get(labelId) ?? 1;
      segmentation.segmentationStyle.setStyle(
        { viewportId: this.h.viewportId, segmentationId: this.segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap, segmentIndex },
        { renderFill: false, renderFillInactive: false, fillAlpha: 0, fillAlphaInactive: 0, renderOutline: true, renderOutlineInactive: true, outlineWidth: 2, outlineWidthInactive: 2, outlineOpacity: alpha > 0 ? 1 : 0, outlineOpacityInactive: alpha > 0 ? 1 : 0 },
      );
    }
    this.h.viewport()?.render();
  }

  private scheduleFlush(ms = 250) {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.pointerDown) return;
      this.flush();
    }, ms);
  }

  /**
   * The slices a stroke touched, compared with what was last synced: ops for those that changed.
   * A stroke that cannot go out (read-only by now, or the host refuses its ops because the rights went)
   * is not kept on screen as if saved, nor kept to be sent later to whoever then holds the set: its slices
   * are painted back from the set and the user is told (`notSaved`).
   */
  flush() {
    if (!this.dirty.size) return;
    if (this.h.readOnly) return this.takeBack([...this.dirty]);
    const changed = new Map<number, Uint8Array>();
    for (const s of this.dirty) {
      const now = this.labelmapOf(s);
      if (!now) continue;
      const before = this.synced.get(s);
      if (before ? sliceDiffers(before, now) : now.some((v) => v !== 0)) changed.set(s, now);
    }
    const touched = [...this.dirty];
    this.dirty.clear();
    const ops = changed.size ? strokeOps({ changed, width: this.width, height: this.height, bindings: this.bindings(), annotations: this.h.annotations, newId }) : [];
    for (const [s, now] of changed) this.remember(s, now);
    this.lastStroke = { touched, slices: [...changed.keys()], ops: ops.length, bytes: ops.length ? JSON.stringify(ops).length : 0 };
    this.h.element.dataset.strokes = String(Number(this.h.element.dataset.strokes ?? 0) + 1);
    if (ops.length && !this.h.emit(ops)) this.takeBack(touched);
  }

  /** The set's paint back on these slices, in place of a stroke that was not taken. */
  private takeBack(slices: number[]) {
    this.dirty.clear();
    this.lastStroke = { touched: slices, slices: [], ops: 0, bytes: 0, refused: true };
    // `repaint` renders the set as it is (pending ops included) and marks it as what was last synced.
    this.repaint(new Set(slices));
    this.h.notSaved();
  }

  private remember(slice: number, now: Uint8Array) {
    if (now.some((v) => v !== 0)) this.synced.set(slice, now.slice());
    else this.synced.delete(slice);
  }

  /** Rewrites the labelmap slices the set changed on (a peer's stroke, an undo, a reload). */
  repaint(slices: Set<number>) {
    if (!this.made || !slices.size) return;
    const index = new Map(this.bindings().map((b) => [b.labelId, b.segmentIndex]));
    const predictionIndex = new Map(this.bindings().map((b) => [b.labelId, this.predictionIndexOf(b.labelId)]));
    // Predictions first: where a person's segment covers one, the person's is what shows.
    const ordered = [...this.h.annotations.filter(isPrediction), ...this.h.annotations.filter((a) => !isPrediction(a))];
    this.h.applying++;
    try {
      for (const s of slices) {
        const image = this.labelmapImage(s);
        if (!image) continue;
        const lm = new Uint8Array(this.width * this.height);
        renderSlice(lm, s, this.width, this.height, ordered, (a) => (isPrediction(a) ? predictionIndex.get(a.labelId) : index.get(a.labelId)) ?? null);
        if (image.voxelManager) image.voxelManager.setFromScalarData(lm);
        else (image.getPixelData() as Uint8Array).set(lm);
        this.remember(s, lm);
        this.dirty.delete(s);
      }
      segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(this.segmentationId);
      this.h.viewport()?.render();
    } finally {
      this.h.applying--;
    }
  }

  /** The segment indexes a slice shows (for tests: a prediction's are past the people's). */
  indexesOn(slice: number): number[] {
    const lm = this.labelmapOf(slice);
    return lm ? [...new Set(lm)].filter((v) => v).sort((a, b) => a - b) : [];
  }

  /** Pixels painted on a slice's labelmap (any segment): for tests. */
  paintedOn(slice: number): number {
    const lm = this.labelmapOf(slice);
    let n = 0;
    if (lm) for (let i = 0; i < lm.length; i++) if (lm[i]) n++;
    return n;
  }

  destroy() {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
    for (const c of this.cleanups) c();
    try {
      if (this.made) segmentation.removeSegmentation(this.segmentationId);
    } catch {
      /* already gone */
    }
  }
}
