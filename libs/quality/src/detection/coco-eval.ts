import { rleArea, rleIntersection, type Rle } from '../mask/rle';

/** [x, y, width, height], COCO's box. */
export type CocoBox = readonly [number, number, number, number];

export interface GroundTruth {
  imageId: string;
  categoryId: string;
  box?: CocoBox;
  mask?: Rle;
  /** the object's area for the small/medium/large ranges; COCO's `area` (default: the mask's pixels, else the box's) */
  area?: number;
  /** a crowd region: detections inside it are neither true nor false (IoU is measured over the detection alone) */
  iscrowd?: boolean;
  ignore?: boolean;
}

export interface Detection {
  imageId: string;
  categoryId: string;
  box?: CocoBox;
  mask?: Rle;
  score: number;
  area?: number;
}

export interface CocoEvalOptions {
  iouType?: 'bbox' | 'segm';
  /** default 0.50:0.05:0.95 */
  iouThresholds?: readonly number[];
  /** default [1, 10, 100] */
  maxDets?: readonly [number, number, number];
  /** images to evaluate (default: every image either side names) */
  imageIds?: readonly string[];
  /** categories to evaluate (default: those with ground truth) */
  categoryIds?: readonly string[];
}

/** COCO's twelve summary numbers; −1 where there is nothing to measure (as pycocotools prints it). */
export interface CocoStats {
  AP: number;
  AP50: number;
  AP75: number;
  APsmall: number;
  APmedium: number;
  APlarge: number;
  AR1: number;
  AR10: number;
  AR100: number;
  ARsmall: number;
  ARmedium: number;
  ARlarge: number;
}

export interface CocoEvaluation {
  stats: CocoStats;
  /** per category: AP@[.5:.95], AP@.5 and AR@100 over all areas (−1 without ground truth) */
  perCategory: Record<string, { AP: number; AP50: number; AR100: number }>;
}

const AREA_RANGES = { all: [0, 1e10], small: [0, 32 ** 2], medium: [32 ** 2, 96 ** 2], large: [96 ** 2, 1e10] } as const;
type AreaName = keyof typeof AREA_RANGES;
const AREAS = Object.keys(AREA_RANGES) as AreaName[];
const RECALL_POINTS = Array.from({ length: 101 }, (_, i) => i / 100);
const DEFAULT_IOU = Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i);

function iouOf(d: Detection, g: GroundTruth, type: 'bbox' | 'segm'): number {
  let inter: number;
  let areaD: number;
  let areaG: number;
  if (type === 'segm') {
    if (!d.mask || !g.mask) throw new RangeError('segm evaluation needs masks on both sides');
    inter = rleIntersection(d.mask, g.mask);
    areaD = rleArea(d.mask);
    areaG = rleArea(g.mask);
  } else {
    if (!d.box || !g.box) throw new RangeError('bbox evaluation needs boxes on both sides');
    const w = Math.min(d.box[0] + d.box[2], g.box[0] + g.box[2]) - Math.max(d.box[0], g.box[0]);
    const h = Math.min(d.box[1] + d.box[3], g.box[1] + g.box[3]) - Math.max(d.box[1], g.box[1]);
    inter = w > 0 && h > 0 ? w * h : 0;
    areaD = d.box[2] * d.box[3];
    areaG = g.box[2] * g.box[3];
  }
  const union = g.iscrowd ? areaD : areaD + areaG - inter;
  return union > 0 ? inter / union : 0;
}

const areaOf = (x: GroundTruth | Detection) => x.area ?? (x.mask ? rleArea(x.mask) : x.box ? x.box[2] * x.box[3] : 0);

interface ImageResult {
  /** detection scores, best first, at most maxDets[2] */
  scores: number[];
  /** [threshold][detection]: matched a ground truth */
  matched: boolean[][];
  /** [threshold][detection]: left out (matched an ignored one, or unmatched outside the area range) */
  ignored: boolean[][];
  gtIgnored: boolean[];
}

