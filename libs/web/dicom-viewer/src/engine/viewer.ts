import { cache, Enums as CoreEnums, imageLoader, metaData, RenderingEngine, type StackViewport, type Types } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';
import type { Annotation, DicomInstanceGeometry, EditOp, Label } from '@tessera/contracts';
import { ensureCornerstone, warmGlInformation, warmTextureProbe } from './cornerstone';
import { blendTranslucentLayers } from './render-pass';
import type { EngineHost, ViewerOptions, ViewState } from './host';
import { Labelmap } from './labelmap';
import { Measurements } from './measurements';
import { Mpr, type MprView } from './mpr';
import { segHostOf } from './seg-host';
import { forgetGeometry, rememberGeometry, seriesFrameOfReference } from './series-meta';
import { isOwnSegTool, SegInteraction, type RegionGrowSettings } from './seg-interaction';
import { CT_PRESETS, autoWindow, voiRange, windowOf, type PresetName } from './presets';
import { changedSlices } from './segments';
import type { RoiStats } from './stats';
import { elementPointOf, elementPointOfWorld, imagePointAt, pagePointOf, pinAnchor, type SliceShown } from './view-points';
import { applyCanvasWords, createToolGroup, MEASURE_TOOLS, SEGMENT_TOOLS, switchPrimaryTool, type CanvasWords, type ViewerTool } from './tools';

export { VIEWER_TOOLS, SEGMENT_TOOLS, MEASURE_TOOLS, type ViewerTool } from './tools';
export type { ViewerOptions, ViewState } from './host';

let counter = 0;

/**
 * One series in a Cornerstone3D stack viewport: loading (middle slice first),
 * the view (slice, window/level, presets, invert, zoom) and the primary tool.
 * The labelmap (labelmap.ts) and the measurements (measurements.ts) are its
 * parts; their public methods are forwarded here so the UI talks to one
 * object. Changes made here go out as the contracts' ops; the set as it is
 * live comes back in through `setAnnotations`, the way the image editor's
 * engine works. No React and no HTTP.
 */
export class DicomEngine implements EngineHost {
  readonly id = `dv-${++counter}`;
  readonly viewportId = `${this.id}-stack`;
  readonly toolGroupId = `${this.id}-tools`;
  readonly element: HTMLDivElement;
  private engine: RenderingEngine | null = null;
  imageIds: string[] = [];
  private destroyed = false;
  annotations: readonly Annotation[] = [];
  applying = 0;
  private listeners = new Set<() => void>();
  /** Those who show only the view (slice, position, window, zoom, loading): the overlay, the slider, the peers' cursors. */
  private viewListeners = new Set<() => void>();
  private cleanups: (() => void)[] = [];
  private baseScale: number | null = null;
  /** The slice asked for and not drawn yet: keys pressed faster than slices draw add up from it. */
  private wanted: number | null = null;
  /** Resolves once every slice is loaded and the labelmap made (MPR needs every slice's geometry: wadouri has it only from the file). */
  private allLoaded: Promise<void>;
  private loadedAll!: () => void;
  /** Every slice's geometry came with the file list: MPR builds its volume at once and streams the slices in. */
  private geometryKnown = false;
  private mprView: Mpr | null = null;
  private mprFrame = 0;
  /** Bumped by every start and stop: a start still waiting for the slices gives up when it changed. */
  private mprGeneration = 0;
  readonly seg: Labelmap;
  readonly measurements: Measurements;
  /** Region grow, scissors, the sphere brush and fill holes (seg-interaction.ts). */
  readonly segTools: SegInteraction;
  revision = 0;
  /** Bumped by every change, and alone by a change of the view only (`viewChanged`). */
  viewRevision = 0;
  tool: ViewerTool = 'windowLevel';
  labelId: string | null = null;
  preset: PresetName | null = null;
  readOnly: boolean;
  labels: readonly Label[];
  state: ViewState = {
    slice: 0, slices: 0, position: null, window: null, invert: false, modality: '', seriesDescription: '', loaded: 0, segmentationReady: false, zoom: 1,
    mpr: 'closed', mprLoaded: 0,
  };

