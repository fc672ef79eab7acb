import type { Annotation, AttributeValue, FINDING_KINDS, Geometry } from '@tessera/contracts';
import { oks } from '../geometry/keypoints';
import { pointSetSimilarity, pointsOf } from '../geometry/points';
import { maxWeightMatching, type Pair } from '../match/hungarian';
import { rleDice } from '../mask/rle';
import { addCounts, NO_COUNTS, prf, type Counts, type Prf } from '../stats/prf';
import { spanIou } from '../text/spans';
import { dice3d, iou3d, surfaceDistance, type Spacing } from '../volume/segment';
import { regionIou, toRegion, type Region } from './regions';

/** What compare() looks at of an annotation. */
export type Item = Pick<Annotation, 'id' | 'labelId' | 'geometry' | 'attributes'>;

export interface CompareOptions {
  /** boxes, polygons, masks and 3-D segments match at this IoU or more (project QC setting; 0.5) */
  iouThreshold?: number;
  /** keypoints at this OKS or more, points, polylines and measurements at this similarity (0.5) */
  oksThreshold?: number;
  /** a matched mask or segment below this Dice is flagged as a boundary error (0.9) */
  minDice?: number;
  /** a matched DICOM segment whose HD95 exceeds this many mm is flagged (3); null: not checked */
  maxHd95Mm?: number | null;
  /** DICOM voxel size, for HD95; without it segments are not checked for distance */
  spacing?: Spacing;
  /** per-label keypoint σ from the label schema's skeleton */
  sigmas?: Readonly<Record<string, readonly number[]>>;
  /** per-label attribute keys to compare (the schema's); absent: every key either side has */
  attributeKeys?: Readonly<Record<string, readonly string[]>>;
}

export type FindingKind = (typeof FINDING_KINDS)[number];

/** One disagreement, naming the annotations on either side. */
export interface Finding {
  kind: FindingKind;
  refId?: string;
  otherId?: string;
  labelId: string;
  otherLabelId?: string;
  /** the pair's similarity (IoU, OKS, Dice…) where there is a pair */
  similarity?: number;
  attribute?: string;
  /** for a boundary finding: Dice, and HD95 in mm where measured */
  dice?: number;
  hd95?: number | null;
}

export interface MatchedPair {
  refId: string;
  otherId: string;
  similarity: number;
  sameLabel: boolean;
  /** same label, same attributes, no boundary finding */
  correct: boolean;
}

export interface Comparison {
  matches: MatchedPair[];
  findings: Finding[];
  /** objects: a pair with the same label is a true positive; otherwise the reference's is missed and the other's extra */
  counts: Counts;
  perLabel: Record<string, Prf>;
  /** compared attribute values that agree, over matched pairs with the same label */
  attributes: { agree: number; total: number };
  /** objects judged: matched pairs + unmatched on either side (a wrong-label pair is one, not two) */
  trials: number;
  /** objects right in every respect */
  correct: number;
}

type Group = 'region' | 'keypoints' | 'pointset' | 'span' | 'relation' | 'class' | 'segment';

export function groupOf(g: Geometry): Group {
  switch (g.type) {
    case 'box': case 'polygon': case 'mask': return 'region';
    case 'keypoints': return 'keypoints';
    case 'points': case 'polyline': case 'length': case 'ellipse': case 'rectangle': case 'angle': case 'bidirectional': return 'pointset';
    case 'span': return 'span';
    case 'relation': return 'relation';
    case 'tag': case 'doc-label': case 'classification': return 'class';
    case 'segment': return 'segment';
  }
}

const sameValue = (a: AttributeValue | undefined, b: AttributeValue | undefined) => {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  return a === b;
};

const DEFAULTS = { iouThreshold: 0.5, oksThreshold: 0.5, minDice: 0.9, maxHd95Mm: 3 as number | null };

/**
 * Compares one set of annotations (`other`) with a reference, for gold
 * scoring and for agreement between two people (either may be the
 * reference; object counts are symmetric). Objects are paired within their
 * kind by the assignment of greatest total similarity (Hungarian), pairs
 * below the threshold never; a pair with the same label beats one with more
 * overlap. Relations pair when their ends' spans paired.
 */
