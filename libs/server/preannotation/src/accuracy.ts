import type { AttributeValue, Geometry, ModelVersionAccuracy, Rle } from '@tessera/contracts';
import { characterErrorRate, cocoEvaluate, rleArea, rleIntersection, rleVote, spanPrf, type Detection, type GroundTruth, type LabelledSpan } from '@tessera/quality';

export interface Compared {
  labelId: string;
  geometry: Geometry;
  score?: number | null;
  attributes?: Record<string, AttributeValue>;
}

/** One asset a model version predicted, with the work people accepted on it. */
export interface AssetComparison {
  assetId: string;
  predictions: Compared[];
  reference: Compared[];
}

/** The attribute keys an OCR line's transcription goes under. */
const TRANSCRIPTION_KEYS = ['transcription', 'text'];
const transcription = (a: Compared) => {
  for (const k of TRANSCRIPTION_KEYS) if (typeof a.attributes?.[k] === 'string') return a.attributes[k] as string;
  return null;
};
/** A text line's reading position: top, then left (of its first point). */
const readingKey = (a: Compared): [number, number] => {
  const g = a.geometry;
  if (g.type === 'polygon' || g.type === 'polyline') {
    const ys = g.points.map((p) => p[1]);
    const xs = g.points.map((p) => p[0]);
    return [Math.min(...ys), Math.min(...xs)];
  }
  if (g.type === 'box') return [g.y, g.x];
  return [0, 0];
};
const readingOrder = (list: Compared[]) =>
  [...list].sort((a, b) => {
    const [ay, ax] = readingKey(a);
    const [by, bx] = readingKey(b);
    return ay - by || ax - bx;
  });

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * The figures of one model version over the assets it predicted that people
 * have gone through, each kind of geometry by its own measure:
 * - boxes: COCO mAP@0.5 and mAP@[.5:.95] (pycocotools' definition: 101-point
 *   interpolation, area ranges, at most 100 detections per image), AP per label;
 * - spans: precision, recall and F1, exact (same ends and label) and overlap;
 * - masks and segments: Dice of the predicted against the accepted region, per
 *   asset and label, averaged (a label only one side has counts 0);
 * - OCR: character error rate of the lines read top to bottom, per asset, weighted by the reference's length.
 */
