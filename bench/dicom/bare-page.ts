// The bench's baseline (bench/dicom.bench.mjs): Cornerstone3D and nothing else.
// One stack viewport opens the series the bench put in `window.__bareUrls`
// (the same signed URLs Tessera's page gets) at its middle slice; two frames
// after the first image is drawn, `window.__bareFirstImageAt` is set.
import { Enums, init, RenderingEngine, type StackViewport } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';

const w = window as unknown as { __bareUrls: string[]; __bareFirstImageAt?: number; __bareError?: string };

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
}

main().catch((e: unknown) => (w.__bareError = String(e)));
