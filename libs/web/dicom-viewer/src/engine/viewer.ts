import {
  cache, Enums as CoreEnums, eventTarget, imageLoader, metaData, RenderingEngine, utilities as csUtils, type StackViewport, type Types,
} from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, segmentation, ToolGroupManager, utilities as toolUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { Annotation, EditOp, Label } from '@tessera/contracts';
import { newId } from '@tessera/web/editor-ui/core';
import { ensureCornerstone } from './cornerstone';
import { CT_PRESETS, autoWindow, voiRange, windowOf, type PresetName } from './presets';
import { changedSlices, isSegment, renderSlice, sliceDiffers, strokeOps, type SegmentBinding } from './segments';
import { roiStats, type RoiStats } from './stats';

/** The viewer's tools: what the primary mouse button does. */
export const VIEWER_TOOLS = ['windowLevel', 'pan', 'zoom', 'brush', 'eraser', 'threshold', 'length', 'rectangle', 'ellipse', 'angle', 'bidirectional', 'probe'] as const;
export type ViewerTool = (typeof VIEWER_TOOLS)[number];

/** Measurement tools and the contract's geometry type each writes. */
const MEASURE: Partial<Record<ViewerTool, { cs: string; geometry: 'length' | 'rectangle' | 'ellipse' | 'angle' | 'bidirectional' }>> = {
  length: { cs: 'Length', geometry: 'length' },
  rectangle: { cs: 'RectangleROI', geometry: 'rectangle' },
  ellipse: { cs: 'EllipticalROI', geometry: 'ellipse' },
  angle: { cs: 'Angle', geometry: 'angle' },
  bidirectional: { cs: 'Bidirectional', geometry: 'bidirectional' },
};
const CS_OF: Record<string, string> = {
  windowLevel: 'WindowLevel', pan: 'Pan', zoom: 'Zoom', brush: 'SegBrush', eraser: 'SegEraser', threshold: 'SegThreshold', probe: 'Probe',
  ...Object.fromEntries(Object.entries(MEASURE).map(([k, v]) => [k, v!.cs])),
};
const GEOMETRY_TOOL: Record<string, ViewerTool> = Object.fromEntries(Object.entries(MEASURE).map(([k, v]) => [v!.geometry, k as ViewerTool]));
export const SEGMENT_TOOLS: readonly ViewerTool[] = ['brush', 'eraser', 'threshold'];
export const MEASURE_TOOLS = Object.keys(MEASURE) as ViewerTool[];

export interface ViewerOptions {
  element: HTMLDivElement;
  labels: readonly Label[];
  readOnly: boolean;
  onOps: (ops: EditOp[]) => void;
  onReady?: () => void;
}

/** What the overlays and panels show; changes bump `revision`. */
export interface ViewState {
  slice: number;
  slices: number;
  /** Image position of the slice shown (mm). */
  position: readonly number[] | null;
  window: { center: number; width: number } | null;
  invert: boolean;
  modality: string;
  seriesDescription: string;
  /** Slices loaded so far (the first one shown is the middle). */
  loaded: number;
  /** Every slice loaded and the labelmap made: painting works. */
  segmentationReady: boolean;
  zoom: number;
}

let counter = 0;

/**
 * One series in a Cornerstone3D stack viewport: window/level, presets,
 * slices, the labelmap of the schema's segment labels and the measurement
 * tools. Changes made here go out as the contracts' ops; the set as it is
 * live comes back in through `setAnnotations`, the way the image editor's
 * engine works. No React and no HTTP.
 */