  constructor(private readonly o: ViewerOptions) {
    this.element = o.element;
    // Written by `readView` (not by React, which would re-render the viewer for them): the view as tests read it.
    this.element.dataset.window = '';
    this.element.dataset.invert = 'false';
    this.readOnly = o.readOnly;
    this.labels = o.labels;
    this.labelId = this.segmentLabels()[0]?.id ?? o.labels[0]?.id ?? null;
    this.seg = new Labelmap(this);
    this.measurements = new Measurements(this);
    this.allLoaded = new Promise((resolve) => (this.loadedAll = resolve));
    this.segTools = new SegInteraction(segHostOf(this, this.seg), () => this.changed());
    this.segTools.radius = this.seg.brushSize;
  }

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  changed() {
    this.revision++;
    this.viewRevision++;
    for (const fn of this.listeners) fn();
    for (const fn of this.viewListeners) fn();
  }

  subscribeView(fn: () => void) {
    this.viewListeners.add(fn);
    return () => void this.viewListeners.delete(fn);
  }

  /**
   * The view moved (a slice, the window, the zoom, loading progress): only what
   * shows the view renders again, not the whole viewer with its toolbar and
   * panels. Every scroll step and every tenth loaded slice comes here; a
   * whole-viewer render for each had cost most of a scroll frame.
   */
  viewChanged() {
    this.viewRevision++;
    for (const fn of this.viewListeners) fn();
  }

  emit(ops: EditOp[]): boolean {
    return this.o.onOps(ops) !== false;
  }

  /** The measurement selected, in the panel or on the canvas: what a review comment is pinned to. */
  selectedId: string | null = null;

  /** Selects a measurement (null: none) and shows it; `report` false when the host asked (its `focusId`), so it is not told back. */
  select(id: string | null, report = true) {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.measurements.highlight(id);
    this.changed();
    if (report) this.o.onSelectionChange?.(id ? [id] : []);
  }

  /** The measurement under a page point on the slice shown (see Measurements.idAt). */
  measurementAt(clientX: number, clientY: number): string | null {
    return this.measurements.idAt(clientX, clientY);
  }

  notSaved() {
    this.element.dataset.notSaved = String(Number(this.element.dataset.notSaved ?? 0) + 1);
    this.o.onNotSaved?.();
  }

  /** The labels that paint segments, each with its segment index (1, 2, … in schema order). */
  segmentLabels(): Label[] {
    return this.labels.filter((l) => l.tools.includes('segment'));
  }

  viewport(): StackViewport | null {
    return (this.engine?.getViewport(this.viewportId) as StackViewport | undefined) ?? null;
  }

