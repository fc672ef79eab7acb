import { parsePart10, T } from '@tessera/dicom';
import { playgroundSlice } from '@tessera/web/dicom-viewer/playground';
import { huAt } from '@tessera/web/dicom-viewer/phantom';

describe('the playground series', () => {
  it('is valid Part-10 that libs/dicom reads back, with the phantom in its pixels', () => {
    const bytes = playgroundSlice({ slices: 10, size: 32 }, 5);
    const file = parsePart10(Buffer.from(bytes));
    const ds = file.dataset;
    const bytes16 = (t: number) => (ds.get(t) as { value: Buffer }).value;
    const u16 = (t: number) => bytes16(t).readUInt16LE(0);
    expect(u16(T.Rows)).toBe(32);
    expect(u16(T.Columns)).toBe(32);
    const pixels = bytes16(T.PixelData);
    expect(pixels.length).toBe(32 * 32 * 2);
    // The body's centre is soft tissue or liver (±8 HU of texture); stored = HU + 1024.
    const stored = pixels.readInt16LE((16 * 32 + 16) * 2);
    expect(Math.abs(stored - 1024 - huAt(256, 256, 5, 10))).toBeLessThanOrEqual(8);
  });
});
