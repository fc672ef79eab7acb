import type { Geometry, ModelVersionAccuracy } from '@tessera/contracts';
import { accuracyCsv, compareAssets } from './accuracy';
import { mapPredictions, splitLargeSegments } from './preannotation-runner';

/** Hand-worked cases: each figure below is worked out in the comment beside it. */
const box = (x: number, y: number, width: number, height: number): Geometry => ({ type: 'box', x, y, width, height, rotation: 0 });
const span = (start: number, end: number): Geometry => ({ type: 'span', start, end });

describe('boxes: COCO mAP', () => {
  it('a perfect detector scores 1 at every threshold', () => {
    const r = compareAssets([{ assetId: 'a', reference: [{ labelId: 'car', geometry: box(0, 0, 10, 10) }], predictions: [{ labelId: 'car', geometry: box(0, 0, 10, 10), score: 0.9 }] }]);
    expect(r.boxes).toEqual({ mAP50: 1, mAP: 1, perLabel: [{ labelId: 'car', ap50: 1, ap: 1 }] });
  });

  it('a box at IoU exactly 0.5 counts at 0.5 and not above', () => {
    // Image a: exact (score .9). Image b: half the reference box (IoU 50/100 = 0.5, score .8).
    // At 0.5 both are true positives: AP50 = 1. At 0.55…0.95 only the first: precision 1 up to recall 0.5, so
    // 51 of the 101 recall points have precision 1: AP = 51/101. mAP = (1 + 9 × 51/101) / 10 = 560/1010.
    const r = compareAssets([
      { assetId: 'a', reference: [{ labelId: 'car', geometry: box(0, 0, 10, 10) }], predictions: [{ labelId: 'car', geometry: box(0, 0, 10, 10), score: 0.9 }] },
      { assetId: 'b', reference: [{ labelId: 'car', geometry: box(0, 0, 10, 10) }], predictions: [{ labelId: 'car', geometry: box(0, 0, 10, 5), score: 0.8 }] },
    ]);
    expect(r.boxes!.mAP50).toBe(1);
    expect(r.boxes!.mAP).toBeCloseTo(560 / 1010, 5);
  });

  it('a false positive scored above the true one halves precision at the first recall point; AP per label', () => {
    // car: a false box (.95) before the true one (.9): precision 1/2 at recall 1, made monotone: 0.5 at every
    // recall point, AP = 0.5. person: never predicted: AP 0. mAP50 = (0.5 + 0) / 2 = 0.25.
    const r = compareAssets([{
      assetId: 'a',
      reference: [{ labelId: 'car', geometry: box(0, 0, 10, 10) }, { labelId: 'person', geometry: box(50, 50, 10, 20) }],
      predictions: [{ labelId: 'car', geometry: box(100, 100, 10, 10), score: 0.95 }, { labelId: 'car', geometry: box(0, 0, 10, 10), score: 0.9 }],
    }]);
    expect(r.boxes!.mAP50).toBeCloseTo(0.25, 6);
    expect(r.boxes!.perLabel).toEqual([{ labelId: 'car', ap50: 0.5, ap: 0.5 }, { labelId: 'person', ap50: 0, ap: 0 }]);
  });
});

it('spans: exact and overlap precision, recall and F1', () => {
  // Reference: per 0–5, loc 10–15. Predicted: per 0–5 (exact), loc 11–15 (overlaps only), per 20–25 (false).
  // Exact: tp 1, fp 2, fn 1 → P 1/3, R 1/2, F1 2/5. Overlap: tp 2, fp 1, fn 0 → P 2/3, R 1, F1 4/5.
  // A second document's spans never meet the first's, though their offsets are the same.
  const r = compareAssets([
    {
      assetId: 'd1',
      reference: [{ labelId: 'per', geometry: span(0, 5) }, { labelId: 'loc', geometry: span(10, 15) }],
      predictions: [{ labelId: 'per', geometry: span(0, 5) }, { labelId: 'loc', geometry: span(11, 15) }, { labelId: 'per', geometry: span(20, 25) }],
    },
    { assetId: 'd2', reference: [], predictions: [] },
  ]);
  expect(r.spans!.exact).toEqual({ precision: 0.333333, recall: 0.5, f1: 0.4 });
  expect(r.spans!.overlap).toEqual({ precision: 0.666667, recall: 1, f1: 0.8 });
  const apart = compareAssets([
    { assetId: 'd1', reference: [{ labelId: 'per', geometry: span(0, 5) }], predictions: [] },
    { assetId: 'd2', reference: [], predictions: [{ labelId: 'per', geometry: span(0, 5) }] },
  ]);
  expect(apart.spans!.overlap).toEqual({ precision: 0, recall: 0, f1: 0 });
});

