import { boxCorners as contractBoxCorners, checkAnnotation, labelSchemaDefinition, rleSchema, type AnnotationContext, type Rle } from '@tessera/contracts';
import {
  boundsOf, boxCorners, clampMove, decodeRle, distanceToSegment, encodeRle, hits, maskAt, pointInPolygon, rleBounds, roundPoint, thin, translate,
  type Bounds, type ImageGeometry, type Pt,
} from './geometry';
import { random as prng } from './playground/scene';

const box = (x: number, y: number, width: number, height: number, rotation = 0) => ({ type: 'box' as const, x, y, width, height, rotation });
const mask = (rle: Rle): ImageGeometry => ({ type: 'mask', rle });

/** Bits of an h×w mask with the given (x, y) pixels set, column-major like the RLE. */
function bitsWith(h: number, w: number, pixels: Pt[]) {
  const bits = new Uint8Array(h * w);
  for (const [x, y] of pixels) bits[x * h + y] = 1;
  return bits;
}

function expectPointsClose(actual: readonly Pt[], expected: readonly Pt[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach(([x, y], i) => {
    expect(x).toBeCloseTo(expected[i][0], 9);
    expect(y).toBeCloseTo(expected[i][1], 9);
  });
}

function expectBoundsClose(actual: Bounds | null, expected: Bounds) {
  expect(actual).not.toBeNull();
  for (const k of ['minX', 'minY', 'maxX', 'maxY'] as const) expect(actual![k]).toBeCloseTo(expected[k], 9);
}

describe('boxCorners', () => {
  it('lists an unrotated box clockwise from the top left', () => {
    expect(boxCorners(box(10, 20, 30, 40))).toEqual([[10, 20], [40, 20], [40, 60], [10, 60]]);
  });

  it('turns the corners clockwise on screen (y down) about the centre', () => {
    // Centre (25, 40): a quarter turn brings the top-left corner to the top right of the centre.
    expectPointsClose(boxCorners(box(10, 20, 30, 40, 90)), [[45, 25], [45, 55], [5, 55], [5, 25]]);
  });

  it('keeps the centre and the side lengths under any rotation', () => {
    const c = boxCorners(box(3, 7, 12, 5, 33));
    expect((c[0][0] + c[2][0]) / 2).toBeCloseTo(9, 9);
    expect((c[0][1] + c[2][1]) / 2).toBeCloseTo(9.5, 9);
    expect(Math.hypot(c[1][0] - c[0][0], c[1][1] - c[0][1])).toBeCloseTo(12, 9);
    expect(Math.hypot(c[2][0] - c[1][0], c[2][1] - c[1][1])).toBeCloseTo(5, 9);
  });

  it('agrees with the contracts, which check a box against the image the same way', () => {
    const rand = prng(1);
    for (let i = 0; i < 50; i++) {
      const b = box(rand() * 500, rand() * 500, 1 + rand() * 200, 1 + rand() * 200, rand() * 720 - 360);
      expectPointsClose(boxCorners(b), contractBoxCorners(b));
    }
  });
});

describe('boundsOf', () => {
  it('bounds an unrotated box by its sides', () => {
    expect(boundsOf(box(10, 20, 30, 40))).toEqual({ minX: 10, minY: 20, maxX: 40, maxY: 60 });
  });

  it('bounds a rotated box by its rotated corners, not its unrotated rectangle', () => {
    const h = 5 * Math.SQRT2;
    expectBoundsClose(boundsOf(box(0, 0, 10, 10, 45)), { minX: 5 - h, minY: 5 - h, maxX: 5 + h, maxY: 5 + h });
  });

  it.each(['polygon', 'polyline', 'points'] as const)('bounds %s geometry by its vertices', (type) => {
    const g = { type, points: [[1, 2], [5, -1], [3, 7]] } as ImageGeometry;
    expect(boundsOf(g)).toEqual({ minX: 1, minY: -1, maxX: 5, maxY: 7 });
  });

  it('bounds keypoints by the placed points only, skipping unplaced (null) ones', () => {
    const g: ImageGeometry = { type: 'keypoints', points: [{ x: 3, y: 4, visible: true }, null, { x: -1, y: 9, visible: false }] };
    expect(boundsOf(g)).toEqual({ minX: -1, minY: 4, maxX: 3, maxY: 9 });
  });

  it('has no bounds for keypoints none of which is placed', () => {
    expect(boundsOf({ type: 'keypoints', points: [null, null] })).toBeNull();
  });

  it('bounds a mask by its set pixels, as rleBounds does', () => {
    const rle = encodeRle(bitsWith(4, 3, [[1, 2]]), 4, 3);
    expect(boundsOf(mask(rle))).toEqual({ minX: 1, minY: 2, maxX: 2, maxY: 3 });
    expect(boundsOf(mask({ size: [4, 3], counts: [12] }))).toBeNull();
  });
});

describe('rleBounds', () => {
  it('covers whole pixels: a single pixel (x, y) is [x, x+1) × [y, y+1)', () => {
    // h = 4, w = 3: pixel (1, 2) is index 1·4 + 2 = 6.
    expect(rleBounds({ size: [4, 3], counts: [6, 1, 5] })).toEqual({ minX: 1, minY: 2, maxX: 2, maxY: 3 });
  });

  it('spans every row when one run crosses from one column into the next', () => {
    // Pixels (0, 3) and (1, 0): the bottom of column 0 and the top of column 1.
    expect(rleBounds({ size: [4, 3], counts: [3, 2, 7] })).toEqual({ minX: 0, minY: 0, maxX: 2, maxY: 4 });
  });

  it('joins several runs and ignores zero-length ones', () => {
    expect(rleBounds({ size: [4, 3], counts: [1, 1, 0, 0, 8, 1, 1] })).toEqual({ minX: 0, minY: 1, maxX: 3, maxY: 3 });
  });

  it('is null for an empty mask, also one spelled with a zero-length run', () => {
    expect(rleBounds({ size: [4, 3], counts: [12] })).toBeNull();
    expect(rleBounds({ size: [4, 3], counts: [5, 0, 7] })).toBeNull();
  });

  it('matches the bounds of the decoded pixels on random masks', () => {
    const rand = prng(2);
    for (let i = 0; i < 200; i++) {
      const h = 1 + Math.floor(rand() * 12);
      const w = 1 + Math.floor(rand() * 12);
      const density = [0.02, 0.1, 0.5, 0.95][i % 4];
      const bits = Uint8Array.from({ length: h * w }, () => (rand() < density ? 1 : 0));
      let expected: Bounds | null = null;
      bits.forEach((v, k) => {
        if (!v) return;
        const x = Math.floor(k / h);
        const y = k % h;
        expected = expected
          ? { minX: Math.min(expected.minX, x), minY: Math.min(expected.minY, y), maxX: Math.max(expected.maxX, x + 1), maxY: Math.max(expected.maxY, y + 1) }
          : { minX: x, minY: y, maxX: x + 1, maxY: y + 1 };
      });
      expect(rleBounds(encodeRle(bits, h, w))).toEqual(expected);
    }
  });
});

describe('pointInPolygon', () => {
  const square = [[0, 0], [10, 0], [10, 10], [0, 10]];
  // An L: a 10×10 square with a 6×6 notch cut from its bottom right.
  const ell = [[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10]];

  it('tells inside from outside a convex polygon', () => {
    expect(pointInPolygon(5, 5, square)).toBe(true);
    expect(pointInPolygon(15, 5, square)).toBe(false);
    expect(pointInPolygon(-1, 5, square)).toBe(false);
    expect(pointInPolygon(5, 11, square)).toBe(false);
  });

  it('leaves out the notch of a concave polygon', () => {
    expect(pointInPolygon(2, 8, ell)).toBe(true);
    expect(pointInPolygon(8, 2, ell)).toBe(true);
    expect(pointInPolygon(7, 7, ell)).toBe(false);
  });

  it('does not depend on the winding', () => {
    const reversed = [...ell].reverse();
    expect(pointInPolygon(2, 8, reversed)).toBe(true);
    expect(pointInPolygon(7, 7, reversed)).toBe(false);
  });
});

describe('distanceToSegment', () => {
  it('measures perpendicular to the segment beside it', () => {
    expect(distanceToSegment(5, 3, [0, 0], [10, 0])).toBe(3);
  });

  it('measures to the nearer end beyond either end', () => {
    expect(distanceToSegment(-3, 4, [0, 0], [10, 0])).toBe(5);
    expect(distanceToSegment(13, 4, [0, 0], [10, 0])).toBe(5);
  });

  it('measures to the point when the segment has no length', () => {
    expect(distanceToSegment(5, 6, [2, 2], [2, 2])).toBe(5);
  });

  it('is zero on the segment', () => {
    expect(distanceToSegment(2, 2, [0, 0], [4, 4])).toBeCloseTo(0, 12);
  });
});

describe('hits', () => {
  it('hits a box inside, misses it outside, and reaches its outline within the tolerance', () => {
    const b = box(10, 10, 20, 10);
    expect(hits(b, 15, 15, 0)).toBe(true);
    expect(hits(b, 35, 15, 2)).toBe(false);
    expect(hits(b, 31, 15, 2)).toBe(true);
    expect(hits(b, 31, 15, 0.5)).toBe(false);
  });

  it('hits a rotated box where it is drawn, not where it would be unrotated', () => {
    // A 10×10 square turned 45°: a diamond with corners 5√2 from (5, 5).
    const d = box(0, 0, 10, 10, 45);
    expect(hits(d, 11, 5, 0)).toBe(true);
    // (0, 0) is a corner of the unrotated square, about 2.07 px outside the diamond.
    expect(hits(d, 0, 0, 1)).toBe(false);
    expect(hits(d, 0, 0, 2.5)).toBe(true);
  });

  it('hits a polygon inside and near its edges but not in its notch', () => {
    const g: ImageGeometry = { type: 'polygon', points: [[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10]] };
    expect(hits(g, 2, 8, 0)).toBe(true);
    expect(hits(g, 7, 7, 0.5)).toBe(false);
    expect(hits(g, 4.5, 7, 1)).toBe(true);
    expect(hits(g, 4.5, 7, 0.25)).toBe(false);
  });

  it('hits a polyline only near its segments: neither inside its hull nor along the closing side', () => {
    const points: Pt[] = [[0, 0], [10, 0], [10, 10]];
    const line: ImageGeometry = { type: 'polyline', points };
    expect(hits(line, 5, 0.5, 1)).toBe(true);
    expect(hits(line, 10.8, 5, 1)).toBe(true);
    expect(hits(line, 5, 1.5, 1)).toBe(false);
    // (4, 3) is inside the triangle the same points make as a polygon.
    expect(hits({ type: 'polygon', points }, 4, 3, 1)).toBe(true);
    expect(hits(line, 4, 3, 1)).toBe(false);
    // On the side from the last point back to the first, which a polyline does not have.
    expect(hits(line, 5, 5, 0.5)).toBe(false);
  });

  it('hits points within one and a half tolerances of one of them', () => {
    const g: ImageGeometry = { type: 'points', points: [[50, 50], [5, 5]] };
    expect(hits(g, 7, 7, 2)).toBe(true);
    expect(hits(g, 8, 5, 2)).toBe(true);
    expect(hits(g, 8.5, 5, 2)).toBe(false);
    expect(hits(g, 20, 20, 2)).toBe(false);
  });

  it('hits placed keypoints and never an unplaced one', () => {
    const g: ImageGeometry = { type: 'keypoints', points: [null, { x: 5, y: 5, visible: true }] };
    expect(hits(g, 6, 5, 1)).toBe(true);
    expect(hits(g, 0, 0, 1)).toBe(false);
    expect(hits({ type: 'keypoints', points: [null, null] }, 0, 0, 100)).toBe(false);
  });

  it('hits a mask on its set pixels only: the tolerance does not widen it', () => {
    const g = mask(encodeRle(bitsWith(4, 3, [[1, 2]]), 4, 3));
    expect(hits(g, 1.5, 2.9, 0)).toBe(true);
    expect(hits(g, 0.9, 2.5, 5)).toBe(false);
  });
});

describe('maskAt', () => {
  const rle = encodeRle(bitsWith(4, 3, [[1, 2], [2, 0]]), 4, 3);

  it('reads the pixel a point lies in', () => {
    expect(maskAt(rle, 1, 2)).toBe(true);
    expect(maskAt(rle, 1.99, 2.99)).toBe(true);
    expect(maskAt(rle, 2, 0)).toBe(true);
    expect(maskAt(rle, 2, 1)).toBe(false);
    expect(maskAt(rle, 0, 0)).toBe(false);
  });

  it('is false outside the image', () => {
    expect(maskAt(rle, -0.5, 2)).toBe(false);
    expect(maskAt(rle, 1, -0.1)).toBe(false);
    expect(maskAt(rle, 3, 0)).toBe(false);
    expect(maskAt(rle, 0, 4)).toBe(false);
  });

  it('agrees with decodeRle on every pixel of random masks', () => {
    const rand = prng(3);
    for (let i = 0; i < 50; i++) {
      const h = 1 + Math.floor(rand() * 9);
      const w = 1 + Math.floor(rand() * 9);
      const r = encodeRle(Uint8Array.from({ length: h * w }, () => (rand() < 0.4 ? 1 : 0)), h, w);
      const bits = decodeRle(r);
      for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) expect(maskAt(r, x + 0.5, y + 0.5)).toBe(bits[x * h + y] === 1);
    }
  });
});

