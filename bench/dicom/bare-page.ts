// The bench's baseline (bench/dicom.bench.mjs): Cornerstone3D and nothing else.
// One stack viewport opens the series the bench put in `window.__bareUrls`
// (the same signed URLs Tessera's page gets) at its middle slice; two frames
// after the first image is drawn, `window.__bareFirstImageAt` is set.
// `window.__bareScroll(n)` then times n slice steps from the first slice, once
// every slice is in, as the bench times Tessera's scroll.
import { Enums, imageLoader, init, RenderingEngine, type StackViewport } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';

const w = window as unknown as { __bareUrls: string[]; __bareFirstImageAt?: number; __bareError?: string; __bareScroll?: (count: number) => Promise<number[]> };

async function main() {
  init();
  dicomImageLoader.init({ maxWebWorkers: 1 });
  const imageIds = w.__bareUrls.map((u) => `wadouri:${new URL(u, location.href).href}`);
  const element = document.getElementById('viewport') as HTMLDivElement;
  const engine = new RenderingEngine('bare');
  engine.enableElement({ viewportId: 'stack', type: Enums.ViewportType.STACK, element });
  const viewport = engine.getViewport('stack') as StackViewport;
  element.addEventListener(
    Enums.Events.IMAGE_RENDERED,
    () => requestAnimationFrame(() => requestAnimationFrame(() => (w.__bareFirstImageAt = performance.now()))),
    { once: true },
  );
  await viewport.setStack(imageIds, Math.floor(imageIds.length / 2));
  viewport.render();

  // Each step from the call until the new slice is rendered and a frame has passed.
  const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
  const show = async (index: number) => {
    const rendered = new Promise<void>((r) => element.addEventListener(Enums.Events.IMAGE_RENDERED, () => r(), { once: true }));
    void viewport.setImageIdIndex(index);
    await rendered;
    await frame();
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

main().catch((e: unknown) => (w.__bareError = String(e)));