export function compare(reference: readonly Item[], other: readonly Item[], options: CompareOptions = {}): Comparison {
  const o = { ...DEFAULTS, ...options };
  const matches: MatchedPair[] = [];
  const findings: Finding[] = [];
  const spanPartner = new Map<string, string>();
  const byGroup = (items: readonly Item[]) => {
    const m = new Map<Group, Item[]>();
    for (const it of items) {
      const g = groupOf(it.geometry);
      const list = m.get(g);
      if (list) list.push(it);
      else m.set(g, [it]);
    }
    return m;
  };
  const refs = byGroup(reference);
  const others = byGroup(other);
  // Relations last: they pair through the spans' pairs.
  const order: Group[] = ['region', 'keypoints', 'pointset', 'span', 'class', 'segment', 'relation'];
  for (const group of order) {
    const a = refs.get(group) ?? [];
    const b = others.get(group) ?? [];
    if (!a.length && !b.length) continue;
    const pairs = pairUp(group, a, b, o, spanPartner);
    const usedA = new Set<number>();
    const usedB = new Set<number>();
    for (const p of pairs) {
      usedA.add(p.a);
      usedB.add(p.b);
      const ra = a[p.a];
      const rb = b[p.b];
      const similarity = p.similarity;
      if (group === 'span') spanPartner.set(ra.id, rb.id);
      const sameLabel = ra.labelId === rb.labelId;
      let correct = sameLabel;
      if (!sameLabel) findings.push({ kind: 'wrong_label', refId: ra.id, otherId: rb.id, labelId: ra.labelId, otherLabelId: rb.labelId, similarity });
      else {
        for (const key of attributeKeys(ra, rb, o.attributeKeys)) {
          if (!sameValue(ra.attributes[key], rb.attributes[key])) {
            correct = false;
            findings.push({ kind: 'attribute', refId: ra.id, otherId: rb.id, labelId: ra.labelId, attribute: key, similarity });
          }
        }
      }
      const boundary = boundaryProblem(ra.geometry, rb.geometry, o);
      if (boundary) {
        correct = false;
        findings.push({ kind: 'boundary', refId: ra.id, otherId: rb.id, labelId: ra.labelId, similarity, ...boundary });
      }
      matches.push({ refId: ra.id, otherId: rb.id, similarity, sameLabel, correct });
    }
    a.forEach((r, i) => usedA.has(i) || findings.push({ kind: 'missed', refId: r.id, labelId: r.labelId }));
    b.forEach((r, i) => usedB.has(i) || findings.push({ kind: 'extra', otherId: r.id, labelId: r.labelId }));
  }
  return summarise(reference, other, matches, findings, o.attributeKeys);
}

function attributeKeys(a: Item, b: Item, keys: CompareOptions['attributeKeys']): readonly string[] {
  return keys?.[a.labelId] ?? [...new Set([...Object.keys(a.attributes), ...Object.keys(b.attributes)])];
}

/**
 * The pairs of one kind of object. The weight is the similarity, +1 for the
 * same label, so a pair with the label agreeing wins over one overlapping more.
 */
function pairUp(group: Group, a: Item[], b: Item[], o: typeof DEFAULTS & CompareOptions, spanPartner: Map<string, string>): (Pair & { similarity: number })[] {
  const similarities = new Float64Array(a.length * b.length);
  const bonus = (i: number, j: number, s: number) => {
    similarities[i * b.length + j] = s;
    return s + (a[i].labelId === b[j].labelId ? 1 : 0);
  };
  return weighed(group, a, b, o, spanPartner, bonus).map((p) => ({ ...p, similarity: similarities[p.a * b.length + p.b] }));
}

