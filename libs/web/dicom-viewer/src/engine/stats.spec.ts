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

  it("an ROI's area is the shape's (π·a·b, width × height) in mm², as Cornerstone writes it, not the pixels counted", () => {
    // 0.7 × 0.5 mm pixels; an ellipse of 12.3 by 9.7 pixel semi-axes covers 372 pixel centres (130.2 mm²), while the shape is 131.2 mm².
    const big = { pixels: new Int16Array(40 * 40), width: 40, height: 40, spacing: [0.5, 0.7] as const };
    const e = roiStats(big, { type: 'ellipse', cx: 20, cy: 20, rx: 12.3, ry: 9.7 })!;
    expect(e.area).toBeCloseTo(Math.PI * (12.3 * 0.7) * (9.7 * 0.5), 6);
    expect(e.count * 0.35).not.toBeCloseTo(e.area, 0);
    const r = roiStats(big, { type: 'rectangle', x0: 30.4, y0: 5.2, x1: 10.1, y1: 20.9 })!;
    expect(r.area).toBeCloseTo(20.3 * 0.7 * 15.7 * 0.5, 6);
  });

  it('measures lengths and angles in patient space, and an automatic window', () => {
    expect(distance([0, 0, 0], [3, 4, 0])).toBe(5);
    expect(angleAt([1, 0, 0], [0, 0, 0], [0, 1, 0])).toBeCloseTo(90);
    const w = autoWindow(Int16Array.from({ length: 1000 }, (_, i) => i));
    expect(w.center).toBeCloseTo(500, -1);
    expect(w.width).toBeGreaterThan(900);
  });
});
