/** Smaller than this on either side, a picture is not halved again. */
const SMALLEST = 512;

/**
 * A picture's mip levels, finest first: the picture, then halved until a side is SMALLEST or less. Runs in the mip
 * worker, or on the main thread where there is none. Halved with the bilinear filter: at half size it averages each
 * 2×2 block, the box filter mip levels are made with, and the same pixels 'high' quality gave, which took the worker
 * 90-230 ms for a 12-megapixel picture's three levels, against 35-50, while the editor opened.
 */
export function mipLevels(full: ImageBitmap): ImageBitmap[] {
  const levels = [full];
  let { width: w, height: h } = full;
  while (w > SMALLEST && h > SMALLEST) {
    w = Math.ceil(w / 2);
    h = Math.ceil(h / 2);
    const c = new OffscreenCanvas(w, h);
    const ctx = c.getContext('2d')!;
    ctx.imageSmoothingQuality = 'low';
    ctx.drawImage(levels[levels.length - 1], 0, 0, w, h);
    levels.push(c.transferToImageBitmap());
  }
  return levels;
}

/** Whether a picture this size has levels below it (a worker is not worth starting otherwise). */
export const hasLevels = (width: number, height: number) => width > SMALLEST && height > SMALLEST;