export class DicomEngine {
  readonly id = `dv-${++counter}`;
  private readonly viewportId = `${this.id}-stack`;
  private readonly toolGroupId = `${this.id}-tools`;
  private readonly segmentationId = `${this.id}-seg`;
  private engine: RenderingEngine | null = null;
  private imageIds: string[] = [];
  private labelmapIds: string[] = [];
  private width = 0;
  private height = 0;
  private destroyed = false;
  private annotations: readonly Annotation[] = [];
  /** The labelmap as last synced, per slice (absent: all zero): what a stroke is compared with. */
  private synced = new Map<number, Uint8Array>();
  private dirty = new Set<number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private pointerDown = false;
  private applying = 0;
  private listeners = new Set<() => void>();
  private cleanups: (() => void)[] = [];
  private measureTimers = new Map<string, ReturnType<typeof setTimeout>>();
  revision = 0;
  tool: ViewerTool = 'windowLevel';
  labelId: string | null = null;
  brushSize = 10;
  threshold: [number, number] = [20, 200];
  preset: PresetName | null = null;
  hidden = new Set<string>();
  opacity = 0.5;
  outline = true;
  readOnly: boolean;
  labels: readonly Label[];
  state: ViewState = { slice: 0, slices: 0, position: null, window: null, invert: false, modality: '', seriesDescription: '', loaded: 0, segmentationReady: false, zoom: 1 };

  constructor(private readonly o: ViewerOptions) {
    this.readOnly = o.readOnly;
    this.labels = o.labels;
    this.labelId = this.segmentLabels()[0]?.id ?? o.labels[0]?.id ?? null;
  }

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  private changed() {
    this.revision++;
    for (const fn of this.listeners) fn();
  }

  /** The labels that paint segments, each with its segment index (1, 2, … in schema order). */
  segmentLabels(): Label[] {
    return this.labels.filter((l) => l.tools.includes('segment'));
  }

  private bindings(): SegmentBinding[] {
    return this.segmentLabels().map((l, i) => ({ labelId: l.id, segmentIndex: i + 1 }));
  }

  private viewport(): StackViewport | null {
    return (this.engine?.getViewport(this.viewportId) as StackViewport | undefined) ?? null;
  }

  /** Opens a series: `urls` are the instances in slice order (signed URLs or object URLs). The middle slice is shown first. */
  async open(urls: readonly string[]) {
    await ensureCornerstone();
    if (this.destroyed) return;
    this.imageIds = urls.map((u) => `wadouri:${new URL(u, window.location.href).href}`);
    this.engine = new RenderingEngine(`${this.id}-engine`);
    this.engine.enableElement({ viewportId: this.viewportId, type: CoreEnums.ViewportType.STACK, element: this.o.element });
    // Cornerstone makes its element focusable, and its key listener there swallows every key (preventDefault):
    // focus goes to the viewer's stage instead, so the shortcut registry gets the keys.
    this.o.element.removeAttribute('tabindex');
    this.setUpTools();
    const vp = this.viewport()!;
    const middle = Math.floor(this.imageIds.length / 2);
    const el = this.o.element;
    const onRendered = () => this.readView();
    el.addEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
    el.addEventListener(CoreEnums.Events.VOI_MODIFIED, onRendered);
    this.cleanups.push(() => {
      el.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
      el.removeEventListener(CoreEnums.Events.VOI_MODIFIED, onRendered);
    });
    await vp.setStack(this.imageIds, middle);
    if (this.destroyed) return;
    vp.render();
    this.baseScale = vp.getCamera().parallelScale ?? null;
    const first = cache.getImage(this.imageIds[middle]);
    this.width = first?.columns ?? 0;
    this.height = first?.rows ?? 0;
    this.state = { ...this.state, slices: this.imageIds.length, loaded: 1, modality: this.meta<{ modality?: string }>('generalSeriesModule', middle)?.modality ?? '' };
    if (this.state.modality !== 'CT') this.applyWindow(this.autoWindowOf(middle));
    this.readView();
    this.o.element.dataset.ready = 'true';
    this.o.onReady?.();
    await this.loadAll(middle);
    if (this.destroyed) return;
    this.makeSegmentation();
  }

