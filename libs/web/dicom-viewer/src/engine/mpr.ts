import {
  cache, Enums as CoreEnums, eventTarget, RenderingEngine, setVolumesForViewports, utilities as csUtils, volumeLoader, type Types, type VolumeViewport,
} from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation, ToolGroupManager } from '@cornerstonejs/tools';
import { voiRange } from './presets';

export const MPR_VIEWS = ['axial', 'sagittal', 'coronal'] as const;
export type MprView = (typeof MPR_VIEWS)[number];

const ORIENTATION: Record<MprView, CoreEnums.OrientationAxis> = {
  axial: CoreEnums.OrientationAxis.AXIAL,
  sagittal: CoreEnums.OrientationAxis.SAGITTAL,
  coronal: CoreEnums.OrientationAxis.CORONAL,
};
/** Each view's reference-line colour in the other two (and its frame colour in the UI). */
export const MPR_COLOURS: Record<MprView, string> = { axial: '#ff4d4f', sagittal: '#fadb14', coronal: '#52c41a' };
/**
 * While slices stream in, the views draw at most this often. Cornerstone's own
 * redraw every 2 % of the slices drew the three views 50 times over a slow
 * load, each a software-rasterised frame (SwiftShader's GPU process) competing
 * with the decoding for the same cores.
 */
const STREAM_RENDER_MS = 1500;

export interface MprOptions {
  /** Unique per viewer: names the rendering engine, viewports, tool group and volume. */
  id: string;
  imageIds: readonly string[];
  elements: Record<MprView, HTMLDivElement>;
  window: { center: number; width: number } | null;
  invert: boolean;
  /** The stack's labelmap, shown in the three views when Cornerstone can (or later: `showSegmentation`). */
  segmentationId: string | null;
  /** Called as the volume streams in and when each view draws. */
  onProgress: (loaded: number, total: number) => void;
  /** A view drew (a scroll, the crosshairs moved): overlays update. */
  onRendered: () => void;
}

/**
 * Axial, sagittal and coronal volume viewports on one streaming volume of the
 * series, with crosshairs (reference lines; dragging the centre moves the
 * other two views' slices) in their own rendering engine and tool group, so
 * opening and closing MPR leaves the stack viewport as it was. The volume
 * takes the images the stack already has in Cornerstone's cache, and shares
 * the loads of those still on their way (no second download or decode); it
 * is dropped from the cache on close.
 */
export class Mpr {
  private engine: RenderingEngine | null = null;
  private readonly toolGroupId: string;
  readonly volumeId: string;
  private closed = false;
  /** Every slice is in the volume and the three views have drawn it. */
  ready = false;
  loaded = 0;
  /** The view the slider, the wheel and the keys scroll: the one last pointed at, or chosen with Alt+V. */
  active: MprView = 'axial';
  private cleanups: (() => void)[] = [];
  /** The labelmap shown in the three views, once it is. */
  private segmentationId: string | null = null;
  private viewsSet = false;
  private shown = false;

  constructor(private readonly o: MprOptions) {
    this.toolGroupId = `${o.id}-mpr-tools`;
    this.volumeId = `cornerstoneStreamingImageVolume:${o.id}-volume`;
  }

  viewportId(view: MprView) {
    return `${this.o.id}-mpr-${view}`;
  }

  viewport(view: MprView): VolumeViewport | null {
    return (this.engine?.getViewport(this.viewportId(view)) as VolumeViewport | undefined) ?? null;
  }

