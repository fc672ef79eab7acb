// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- fast-png's types are reachable only through "exports"; projects that import this file need the declaration too
/// <reference path="../types/fast-png.d.ts" />
import { decode, encode } from 'fast-png';

/** Pascal VOC's classes, in the order of its colour map (index 0 is the background, 255 the "void" border). */
export const VOC_CLASSES = [
  'background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
];

/** The VOC devkit's colour map: index bits spread over R, G and B from the high bit down. */
export function vocColor(i: number): [number, number, number] {
  let r = 0, g = 0, b = 0;
  for (let j = 0, c = i; j < 8; j++, c >>= 3) {
    r |= ((c >> 0) & 1) << (7 - j);
    g |= ((c >> 1) & 1) << (7 - j);
    b |= ((c >> 2) & 1) << (7 - j);
  }
  return [r, g, b];
}

export const VOC_PALETTE: [number, number, number][] = Array.from({ length: 256 }, (_, i) => vocColor(i));

/** An 8-bit indexed PNG. */
export function indexedPng(width: number, height: number, indexes: Uint8Array, palette: [number, number, number][]): Buffer {
  return Buffer.from(encode({ width, height, data: indexes, depth: 8, channels: 1, palette }));
}

/**
 * A PNG's pixels as indexes: an indexed PNG gives its indexes; an RGB one
 * gives the index of each pixel's colour in `colors` (255 for one not there).
 */
export function pngIndexes(bytes: Buffer, colors: [number, number, number][]): { width: number; height: number; data: Uint8Array } {
  const png = decode(bytes);
  const { width, height, channels, depth } = png;
  const data = new Uint8Array(width * height);
  if (png.palette && channels === 1) {
    if (depth === 8) data.set(png.data as Uint8Array);
    else {
      const per = 8 / depth;
      const rowBytes = Math.ceil(width / per);
      const src = png.data as Uint8Array;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const byte = src[y * rowBytes + Math.floor(x / per)];
          data[y * width + x] = (byte >> (8 - depth * ((x % per) + 1))) & ((1 << depth) - 1);
        }
      }
    }
    return { width, height, data };
  }
  if (depth !== 8 || channels < 3) {
    if (channels === 1 && depth === 8) return { width, height, data: Uint8Array.from(png.data as Uint8Array) };
    throw new Error(`a mask PNG must be indexed or 8-bit RGB, this one has ${channels} channel(s) of ${depth} bits`);
  }
  const lookup = new Map(colors.map((c, i) => [(c[0] << 16) | (c[1] << 8) | c[2], i]));
  const src = png.data as Uint8Array;
  for (let p = 0; p < width * height; p++) {
    const o = p * channels;
    data[p] = lookup.get((src[o] << 16) | (src[o + 1] << 8) | src[o + 2]) ?? 255;
  }
  return { width, height, data };
}
