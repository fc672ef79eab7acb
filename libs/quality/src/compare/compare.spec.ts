import type { Geometry } from '@tessera/contracts';
import { erodeSegment, segmentFromVoxels } from '../volume/voxels';
import { rleFromPolygon } from '../mask/rle';
import { compare, type Item } from './compare';
import { ruleFindings } from './rules';

let n = 0;
const item = (labelId: string, geometry: Geometry, attributes: Item['attributes'] = {}): Item => ({ id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, labelId, geometry, attributes });
const box = (x: number, y: number, w = 40, h = 30, rotation = 0): Geometry => ({ type: 'box', x, y, width: w, height: h, rotation });
const kinds = (c: ReturnType<typeof compare>) => c.findings.map((f) => f.kind).sort();

describe('compare: each kind of mistake is found', () => {
  const ref = [item('car', box(10, 10)), item('car', box(100, 10)), item('person', box(200, 50, 20, 60), { occluded: false })];

  it('finds nothing wrong with the same work, and scores it whole', () => {
    const same = ref.map((r) => ({ ...r, id: `${r.id.slice(0, -1)}f` }));
    const c = compare(ref, same);
    expect(c.findings).toEqual([]);
    expect(c).toMatchObject({ trials: 3, correct: 3, counts: { tp: 3, fp: 0, fn: 0 } });
    expect(c.perLabel.car.f1).toBe(1);
  });

  it('a wrong label: one pair, not two objects', () => {
    const other = [item('truck', box(10, 10)), item('car', box(100, 10)), item('person', box(200, 50, 20, 60), { occluded: false })];
    const c = compare(ref, other);
    expect(kinds(c)).toEqual(['wrong_label']);
    expect(c.findings[0]).toMatchObject({ refId: ref[0].id, otherId: other[0].id, labelId: 'car', otherLabelId: 'truck' });
    expect(c).toMatchObject({ trials: 3, correct: 2 });
    expect(c.perLabel.car).toMatchObject({ tp: 1, fn: 1, fp: 0 });
    expect(c.perLabel.truck).toMatchObject({ tp: 0, fp: 1 });
  });

  it('a box shifted to IoU < 0.5 is missed where it was and extra where it went', () => {
    // 40 × 30 moved 16 px right: IoU = 24·30 / (2·1200 − 720) ≈ 0.43.
    const other = [item('car', box(26, 10)), ref[1], ref[2]].map((r, i) => ({ ...r, id: `10000000-0000-4000-8000-00000000000${i}` }));
    expect(kinds(compare(ref, other))).toEqual(['extra', 'missed']);
    expect(kinds(compare(ref, other, { iouThreshold: 0.4 }))).toEqual([]);
  });

  it('a missed object and an extra one', () => {
    const other = [ref[0], ref[2], item('car', box(300, 200))];
    const c = compare(ref, other);
    expect(kinds(c)).toEqual(['extra', 'missed']);
    expect(c.findings.find((f) => f.kind === 'missed')!.refId).toBe(ref[1].id);
    expect(c).toMatchObject({ trials: 4, correct: 2 });
  });

  it('a wrong attribute', () => {
    const other = [ref[0], ref[1], { ...ref[2], attributes: { occluded: true } }];
    const c = compare(ref, other);
    expect(c.findings).toEqual([expect.objectContaining({ kind: 'attribute', attribute: 'occluded' })]);
    expect(c.attributes).toEqual({ agree: 0, total: 1 });
  });

  it('pairs by greatest total IoU, not greedily', () => {
    // IoU of equal boxes d apart is (100 − d)/(100 + d): r0–o0 0.8, r0–o1 0.6, r1–o0 0.6, r1–o1 below 0.5.
    // Greedy takes r0–o0 and leaves r1 alone; the best assignment pairs both.
    const r2 = [item('car', box(0, 0, 100, 100)), item('car', box(36.1, 0, 100, 100))];
    const o2 = [item('car', box(11.1, 0, 100, 100)), item('car', box(-25, 0, 100, 100))];
    expect(compare(r2, o2).matches.map((m) => [m.refId, m.otherId])).toEqual([[r2[0].id, o2[1].id], [r2[1].id, o2[0].id]]);
  });

  it('compares polygons and masks on pixels, and flags a mask whose Dice is low', () => {
    const poly: Geometry = { type: 'polygon', points: [[10, 10], [60, 10], [60, 40], [35, 20], [10, 40]] };
    const mask: Geometry = { type: 'mask', rle: rleFromPolygon([[10, 10], [60, 10], [60, 40], [35, 20], [10, 40]], [80, 80]) as never };
    expect(compare([item('road', poly)], [item('road', mask)]).findings).toEqual([]);
    const thinner: Geometry = { type: 'mask', rle: rleFromPolygon([[10, 10], [60, 10], [60, 30], [10, 30]], [80, 80]) as never };
    expect(kinds(compare([item('road', mask)], [item('road', thinner)], { iouThreshold: 0.3 }))).toEqual(['boundary']);
  });

  it('a span off by one token: paired by overlap, flagged on the boundary', () => {
    // "Alice Smith visited Paris": the person span stretched over "visited".
    const c = compare([item('person', { type: 'span', start: 0, end: 11 })], [item('person', { type: 'span', start: 0, end: 19 })]);
    expect(kinds(c)).toEqual(['boundary']);
    expect(c.correct).toBe(0);
  });

  it('pairs relations through their spans', () => {
    const [a1, a2] = [item('person', { type: 'span', start: 0, end: 5 }), item('org', { type: 'span', start: 10, end: 14 })];
    const [b1, b2] = [item('person', { type: 'span', start: 0, end: 5 }), item('org', { type: 'span', start: 10, end: 14 })];
    const ra = item('works-for', { type: 'relation', from: a1.id, to: a2.id });
    expect(compare([a1, a2, ra], [b1, b2, item('works-for', { type: 'relation', from: b1.id, to: b2.id })]).findings).toEqual([]);
    expect(kinds(compare([a1, a2, ra], [b1, b2, item('works-for', { type: 'relation', from: b2.id, to: b1.id })]))).toEqual(['extra', 'missed']);
  });

  it('classifications: the same label agrees, another is a wrong label', () => {
    expect(kinds(compare([item('night', { type: 'tag' })], [item('day', { type: 'tag' })]))).toEqual(['wrong_label']);
    expect(kinds(compare([item('night', { type: 'tag' }), item('rain', { type: 'tag' })], [item('night', { type: 'tag' })]))).toEqual(['missed']);
  });

  it('keypoints pair by OKS with the schema\'s σ', () => {
    const kp = (dx: number): Geometry => ({ type: 'keypoints', points: [{ x: 0 + dx, y: 0, visible: true }, { x: 100 + dx, y: 0, visible: true }, { x: 50 + dx, y: 80, visible: true }] });
    expect(compare([item('pose', kp(0))], [item('pose', kp(3))]).findings).toEqual([]);
    expect(kinds(compare([item('pose', kp(0))], [item('pose', kp(30))]))).toEqual(['extra', 'missed']);
  });

  it('a DICOM segment eroded by 2 voxels is flagged on its boundary (Dice and HD95)', () => {
    const liver = segmentFromVoxels(48, 48, 24, (x, y, z) => ((x - 24) / 18) ** 2 + ((y - 24) / 15) ** 2 + ((z - 12) / 9) ** 2 <= 1);
    const eroded = erodeSegment(liver, 48, 48, 24, 2);
    const c = compare([item('liver', { type: 'segment', slices: liver as never })], [item('liver', { type: 'segment', slices: eroded as never })], { spacing: { x: 0.7, y: 0.7, z: 2.5 } });
    expect(kinds(c)).toEqual(['boundary']);
    expect(c.findings[0].hd95).toBeGreaterThan(3);
    expect(c.matches).toHaveLength(1);
  });
});

describe('rule checks on submit', () => {
  const schema = { labels: [{ id: 'car', name: 'Car', color: '#ff0000', tools: ['box' as const], attributes: [] }] };
  it('finds the same object drawn twice, slips of the mouse, and the schema\'s own findings', () => {
    const a = item('car', box(10, 10));
    const twice = item('car', box(10.5, 10));
    const slip = item('car', box(300, 300, 1, 1));
    const outside = item('car', box(950, 10));
    const f = ruleFindings([a, twice, slip, outside], { mediaType: 'image', schema, extent: { width: 960, height: 540 } });
    expect(f.map((x) => [x.kind, x.annotationId]).sort()).toEqual([['degenerate', slip.id], ['duplicate', twice.id], ['schema', outside.id]].sort());
  });
});
