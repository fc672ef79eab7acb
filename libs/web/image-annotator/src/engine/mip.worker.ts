/**
 * Makes a picture's mip levels (½, ¼, … until a side is 512 px or less) off
 * the main thread, for picture.ts: drawing a 4000×3000 picture down at high
 * quality took the main thread hundreds of milliseconds. Given a URL, it
 * fetches and decodes the picture here too, so the main thread neither decodes
 * nor copies it; given a bitmap (the fallback, from an <img>), it scales that.
 */
import { mipLevels } from './mip-levels';

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

scope.onmessage = async (e) => {
  try {
    const levels = mipLevels('url' in e.data ? await decode(e.data.url) : e.data.bitmap);
    scope.postMessage({ levels }, levels);
  } catch (err) {
    scope.postMessage({ error: String((err as Error)?.message ?? err) });
  }
};
