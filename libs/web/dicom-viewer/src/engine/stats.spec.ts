import { angleAt, distance, roiStats } from './stats';
import { autoWindow } from './presets';

describe('ROI statistics in HU', () => {
  // A 10 × 10 slice of stored values: 1084 (60 HU) inside a 4 × 4 square at (3..6, 3..6), 1024 (0 HU) around it.
  const pixels = new Int16Array(100).fill(1024);
  for (let y = 3; y < 7; y++) for (let x = 3; x < 7; x++) pixels[y * 10 + x] = 1084;
  const slice = { pixels, width: 10, height: 10, spacing: [0.5, 0.7] as const, slope: 1, intercept: -1024 };

  it('gives mean, SD, min, max and the area in mm² of a rectangle', () => {
    const s = roiStats(slice, { type: 'rectangle', x0: 3, y0: 3, x1: 7, y1: 7 })!;
    expect(s).toMatchObject({ mean: 60, sd: 0, min: 60, max: 60, count: 16 });
    expect(s.area).toBeCloseTo(16 * 0.35);
    const wider = roiStats(slice, { type: 'rectangle', x0: 2, y0: 3, x1: 7, y1: 7 })!;
    expect(wider.count).toBe(20);
    expect(wider.mean).toBeCloseTo(48);
    expect(wider.sd).toBeCloseTo(Math.sqrt((16 * 12 ** 2 + 4 * 48 ** 2) / 19));
    expect(wider.min).toBe(0);
  });

  it('counts the pixels whose centres lie in an ellipse', () => {
    const s = roiStats(slice, { type: 'ellipse', cx: 5, cy: 5, rx: 2, ry: 2 })!;
    expect(s.count).toBe(12);
    expect(s.mean).toBe(60);
    expect(roiStats(slice, { type: 'ellipse', cx: 50, cy: 50, rx: 1, ry: 1 })).toBeNull();
  });

  it('measures lengths and angles in patient space, and an automatic window', () => {
    expect(distance([0, 0, 0], [3, 4, 0])).toBe(5);
    expect(angleAt([1, 0, 0], [0, 0, 0], [0, 1, 0])).toBeCloseTo(90);
    const w = autoWindow(Int16Array.from({ length: 1000 }, (_, i) => i));
    expect(w.center).toBeCloseTo(500, -1);
    expect(w.width).toBeGreaterThan(900);
  });
});