describe('clampMove', () => {
  const b = { minX: 10, minY: 20, maxX: 30, maxY: 40 };

  it('lets a move through that stays inside the image', () => {
    expect(clampMove(b, 5, -5, 100, 50)).toEqual([5, -5]);
  });

  it('stops at each edge of the image', () => {
    expect(clampMove(b, -20, 0, 100, 50)).toEqual([-10, 0]);
    expect(clampMove(b, 80, 0, 100, 50)).toEqual([70, 0]);
    expect(clampMove(b, 0, -30, 100, 50)).toEqual([0, -20]);
    expect(clampMove(b, 0, 20, 100, 50)).toEqual([0, 10]);
  });

  it('clamps each axis on its own, so a shape slides along an edge', () => {
    expect(clampMove(b, 3, 100, 100, 50)).toEqual([3, 10]);
  });
});

describe('translate', () => {
  it('moves a box, rounding to 0.1 px, and keeps its size and rotation', () => {
    expect(translate(box(10.04, 20, 5, 6, 30), 0.03, -5)).toEqual(box(10.1, 15, 5, 6, 30));
  });

  it.each(['polygon', 'polyline', 'points'] as const)('moves every vertex of %s geometry, rounding to 0.1 px', (type) => {
    const g = { type, points: [[1, 1], [2.25, 3], [0, 2]] } as ImageGeometry;
    expect(translate(g, 0.5, -0.04)).toEqual({ type, points: [[1.5, 1], [2.8, 3], [0.5, 2]] });
  });

  it('moves placed keypoints, keeps their visibility, and leaves unplaced ones null', () => {
    const g: ImageGeometry = { type: 'keypoints', points: [{ x: 1, y: 2, visible: false }, null] };
    expect(translate(g, 2, 3)).toEqual({ type: 'keypoints', points: [{ x: 3, y: 5, visible: false }, null] });
  });

  it('does not change the shape it was given', () => {
    const g: ImageGeometry = { type: 'polygon', points: [[0, 0], [1, 0], [1, 1]] };
    translate(g, 5, 5);
    expect(g).toEqual({ type: 'polygon', points: [[0, 0], [1, 0], [1, 1]] });
  });

  it('shifts a mask by whole pixels, keeping its size', () => {
    const g = mask(encodeRle(bitsWith(4, 3, [[1, 2], [0, 0]]), 4, 3));
    const moved = translate(g, 1, 1);
    expect(moved).toEqual(mask(encodeRle(bitsWith(4, 3, [[2, 3], [1, 1]]), 4, 3)));
    expect(moved).toEqual(mask({ size: [4, 3], counts: [5, 1, 5, 1] }));
  });

  it('rounds a fractional mask move to the nearest pixel', () => {
    const g = mask(encodeRle(bitsWith(4, 3, [[0, 0]]), 4, 3));
    expect(translate(g, 0.6, 1.4)).toEqual(mask(encodeRle(bitsWith(4, 3, [[1, 1]]), 4, 3)));
    expect(translate(g, 0.4, 0.4)).toEqual(g);
  });

  it('drops the mask pixels pushed off the image', () => {
    const g = mask(encodeRle(bitsWith(4, 3, [[1, 2], [2, 0]]), 4, 3));
    expect(translate(g, 1, 0)).toEqual(mask(encodeRle(bitsWith(4, 3, [[2, 2]]), 4, 3)));
    expect(translate(g, -2, -3)).toEqual(mask({ size: [4, 3], counts: [12] }));
  });
});

