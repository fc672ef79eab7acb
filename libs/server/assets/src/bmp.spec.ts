import { decodeBmp } from './bmp';
import { IngestError } from './ingest-error';
import { bmp } from '@tessera/server/testing';

const at = (img: ReturnType<typeof decodeBmp>, x: number, y: number) => [...img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x + 1) * img.channels)];

it('reads 24-bit bottom-up rows with row padding', () => {
  const img = decodeBmp(bmp(3, 2, 24, (x, y) => [x * 10, y * 100, 7]), 1e6);
  expect([img.width, img.height, img.channels]).toEqual([3, 2, 3]);
  expect(at(img, 0, 0)).toEqual([0, 0, 7]);
  expect(at(img, 2, 1)).toEqual([20, 100, 7]);
});

it('reads 8-bit palettes, top-down', () => {
  const palette = [[255, 0, 0], [0, 255, 0], [0, 0, 255]];
  const img = decodeBmp(bmp(2, 2, 8, (x, y) => [(x + y) % 3], { topDown: true, palette }), 1e6);
  expect(at(img, 0, 0)).toEqual([255, 0, 0]);
  expect(at(img, 1, 1)).toEqual([0, 0, 255]);
});

it('reads 32-bit bitfields with alpha', () => {
  const img = decodeBmp(bmp(2, 1, 32, (x) => [10, 20, 30, x ? 128 : 255], { bitfields: true }), 1e6);
  expect(img.channels).toBe(4);
  expect(at(img, 1, 0)).toEqual([10, 20, 30, 128]);
});

it.each([
  ['not a bitmap', Buffer.from('GIF89a'.padEnd(60, '\0'))],
  ['truncated pixels', bmp(40, 40, 24, () => [1, 2, 3]).subarray(0, 500)],
  ['an absurd size', (() => { const b = bmp(2, 2, 24, () => [0, 0, 0]); b.writeInt32LE(1 << 30, 18); return b; })()],
  ['a palette index past the palette', bmp(2, 1, 8, () => [200], { palette: [[0, 0, 0]] })],
])('refuses %s with a reason', (_what, file) => {
  expect(() => decodeBmp(file, 1e8)).toThrow(IngestError);
});