export function compareAssets(assets: AssetComparison[]): Pick<ModelVersionAccuracy, 'boxes' | 'spans' | 'masks' | 'ocr'> {
  const gts: GroundTruth[] = [];
  const dts: Detection[] = [];
  const refSpans: LabelledSpan[] = [];
  const predSpans: LabelledSpan[] = [];
  const dice: number[] = [];
  let cerWeighted = 0;
  let cerChars = 0;
  let ocrLines = 0;
  let ocrAssets = 0;
  assets.forEach((a, index) => {
    // Spans of different assets must never meet: each asset's offsets are kept apart.
    const shift = index * 1e9;
    for (const r of a.reference) {
      const g = r.geometry;
      if (g.type === 'box' && !g.rotation) gts.push({ imageId: a.assetId, categoryId: r.labelId, box: [g.x, g.y, g.width, g.height] });
      if (g.type === 'span') refSpans.push({ start: shift + g.start, end: shift + g.end, labelId: r.labelId });
    }
    for (const p of a.predictions) {
      const g = p.geometry;
      if (g.type === 'box' && !g.rotation) dts.push({ imageId: a.assetId, categoryId: p.labelId, box: [g.x, g.y, g.width, g.height], score: p.score ?? 1 });
      if (g.type === 'span') predSpans.push({ start: shift + g.start, end: shift + g.end, labelId: p.labelId });
    }
    // Regions: per label, the union of each side's masks (slice by slice for segments).
    const regions = (list: Compared[]) => {
      const by = new Map<string, Map<string, Rle[]>>();
      for (const x of list) {
        const g = x.geometry;
        const planes: [string, Rle][] = g.type === 'mask' ? [['0', g.rle]] : g.type === 'segment' ? Object.entries(g.slices) : [];
        for (const [k, rle] of planes) {
          let label = by.get(x.labelId);
          if (!label) by.set(x.labelId, (label = new Map()));
          const l = label.get(k) ?? [];
          l.push(rle);
          label.set(k, l);
        }
      }
      return by;
    };
    const pr = regions(a.predictions);
    const rr = regions(a.reference);
    for (const label of new Set([...pr.keys(), ...rr.keys()])) {
      const p = pr.get(label) ?? new Map<string, Rle[]>();
      const r = rr.get(label) ?? new Map<string, Rle[]>();
      let inter = 0;
      let sum = 0;
      for (const k of new Set([...p.keys(), ...r.keys()])) {
        const pu = p.has(k) ? rleVote(p.get(k)!, 1) : null;
        const ru = r.has(k) ? rleVote(r.get(k)!, 1) : null;
        if (pu && ru) inter += rleIntersection(pu, ru);
        sum += (pu ? rleArea(pu) : 0) + (ru ? rleArea(ru) : 0);
      }
      dice.push(sum ? (2 * inter) / sum : 1);
    }
    const refLines = readingOrder(a.reference.filter((x) => transcription(x) !== null));
    const predLines = readingOrder(a.predictions.filter((x) => transcription(x) !== null));
    if (refLines.length && predLines.length) {
      const ref = refLines.map(transcription).join('\n');
      const hyp = predLines.map(transcription).join('\n');
      cerWeighted += characterErrorRate(ref, hyp) * ref.length;
      cerChars += ref.length;
      ocrLines += refLines.length;
      ocrAssets++;
    }
  });
  let boxes: ModelVersionAccuracy['boxes'] = null;
  if (dts.length || gts.length) {
    const imageIds = assets.map((a) => a.assetId);
    const ev = cocoEvaluate(gts, dts, { imageIds });
    const clamp = (v: number) => (v < 0 ? 0 : round(v));
    boxes = {
      mAP50: clamp(ev.stats.AP50), mAP: clamp(ev.stats.AP),
      perLabel: Object.entries(ev.perCategory).map(([labelId, c]) => ({ labelId, ap50: clamp(c.AP50), ap: clamp(c.AP) })).sort((x, y) => x.labelId.localeCompare(y.labelId)),
    };
  }
  let spans: ModelVersionAccuracy['spans'] = null;
  if (refSpans.length || predSpans.length) {
    const r = refSpans;
    const p = predSpans;
    const pick = (x: { precision: number | null; recall: number | null; f1: number }) => ({
      precision: x.precision === null ? null : round(x.precision), recall: x.recall === null ? null : round(x.recall), f1: round(x.f1),
    });
    spans = { exact: pick(spanPrf(r, p, 'exact').overall), overlap: pick(spanPrf(r, p, 'overlap').overall) };
  }
  return {
    boxes,
    spans,
    masks: dice.length ? { dice: round(dice.reduce((s, d) => s + d, 0) / dice.length), pairs: dice.length } : null,
    ocr: ocrAssets ? { cer: round(cerChars ? cerWeighted / cerChars : 0), lines: ocrLines } : null,
  };
}

const CSV_COLUMNS = [
  'version', 'assets', 'compared_assets', 'predictions', 'accepted', 'accepted_share', 'map50', 'map_50_95', 'span_exact_p', 'span_exact_r', 'span_exact_f1',
  'span_overlap_p', 'span_overlap_r', 'span_overlap_f1', 'mask_dice', 'ocr_cer', 'active_s_with', 'active_s_without', 'tasks_with', 'tasks_without', 'label', 'ap50', 'ap',
];
const cell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // A cell that a spreadsheet would run as a formula is quoted and defused.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The figures as CSV: one row per version, then one per version and label with its AP. */
export function accuracyCsv(modelName: string, versions: ModelVersionAccuracy[]): string {
  const rows: unknown[][] = [['model', ...CSV_COLUMNS]];
  for (const v of versions) {
    rows.push([
      modelName, v.version, v.assets, v.comparedAssets, v.predictions, v.accepted, v.acceptedShare, v.boxes?.mAP50, v.boxes?.mAP,
      v.spans?.exact.precision, v.spans?.exact.recall, v.spans?.exact.f1, v.spans?.overlap.precision, v.spans?.overlap.recall, v.spans?.overlap.f1,
      v.masks?.dice, v.ocr?.cer, v.activeSeconds.withPredictions, v.activeSeconds.withoutPredictions, v.activeSeconds.tasksWith, v.activeSeconds.tasksWithout, '', '', '',
    ]);
    for (const l of v.boxes?.perLabel ?? []) rows.push([modelName, v.version, ...new Array(CSV_COLUMNS.length - 4).fill(''), l.labelId, l.ap50, l.ap]);
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