  async open(): Promise<void> {
    const { elements } = this.o;
    this.engine = new RenderingEngine(`${this.o.id}-mpr-engine`);
    this.engine.setViewports(
      MPR_VIEWS.map((view) => ({
        viewportId: this.viewportId(view),
        type: CoreEnums.ViewportType.ORTHOGRAPHIC,
        element: elements[view],
        defaultOptions: { orientation: ORIENTATION[view], background: [0, 0, 0] as Types.Point3 },
      })),
    );
    for (const view of MPR_VIEWS) {
      const el = elements[view];
      // As for the stack: Cornerstone's own key handling would swallow the viewer's keys.
      el.removeAttribute('tabindex');
      const point = () => this.activate(view);
      const rendered = () => this.o.onRendered();
      el.addEventListener('pointerdown', point);
      el.addEventListener('wheel', point, { passive: true });
      el.addEventListener(CoreEnums.Events.IMAGE_RENDERED, rendered);
      this.cleanups.push(() => {
        el.removeEventListener('pointerdown', point);
        el.removeEventListener('wheel', point);
        el.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, rendered);
      });
    }
    this.setUpTools();

    const volume = await volumeLoader.createAndCacheVolume(this.volumeId, { imageIds: [...this.o.imageIds] });
    if (this.closed) return;
    const total = this.o.imageIds.length;
    (volume as unknown as { autoRenderOnLoad: boolean }).autoRenderOnLoad = false;
    let renderedAt = performance.now();
    // Cornerstone 5 calls the load callback only once the last slice is in: progress comes from its per-slice event.
    const modified = (e: Event) => {
      const d = (e as CustomEvent<{ volumeId: string; framesProcessed?: number }>).detail;
      if (d.volumeId !== this.volumeId || this.closed) return;
      this.loaded = d.framesProcessed ?? this.loaded;
      // Every tenth slice: each progress report re-renders the viewer's overlays.
      if (this.loaded % 10 === 0) this.o.onProgress(this.loaded, total);
      if (this.viewsSet && this.loaded < total && performance.now() - renderedAt >= STREAM_RENDER_MS) {
        renderedAt = performance.now();
        this.engine?.render();
      }
    };
    eventTarget.addEventListener(CoreEnums.Events.IMAGE_VOLUME_MODIFIED, modified);
    this.cleanups.push(() => eventTarget.removeEventListener(CoreEnums.Events.IMAGE_VOLUME_MODIFIED, modified));
    const done = new Promise<void>((resolve) => {
      (volume as unknown as { load(cb: (e: { framesProcessed?: number; framesLoaded?: number }) => void): void }).load((e) => {
        this.loaded = e.framesProcessed ?? e.framesLoaded ?? this.loaded;
        if (this.loaded >= total) resolve();
      });
    });
    const ids = MPR_VIEWS.map((v) => this.viewportId(v));
    await setVolumesForViewports(this.engine, [{ volumeId: this.volumeId }], ids);
    if (this.closed) return;
    this.viewsSet = true;
    this.applyWindow(this.o.window, this.o.invert);
    this.showSegmentation(this.segmentationId ?? this.o.segmentationId);
    this.engine.render();
    // The three views show the volume (as far as it has arrived): for the timeline tool.
    performance.mark('tessera:dicom:mpr-views-set');
    await done;
    if (this.closed) return;
    this.engine.render();
    await this.drawn();
    this.ready = true;
    this.o.onProgress(total, total);
  }

  /** Resolves once each view has rendered at least once after the volume completed. */
  private drawn(): Promise<void> {
    return Promise.all(
      MPR_VIEWS.map(
        (view) =>
          new Promise<void>((resolve) => {
            const el = this.o.elements[view];
            const on = () => {
              el.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, on);
              resolve();
            };
            el.addEventListener(CoreEnums.Events.IMAGE_RENDERED, on);
            this.viewport(view)?.render();
          }),
      ),
    ).then(() => undefined);
  }

  private setUpTools() {
    const group = ToolGroupManager.createToolGroup(this.toolGroupId)!;
    for (const v of MPR_VIEWS) group.addViewport(this.viewportId(v), `${this.o.id}-mpr-engine`);
    group.addTool('Crosshairs', {
      getReferenceLineColor: (viewportId: string) => MPR_COLOURS[MPR_VIEWS.find((v) => this.viewportId(v) === viewportId) ?? 'axial'],
      getReferenceLineControllable: () => true,
      getReferenceLineDraggableRotatable: () => true,
      getReferenceLineSlabThicknessControlsOn: () => false,
    });
    group.addTool('Pan');
    group.addTool('Zoom');
    group.addTool('StackScroll');
    group.addTool('WindowLevel');
    group.setToolActive('Crosshairs', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    group.setToolActive('Pan', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    group.setToolActive('Zoom', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    group.setToolActive('StackScroll', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
    // Window/level with Shift+drag, since the primary button belongs to the crosshairs.
    group.setToolActive('WindowLevel', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary, modifierKey: ToolEnums.KeyboardBindings.Shift }] });
  }

  /**
   * The stack's labelmap in the three views; Cornerstone builds a volume of the labelmap's images for them.
   * Asked before the views have their volume, it waits for them.
   */
  showSegmentation(segmentationId: string | null) {
    if (!segmentationId || this.closed) return;
    if (!this.viewsSet) {
      this.segmentationId = segmentationId;
      return;
    }
    if (this.segmentationId === segmentationId && this.shown) return;
    this.segmentationId = segmentationId;
    this.shown = true;
    for (const v of MPR_VIEWS) {
      try {
        segmentation.addLabelmapRepresentationToViewport(this.viewportId(v), [{ segmentationId }]);
      } catch (e) {
        console.warn('MPR: the labelmap cannot be shown in', v, e);
      }
    }
    this.engine?.render();
  }

  applyWindow(w: { center: number; width: number } | null, invert?: boolean) {
    for (const v of MPR_VIEWS) {
      const vp = this.viewport(v);
      if (!vp) continue;
      vp.setProperties({ ...(w ? { voiRange: voiRange(w.center, w.width) } : {}), ...(invert === undefined ? {} : { invert }) });
      vp.render();
    }
  }

  /** Makes `view` the active one; the slider and the frames follow. */
  activate(view: MprView) {
    if (this.active === view) return;
    this.active = view;
    this.o.onRendered();
  }

  nextView() {
    this.activate(MPR_VIEWS[(MPR_VIEWS.indexOf(this.active) + 1) % MPR_VIEWS.length]);
  }

  /** Scrolls the view last pointed at by `delta` slices (the crosshairs follow in the other two). */
  scroll(delta: number, loop = false) {
    const vp = this.viewport(this.active);
    if (!vp) return;
    const at = this.sliceOf(this.active);
    // Cine: from the last slice back to the first.
    if (loop && at && at.index + delta >= at.count) csUtils.scroll(vp as unknown as Parameters<typeof csUtils.scroll>[0], { delta: -at.index });
    else csUtils.scroll(vp as unknown as Parameters<typeof csUtils.scroll>[0], { delta });
  }

  /** Slice index and count of a view, for its overlay. */
  sliceOf(view: MprView): { index: number; count: number } | null {
    const vp = this.viewport(view);
    if (!vp) return null;
    try {
      const info = csUtils.getVolumeViewportScrollInfo(vp, this.volumeId);
      return { index: info.currentStepIndex, count: info.numScrollSteps + 1 };
    } catch {
      return null;
    }
  }

  resize() {
    this.engine?.resize(true, true);
  }

  close() {
    this.closed = true;
    for (const c of this.cleanups) c();
    if (this.shown && this.segmentationId) {
      for (const v of MPR_VIEWS) {
        try {
          segmentation.removeSegmentationRepresentations(this.viewportId(v), { segmentationId: this.segmentationId });
        } catch {
          /* not shown there */
        }
      }
    }
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    this.engine?.destroy();
    this.engine = null;
    // The volume's images stay cached for the stack; the volume itself (and its texture) goes.
    try {
      cache.removeVolumeLoadObject(this.volumeId);
    } catch {
      /* never made */
    }
  }
}
