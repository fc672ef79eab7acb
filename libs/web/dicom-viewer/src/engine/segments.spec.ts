import type { Annotation } from '@tessera/contracts';
import { changedSlices, encodeSlice, paintSlice, pixelInside, renderSlice, strokeOps } from './segments';

const W = 4;
const H = 3;
const seg = (id: string, labelId: string, slices: Record<string, ReturnType<typeof encodeSlice>>, createdAt = '2026-01-01T00:00:00Z'): Annotation => ({
  id, labelId, schemaVersion: 1, geometry: { type: 'segment', slices: slices as never }, attributes: {}, source: 'human', score: null, predictionId: null,
  zIndex: 0, groupId: null, version: 1, createdBy: 'u', updatedBy: 'u', createdAt, updatedAt: createdAt,
});
const slice = (rows: string[]) => Uint8Array.from(rows.join('').split('').map(Number));
let n = 0;
const newId = () => `new-${++n}`;

describe('labelmap slices as RLE', () => {
  it('round-trips a segment of a row-major slice through column-major COCO RLE', () => {
    const lm = slice(['0110', '0120', '0000']);
    const rle = encodeSlice(lm, W, H, 1)!;
    expect(rle.size).toEqual([H, W]);
    // Column-major: column 0 is 000, column 1 is 110, column 2 is 100 (the 2 is another segment), column 3 is 000.
    expect(rle.counts).toEqual([3, 2, 1, 1, 5]);
    const back = new Uint8Array(W * H);
    paintSlice(back, W, H, rle, 1);
    expect(Array.from(back)).toEqual(Array.from(slice(['0110', '0100', '0000'])));
    expect(encodeSlice(lm, W, H, 3)).toBeNull();
  });

  it('finds a pixel inside a segment for its comment pin, even where its centre is outside it', () => {
    const w = 9;
    const h = 9;
    // A ring: its centre (4, 4) is not part of it.
    const ring = slice(Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => (Math.abs(Math.hypot(x - 4, y - 4) - 3) < 0.8 ? 1 : 0)).join('')));
    const at = pixelInside(encodeSlice(ring, w, h, 1)!)!;
    expect(ring[at.row * w + at.col]).toBe(1);
    expect(ring[4 * w + 4]).toBe(0);
    // A block: the pin stands in its middle.
    const block = slice(['000000', '011110', '011110', '011110', '000000']);
    expect(pixelInside(encodeSlice(block, 6, 5, 1)!)).toEqual({ col: 3, row: 2 });
    expect(pixelInside({ size: [2, 2], counts: [4] })).toBeNull();
  });

  it('a stroke sends only the slices it changed, and only where they differ from the stored segment', () => {
    const stored = seg('a', 'liver', { '5': encodeSlice(slice(['1000', '0000', '0000']), W, H, 1), '6': encodeSlice(slice(['0001', '0000', '0000']), W, H, 1) });
    const ops = strokeOps({
      changed: new Map([[5, slice(['1100', '0000', '0000'])], [6, slice(['0001', '0000', '0000'])], [7, slice(['0000', '0000', '0000'])]]),
      width: W, height: H, bindings: [{ labelId: 'liver', segmentIndex: 1 }], annotations: [stored], newId,
    });
    expect(ops).toEqual([{ type: 'update', id: 'a', patch: { slices: { '5': encodeSlice(slice(['1100', '0000', '0000']), W, H, 1) } } }]);
  });

  it('erasing a whole slice removes its key; the first stroke of a label creates its segment', () => {
    const stored = seg('a', 'liver', { '5': encodeSlice(slice(['1000', '0000', '0000']), W, H, 1) });
    const erased = strokeOps({ changed: new Map([[5, new Uint8Array(W * H)]]), width: W, height: H, bindings: [{ labelId: 'liver', segmentIndex: 1 }], annotations: [stored], newId });
    expect(erased).toEqual([{ type: 'update', id: 'a', patch: { slices: { '5': null } } }]);
    const created = strokeOps({ changed: new Map([[2, slice(['0000', '0200', '0000'])]]), width: W, height: H, bindings: [{ labelId: 'liver', segmentIndex: 1 }, { labelId: 'lesion', segmentIndex: 2 }], annotations: [stored], newId });
    expect(created).toEqual([{ type: 'create', annotation: { id: expect.any(String), labelId: 'lesion', geometry: { type: 'segment', slices: { '2': encodeSlice(slice(['0000', '0200', '0000']), W, H, 2) } } } }]);
  });

  it('a second segment of the same label (two peers started one at once) loses the slices the stroke rewrote', () => {
    const first = seg('a', 'liver', {}, '2026-01-01T00:00:00Z');
    const second = seg('b', 'liver', { '3': encodeSlice(slice(['1000', '0000', '0000']), W, H, 1) }, '2026-01-02T00:00:00Z');
    const ops = strokeOps({ changed: new Map([[3, slice(['1100', '0000', '0000'])]]), width: W, height: H, bindings: [{ labelId: 'liver', segmentIndex: 1 }], annotations: [second, first], newId });
    expect(ops).toEqual([
      { type: 'update', id: 'a', patch: { slices: { '3': encodeSlice(slice(['1100', '0000', '0000']), W, H, 1) } } },
      { type: 'update', id: 'b', patch: { slices: { '3': null } } },
    ]);
  });

  it('finds the slices a peer changed, and paints a slice from every segment on it', () => {
    const r1 = encodeSlice(slice(['1000', '0000', '0000']), W, H, 1);
    const r2 = encodeSlice(slice(['0000', '0000', '0011']), W, H, 1);
    const a = seg('a', 'liver', { '1': r1, '2': r1 });
    const b = seg('b', 'lesion', { '4': r2 });
    const a2 = { ...a, geometry: { type: 'segment', slices: { '1': r1, '3': r2 } } } as Annotation;
    expect([...changedSlices([a, b], [a2])].sort()).toEqual([2, 3, 4]);
    const target = new Uint8Array(W * H).fill(9);
    renderSlice(target, 4, W, H, [a2, b], (x) => (x.labelId === 'liver' ? 1 : 2));
    expect(Array.from(target)).toEqual(Array.from(slice(['0000', '0000', '0022'])));
  });
});