/**
 * COCO detection evaluation as pycocotools' COCOeval defines it: per image and
 * category, detections in score order take the unmatched ground truth of
 * highest IoU at each threshold (crowds may take many, ignored ones last);
 * precision is made monotone and read at 101 recall points; AP is the mean
 * over thresholds and categories with ground truth, per area range, AR the
 * same over recall.
 */
export function cocoEvaluate(gts: readonly GroundTruth[], dts: readonly Detection[], options: CocoEvalOptions = {}): CocoEvaluation {
  const type = options.iouType ?? 'bbox';
  const thresholds = options.iouThresholds ?? DEFAULT_IOU;
  const maxDets = options.maxDets ?? [1, 10, 100];
  const images = options.imageIds ?? [...new Set([...gts.map((g) => g.imageId), ...dts.map((d) => d.imageId)])];
  const categories = options.categoryIds ?? [...new Set(gts.map((g) => g.categoryId))];
  const key = (img: string, cat: string) => `${img}\u0000${cat}`;
  const gtBy = new Map<string, GroundTruth[]>();
  const dtBy = new Map<string, Detection[]>();
  for (const g of gts) (gtBy.get(key(g.imageId, g.categoryId)) ?? gtBy.set(key(g.imageId, g.categoryId), []).get(key(g.imageId, g.categoryId))!).push(g);
  for (const d of dts) (dtBy.get(key(d.imageId, d.categoryId)) ?? dtBy.set(key(d.imageId, d.categoryId), []).get(key(d.imageId, d.categoryId))!).push(d);

  // precision[t][r] and recall[t] per (category, area, maxDet); null where the category has no ground truth there.
  const precision = new Map<string, number[][] | null>();
  const recall = new Map<string, number[] | null>();
  const slot = (cat: string, area: AreaName, m: number) => `${cat}|${area}|${m}`;

  for (const cat of categories) {
    for (const area of AREAS) {
      const range = AREA_RANGES[area];
      const perImage: ImageResult[] = [];
      for (const img of images) {
        const g = gtBy.get(key(img, cat)) ?? [];
        const d = dtBy.get(key(img, cat)) ?? [];
        if (!g.length && !d.length) continue;
        perImage.push(evaluateImage(g, d, range, maxDets[2], thresholds, type));
      }
      for (const m of maxDets) {
        const acc = accumulate(perImage, m, thresholds);
        precision.set(slot(cat, area, m), acc?.precision ?? null);
        recall.set(slot(cat, area, m), acc?.recall ?? null);
      }
    }
  }

  const meanAp = (area: AreaName, m: number, t: number | null, cats = categories) => {
    const vals: number[] = [];
    for (const cat of cats) {
      const p = precision.get(slot(cat, area, m));
      if (!p) continue;
      thresholds.forEach((thr, ti) => {
        if (t !== null && Math.abs(thr - t) > 1e-9) return;
        vals.push(...p[ti]);
      });
    }
    return vals.length ? vals.reduce((s, v) => s + v, 0) / vals.length : -1;
  };
  const meanAr = (area: AreaName, m: number, cats = categories) => {
    const vals: number[] = [];
    for (const cat of cats) {
      const r = recall.get(slot(cat, area, m));
      if (r) vals.push(...r);
    }
    return vals.length ? vals.reduce((s, v) => s + v, 0) / vals.length : -1;
  };
  const top = maxDets[2];
  const stats: CocoStats = {
    AP: meanAp('all', top, null), AP50: meanAp('all', top, 0.5), AP75: meanAp('all', top, 0.75),
    APsmall: meanAp('small', top, null), APmedium: meanAp('medium', top, null), APlarge: meanAp('large', top, null),
    AR1: meanAr('all', maxDets[0]), AR10: meanAr('all', maxDets[1]), AR100: meanAr('all', top),
    ARsmall: meanAr('small', top), ARmedium: meanAr('medium', top), ARlarge: meanAr('large', top),
  };
  const perCategory: CocoEvaluation['perCategory'] = {};
  for (const cat of categories) perCategory[cat] = { AP: meanAp('all', top, null, [cat]), AP50: meanAp('all', top, 0.5, [cat]), AR100: meanAr('all', top, [cat]) };
  return { stats, perCategory };
}

