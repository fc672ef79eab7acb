/**
 * Scales a picture down to its mip levels (½, ¼, … until a side is 512 px or
 * less) off the main thread, for picture.ts: drawing a 4000×3000 picture down
 * at high quality took the main thread hundreds of milliseconds.
 */
const scope = self as unknown as {
  postMessage(m: { levels: ImageBitmap[] } | { error: string }, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<{ bitmap: ImageBitmap }>) => void) | null;
};

scope.onmessage = (e) => {
  try {
    let from: ImageBitmap | OffscreenCanvas = e.data.bitmap;
    let { width: w, height: h } = e.data.bitmap;
    const levels: ImageBitmap[] = [e.data.bitmap];
    while (w > 512 && h > 512) {
      w = Math.ceil(w / 2);
      h = Math.ceil(h / 2);
      const c = new OffscreenCanvas(w, h);
      const ctx = c.getContext('2d')!;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(from, 0, 0, w, h);
      levels.push(c.transferToImageBitmap());
      from = levels[levels.length - 1];
    }
    scope.postMessage({ levels }, levels);
  } catch (err) {
    scope.postMessage({ error: String((err as Error)?.message ?? err) });
  }
};
