import type { View } from './paint';

export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;
/** From this zoom on, each image pixel is big enough to outline. */
export const GRID_SCALE = 12;

export const toImage = (v: View, sx: number, sy: number): [number, number] => [(sx - v.x) / v.scale, (sy - v.y) / v.scale];
export const toScreen = (v: View, x: number, y: number): [number, number] => [x * v.scale + v.x, y * v.scale + v.y];

/** Zooms by `factor` keeping the image point under (sx, sy) where it is. */
export function zoomAt(v: View, sx: number, sy: number, factor: number, minScale = MIN_SCALE): View {
  const scale = Math.max(minScale, Math.min(MAX_SCALE, v.scale * factor));
  const k = scale / v.scale;
  return { scale, x: sx - (sx - v.x) * k, y: sy - (sy - v.y) * k };
}

/** The whole image in the stage, centred, with a small margin. */
export function fit(stageW: number, stageH: number, imageW: number, imageH: number): View {
  const scale = Math.min(stageW / imageW, stageH / imageH) * 0.96;
  return { scale, x: (stageW - imageW * scale) / 2, y: (stageH - imageH * scale) / 2 };
}

/** One image pixel per screen pixel, keeping the image point at the stage's centre. */
export function actualSize(v: View, stageW: number, stageH: number): View {
  return zoomAt(v, stageW / 2, stageH / 2, 1 / v.scale);
}

export function visibleRect(v: View, stageW: number, stageH: number, margin = 0) {
  const [minX, minY] = toImage(v, -margin, -margin);
  const [maxX, maxY] = toImage(v, stageW + margin, stageH + margin);
  return { minX, minY, maxX, maxY };
}

/** The view that brings an object's bounds into the stage, keeping the zoom unless they do not fit (at 80 %); null when they are in view. */
export function revealView(v: View, b: { minX: number; minY: number; maxX: number; maxY: number }, stageW: number, stageH: number): View | null {
  const [x0, y0] = toScreen(v, b.minX, b.minY);
  const [x1, y1] = toScreen(v, b.maxX, b.maxY);
  if (x0 >= 0 && y0 >= 0 && x1 <= stageW && y1 <= stageH) return null;
  const need = Math.max((b.maxX - b.minX) / (stageW * 0.8), (b.maxY - b.minY) / (stageH * 0.8));
  const scale = need * v.scale > 1 ? 1 / need : v.scale;
  const cx = (b.minX + b.maxX) / 2;
  const cy = (b.minY + b.maxY) / 2;
  return { scale, x: stageW / 2 - cx * scale, y: stageH / 2 - cy * scale };
}
