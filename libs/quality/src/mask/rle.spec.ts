import fc from 'fast-check';
import { rleArea, rleBbox, rleDecode, rleDice, rleEncode, rleFromPolygon, rleFromString, rleIntersection, rleIou, rleToString, rleVote, type Rle } from './rle';

/** A column-major mask from rows of text, as one would draw it: '#' set. */
function drawn(...rows: string[]): Rle {
  const h = rows.length;
  const w = rows[0].length;
  const bits = new Uint8Array(h * w);
  rows.forEach((r, y) => [...r].forEach((c, x) => (bits[x * h + y] = c === '#' ? 1 : 0)));
  return rleEncode(bits, h, w);
}

describe('COCO RLE', () => {
  it('encodes column-major, starting with a run of zeros', () => {
    const m = drawn('#..', '##.');
    // Columns: [1,1], [0,1], [0,0] → 1s at 0,1,3 → runs 0 zeros, 2 ones, 1 zero, 1 one, 2 zeros.
    expect(m.counts).toEqual([0, 2, 1, 1, 2]);
    expect(rleArea(m)).toBe(3);
    expect([...rleDecode(m)]).toEqual([1, 1, 0, 1, 0, 0]);
    expect(rleBbox(m)).toEqual([0, 0, 2, 2]);
  });

  it('intersects without decoding, and gives IoU and Dice', () => {
    const a = drawn('##..', '##..', '....');
    const b = drawn('.##.', '.##.', '.##.');
    expect(rleIntersection(a, b)).toBe(2);
    expect(rleIou(a, b)).toBeCloseTo(2 / 8, 12);
    expect(rleDice(a, b)).toBeCloseTo(4 / 10, 12);
    expect(() => rleIntersection(a, drawn('#'))).toThrow(RangeError);
  });

  it('agrees with a decoded count on random masks', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.array(fc.boolean(), { minLength: 81, maxLength: 81 }), fc.array(fc.boolean(), { minLength: 81, maxLength: 81 }), (h, w, x, y) => {
      const bx = Uint8Array.from(x.slice(0, h * w), Number);
      const by = Uint8Array.from(y.slice(0, h * w), Number);
      const both = bx.reduce((s, v, i) => s + (v & by[i]), 0);
      expect(rleIntersection(rleEncode(bx, h, w), rleEncode(by, h, w))).toBe(both);
      expect([...rleDecode(rleEncode(bx, h, w))]).toEqual([...bx]);
    }));
  });

  it("writes and reads pycocotools' compressed string form", () => {
    // By hand: 0 → '0', 3 → '3', 2 → '2'; the fourth is 1 − 3 = −2: low bits 11110 with the sign bit, no continuation → 30 + 48 = 'N'.
    const r: Rle = { size: [2, 3], counts: [0, 3, 2, 1] };
    expect(rleToString(r)).toBe('032N');
    expect(rleFromString('032N', [2, 3]).counts).toEqual([0, 3, 2, 1]);
    const big: Rle = { size: [1000, 1000], counts: [12345, 67890, 500000, 419765] };
    expect(rleFromString(rleToString(big), [1000, 1000]).counts).toEqual(big.counts);
    expect(() => rleFromString('032N', [3, 3])).toThrow(RangeError);
  });

  it('rasterises polygons by pixel centres: a 4 × 3 rectangle on the grid is 12 pixels, abutting ones share none', () => {
    const rect = rleFromPolygon([[1, 1], [5, 1], [5, 4], [1, 4]], [6, 7]);
    expect(rleArea(rect)).toBe(12);
    expect(rleBbox(rect)).toEqual([1, 1, 4, 3]);
    const right = rleFromPolygon([[5, 1], [7, 1], [7, 4], [5, 4]], [6, 7]);
    expect(rleIntersection(rect, right)).toBe(0);
    // A triangle's pixel count approaches its area.
    const tri = rleFromPolygon([[0, 0], [200, 0], [0, 100]], [100, 200]);
    expect(Math.abs(rleArea(tri) - 10000) / 10000).toBeLessThan(0.01);
  });

  it('votes pixel by pixel', () => {
    const a = drawn('###.', '....');
    const b = drawn('.###', '....');
    const c = drawn('.##.', '.##.');
    expect(rleVote([a, b, c], 2)).toEqual(drawn('.##.', '....'));
    expect(rleVote([a, b, c], 1)).toEqual(drawn('####', '.##.'));
    expect(rleArea(rleVote([a, b, c], 3))).toBe(2);
  });
});
