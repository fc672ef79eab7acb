// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration has no import to carry it into the apps that bundle this file
/// <reference path="./vtk-modules.d.ts" />
import { init as initCore, type RenderingEngine } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import {
  addTool, AngleTool, BidirectionalTool, BrushTool, CrosshairsTool, EllipticalROITool, init as initTools, LengthTool, PanTool, ProbeTool,
  RectangleROITool, StackScrollTool, WindowLevelTool, ZoomTool, RegionSegmentTool, RectangleScissorsTool, CircleScissorsTool, PaintFillTool,
} from '@cornerstonejs/tools';
import supportsNorm16LinearCached from '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear.js';

let ready: Promise<void> | null = null;

/**
 * Cornerstone started once per page: the core, its tools, and the DICOM
 * loader with its decoding worker. The worker and its codecs are bundled
 * by Vite into our own assets, so nothing is fetched from elsewhere.
 */
export function ensureCornerstone(): Promise<void> {
  ready ??= (async () => {
    // One WebGL context per rendering engine, not Cornerstone's default pool of seven, made eagerly when the
    // engine is: the stack engine draws one viewport and the MPR engine three that take turns anyway, and each
    // context costs its creation (seconds in a software rasterizer on a loaded machine, measured on the dicom
    // bench) and counts towards the browser's limit of live contexts per page (16 in Chromium).
    initCore({ rendering: { webGlContextCount: 1 }, debug: {} });
    dicomImageLoader.init({ maxWebWorkers: 1 });
    initTools();
    for (const tool of [
      PanTool, ZoomTool, WindowLevelTool, StackScrollTool, BrushTool, LengthTool, RectangleROITool, EllipticalROITool, AngleTool,
      BidirectionalTool, ProbeTool, CrosshairsTool, RegionSegmentTool, RectangleScissorsTool, CircleScissorsTool, PaintFillTool,
    ]) addTool(tool);
  })();
  return ready;
}

/**
 * vtk.js asks once per page, at the first texture it makes, whether 16-bit normalised textures filter linearly,
 * by drawing in a WebGL2 context of its own; in software WebGL that took 0.7 s of the main thread between the
 * first slice decoded and its first frame (profiled on the dicom bench). Asked here instead, while the first
 * slice is fetched and decoded in the worker, the answer is cached when the first frame is drawn.
 */
export function warmTextureProbe(): void {
  supportsNorm16LinearCached();
}

/**
 * vtk reads a context's GL information (synchronous trips to the GPU process) at the first 2D texture it makes
 * there: for the stack, the labelmap's, once every slice is in. With MPR streaming then, those trips waited ~0.5 s
 * behind the volume's uploads (profiled on the dicom bench). Asked once the first image is drawn, while the GPU
 * process is idle, the answer is cached for then.
 */
export function warmGlInformation(engine: RenderingEngine, viewportId: string): void {
  engine.getOffscreenMultiRenderWindow(viewportId).getOpenGLRenderWindow().getGLInformations();
}