  /**
   * Opens a series: `urls` are the instances in slice order (signed URLs or object URLs). The middle slice is
   * shown first. `series.geometry` (the file list's, one per URL) lets MPR start before every file is loaded.
   */
  async open(urls: readonly string[], series?: { geometry?: readonly (DicomInstanceGeometry | null | undefined)[]; modality?: string }) {
    performance.mark('tessera:dicom:open');
    // The series' length is known from its file list: the overlay says which slice is on its way from the start.
    this.state = { ...this.state, slices: urls.length, slice: Math.floor(urls.length / 2) };
    this.changed();
    await ensureCornerstone();
    if (this.destroyed) return;
    performance.mark('tessera:dicom:cornerstone-ready');
    this.imageIds = urls.map((u) => `wadouri:${new URL(u, window.location.href).href}`);
    this.geometryKnown = rememberGeometry(this.imageIds, series?.geometry, series?.modality ?? '');
    this.engine = new RenderingEngine(`${this.id}-engine`);
    this.engine.enableElement({ viewportId: this.viewportId, type: CoreEnums.ViewportType.STACK, element: this.element });
    blendTranslucentLayers(this.viewport()!);
    // Cornerstone makes its element focusable, and its key listener there swallows every key (preventDefault):
    // focus goes to the viewer's stage instead, so the shortcut registry gets the keys.
    this.element.removeAttribute('tabindex');
    createToolGroup({ toolGroupId: this.toolGroupId, viewportIds: [this.viewportId], engineId: `${this.id}-engine`, threshold: this.seg.threshold, brushSize: this.seg.brushSize });
    this.setTool(this.tool);
    if (this.o.canvasWords) applyCanvasWords(this.toolGroupId, this.o.canvasWords);
    this.seg.listen();
    this.measurements.listen();
    const vp = this.viewport()!;
    const middle = Math.floor(this.imageIds.length / 2);
    const el = this.element;
    const onRendered = () => this.readView();
    el.addEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
    el.addEventListener(CoreEnums.Events.VOI_MODIFIED, onRendered);
    this.cleanups.push(() => {
      el.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
      el.removeEventListener(CoreEnums.Events.VOI_MODIFIED, onRendered);
    });
    const shown = vp.setStack(this.imageIds, middle);
    shown.catch(() => undefined); // awaited below; not an unhandled rejection should it fail while the probe waits
    // Once the first slice's request has gone out and its decoding can run in the worker (a task later).
    await new Promise((r) => setTimeout(r, 0));
    warmTextureProbe();
    await shown;
    if (this.destroyed) return;
    performance.mark('tessera:dicom:first-slice-loaded');
    if (this.geometryKnown) seriesFrameOfReference(this.imageIds, this.meta<{ frameOfReferenceUID?: string }>('imagePlaneModule', middle)?.frameOfReferenceUID);
    vp.render();
    this.baseScale = vp.getCamera().parallelScale ?? null;
    const first = cache.getImage(this.imageIds[middle]);
    this.state = { ...this.state, slices: this.imageIds.length, loaded: 1, modality: this.meta<{ modality?: string }>('generalSeriesModule', middle)?.modality ?? '' };
    if (this.state.modality !== 'CT') this.applyWindow(this.autoWindowOf(middle));
    this.readView();
    this.element.dataset.ready = 'true';
    performance.mark('tessera:dicom:first-image');
    this.changed();
    this.o.onReady?.();
    // The rest of the series loads once the first image is on screen: started at once, its fetches and decodes
    // took the frames that draw it (the dicom bench's first image came 1.1 s after it was ready to draw).
    await this.painted();
    if (this.destroyed) return;
    warmGlInformation(this.engine, this.viewportId);
    await this.loadAll(middle);
    if (this.destroyed) return;
    // The set's measurements on slices that were not loaded when it came are drawn now (see Measurements.add).
    this.measurements.sync();
    this.seg.make(first?.columns ?? 0, first?.rows ?? 0);
    // After the labelmap: an MPR asked for early then shows it too.
    this.loadedAll();
  }