function weighed(group: Group, a: Item[], b: Item[], o: typeof DEFAULTS & CompareOptions, spanPartner: Map<string, string>, bonus: (i: number, j: number, s: number) => number): Pair[] {
  switch (group) {
    case 'region': {
      const ra: Region[] = a.map((x) => toRegion(x.geometry as never));
      const rb: Region[] = b.map((x) => toRegion(x.geometry as never));
      return maxWeightMatching(a.length, b.length, (i, j) => {
        const iou = regionIou(ra[i], rb[j]);
        return iou >= o.iouThreshold && iou > 0 ? bonus(i, j, iou) : null;
      });
    }
    case 'keypoints':
      return maxWeightMatching(a.length, b.length, (i, j) => {
        const ga = a[i].geometry as Extract<Geometry, { type: 'keypoints' }>;
        const gb = b[j].geometry as Extract<Geometry, { type: 'keypoints' }>;
        const s = oks(ga.points, gb.points, o.sigmas?.[a[i].labelId] ?? []);
        return s !== null && s >= o.oksThreshold && s > 0 ? bonus(i, j, s) : null;
      });
    case 'pointset':
      return maxWeightMatching(a.length, b.length, (i, j) => {
        const ga = a[i].geometry;
        const gb = b[j].geometry;
        if (ga.type !== gb.type) return null;
        if ('sliceIndex' in ga && 'sliceIndex' in gb && ga.sliceIndex !== gb.sliceIndex) return null;
        const s = pointSetSimilarity(pointsOf(ga), pointsOf(gb));
        return s >= o.oksThreshold ? bonus(i, j, s) : null;
      });
    case 'span':
      return maxWeightMatching(a.length, b.length, (i, j) => {
        const s = spanIou(a[i].geometry as never, b[j].geometry as never);
        return s > 0 ? bonus(i, j, s) : null;
      });
    case 'relation':
      return maxWeightMatching(a.length, b.length, (i, j) => {
        const ga = a[i].geometry as Extract<Geometry, { type: 'relation' }>;
        const gb = b[j].geometry as Extract<Geometry, { type: 'relation' }>;
        return spanPartner.get(ga.from) === gb.from && spanPartner.get(ga.to) === gb.to ? bonus(i, j, 1) : null;
      });
    case 'class':
      // Tags pair by label first; what is left pairs one to one as a wrong label.
      return maxWeightMatching(a.length, b.length, (i, j) => (a[i].geometry.type === b[j].geometry.type ? bonus(i, j, 0.5) : null));
    case 'segment':
      return maxWeightMatching(a.length, b.length, (i, j) => {
        const s = iou3d((a[i].geometry as Extract<Geometry, { type: 'segment' }>).slices, (b[j].geometry as Extract<Geometry, { type: 'segment' }>).slices);
        return s >= o.iouThreshold && s > 0 ? bonus(i, j, s) : null;
      });
  }
}

function boundaryProblem(a: Geometry, b: Geometry, o: typeof DEFAULTS & CompareOptions): Pick<Finding, 'dice' | 'hd95'> | null {
  if (a.type === 'span' && b.type === 'span') return a.start !== b.start || a.end !== b.end ? {} : null;
  if (a.type === 'mask' && b.type === 'mask') {
    const dice = rleDice(a.rle, b.rle);
    return dice < o.minDice ? { dice } : null;
  }
  if (a.type === 'segment' && b.type === 'segment') {
    const dice = dice3d(a.slices, b.slices);
    const hd95 = o.spacing && o.maxHd95Mm !== null ? surfaceDistance(a.slices, b.slices, o.spacing).hd95 : null;
    const far = hd95 !== null && o.maxHd95Mm !== null && hd95 > o.maxHd95Mm;
    return dice < o.minDice || far ? { dice, hd95 } : null;
  }
  return null;
}

function summarise(reference: readonly Item[], other: readonly Item[], matches: MatchedPair[], findings: Finding[], keys: CompareOptions['attributeKeys']): Comparison {
  const refById = new Map(reference.map((r) => [r.id, r]));
  const otherById = new Map(other.map((r) => [r.id, r]));
  const per = new Map<string, Counts>();
  const add = (label: string, c: Partial<Counts>) => per.set(label, addCounts(per.get(label) ?? NO_COUNTS, { tp: 0, fp: 0, fn: 0, ...c }));
  let attrAgree = 0;
  let attrTotal = 0;
  for (const m of matches) {
    const r = refById.get(m.refId)!;
    const x = otherById.get(m.otherId)!;
    if (m.sameLabel) {
      add(r.labelId, { tp: 1 });
      for (const key of attributeKeys(r, x, keys)) {
        attrTotal++;
        if (sameValue(r.attributes[key], x.attributes[key])) attrAgree++;
      }
    } else {
      add(r.labelId, { fn: 1 });
      add(x.labelId, { fp: 1 });
    }
  }
  for (const f of findings) {
    if (f.kind === 'missed') add(f.labelId, { fn: 1 });
    if (f.kind === 'extra') add(f.labelId, { fp: 1 });
  }
  const perLabel: Record<string, Prf> = {};
  let counts: Counts = NO_COUNTS;
  for (const [label, c] of per) {
    perLabel[label] = prf(c);
    counts = addCounts(counts, c);
  }
  const unmatched = findings.filter((f) => f.kind === 'missed' || f.kind === 'extra').length;
  return {
    matches, findings, counts, perLabel,
    attributes: { agree: attrAgree, total: attrTotal },
    trials: matches.length + unmatched,
    correct: matches.filter((m) => m.correct).length,
  };
}
