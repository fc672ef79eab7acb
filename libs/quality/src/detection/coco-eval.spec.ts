import { rleFromPolygon } from '../mask/rle';
import { cocoEvaluate, type Detection, type GroundTruth } from './coco-eval';

const gt = (imageId: string, box: [number, number, number, number], extra: Partial<GroundTruth> = {}): GroundTruth => ({ imageId, categoryId: 'car', box, ...extra });
const dt = (imageId: string, box: [number, number, number, number], score: number, extra: Partial<Detection> = {}): Detection => ({ imageId, categoryId: 'car', box, score, ...extra });
// Large enough (area > 96²) that only the "all" and "large" ranges see them.
const B: [number, number, number, number] = [0, 0, 100, 100];

describe('COCO evaluation (pycocotools COCOeval, hand-worked)', () => {
  // pycocotools divides by tp + fp + ε (numpy's spacing(1)), so its perfect precision is 1 − 2⁻⁵², as here.
  const one = expect.closeTo(1, 12);

  it('a perfect detection scores 1 everywhere it is measured, −1 where there is no ground truth', () => {
    const { stats } = cocoEvaluate([gt('i1', B)], [dt('i1', B, 0.9)]);
    expect(stats).toMatchObject({ AP: one, AP50: one, AP75: one, APlarge: one, AR1: 1, AR100: 1, ARlarge: 1, APsmall: -1, APmedium: -1 });
  });

  it('a detection at IoU 0.62 is right at thresholds 0.50, 0.55 and 0.60 only: AP = 3/10', () => {
    const { stats } = cocoEvaluate([gt('i1', B)], [dt('i1', [0, 0, 100, 62], 0.9)]);
    expect(stats.AP50).toEqual(one);
    expect(stats.AP75).toBe(0);
    expect(stats.AP).toBeCloseTo(0.3, 12);
    expect(stats.AR100).toBeCloseTo(0.3, 12);
  });

  it('interpolates precision at 101 recall points: hits at ranks 1 and 3 of 3 over 2 objects give (51·1 + 50·⅔)/101', () => {
    // Ranked: hit (P 1, R ½), miss (P ½, R ½), hit (P ⅔, R 1). Monotone precision: 1, ⅔, ⅔.
    // Recall points 0…0.50 read precision 1 (51 of them), 0.51…1.00 read ⅔ (50).
    const gts = [gt('i1', B), gt('i2', B)];
    const dts = [dt('i1', B, 0.9), dt('i1', [300, 300, 100, 100], 0.8), dt('i2', B, 0.7)];
    const { stats, perCategory } = cocoEvaluate(gts, dts);
    const expected = (51 + (50 * 2) / 3) / 101;
    expect(stats.AP).toBeCloseTo(expected, 12);
    expect(stats.AP50).toBeCloseTo(expected, 12);
    expect(perCategory.car.AP).toBeCloseTo(expected, 12);
    expect(stats.AR100).toBe(1);
  });

  it('counts at most maxDets detections per image: with one allowed, the better-scored miss hides the hit', () => {
    const { stats } = cocoEvaluate([gt('i1', B)], [dt('i1', [300, 300, 100, 100], 0.9), dt('i1', B, 0.5)]);
    expect(stats.AR1).toBe(0);
    expect(stats.AR10).toBe(1);
    // At 100: a miss then a hit → precision ½ at recall 1, made monotone: ½ at every recall point.
    expect(stats.AP).toBeCloseTo(0.5, 12);
  });

  it('sorts objects into area ranges: a 20 × 20 one counts as small only, and misses outside a range do not count there', () => {
    const small: [number, number, number, number] = [0, 0, 20, 20];
    const { stats } = cocoEvaluate([gt('i1', small)], [dt('i1', small, 0.9), dt('i1', [500, 500, 100, 100], 0.95)]);
    expect(stats.APsmall).toEqual(one);
    expect(stats.APlarge).toBe(-1);
    // Over all areas the large miss ranks first: precision ½ at recall 1.
    expect(stats.AP).toBeCloseTo(0.5, 12);
  });

  it('ignores detections inside a crowd region (IoU over the detection alone), and the crowd is no object to find', () => {
    const crowd = gt('i1', [0, 0, 400, 400], { iscrowd: true });
    const { stats } = cocoEvaluate([gt('i1', B), crowd], [dt('i1', B, 0.9), dt('i1', [200, 200, 100, 100], 0.95)]);
    expect(stats.AP).toEqual(one);
    expect(stats.AR100).toBe(1);
  });

  it('evaluates masks (segm) by mask IoU', () => {
    const sq = rleFromPolygon([[0, 0], [50, 0], [50, 50], [0, 50]], [120, 120]);
    const shifted = rleFromPolygon([[10, 0], [60, 0], [60, 50], [10, 50]], [120, 120]);
    // IoU = 2000 / 3000 = 0.667: right at 0.50…0.65 (4 of 10).
    const { stats } = cocoEvaluate([{ imageId: 'i', categoryId: 'c', mask: sq }], [{ imageId: 'i', categoryId: 'c', mask: shifted, score: 1 }], { iouType: 'segm' });
    expect(stats.AP).toBeCloseTo(0.4, 12);
  });

  it('leaves out categories without ground truth, and counts a category nobody detected as 0', () => {
    const { stats, perCategory } = cocoEvaluate(
      [gt('i1', B), { imageId: 'i1', categoryId: 'bus', box: [200, 0, 100, 100] }],
      [dt('i1', B, 0.9), { imageId: 'i1', categoryId: 'tram', box: [200, 0, 100, 100], score: 0.9 }],
    );
    expect(perCategory.bus.AP).toBe(0);
    expect(perCategory.tram).toBeUndefined();
    expect(stats.AP).toBeCloseTo(0.5, 12);
  });
});
