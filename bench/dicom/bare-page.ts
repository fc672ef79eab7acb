// The bench's baseline (bench/dicom.bench.mjs): Cornerstone3D and nothing else.
// One stack viewport opens the series the bench put in `window.__bareUrls`
// (the same signed URLs Tessera's page gets) at its middle slice; two frames
// after the first image is drawn, `window.__bareFirstImageAt` is set.
// `window.__bareScroll(n)` then times n slice steps from the first slice, once
// every slice is in, as the bench times Tessera's scroll.
// Opened as bare.html#mpr, the page goes on from its first image to MPR, as the
// bench has Tessera's page do: every file fetched and parsed (Cornerstone's DICOM
// loader learns a file's geometry only from the file), the streaming volume made
// and loaded, its three views drawn as they are set (as Cornerstone's examples
// do; their shaders compile while the slices stream) and again once every slice
// is in; `window.__bareMprReadyAt` is when they have been. Nothing else is drawn
// while the volume streams, where Tessera's views show it as it arrives.
import { Enums, imageLoader, init, RenderingEngine, setVolumesForViewports, volumeLoader, type StackViewport, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';

const w = window as unknown as {
  __bareUrls: string[];
  __bareFirstImageAt?: number;
  __bareMprFilesAt?: number;
  __bareMprLoadedAt?: number;
  __bareMprReadyAt?: number;
  __bareError?: string;
  __bareScroll?: (count: number) => Promise<number[]>;
};

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const renderedOnce = (element: HTMLElement) => new Promise<void>((r) => element.addEventListener(Enums.Events.IMAGE_RENDERED, () => r(), { once: true }));

async function main() {
  init();
  dicomImageLoader.init({ maxWebWorkers: 1 });
  const imageIds = w.__bareUrls.map((u) => `wadouri:${new URL(u, location.href).href}`);
  const element = document.getElementById('viewport') as HTMLDivElement;
  const engine = new RenderingEngine('bare');
  engine.enableElement({ viewportId: 'stack', type: Enums.ViewportType.STACK, element });
  const viewport = engine.getViewport('stack') as StackViewport;
  const firstImage = renderedOnce(element).then(nextFrame).then(nextFrame).then(() => (w.__bareFirstImageAt = performance.now()));
  await viewport.setStack(imageIds, Math.floor(imageIds.length / 2));
  viewport.render();
  if (location.hash === '#mpr') {
    await firstImage;
    await mpr(imageIds, element);
    return;
  }

  // Each step from the call until the new slice is rendered and a frame has passed.
  const show = async (index: number) => {
    const rendered = renderedOnce(element);
    void viewport.setImageIdIndex(index);
    await rendered;
    await nextFrame();
  };
  w.__bareScroll = async (count) => {
    await Promise.all(imageIds.map((id) => imageLoader.loadAndCacheImage(id)));
    await show(0);
    const out: number[] = [];
    for (let i = 1; i <= count; i++) {
      const t0 = performance.now();
      await show(i);
      out.push(performance.now() - t0);
    }
    return out;
  };
}

const ORIENTATIONS = [Enums.OrientationAxis.AXIAL, Enums.OrientationAxis.SAGITTAL, Enums.OrientationAxis.CORONAL];

/** Three orthographic views of the series' volume, in place of the stack's element. */
async function mpr(imageIds: string[], stackElement: HTMLElement) {
  await Promise.all(imageIds.map((id) => dicomImageLoader.wadouri.dataSetCacheManager.load(id.slice('wadouri:'.length), undefined as never, id)));
  w.__bareMprFilesAt = performance.now();
  stackElement.style.display = 'none';
  const row = document.createElement('div');
  row.style.cssText = 'display: flex; width: 100vw; height: 100vh;';
  const elements = ORIENTATIONS.map(() => {
    const el = document.createElement('div');
    el.style.cssText = 'flex: 1; height: 100%;';
    row.append(el);
    return el;
  });
  document.body.append(row);
  const engine = new RenderingEngine('bare-mpr');
  const ids = ORIENTATIONS.map((_, i) => `mpr-${i}`);
  engine.setViewports(ORIENTATIONS.map((orientation, i) => ({
    viewportId: ids[i], type: Enums.ViewportType.ORTHOGRAPHIC, element: elements[i as 0 | 1 | 2] as HTMLDivElement,
    defaultOptions: { orientation, background: [0, 0, 0] as Types.Point3 },
  })));
  const volumeId = 'cornerstoneStreamingImageVolume:bare';
  const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds });
  const streaming = volume as unknown as { autoRenderOnLoad: boolean; load(cb: (e: { framesProcessed?: number; framesLoaded?: number }) => void): void };
  streaming.autoRenderOnLoad = false;
  const loaded = new Promise<void>((resolve) => streaming.load((e) => (e.framesProcessed ?? e.framesLoaded ?? 0) >= imageIds.length && resolve()));
  await setVolumesForViewports(engine, [{ volumeId }], ids);
  engine.render();
  await loaded;
  w.__bareMprLoadedAt = performance.now();
  const drawn = Promise.all(elements.map(renderedOnce));
  engine.render();
  await drawn;
  await nextFrame();
  w.__bareMprReadyAt = performance.now();
}

main().catch((e: unknown) => (w.__bareError = String(e)));
