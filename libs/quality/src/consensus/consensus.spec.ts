import type { Geometry } from '@tessera/contracts';
import { rleArea, rleFromPolygon } from '../mask/rle';
import { polygonArea, type Point } from '../geometry/polygon';
import { segmentFromVoxels } from '../volume/voxels';
import { dice3d } from '../volume/segment';
import type { Item } from '../compare/compare';
import { buildConsensus, type Contribution } from './consensus';
import { traceOutline } from './trace';

let n = 0;
const item = (labelId: string, geometry: Geometry, attributes: Item['attributes'] = {}): Item => ({ id: `c0000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, labelId, geometry, attributes });
const box = (x: number, y: number, w = 40, h = 30): Geometry => ({ type: 'box', x, y, width: w, height: h, rotation: 0 });
const person = (personId: string, items: Item[], weight = 1): Contribution => ({ personId, weight, items });

describe('consensus', () => {
  it('boxes: clustered by IoU, majority label, coordinates averaged by gold accuracy; what one of three drew is dropped', () => {
    const c = buildConsensus([
      person('ann', [item('car', box(10, 10)), item('car', box(200, 200))], 0.9),
      person('bob', [item('car', box(14, 10))], 0.6),
      person('cid', [item('truck', box(12, 12))], 0.3),
    ]);
    expect(c.objects).toHaveLength(1);
    const o = c.objects[0];
    expect(o.labelId).toBe('car');
    expect(o.support).toBe(3);
    // x: (0.9·10 + 0.6·14 + 0.3·12) / 1.8 = 11.667
    expect((o.geometry as { x: number }).x).toBeCloseTo(21 / 1.8, 9);
    expect((o.geometry as { y: number }).y).toBeCloseTo((0.9 * 10 + 0.6 * 10 + 0.3 * 12) / 1.8, 9);
    expect(c.dropped).toBe(1);
    expect(c.disagreements.map((d) => [d.personId, d.kind])).toEqual(expect.arrayContaining([['ann', 'extra'], ['cid', 'wrong_label']]));
  });

  it('is the same whichever order the people come in, with ids from stable keys', () => {
    const people = [person('a', [item('car', box(0, 0))]), person('b', [item('car', box(2, 2))])];
    const one = buildConsensus(people, { idOf: (k) => `id(${k})` });
    const two = buildConsensus([...people].reverse(), { idOf: (k) => `id(${k})` });
    expect(two.objects).toEqual(one.objects);
    expect(one.objects[0].id).toBe(`id(${one.objects[0].key})`);
  });

  it('measures agreement as the mean pairwise F1 and sends a low one to review', () => {
    const good = buildConsensus([person('a', [item('car', box(0, 0))]), person('b', [item('car', box(1, 1))])], { minAgreement: 0.7 });
    expect(good.agreement).toBe(1);
    expect(good.needsReview).toBe(false);
    const bad = buildConsensus([person('a', [item('car', box(0, 0)), item('car', box(100, 0))]), person('b', [item('car', box(300, 0))])], { minAgreement: 0.7 });
    expect(bad.agreement).toBe(0);
    expect(bad.needsReview).toBe(true);
    expect(bad.objects).toEqual([]);
  });

  it('polygons: pixel majority, traced back into a polygon', () => {
    const sq = (x: number): Geometry => ({ type: 'polygon', points: [[x, 0], [x + 20, 0], [x + 20, 20], [x, 20]] });
    const c = buildConsensus([person('a', [item('lot', sq(0))]), person('b', [item('lot', sq(4))]), person('c', [item('lot', sq(8))])]);
    const g = c.objects[0].geometry as { type: string; points: Point[] };
    expect(g.type).toBe('polygon');
    // Pixels two of three cover: x from 4 to 24 → a 20 × 20 square.
    expect(polygonArea(g.points)).toBeCloseTo(400, 9);
  });

  it('polygons become a mask where the label allows no polygon', () => {
    const sq: Geometry = { type: 'polygon', points: [[0, 0], [10, 0], [10, 10], [0, 10]] };
    const c = buildConsensus([person('a', [item('lot', sq)]), person('b', [item('lot', sq)])], { toolsOf: () => ['mask'], imageSize: [30, 30] });
    const g = c.objects[0].geometry as Extract<Geometry, { type: 'mask' }>;
    expect(g.type).toBe('mask');
    expect(rleArea(g.rle)).toBe(100);
  });

  it('spans: majority per token', () => {
    const text = 'Alice Smith visited Paris';
    const span = (start: number, end: number): Geometry => ({ type: 'span', start, end });
    const c = buildConsensus([
      person('a', [item('person', span(0, 11)), item('place', span(20, 25))]),
      person('b', [item('person', span(0, 5)), item('place', span(20, 25))]),
      person('c', [item('person', span(0, 11))]),
    ], { tokens: [{ start: 0, end: 5 }, { start: 6, end: 11 }, { start: 12, end: 19 }, { start: 20, end: 25 }] });
    expect(c.objects.map((o) => [o.labelId, text.slice((o.geometry as { start: number }).start, (o.geometry as { end: number }).end)])).toEqual([
      ['person', 'Alice Smith'], ['place', 'Paris'],
    ]);
  });

  it('classifications: the majority, and a tie goes to review with no label', () => {
    const tag = (l: string) => item(l, { type: 'tag' });
    expect(buildConsensus([person('a', [tag('day')]), person('b', [tag('day')]), person('c', [tag('night')])]).objects.map((o) => o.labelId)).toEqual(['day']);
    const tie = buildConsensus([person('a', [tag('day')]), person('b', [tag('night')])]);
    expect(tie.objects).toEqual([]);
    expect(tie.ties).toBe(1);
    expect(tie.needsReview).toBe(true);
  });

  it('DICOM segments: voxel majority', () => {
    const ball = (cx: number) => segmentFromVoxels(32, 32, 10, (x, y, z) => (x - cx) ** 2 + (y - 16) ** 2 + (z - 5) ** 2 * 4 <= 64);
    const c = buildConsensus([
      person('a', [item('liver', { type: 'segment', slices: ball(15) as never })]),
      person('b', [item('liver', { type: 'segment', slices: ball(16) as never })]),
      person('c', [item('liver', { type: 'segment', slices: ball(17) as never })]),
    ]);
    const merged = (c.objects[0].geometry as Extract<Geometry, { type: 'segment' }>).slices;
    expect(dice3d(merged, ball(16))).toBeGreaterThan(0.95);
  });
});

describe('outline tracing', () => {
  it('turns a filled square back into its 4 corners, and keeps pieces touching at a corner apart', () => {
    const sq = rleFromPolygon([[2, 2], [7, 2], [7, 6], [2, 6]], [10, 10]);
    const out = traceOutline(sq)!;
    expect(out).toHaveLength(4);
    expect(polygonArea(out)).toBe(20);
    // Two squares meeting at one corner: the larger is the outline.
    const two = rleFromPolygon([[0, 0], [3, 0], [3, 3], [0, 3]], [10, 10]);
    const counts = [...two.counts];
    const withSmall = rleFromPolygon([[3, 3], [5, 3], [5, 5], [3, 5]], [10, 10]);
    expect(polygonArea(traceOutline({ size: [10, 10], counts: mergeRuns(counts, withSmall.counts as number[]) })!)).toBe(9);
  });
});

function mergeRuns(a: number[], b: number[]): number[] {
  const bits = (c: number[]) => {
    const out = new Uint8Array(100);
    let p = 0;
    c.forEach((x, i) => {
      if (i % 2) out.fill(1, p, p + x);
      p += x;
    });
    return out;
  };
  const x = bits(a);
  const y = bits(b);
  const counts: number[] = [];
  let cur = 0;
  let run = 0;
  for (let i = 0; i < 100; i++) {
    const v = x[i] | y[i];
    if (v !== cur) {
      counts.push(run);
      run = 0;
      cur = v;
    }
    run++;
  }
  counts.push(run);
  return counts;
}
