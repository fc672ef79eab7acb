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