describe('encodeRle and decodeRle', () => {
  it('encode an empty mask as one run of zeros', () => {
    expect(encodeRle(new Uint8Array(6), 2, 3)).toEqual({ size: [2, 3], counts: [6] });
  });

  it('start a full mask with an empty run of zeros, as COCO does', () => {
    expect(encodeRle(new Uint8Array(6).fill(1), 2, 3)).toEqual({ size: [2, 3], counts: [0, 6] });
  });

  it('encode a single pixel, first, middle and last', () => {
    expect(encodeRle(bitsWith(2, 3, [[0, 0]]), 2, 3).counts).toEqual([0, 1, 5]);
    expect(encodeRle(bitsWith(2, 3, [[1, 0]]), 2, 3).counts).toEqual([2, 1, 3]);
    expect(encodeRle(bitsWith(2, 3, [[2, 1]]), 2, 3).counts).toEqual([5, 1]);
  });

  it('run down each column before the next (column-major), with size as [height, width]', () => {
    // The top row of a 2×3 mask: every other index when the columns come one after another.
    expect(encodeRle(bitsWith(2, 3, [[0, 0], [1, 0], [2, 0]]), 2, 3)).toEqual({ size: [2, 3], counts: [0, 1, 1, 1, 1, 1, 1] });
    // The right column: one run at the end.
    expect(encodeRle(bitsWith(2, 3, [[2, 0], [2, 1]]), 2, 3)).toEqual({ size: [2, 3], counts: [4, 2] });
  });

  it('decode to column-major bits', () => {
    expect(Array.from(decodeRle({ size: [2, 3], counts: [2, 1, 3] }))).toEqual([0, 0, 1, 0, 0, 0]);
    expect(Array.from(decodeRle({ size: [2, 3], counts: [0, 6] }))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(decodeRle({ size: [2, 3], counts: [6] }))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('decode no further than the mask, whatever the runs say', () => {
    expect(Array.from(decodeRle({ size: [2, 2], counts: [1, 100] }))).toEqual([0, 1, 1, 1]);
  });

  it('round-trip random masks of every density, and encode canonically', () => {
    const rand = prng(4);
    for (let i = 0; i < 300; i++) {
      const h = 1 + Math.floor(rand() * 20);
      const w = 1 + Math.floor(rand() * 20);
      const density = [0, 0.01, 0.2, 0.5, 0.8, 0.99, 1][i % 7];
      const bits = Uint8Array.from({ length: h * w }, () => (rand() < density ? 1 : 0));
      const rle = encodeRle(bits, h, w);
      expect(decodeRle(rle)).toEqual(bits);
      expect(rle.counts.reduce((s, n) => s + n, 0)).toBe(h * w);
      // Only the leading run of zeros may be empty; every later run has at least one pixel.
      expect(rle.counts.slice(1).every((n) => n > 0)).toBe(true);
      expect(encodeRle(decodeRle(rle), h, w)).toEqual(rle);
    }
  });
});

describe('the editor RLE against the contracts', () => {
  const schema = labelSchemaDefinition.parse({ labels: [{ id: 'car', name: 'Car', color: '#1677ff', tools: ['mask'] }] });
  const ctx = (width: number, height: number): AnnotationContext => ({ mediaType: 'image', schema, extent: { width, height } });

  it('writes masks the contracts schema accepts and whose runs cover the image exactly', () => {
    const rand = prng(5);
    for (let i = 0; i < 50; i++) {
      const h = 1 + Math.floor(rand() * 30);
      const w = 1 + Math.floor(rand() * 30);
      const rle = encodeRle(Uint8Array.from({ length: h * w }, () => (rand() < 0.3 ? 1 : 0)), h, w);
      expect(rleSchema.safeParse(rle).success).toBe(true);
      expect(checkAnnotation({ labelId: 'car', geometry: { type: 'mask', rle }, attributes: {} }, ctx(w, h)).errors).toEqual([]);
    }
  });

  it('puts the height first in size, which the contracts check against the image', () => {
    const rle = encodeRle(new Uint8Array(6), 2, 3);
    expect(checkAnnotation({ labelId: 'car', geometry: { type: 'mask', rle }, attributes: {} }, ctx(3, 2)).errors).toEqual([]);
    expect(checkAnnotation({ labelId: 'car', geometry: { type: 'mask', rle }, attributes: {} }, ctx(2, 3)).errors.map((e) => e.path)).toEqual(['geometry.rle.size']);
  });
});

describe('thin', () => {
  it('keeps the first point and then one each time the travel from the last kept point reaches the step', () => {
    const raw: Pt[] = [[0, 0], [1, 0], [2, 0], [3, 0], [3.5, 0], [6, 0]];
    expect(thin(raw, 2)).toEqual([[0, 0], [2, 0], [6, 0]]);
  });

  it('measures from the last kept point, so a slow drag of small moves still keeps points', () => {
    const slow = Array.from({ length: 11 }, (_, i) => [i * 0.5, 0] as Pt);
    expect(thin(slow, 2)).toEqual([[0, 0], [2, 0], [4, 0]]);
  });

  it('keeps nothing of nothing', () => {
    expect(thin([], 3)).toEqual([]);
  });
});

describe('roundPoint', () => {
  it('rounds to 0.1 px', () => {
    expect(roundPoint([3.14159, 7.06], 10, 20)).toEqual([3.1, 7.1]);
  });

  it('clamps to the image on both sides', () => {
    expect(roundPoint([12.345, -3], 10, 20)).toEqual([10, 0]);
    expect(roundPoint([-0.01, 25], 10, 20)).toEqual([0, 20]);
  });
});