  /** After the next render of the viewport and a frame; at most a short wait, should no frame come (a hidden tab). */
  private painted(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.element.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
        resolve();
      };
      const onRendered = () => requestAnimationFrame(done);
      const timer = setTimeout(done, 500);
      this.element.addEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
    });
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
        if (this.state.loaded % 10 === 0) this.viewChanged();
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    this.changed();
  }

  private meta<T = Record<string, unknown>>(module: string, slice: number): T | undefined {
    const id = this.imageIds[slice];
    return id ? (metaData.get(module, id) as T | undefined) : undefined;
  }

  /** What the view showed when its listeners were last told (readView). */
  private shownView = '';

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
    const before = this.state;
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
    const el = this.element;
    el.dataset.slice = String(slice);
    el.dataset.window = this.state.window ? `${Math.round(this.state.window.width)}/${Math.round(this.state.window.center)}` : '';
    el.dataset.invert = this.state.invert ? 'true' : 'false';
    // Every render comes here (one per move of a brush stroke): the overlay, the slider and the pins render again only
    // when what they show, or where they stand on the canvas, has changed.
    const s = this.state;
    const shown = [slice, s.position?.join(), s.window?.center, s.window?.width, s.invert, s.seriesDescription, s.modality, s.zoom, cam.focalPoint?.join(), vp.canvas.width, vp.canvas.height].join('|');
    if (shown === this.shownView) return;
    this.shownView = shown;
    // The toolbar shows invert; the rest only the overlay and the slider do.
    if (before.invert !== this.state.invert || before.modality !== this.state.modality || before.seriesDescription !== this.state.seriesDescription) this.changed();
    else this.viewChanged();
  }

  // ——— view ———

  setTool(tool: ViewerTool) {
    const group = ToolGroupManager.getToolGroup(this.toolGroupId);
    if (!group) {
      this.tool = tool;
      return;
    }
    if (this.readOnly && (SEGMENT_TOOLS.includes(tool) || MEASURE_TOOLS.includes(tool))) return;
    switchPrimaryTool(this.toolGroupId, this.tool, tool);
    this.tool = tool;
    this.segTools.tool = isOwnSegTool(tool) ? tool : null;
    if (SEGMENT_TOOLS.includes(tool)) this.seg.activateLabelSegment();
    this.changed();
  }

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
    if (this.mprView?.ready) return this.mprView.scroll(delta);
    return this.setSlice((this.wanted ?? this.state.slice) + delta);
  }

  applyWindow(w: { center: number; width: number }) {
    const vp = this.viewport();
    if (!vp) return;
    vp.setProperties({ voiRange: voiRange(w.center, w.width) });
    vp.render();
    this.mprView?.applyWindow(w);
  }

  setPreset(name: PresetName) {
    this.preset = name;
    this.applyWindow(name === 'auto' ? this.autoWindowOf(this.state.slice) : CT_PRESETS[name]);
    this.changed();
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
    const invert = !vp.getProperties().invert;
    vp.setProperties({ invert });
    vp.render();
    this.mprView?.applyWindow(null, invert);
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

  /** The UI's language changed: Cornerstone's on-canvas measurement text follows. */
  setCanvasWords(words: CanvasWords) {
    this.o.canvasWords = words;
    applyCanvasWords(this.toolGroupId, words);
    this.viewport()?.render();
  }

  resize() {
    this.engine?.resize(true, true);
    this.mprView?.resize();
  }

  // ——— cine ———

  /** Frames per second of cine; `cineTimer` is set while it plays. */
  fps = 10;
  private cineTimer: ReturnType<typeof setInterval> | null = null;

  get playing() {
    return this.cineTimer !== null;
  }

  /** Plays the slices in a loop (in MPR, the view last pointed at), or stops. */
  toggleCine(play = !this.playing) {
    if (this.cineTimer) clearInterval(this.cineTimer);
    this.cineTimer = null;
    if (play) {
      this.cineTimer = setInterval(() => {
        if (this.mprView?.ready) return this.mprView.scroll(1, true);
        // A slice not drawn yet is not skipped: cine waits for it.
        if (this.wanted !== null) return;
        void this.setSlice(this.state.slice + 1 >= this.state.slices ? 0 : this.state.slice + 1);
      }, 1000 / this.fps);
    }
    this.element.dataset.cine = play ? 'playing' : 'paused';
    this.changed();
  }

  setFps(fps: number) {
    this.fps = Math.max(1, Math.min(60, Math.round(fps)));
    if (this.playing) this.toggleCine(true);
    else this.changed();
  }

  // ——— MPR (mpr.ts) ———

  /** Asks for MPR open or closed; the UI then gives the three elements to `startMpr` (or calls `stopMpr`). */
  toggleMpr(open = this.state.mpr === 'closed') {
    if (open === (this.state.mpr !== 'closed')) return;
    if (!open) this.stopMpr();
    this.state = { ...this.state, mpr: open ? 'loading' : 'closed', mprLoaded: 0 };
    this.changed();
  }

  get mpr() {
    return this.mprView;
  }

  /**
   * Shows the series' volume in the three elements. With the file list's geometry the volume is made at once
   * and fills as slices arrive (it shares the stack's loads: one fetch and decode per slice); without it,
   * only once every slice is loaded (wadouri knows a slice's place only from its file).
   */
  async startMpr(elements: Record<MprView, HTMLDivElement>) {
    this.stopMpr();
    const generation = this.mprGeneration;
    if (!this.geometryKnown) await this.allLoaded;
    if (this.destroyed || this.state.mpr === 'closed' || generation !== this.mprGeneration) return;
    const vp = this.viewport();
    const mpr = new Mpr({
      id: this.id,
      imageIds: this.imageIds,
      elements,
      window: this.state.window,
      invert: !!vp?.getProperties().invert,
      segmentationId: this.seg.made ? this.seg.segmentationId : null,
      onProgress: (loaded) => {
        this.state = { ...this.state, mprLoaded: loaded };
        this.mprChanged();
      },
      onRendered: () => this.mprChanged(),
    });
    this.mprView = mpr;
    // The labelmap is made once every slice is loaded: an MPR opened before shows it from then on.
    if (!this.seg.made) {
      void this.allLoaded.then(() => {
        if (this.mprView === mpr && this.seg.made) mpr.showSegmentation(this.seg.segmentationId);
      });
    }
    try {
      await mpr.open();
    } catch (e) {
      console.error('MPR could not open', e);
      if (this.mprView === mpr) this.toggleMpr(false);
      return;
    }
    if (this.mprView !== mpr) return;
    this.state = { ...this.state, mpr: 'ready' };
    this.element.dataset.mpr = 'ready';
    this.changed();
  }

  stopMpr() {
    this.mprGeneration++;
    this.mprView?.close();
    this.mprView = null;
    delete this.element.dataset.mpr;
  }

  /**
   * The panes' slice labels and loading count follow the MPR views at most once a frame, as view changes: the
   * toolbar and panels did not change, and rendering them on every view's draw took ~0.9 s of the main thread
   * while the volume streamed in (profiled on the dicom bench). Opening and ready go through `changed`.
   */
  private mprChanged() {
    if (this.mprFrame) return;
    this.mprFrame = requestAnimationFrame(() => {
      this.mprFrame = 0;
      this.viewChanged();
    });
  }

  // ——— segmentation (labelmap.ts) ———

  get brushSize() { return this.seg.brushSize; }
  get threshold() { return this.seg.threshold; }
  get hidden(): ReadonlySet<string> { return this.seg.hidden; }
  get opacity() { return this.seg.opacity; }
  get outline() { return this.seg.outline; }
  /** The last stroke flushed (its slices, ops and their bytes; ops 0 when it changed nothing), for the benchmark and tests. */
  get lastStroke() { return this.seg.lastStroke; }

  chooseLabel(labelId: string) {
    this.labelId = labelId;
    this.seg.activateLabelSegment();
    this.changed();
  }

  setBrushSize(size: number) {
    this.seg.setBrushSize(size);
    this.segTools.radius = this.seg.brushSize;
    this.changed();
  }
  setGrow(settings: Partial<RegionGrowSettings>) {
    const next = { ...this.segTools.grow, ...settings };
    this.segTools.grow = { ...next, tolerance: Math.max(1, Math.min(1000, Math.round(next.tolerance))) };
    this.changed();
  }
  /** Fills holes in the chosen label's segment on every slice; the number of slices changed. */
  fillHoles(): number {
    if (this.readOnly || !this.state.segmentationReady) return 0;
    const n = this.segTools.fillHoles().size;
    this.changed();
    return n;
  }
  isLocked(labelId: string) { return this.seg.locked.has(labelId); }
  setLocked(labelId: string, locked: boolean) { this.seg.setLocked(labelId, locked); this.changed(); }
  segmentOpacity(labelId: string) { return this.seg.segmentOpacity.get(labelId) ?? this.seg.opacity; }
  setSegmentOpacity(labelId: string, opacity: number) { this.seg.setSegmentOpacity(labelId, opacity); this.changed(); }
  setThreshold(range: [number, number]) { this.seg.setThreshold(range); this.changed(); }
  setHidden(labelId: string, hidden: boolean) { this.seg.setHidden(labelId, hidden); this.changed(); }
  setOpacity(opacity: number) { this.seg.setOpacity(opacity); this.changed(); }
  toggleOutline() { this.seg.toggleOutline(); this.changed(); }
  flush() { this.seg.flush(); }
  paintedOn(slice: number) { return this.seg.paintedOn(slice); }
  indexesOn(slice: number) { return this.seg.indexesOn(slice); }

  // ——— the set ———

  setAnnotations(next: readonly Annotation[]) {
    const before = this.annotations;
    this.annotations = next;
    if (this.state.segmentationReady) this.seg.repaint(changedSlices(before, next));
    this.measurements.sync();
    // The selected measurement was deleted (here or by someone else): nothing is selected, and the host hears it.
    // One selected before the set arrived (a comment's link) is shown once it is there.
    const id = this.selectedId;
    if (id && before.some((a) => a.id === id) && !next.some((a) => a.id === id)) this.select(null);
    else if (id) this.measurements.highlight(id);
    this.changed();
  }

  setLabels(labels: readonly Label[]) {
    this.labels = labels;
    if (!this.labelId || !labels.some((l) => l.id === this.labelId)) this.labelId = this.segmentLabels()[0]?.id ?? labels[0]?.id ?? null;
    this.changed();
  }

  setReadOnly(readOnly: boolean) {
    if (readOnly === this.readOnly) return;
    // What was painted while it could edit goes out now, not after: the host and then the server decide at this
    // moment whether it is still taken (a refusal takes it back on screen, see Labelmap.flush).
    if (readOnly) {
      this.seg.flush();
      this.measurements.flush();
    }
    this.readOnly = readOnly;
    this.measurements.lockAll(readOnly);
    if (readOnly && (SEGMENT_TOOLS.includes(this.tool) || MEASURE_TOOLS.includes(this.tool))) this.setTool('windowLevel');
    this.changed();
  }

  get annotationsNow() {
    return this.annotations;
  }

  // ——— measurements (measurements.ts) ———

  labelFor(geometry: string): Label | undefined { return this.measurements.labelFor(geometry); }
  statsOf(a: Annotation): RoiStats | null { return this.measurements.statsOf(a); }

  deleteAnnotation(id: string) {
    if (this.readOnly) return;
    this.emit([{ type: 'delete', id }]);
  }

  /** The slice shown, for the conversions of view-points.ts. */
  private shown(): SliceShown {
    return { viewport: this.viewport(), imageId: this.imageIds[this.state.slice], element: this.element, slice: this.state.slice };
  }

  /** Where an image pixel (column, row) of the slice shown is on the page: for tests and the benchmark. */
  pagePointOf(col: number, row: number) { return pagePointOf(this.shown(), col, row); }
  /** The pixel (column, row) and slice under a page point, for presence. */
  imagePointAt(clientX: number, clientY: number) { return imagePointAt(this.shown(), clientX, clientY); }
  elementPointOf(col: number, row: number) { return elementPointOf(this.shown(), col, row); }
  elementPointOfWorld(world: Types.Point3) { return elementPointOfWorld(this.shown(), world); }
  anchorOf(annotationId: string) { return pinAnchor(this.annotations, annotationId); }

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
    if (this.cineTimer) clearInterval(this.cineTimer);
    this.stopMpr();
    if (this.mprFrame) cancelAnimationFrame(this.mprFrame);
    this.segTools.destroy();
    this.seg.destroy();
    this.measurements.destroy();
    for (const c of this.cleanups) c();
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    this.engine?.destroy();
    this.engine = null;
    forgetGeometry(this.imageIds);
  }
}
