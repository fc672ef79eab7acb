/**
 * Makes a picture's mip levels (½, ¼, … until a side is 512 px or less) off
 * the main thread, for picture.ts: drawing a 4000×3000 picture down at high
 * quality took the main thread hundreds of milliseconds. Given a URL, it
 * fetches and decodes the picture here too, so the main thread neither decodes
 * nor copies it; given a bitmap (the fallback, from an <img>), it scales that.
 */
const scope = self as unknown as {
  postMessage(m: { levels: ImageBitmap[] } | { error: string }, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<{ url: string } | { bitmap: ImageBitmap }>) => void) | null;
};

async function decode(url: string): Promise<ImageBitmap> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  // As an <img> shows it: turned by its EXIF orientation.
  return createImageBitmap(await res.blob(), { imageOrientation: 'from-image' });
}

function levelsOf(full: ImageBitmap): ImageBitmap[] {
  let from: ImageBitmap = full;
  let { width: w, height: h } = full;
  const levels: ImageBitmap[] = [full];
  while (w > 512 && h > 512) {
    w = Math.ceil(w / 2);
    h = Math.ceil(h / 2);
    const c = new OffscreenCanvas(w, h);
    const ctx = c.getContext('2d')!;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(from, 0, 0, w, h);
    from = c.transferToImageBitmap();
    levels.push(from);
  }
  return levels;
}

scope.onmessage = async (e) => {
  try {
    const levels = levelsOf('url' in e.data ? await decode(e.data.url) : e.data.bitmap);
    scope.postMessage({ levels }, levels);
  } catch (err) {
    scope.postMessage({ error: String((err as Error)?.message ?? err) });
  }
};
