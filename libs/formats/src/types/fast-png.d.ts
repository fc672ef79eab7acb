/**
 * fast-png publishes its types only through package.json "exports", which the
 * workspace's `moduleResolution: node` does not read; these are the two
 * functions this library uses, as fast-png 8 declares them.
 */
declare module 'fast-png' {
  export interface DecodedPng {
    width: number;
    height: number;
    data: Uint8Array | Uint8ClampedArray | Uint16Array;
    depth: 1 | 2 | 4 | 8 | 16;
    channels: number;
    palette?: number[][];
  }
  export interface ImageData {
    width: number;
    height: number;
    data: Uint8Array | Uint8ClampedArray | Uint16Array;
    depth?: 1 | 2 | 4 | 8 | 16;
    channels?: number;
    palette?: number[][];
  }
  export function decode(data: ArrayBufferLike | ArrayBufferView): DecodedPng;
  export function encode(png: ImageData): Uint8Array;
}