function evaluateImage(g0: GroundTruth[], d0: Detection[], range: readonly [number, number], maxDet: number, thresholds: readonly number[], type: 'bbox' | 'segm'): ImageResult {
  const outside = (a: number) => a < range[0] || a > range[1];
  const gIgnore0 = g0.map((g) => !!(g.ignore || g.iscrowd) || outside(areaOf(g)));
  // Ground truth not ignored first (stable), detections by score (stable), at most maxDet.
  const gOrder = g0.map((_, i) => i).sort((a, b) => Number(gIgnore0[a]) - Number(gIgnore0[b]) || a - b);
  const g = gOrder.map((i) => g0[i]);
  const gIgnored = gOrder.map((i) => gIgnore0[i]);
  const d = d0.map((x, i) => ({ x, i })).sort((a, b) => b.x.score - a.x.score || a.i - b.i).slice(0, maxDet).map((e) => e.x);
  const ious = d.map((dt) => g.map((gt) => iouOf(dt, gt, type)));
  const matched = thresholds.map(() => new Array<boolean>(d.length).fill(false));
  const ignored = thresholds.map(() => new Array<boolean>(d.length).fill(false));
  thresholds.forEach((t, ti) => {
    const gtTaken = new Array<boolean>(g.length).fill(false);
    d.forEach((_, di) => {
      let best = Math.min(t, 1 - 1e-10);
      let m = -1;
      for (let gi = 0; gi < g.length; gi++) {
        if (gtTaken[gi] && !g[gi].iscrowd) continue;
        // Once matched to a real one, ignored ones (sorted last) cannot take it.
        if (m > -1 && !gIgnored[m] && gIgnored[gi]) break;
        if (ious[di][gi] < best) continue;
        best = ious[di][gi];
        m = gi;
      }
      if (m === -1) return;
      ignored[ti][di] = gIgnored[m];
      matched[ti][di] = true;
      gtTaken[m] = true;
    });
    // Unmatched detections outside the area range do not count against it.
    d.forEach((dt, di) => {
      if (!matched[ti][di] && outside(areaOf(dt))) ignored[ti][di] = true;
    });
  });
  return { scores: d.map((x) => x.score), matched, ignored, gtIgnored: gIgnored };
}

function accumulate(perImage: ImageResult[], maxDet: number, thresholds: readonly number[]): { precision: number[][]; recall: number[] } | null {
  const positives = perImage.reduce((n, e) => n + e.gtIgnored.filter((x) => !x).length, 0);
  if (!positives) return null;
  // Every image's first maxDet detections, merged by score (stable: image order, then rank).
  const entries: { score: number; img: number; k: number }[] = [];
  perImage.forEach((e, img) => e.scores.slice(0, maxDet).forEach((score, k) => entries.push({ score, img, k })));
  entries.sort((a, b) => b.score - a.score);
  const precision: number[][] = [];
  const recall: number[] = [];
  thresholds.forEach((_, ti) => {
    const rc: number[] = [];
    const pr: number[] = [];
    let tp = 0;
    let fp = 0;
    for (const { img, k } of entries) {
      const e = perImage[img];
      if (e.ignored[ti][k]) continue;
      if (e.matched[ti][k]) tp++;
      else fp++;
      rc.push(tp / positives);
      pr.push(tp / (tp + fp + Number.EPSILON));
    }
    recall.push(rc.length ? rc[rc.length - 1] : 0);
    for (let i = pr.length - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
    precision.push(RECALL_POINTS.map((r) => {
      const at = lowerBound(rc, r);
      return at < pr.length ? pr[at] : 0;
    }));
  });
  return { precision, recall };
}

/** The first index whose value is ≥ x (numpy's searchsorted, side 'left'). */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
