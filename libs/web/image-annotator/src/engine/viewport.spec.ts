import { revealView, toScreen } from './viewport';

describe('revealView', () => {
  const view = { scale: 2, x: 0, y: 0 };

  it('leaves the view alone when the object is already in the stage', () => {
    expect(revealView(view, { minX: 10, minY: 10, maxX: 50, maxY: 50 }, 800, 600)).toBeNull();
  });

  it('centres an object outside the stage, keeping the zoom', () => {
    const v = revealView(view, { minX: 900, minY: 10, maxX: 950, maxY: 60 }, 800, 600)!;
    expect(v.scale).toBe(2);
    expect(toScreen(v, 925, 35)).toEqual([400, 300]);
  });

  it('zooms out until an object too big for the stage fills 80 % of it', () => {
    const v = revealView(view, { minX: 0, minY: 0, maxX: 2000, maxY: 100 }, 800, 600)!;
    expect(v.scale).toBeCloseTo(0.32);
    const [x0] = toScreen(v, 0, 0);
    const [x1] = toScreen(v, 2000, 0);
    expect([x0, x1].map((x) => Math.round(x))).toEqual([80, 720]);
  });
});