  /** Every slice, outwards from the middle, a few at a time. */
  private async loadAll(middle: number) {
    const order = [...this.imageIds.keys()].sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle));
    let next = 0;
    const worker = async () => {
      while (next < order.length && !this.destroyed) {
        const i = order[next++];
        await imageLoader.loadAndCacheImage(this.imageIds[i]).catch(() => undefined);
        this.state = { ...this.state, loaded: this.state.loaded + (i === middle ? 0 : 1) };
        if (this.state.loaded % 10 === 0) this.changed();
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    this.changed();
  }

  private setUpTools() {
    const group = ToolGroupManager.createToolGroup(this.toolGroupId)!;
    group.addViewport(this.viewportId, `${this.id}-engine`);
    for (const name of ['WindowLevel', 'Pan', 'Zoom', 'StackScroll', 'Probe', ...MEASURE_TOOLS.map((t) => MEASURE[t]!.cs)]) group.addTool(name);
    group.addToolInstance('SegBrush', 'Brush', { activeStrategy: 'FILL_INSIDE_CIRCLE' });
    group.addToolInstance('SegEraser', 'Brush', { activeStrategy: 'ERASE_INSIDE_CIRCLE' });
    group.addToolInstance('SegThreshold', 'Brush', { activeStrategy: 'THRESHOLD_INSIDE_CIRCLE', threshold: { range: this.threshold, isDynamic: false, dynamicRadius: 0 } });
    group.setToolActive('Pan', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    group.setToolActive('Zoom', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    group.setToolActive('StackScroll', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
    for (const t of MEASURE_TOOLS) group.setToolPassive(MEASURE[t]!.cs);
    this.setTool(this.tool);
    toolUtils.segmentation.setBrushSizeForToolGroup(this.toolGroupId, this.brushSize);

    const onModified = (e: Event) => {
      const d = (e as CustomEvent<{ segmentationId: string; modifiedSlicesToUse?: number[] }>).detail;
      if (d.segmentationId !== this.segmentationId || this.applying) return;
      // A stack's labelmap is one image per slice: the slice indexes in the event are within that image, so the stroke is on the slice shown.
      this.dirty.add(this.viewport()?.getCurrentImageIdIndex() ?? this.state.slice);
      this.scheduleFlush();
    };
    eventTarget.addEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onModified);
    const down = () => (this.pointerDown = true);
    const up = () => {
      this.pointerDown = false;
      if (this.dirty.size) this.scheduleFlush(30);
    };
    this.o.element.addEventListener('pointerdown', down);
    window.addEventListener('pointerup', up);
    const onCompleted = (e: Event) => this.measurementChanged((e as CustomEvent<{ annotation: ToolTypes.Annotation }>).detail.annotation, true);
    const onMeasureModified = (e: Event) => this.measurementChanged((e as CustomEvent<{ annotation: ToolTypes.Annotation }>).detail.annotation, false);
    const onRemoved = (e: Event) => this.measurementRemoved((e as CustomEvent<{ annotation: ToolTypes.Annotation }>).detail.annotation);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onMeasureModified);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
    this.cleanups.push(() => {
      eventTarget.removeEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onModified);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onMeasureModified);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
      this.o.element.removeEventListener('pointerdown', down);
      window.removeEventListener('pointerup', up);
    });
  }

  private meta<T = Record<string, unknown>>(module: string, slice: number): T | undefined {
    const id = this.imageIds[slice];
    return id ? (metaData.get(module, id) as T | undefined) : undefined;
  }

  private readView() {
    const vp = this.viewport();
    if (!vp || !this.imageIds.length) return;
    const slice = vp.getCurrentImageIdIndex();
    if (this.wanted === slice) this.wanted = null;
    const props = vp.getProperties();
    const plane = this.meta<{ imagePositionPatient?: number[] }>('imagePlaneModule', slice);
    const series = this.meta<{ seriesDescription?: string; modality?: string }>('generalSeriesModule', slice);
    const cam = vp.getCamera();
    const base = this.baseScale ?? (this.baseScale = cam.parallelScale ?? 1);
    this.state = {
      ...this.state,
      slice,
      position: plane?.imagePositionPatient ?? null,
      window: props.voiRange ? windowOf(props.voiRange) : null,
      invert: !!props.invert,
      seriesDescription: series?.seriesDescription ?? '',
      modality: series?.modality ?? this.state.modality,
      zoom: base / (cam.parallelScale || base),
    };
    this.o.element.dataset.slice = String(slice);
    this.changed();
  }

  private baseScale: number | null = null;

  // ——— view ———

  setTool(tool: ViewerTool) {
    const group = ToolGroupManager.getToolGroup(this.toolGroupId);
    if ((this.readOnly && (SEGMENT_TOOLS.includes(tool) || MEASURE_TOOLS.includes(tool))) || !group) {
      if (!group) this.tool = tool;
      return;
    }
    const before = CS_OF[this.tool];
    if (before && before !== CS_OF[tool]) {
      if (MEASURE_TOOLS.includes(this.tool) || this.tool === 'probe') group.setToolPassive(before);
      else group.setToolDisabled(before);
    }
    this.tool = tool;
    group.setToolActive(CS_OF[tool], { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    if (SEGMENT_TOOLS.includes(tool)) this.activateLabelSegment();
    this.changed();
  }

  /** The slice asked for and not drawn yet: keys pressed faster than slices draw add up from it. */
  private wanted: number | null = null;

  async setSlice(slice: number) {
    const vp = this.viewport();
    if (!vp) return;
    const s = Math.max(0, Math.min(this.imageIds.length - 1, Math.round(slice)));
    if (s === vp.getCurrentImageIdIndex()) {
      this.wanted = null;
      return;
    }
    this.wanted = s;
    await vp.setImageIdIndex(s);
  }

  scroll(delta: number) {
    return this.setSlice((this.wanted ?? this.state.slice) + delta);
  }

  applyWindow(w: { center: number; width: number }) {
    const vp = this.viewport();
    if (!vp) return;
    vp.setProperties({ voiRange: voiRange(w.center, w.width) });
    vp.render();
  }

  setPreset(name: PresetName) {
    this.preset = name;
    this.applyWindow(name === 'auto' ? this.autoWindowOf(this.state.slice) : CT_PRESETS[name]);
  }

  private autoWindowOf(slice: number) {
    const image = cache.getImage(this.imageIds[slice]);
    if (!image) return CT_PRESETS.softTissue;
    const scaled = !!image.preScale?.scaled;
    return autoWindow(image.getPixelData(), scaled ? 1 : image.slope, scaled ? 0 : image.intercept);
  }

  toggleInvert() {
    const vp = this.viewport();
    if (!vp) return;
    vp.setProperties({ invert: !vp.getProperties().invert });
    vp.render();
  }

  zoomBy(factor: number) {
    const vp = this.viewport();
    if (!vp) return;
    const cam = vp.getCamera();
    vp.setCamera({ parallelScale: (cam.parallelScale ?? 1) / factor });
    vp.render();
    this.readView();
  }

  fit() {
    const vp = this.viewport();
    if (!vp) return;
    vp.resetCamera();
    vp.render();
    this.baseScale = vp.getCamera().parallelScale ?? null;
    this.readView();
  }

  resize() {
    this.engine?.resize(true, true);
  }

  // ——— segmentation ———

  private makeSegmentation() {
    const labelmaps = imageLoader.createAndCacheDerivedLabelmapImages(this.imageIds);
    this.labelmapIds = labelmaps.map((i) => i.imageId);
    const segments = Object.fromEntries(
      this.segmentLabels().map((l, i) => [i + 1, { segmentIndex: i + 1, label: l.name, locked: false, active: i === 0, cachedStats: {} }]),
    );
    segmentation.addSegmentations([
      { segmentationId: this.segmentationId, representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { imageIds: this.labelmapIds } }, config: { label: 'Tessera', segments } },
    ]);
    segmentation.addLabelmapRepresentationToViewport(this.viewportId, [{ segmentationId: this.segmentationId }]);
    this.segmentLabels().forEach((l, i) => segmentation.config.color.setSegmentIndexColor(this.viewportId, this.segmentationId, i + 1, [...hexRgb(l.color), 255] as Types.Color));
    this.applyStyle();
    this.state = { ...this.state, segmentationReady: true };
    this.o.element.dataset.segmentation = 'ready';
    this.repaint(new Set(this.annotations.filter(isSegment).flatMap((a) => Object.keys(a.geometry.slices).map(Number))));
    this.activateLabelSegment();
    this.changed();
  }

  private labelmapImage(slice: number) {
    const id = this.labelmapIds[slice];
    return id ? cache.getImage(id) : undefined;
  }

  private labelmapOf(slice: number): Uint8Array | null {
    const image = this.labelmapImage(slice);
    return image ? ((image.voxelManager?.getScalarData() ?? image.getPixelData()) as Uint8Array) : null;
  }

  private activateLabelSegment() {
    if (!this.state.segmentationReady || !this.labelId) return;
    const index = this.bindings().find((b) => b.labelId === this.labelId)?.segmentIndex;
    if (!index) return;
    segmentation.activeSegmentation.setActiveSegmentation(this.viewportId, this.segmentationId);
    segmentation.segmentIndex.setActiveSegmentIndex(this.segmentationId, index);
  }

  chooseLabel(labelId: string) {
    this.labelId = labelId;
    this.activateLabelSegment();
    this.changed();
  }

  setBrushSize(size: number) {
    this.brushSize = Math.max(1, Math.min(100, Math.round(size)));
    toolUtils.segmentation.setBrushSizeForToolGroup(this.toolGroupId, this.brushSize);
    this.changed();
  }

  setThreshold(range: [number, number]) {
    this.threshold = range;
    ToolGroupManager.getToolGroup(this.toolGroupId)?.setToolConfiguration('SegThreshold', { threshold: { range, isDynamic: false, dynamicRadius: 0 } });
    this.changed();
  }

  setHidden(labelId: string, hidden: boolean) {
    if (hidden) this.hidden.add(labelId);
    else this.hidden.delete(labelId);
    const index = this.bindings().find((b) => b.labelId === labelId)?.segmentIndex;
    if (index && this.state.segmentationReady) segmentation.config.visibility.setSegmentIndexVisibility(this.viewportId, { segmentationId: this.segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap }, index, !hidden);
    this.changed();
  }

  setOpacity(opacity: number) {
    this.opacity = opacity;
    this.applyStyle();
    this.changed();
  }

  toggleOutline() {
    this.outline = !this.outline;
    this.applyStyle();
    this.changed();
  }

  private applyStyle() {
    if (!this.labelmapIds.length) return;
    segmentation.segmentationStyle.setStyle(
      { viewportId: this.viewportId, segmentationId: this.segmentationId, type: ToolEnums.SegmentationRepresentations.Labelmap },
      { fillAlpha: this.opacity, fillAlphaInactive: this.opacity, renderOutline: this.outline, renderFill: true },
    );
    this.viewport()?.render();
  }

  private scheduleFlush(ms = 250) {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.pointerDown) return;
      this.flush();
    }, ms);
  }

  /** The slices a stroke touched, compared with what was last synced: ops for those that changed. */
  flush() {
    if (!this.dirty.size || this.readOnly) return;
    const changed = new Map<number, Uint8Array>();
    for (const s of this.dirty) {
      const now = this.labelmapOf(s);
      if (!now) continue;
      const before = this.synced.get(s);
      if (before ? sliceDiffers(before, now) : now.some((v) => v !== 0)) changed.set(s, now);
    }
    this.dirty.clear();
    if (!changed.size) return;
    const ops = strokeOps({ changed, width: this.width, height: this.height, bindings: this.bindings(), annotations: this.annotations, newId });
    for (const [s, now] of changed) this.remember(s, now);
    this.lastStroke = { slices: [...changed.keys()], bytes: JSON.stringify(ops).length };
    this.o.element.dataset.strokes = String(Number(this.o.element.dataset.strokes ?? 0) + 1);
    if (ops.length) this.o.onOps(ops);
  }

  /** The last stroke's slices and the bytes of its ops, for the benchmark and tests. */
  lastStroke: { slices: number[]; bytes: number } | null = null;

  private remember(slice: number, now: Uint8Array) {
    if (now.some((v) => v !== 0)) this.synced.set(slice, now.slice());
    else this.synced.delete(slice);
  }

  /** Rewrites the labelmap slices the set changed on (a peer's stroke, an undo, a reload). */
  private repaint(slices: Set<number>) {
    if (!this.labelmapIds.length || !slices.size) return;
    const index = new Map(this.bindings().map((b) => [b.labelId, b.segmentIndex]));
    this.applying++;
    try {
      for (const s of slices) {
        const image = this.labelmapImage(s);
        if (!image) continue;
        const lm = new Uint8Array(this.width * this.height);
        renderSlice(lm, s, this.width, this.height, this.annotations, (a) => index.get(a.labelId) ?? null);
        if (image.voxelManager) image.voxelManager.setFromScalarData(lm);
        else (image.getPixelData() as Uint8Array).set(lm);
        this.remember(s, lm);
        this.dirty.delete(s);
      }
      segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(this.segmentationId);
      this.viewport()?.render();
    } finally {
      this.applying--;
    }
  }

  // ——— the set ———

  setAnnotations(next: readonly Annotation[]) {
    const before = this.annotations;
    this.annotations = next;
    if (this.state.segmentationReady) this.repaint(changedSlices(before, next));
    this.syncMeasurements();
    this.changed();
  }

  setLabels(labels: readonly Label[]) {
    this.labels = labels;
    if (!this.labelId || !labels.some((l) => l.id === this.labelId)) this.labelId = this.segmentLabels()[0]?.id ?? labels[0]?.id ?? null;
    this.changed();
  }

  setReadOnly(readOnly: boolean) {
    this.readOnly = readOnly;
    if (readOnly && (SEGMENT_TOOLS.includes(this.tool) || MEASURE_TOOLS.includes(this.tool))) this.setTool('windowLevel');
    this.changed();
  }

  get annotationsNow() {
    return this.annotations;
  }

  // ——— measurements ———

  /** The label a new measurement of this tool takes: the chosen one if it allows the tool, else the first that does. */
  labelFor(geometry: string): Label | undefined {
    const chosen = this.labels.find((l) => l.id === this.labelId);
    if (chosen?.tools.includes(geometry as never)) return chosen;
    return this.labels.find((l) => l.tools.includes(geometry as never));
  }

  private sliceOfImage(imageId: string | undefined): number {
    const i = imageId ? this.imageIds.indexOf(imageId) : -1;
    return i < 0 ? this.state.slice : i;
  }

  private measurementChanged(a: ToolTypes.Annotation, completed: boolean) {
    const meta = a.metadata;
    if (this.applying || !meta || !a.annotationUID) return;
    const tool = Object.values(MEASURE).find((m) => m!.cs === meta.toolName);
    if (!tool || this.readOnly) return;
    const id = a.annotationUID;
    const known = this.annotations.find((x) => x.id === id);
    if (!completed && !known) return;
    const run = () => {
      const points = pointsOf(tool.geometry, a.data.handles?.points ?? []);
      if (!points) return;
      const sliceIndex = this.sliceOfImage(meta.referencedImageId);
      const geometry = { type: tool.geometry, sliceIndex, points } as Annotation['geometry'];
      if (!known) {
        const label = this.labelFor(tool.geometry);
        if (!label) {
          this.applying++;
          csAnnotation.state.removeAnnotation(id);
          this.applying--;
          return;
        }
        this.o.onOps([{ type: 'create', annotation: { id, labelId: label.id, geometry } }]);
      } else {
        this.o.onOps([{ type: 'update', id, patch: { geometry } }]);
      }
    };
    clearTimeout(this.measureTimers.get(id));
    if (completed) run();
    else this.measureTimers.set(id, setTimeout(run, 300));
  }

  private measurementRemoved(a: ToolTypes.Annotation) {
    if (this.applying || this.readOnly || !a.annotationUID) return;
    if (this.annotations.some((x) => x.id === a.annotationUID)) this.o.onOps([{ type: 'delete', id: a.annotationUID }]);
  }

  deleteAnnotation(id: string) {
    if (this.readOnly) return;
    this.o.onOps([{ type: 'delete', id }]);
  }

  /** Cornerstone's annotation state follows the set: new ones added, changed ones moved, gone ones removed. */
  private syncMeasurements() {
    if (!this.imageIds.length) return;
    const ours = new Map(this.annotations.filter((a) => GEOMETRY_TOOL[a.geometry.type]).map((a) => [a.id, a]));
    this.applying++;
    try {
      for (const existing of csAnnotation.state.getAllAnnotations()) {
        const tool = Object.values(MEASURE).find((m) => m!.cs === existing.metadata?.toolName);
        if (!tool || !existing.annotationUID) continue;
        const mine = ours.get(existing.annotationUID);
        if (!mine) {
          if (this.annotations.length || this.knownMeasurements.has(existing.annotationUID)) csAnnotation.state.removeAnnotation(existing.annotationUID);
          continue;
        }
        const g = mine.geometry as { points: number[][] };
        const target = cornerstonePoints(mine.geometry.type, g.points);
        const current = existing.data.handles?.points ?? [];
        if (JSON.stringify(pointsOf(tool.geometry, current)) !== JSON.stringify(g.points) && existing.data.handles) {
          existing.data.handles.points = target as Types.Point3[];
          existing.invalidated = true;
        }
        ours.delete(existing.annotationUID);
      }
      for (const a of ours.values()) {
        const g = a.geometry as { type: string; sliceIndex: number; points: number[][] };
        const imageId = this.imageIds[g.sliceIndex];
        if (!imageId) continue;
        const plane = metaData.get('imagePlaneModule', imageId) as { frameOfReferenceUID?: string; rowCosines?: number[]; columnCosines?: number[] } | undefined;
        const row = plane?.rowCosines ?? [1, 0, 0];
        const col = plane?.columnCosines ?? [0, 1, 0];
        const normal = cross(row, col);
        csAnnotation.state.addAnnotation({
          annotationUID: a.id,
          highlighted: false,
          invalidated: true,
          isLocked: this.readOnly,
          isVisible: true,
          metadata: {
            toolName: MEASURE[GEOMETRY_TOOL[g.type]]!.cs, referencedImageId: imageId, FrameOfReferenceUID: plane?.frameOfReferenceUID ?? '',
            viewPlaneNormal: normal as Types.Point3, viewUp: col.map((v) => -v) as Types.Point3,
          },
          data: { handles: { points: cornerstonePoints(g.type, g.points, row, col) as Types.Point3[], activeHandleIndex: null, textBox: { hasMoved: false, worldPosition: [0, 0, 0], worldBoundingBox: undefined as never } }, cachedStats: {}, label: '' },
        } as unknown as ToolTypes.Annotation, this.o.element);
      }
      this.knownMeasurements = new Set(this.annotations.filter((a) => GEOMETRY_TOOL[a.geometry.type]).map((a) => a.id));
    } finally {
      this.applying--;
    }
    this.viewport()?.render();
  }

  private knownMeasurements = new Set<string>();

  /** HU statistics of an ROI measurement, from the slice's own pixels. */
  statsOf(a: Annotation): RoiStats | null {
    const g = a.geometry;
    if (g.type !== 'rectangle' && g.type !== 'ellipse') return null;
    const imageId = this.imageIds[g.sliceIndex];
    const image = imageId ? cache.getImage(imageId) : undefined;
    if (!image) return null;
    const px = (p: readonly number[]) => csUtils.worldToImageCoords(imageId, p as Types.Point3) ?? [0, 0];
    let region;
    if (g.type === 'rectangle') {
      const [a0, a1] = g.points.map(px);
      region = { type: 'rectangle' as const, x0: a0[0], y0: a0[1], x1: a1[0], y1: a1[1] };
    } else {
      const [top, bottom, left, right] = g.points.map(px);
      region = {
        type: 'ellipse' as const, cx: (left[0] + right[0]) / 2, cy: (top[1] + bottom[1]) / 2,
        rx: Math.hypot(right[0] - left[0], right[1] - left[1]) / 2, ry: Math.hypot(bottom[0] - top[0], bottom[1] - top[1]) / 2,
      };
    }
    const scaled = !!image.preScale?.scaled;
    const spacing = [image.rowPixelSpacing ?? 1, image.columnPixelSpacing ?? 1] as const;
    return roiStats({ pixels: image.getPixelData(), width: image.columns, height: image.rows, spacing, slope: scaled ? 1 : image.slope, intercept: scaled ? 0 : image.intercept }, region);
  }

  /** Where an image pixel (column, row) of the slice shown is on the page: for tests and the benchmark. */
  pagePointOf(col: number, row: number): { x: number; y: number } | null {
    const vp = this.viewport();
    const imageId = this.imageIds[this.state.slice];
    if (!vp || !imageId) return null;
    const world = csUtils.imageToWorldCoords(imageId, [col, row]);
    if (!world) return null;
    const [cx, cy] = vp.worldToCanvas(world);
    const r = this.o.element.getBoundingClientRect();
    return { x: r.left + cx, y: r.top + cy };
  }

  /** Pixels painted on a slice's labelmap (any segment): for tests. */
  paintedOn(slice: number): number {
    const lm = this.labelmapOf(slice);
    let n = 0;
    if (lm) for (let i = 0; i < lm.length; i++) if (lm[i]) n++;
    return n;
  }

  jumpTo(a: Annotation) {
    const g = a.geometry as { sliceIndex?: number; slices?: Record<string, unknown> };
    if (typeof g.sliceIndex === 'number') void this.setSlice(g.sliceIndex);
    else if (g.slices) {
      const keys = Object.keys(g.slices).map(Number).sort((x, y) => x - y);
      if (keys.length) void this.setSlice(keys[Math.floor(keys.length / 2)]);
    }
  }

  destroy() {
    this.destroyed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
    for (const t of this.measureTimers.values()) clearTimeout(t);
    for (const c of this.cleanups) c();
    try {
      if (this.labelmapIds.length) segmentation.removeSegmentation(this.segmentationId);
    } catch {
      /* already gone */
    }
    for (const a of csAnnotation.state.getAllAnnotations()) if (this.knownMeasurements.has(a.annotationUID!)) csAnnotation.state.removeAnnotation(a.annotationUID!);
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    this.engine?.destroy();
    this.engine = null;
  }
}

function hexRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h.slice(0, 6);
  const n = parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const round3 = (p: readonly number[]) => p.slice(0, 3).map((v) => Math.round(v * 1000) / 1000) as [number, number, number];

/** Cornerstone's handle points → the contract's (a rectangle keeps two opposite corners). */
function pointsOf(geometry: string, points: readonly (readonly number[])[]): [number, number, number][] | null {
  const need = { length: 2, rectangle: 4, ellipse: 4, angle: 3, bidirectional: 4 }[geometry] ?? 0;
  if (points.length < need) return null;
  if (geometry === 'rectangle') return [round3(points[0]), round3(points[3])];
  return points.slice(0, need).map(round3);
}

/** The contract's points → Cornerstone's handles (a rectangle's four corners from two, along the slice's row and column). */
function cornerstonePoints(type: string, points: readonly (readonly number[])[], row = [1, 0, 0], col = [0, 1, 0]): number[][] {
  if (type !== 'rectangle') return points.map((p) => [...p]);
  const [a, b] = points;
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const along = d[0] * row[0] + d[1] * row[1] + d[2] * row[2];
  const p1 = [a[0] + along * row[0], a[1] + along * row[1], a[2] + along * row[2]];
  const down = d[0] * col[0] + d[1] * col[1] + d[2] * col[2];
  const p2 = [a[0] + down * col[0], a[1] + down * col[1], a[2] + down * col[2]];
  return [[...a], p1, p2, [...b]];
}

const cross = (a: readonly number[], b: readonly number[]) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
