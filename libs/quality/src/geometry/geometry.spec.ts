import { boxIou } from './box';
import { clipConvex, convexIou, polygonArea, type Point } from './polygon';
import { oks } from './keypoints';
import { pointSetSimilarity } from './points';

describe('box IoU (pycocotools bbox convention: continuous coordinates, no +1)', () => {
  it('matches hand-worked cases', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(boxIou(a, { x: 5, y: 5, width: 10, height: 10 })).toBeCloseTo(25 / 175, 12);
    expect(boxIou(a, { x: 0, y: 0, width: 10, height: 6.2 })).toBeCloseTo(0.62, 12);
    expect(boxIou(a, { x: 10, y: 0, width: 10, height: 10 })).toBe(0);
    expect(boxIou(a, a)).toBe(1);
  });

  it('measures rotated boxes exactly: a square and itself turned 45° share a regular octagon', () => {
    const square = { x: 0, y: 0, width: 2, height: 2 };
    const turned = { ...square, rotation: 45 };
    // The octagon inside both has area 8(√2 − 1); the union is 2·4 − that.
    const inter = 8 * (Math.SQRT2 - 1);
    expect(boxIou(square, turned)).toBeCloseTo(inter / (8 - inter), 12);
    expect(boxIou({ ...square, rotation: 180 }, square)).toBe(1);
    expect(boxIou({ x: 0, y: 0, width: 4, height: 2, rotation: 90 }, { x: 1, y: -1, width: 2, height: 4 })).toBeCloseTo(1, 12);
  });
});

describe('polygons', () => {
  it('computes areas and convex intersections', () => {
    const sq: Point[] = [[0, 0], [4, 0], [4, 4], [0, 4]];
    // The triangle's corner beyond x + y = 7 pokes out of the square: 4 − 0.5 inside.
    const tri: Point[] = [[2, 2], [5, 2], [2, 5]];
    expect(polygonArea(sq)).toBe(16);
    expect(polygonArea(clipConvex(tri, sq))).toBeCloseTo(3.5, 12);
    expect(convexIou(sq, tri)).toBeCloseTo(3.5 / (16 + 4.5 - 3.5), 12);
  });
});

describe('OKS (COCO keypoint similarity)', () => {
  const ref = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, null];
  it('is 1 for the same points and exp(−d²/(2 s² k²)) per point otherwise', () => {
    expect(oks(ref, ref)).toBe(1);
    // s² = 100 (the points' bounds), σ = 0.05 → k = 0.1; one point 1 px off: exp(−1 / (2·100·0.01)) = exp(−0.5).
    const moved = [{ x: 1, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 99, y: 99 }];
    expect(oks(ref, moved)).toBeCloseTo((Math.exp(-0.5) + 2) / 3, 12);
    expect(oks(ref, moved, [0.1, 0.05, 0.05])).toBeCloseTo((Math.exp(-0.125) + 2) / 3, 12);
  });

  it('scores a reference point the other side left out as 0, and skips points the reference lacks', () => {
    expect(oks(ref, [null, { x: 10, y: 0 }, { x: 10, y: 10 }, null])).toBeCloseTo(2 / 3, 12);
    expect(oks([null, { x: 1, y: 1, visible: false }], [{ x: 0, y: 0 }, { x: 1, y: 1 }])).toBeNull();
  });
});

describe('point-set similarity', () => {
  it('is 1 for the same points and falls off with displacement relative to the size', () => {
    const line = [[0, 0], [100, 0]];
    expect(pointSetSimilarity(line, line)).toBe(1);
    expect(pointSetSimilarity(line, [[0, 10], [100, 10]])).toBeCloseTo(Math.exp(-0.5), 12);
    expect(pointSetSimilarity(line, [[0, 50], [100, 50]])).toBeLessThan(0.01);
  });
});