it('masks and segments: Dice per asset and label, averaged', () => {
  // 4 × 4, column-major. Reference: pixels 0–3 (column 0). Prediction: pixels 2–5. Overlap 2: Dice 2·2/(4+4) = 0.5.
  // A segment on two slices: slice 0 the same as above, slice 1 equal (4 of 4): Dice 2·(2+4)/(8+8) = 0.75.
  // A label only the prediction has: Dice 0. Mean of (0.5, 0.75, 0) = 0.416667.
  const rle = (counts: number[]) => ({ size: [4, 4] as [number, number], counts });
  const r = compareAssets([
    { assetId: 'img', reference: [{ labelId: 'car', geometry: { type: 'mask', rle: rle([0, 4, 12]) } }], predictions: [{ labelId: 'car', geometry: { type: 'mask', rle: rle([2, 4, 10]) } }] },
    {
      assetId: 'ct',
      reference: [{ labelId: 'liver', geometry: { type: 'segment', slices: { 0: rle([0, 4, 12]), 1: rle([0, 4, 12]) } } }],
      predictions: [
        { labelId: 'liver', geometry: { type: 'segment', slices: { 0: rle([2, 4, 10]), 1: rle([0, 4, 12]) } } },
        { labelId: 'bone', geometry: { type: 'segment', slices: { 0: rle([0, 1, 15]) } } },
      ],
    },
  ]);
  expect(r.masks).toEqual({ dice: 0.416667, pairs: 3 });
  expect(r.boxes).toBeNull();
  expect(r.spans).toBeNull();
});

it('OCR: character error rate of the lines in reading order', () => {
  // Reference "hello\nworld" (11 characters), read "hallo\nworld" (the prediction's lines listed bottom first): 1 substitution, CER 1/11.
  const line = (y: number, text: string) => ({ labelId: 'line', geometry: { type: 'polygon', points: [[0, y], [50, y], [50, y + 10]] } as Geometry, attributes: { transcription: text } });
  const r = compareAssets([{ assetId: 'scan', reference: [line(0, 'hello'), line(20, 'world')], predictions: [line(21, 'world'), line(1, 'hallo')] }]);
  expect(r.ocr).toEqual({ cer: Math.round((1 / 11) * 1e6) / 1e6, lines: 2 });
});

it('maps a model’s classes to labels: unmapped dropped, tools checked, threshold and maximum kept, unknown attributes dropped', () => {
  const schema = {
    labels: [
      { id: 'per', name: 'Person', color: '#f00', tools: ['span'] as const, attributes: [{ key: 'note', name: 'Note', type: 'text' as const }] },
      { id: 'car', name: 'Car', color: '#00f', tools: ['box'] as const, attributes: [] },
    ],
  } as never;
  const { kept, dropped } = mapPredictions([
    { modelClass: 'person', score: 0.9, geometry: span(0, 3), attributes: { note: 'x', other: 'y' } },
    { modelClass: 'PERSON-lower', score: 0.99, geometry: span(5, 9) },
    { modelClass: 'person', score: 0.4, geometry: span(10, 12) },
    { modelClass: 'vehicle', score: 0.8, geometry: span(13, 15) },
    { modelClass: 'person', score: 0.7, geometry: span(20, 25) },
    { modelClass: 'person', score: 0.6, geometry: span(30, 35) },
  ], { label_map: { person: 'person', vehicle: 'car' }, score_threshold: 0.5, max_objects: 2 }, schema);
  // "person" maps by the label's name; a span is not a tool of Car; the 0.6 span is past the maximum of 2.
  expect(kept).toEqual([
    { labelId: 'per', geometry: span(0, 3), score: 0.9, attributes: { note: 'x' } },
    { labelId: 'per', geometry: span(20, 25), score: 0.7, attributes: {} },
  ]);
  expect(dropped).toEqual({ 'unmapped class PERSON-lower': 1, 'below the score threshold': 1, 'label Car does not take a span': 1, 'past the maximum number of objects': 1 });
});

it('writes the figures as CSV, a row per version and one per label, with formulas defused', () => {
  const v: ModelVersionAccuracy = {
    version: '=1+1', assets: 2, comparedAssets: 1, predictions: 4, accepted: 3, acceptedShare: 0.75,
    boxes: { mAP50: 0.5, mAP: 0.25, perLabel: [{ labelId: 'car', ap50: 0.5, ap: 0.25 }] }, spans: null, masks: null, ocr: null,
    activeSeconds: { withPredictions: 30, withoutPredictions: 60, tasksWith: 1, tasksWithout: 2 },
  };
  const lines = accuracyCsv('Detector, big', [v]).trimEnd().split('\r\n');
  expect(lines[0].startsWith('model,version,assets,compared_assets,predictions,accepted,accepted_share,map50,map_50_95')).toBe(true);
  expect(lines[1]).toBe(`"Detector, big",'=1+1,2,1,4,3,0.75,0.5,0.25,,,,,,,,,30,60,1,2,,,`);
  expect(lines[2]).toBe(`"Detector, big",'=1+1,,,,,,,,,,,,,,,,,,,,car,0.5,0.25`);
});

it('splits a segment too big for one op into grouped runs of its slices', () => {
  const rle = { size: [4, 4] as [number, number], counts: [0, 4, 12] };
  const big = { labelId: 'bone', score: 0.9, attributes: {}, geometry: { type: 'segment', slices: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), rle])) } as Geometry };
  const small = { labelId: 'bone', score: 0.9, attributes: {}, geometry: { type: 'segment', slices: { 0: rle } } as Geometry };
  const perSlice = JSON.stringify(rle).length + 5;
  const parts = splitLargeSegments([small, big], perSlice * 4);
  expect(parts[0]).toBe(small);
  const rest = parts.slice(1);
  // 10 slices, at most 4 to a part: 4 + 4 + 2, in slice order, all of the second prediction.
  expect(rest.map((p) => Object.keys((p.geometry as { slices: object }).slices))).toEqual([['0', '1', '2', '3'], ['4', '5', '6', '7'], ['8', '9']]);
  expect(rest.every((p) => p.of === 1)).toBe(true);
});
