import type { AttributeValue, Geometry } from '@tessera/contracts';
import { compare, groupOf, type CompareOptions, type FindingKind, type Item } from '../compare/compare';
import { regionIou, toRegion, type RegionGeometry } from '../compare/regions';
import { oks } from '../geometry/keypoints';
import { pointSetSimilarity, pointsOf } from '../geometry/points';
import { spanIou } from '../text/spans';
import { spansFromTokenLabels, type Token } from '../text/tokens';
import { iou3d } from '../volume/segment';
import { cluster, majority, type Member } from './cluster';
import { mergeAttributes, mergeBoxes, mergeKeypoints, mergeRegionPixels, mergeSegments, medoid, weightedMembers } from './merge';

/** One person's work on the asset, and how much their word counts (their gold accuracy). */
export interface Contribution {
  personId: string;
  weight: number;
  items: readonly Item[];
}

export interface ConsensusOptions extends CompareOptions {
  /** below this mean pairwise F1 the asset goes to review (project QC setting) */
  minAgreement?: number;
  /** the text's tokens: spans are decided by majority per token (without them, per character) */
  tokens?: readonly Token[];
  /** the label's tools: a polygon group stays a polygon where the label allows it, else becomes a mask */
  toolsOf?: (labelId: string) => readonly string[];
  /** [height, width] of the image, for masks */
  imageSize?: readonly [number, number];
  /** the id a consensus object will have, from its key (relations point at ids) */
  idOf?: (key: string) => string;
}

export interface ConsensusObject {
  id: string;
  /** stable across runs over the same work: what it was made from */
  key: string;
  labelId: string;
  geometry: Geometry;
  attributes: Record<string, AttributeValue>;
  /** how many people drew it */
  support: number;
  members: { personId: string; annotationId: string }[];
  /** the label had no majority (decided by weight) */
  tie: boolean;
}

export interface Disagreement {
  personId: string;
  annotationId: string;
  kind: FindingKind;
}

export interface Consensus {
  objects: ConsensusObject[];
  /** groups that too few people drew to be kept */
  dropped: number;
  /** mean pairwise F1 over people (objects right in every respect); null with fewer than two people */
  agreement: number | null;
  pairwise: { a: string; b: string; f1: number }[];
  /** labels decided by a tie (a classification tie keeps no label) */
  ties: number;
  needsReview: boolean;
  disagreements: Disagreement[];
}

/**
 * Merges several people's annotations of one asset into one: boxes clustered
 * by IoU with the majority label and coordinates averaged by gold accuracy;
 * polygons, masks and DICOM segments by pixel (voxel) majority; keypoints
 * averaged point by point; spans by majority per token; classifications by
 * majority, a tie going to review. An object is kept when more than half the
 * people drew it. Agreement is the mean pairwise F1; below `minAgreement`, or
 * with a tie, the asset needs review, and every object someone disagreed on
 * is listed for highlighting.
 */
export function buildConsensus(contributions: readonly Contribution[], options: ConsensusOptions = {}): Consensus {
  const people = [...contributions].sort((a, b) => b.weight - a.weight || a.personId.localeCompare(b.personId));
  const weights = people.map((p) => Math.max(0.05, p.weight));
  const total = people.length;
  const minVotes = Math.floor(total / 2) + 1;
  const iouThreshold = options.iouThreshold ?? 0.5;
  const oksThreshold = options.oksThreshold ?? 0.5;
  const idOf = options.idOf ?? ((k: string) => k);
  const objects: ConsensusObject[] = [];
  let dropped = 0;
  let ties = 0;

  const keep = (group: readonly Member<Item>[], make: (members: ReturnType<typeof weightedMembers>) => { geometry: Geometry | null; labelId?: string; tie?: boolean }) => {
    if (group.length < minVotes) {
      dropped++;
      return;
    }
    const members = weightedMembers(group, weights);
    const label = majority(members.map((m) => ({ value: m.item.labelId, weight: m.weight })));
    const made = make(members);
    if (!made.geometry) {
      dropped++;
      return;
    }
    const labelId = made.labelId ?? label.value;
    const tie = made.tie ?? label.tie;
    if (tie) ties++;
    const key = `${made.geometry.type}:${group.map((m) => m.item.id).sort().join('+')}`;
    objects.push({
      id: idOf(key), key, labelId, geometry: made.geometry,
      attributes: mergeAttributes(members.filter((m) => m.item.labelId === labelId)),
      support: group.length,
      members: group.map((m) => ({ personId: people[m.person].personId, annotationId: m.item.id })),
      tie,
    });
  };
  const of = (test: (g: Geometry) => boolean) => people.map((p) => p.items.filter((i) => test(i.geometry)));
  const sameLabel = (a: Item, b: Item) => (a.labelId === b.labelId ? 1 : 0);

  const regionIouOf = (a: Item, b: Item) => regionIou(toRegion(a.geometry as RegionGeometry), toRegion(b.geometry as RegionGeometry));
  const boundsOf = (i: Item) => toRegion(i.geometry as RegionGeometry).bounds;
  // Boxes apart from polygons and masks: a box stays a box.
  for (const group of cluster(of((g) => g.type === 'box'), regionIouOf, iouThreshold, sameLabel, boundsOf)) {
    keep(group, (m) => ({ geometry: mergeBoxes(m) }));
  }
  for (const group of cluster(of((g) => g.type === 'polygon' || g.type === 'mask'), regionIouOf, iouThreshold, sameLabel, boundsOf)) {
    keep(group, (m) => {
      const label = majority(m.map((x) => ({ value: x.item.labelId, weight: x.weight }))).value;
      const polygonAllowed = (options.toolsOf?.(label) ?? ['polygon']).includes('polygon') && m.some((x) => x.item.geometry.type === 'polygon');
      return { geometry: mergeRegionPixels(m, minVotes, polygonAllowed, options.imageSize) };
    });
  }
  const keypointsOf = (i: Item) => (i.geometry as Extract<Geometry, { type: 'keypoints' }>).points;
  for (const group of cluster(of((g) => g.type === 'keypoints'), (a, b) => oks(keypointsOf(a), keypointsOf(b), options.sigmas?.[a.labelId] ?? []) ?? 0, oksThreshold, sameLabel)) {
    keep(group, (m) => ({ geometry: mergeKeypoints(m, minVotes) }));
  }
  const pointLike = (g: Geometry) => groupOf(g) === 'pointset';
  const pointSim = (a: Item, b: Item) => {
    if (a.geometry.type !== b.geometry.type) return 0;
    if ('sliceIndex' in a.geometry && 'sliceIndex' in b.geometry && a.geometry.sliceIndex !== b.geometry.sliceIndex) return 0;
    return pointSetSimilarity(pointsOf(a.geometry), pointsOf(b.geometry));
  };
  for (const group of cluster(of(pointLike), pointSim, oksThreshold, sameLabel)) {
    keep(group, (m) => ({ geometry: medoid(m).item.geometry }));
  }
  const slicesOf = (i: Item) => (i.geometry as Extract<Geometry, { type: 'segment' }>).slices;
  for (const group of cluster(of((g) => g.type === 'segment'), (a, b) => iou3d(slicesOf(a), slicesOf(b)), iouThreshold, sameLabel)) {
    keep(group, (m) => ({ geometry: mergeSegments(m, minVotes) }));
  }
  ties += classifications(people, minVotes, objects, idOf);
  spans(people, minVotes, objects, idOf, options.tokens);

  const { pairwise, disagreements } = agreementOf(people, options);
  const agreement = pairwise.length ? pairwise.reduce((s, p) => s + p.f1, 0) / pairwise.length : null;
  const needsReview = ties > 0 || (agreement !== null && agreement < (options.minAgreement ?? 0.7));
  return { objects, dropped, agreement, pairwise, ties, needsReview, disagreements };
}

/**
 * Tags, document labels and series classifications. Where everyone chose one
 * label (single choice), the label most chose, none on a tie; otherwise each
 * label kept when most people gave it.
 */
function classifications(people: readonly Contribution[], minVotes: number, objects: ConsensusObject[], idOf: (k: string) => string): number {
  let ties = 0;
  const types = ['tag', 'doc-label', 'classification'] as const;
  for (const type of types) {
    const chosen = people.map((p) => p.items.filter((i) => i.geometry.type === type));
    if (chosen.every((c) => !c.length)) continue;
    const single = chosen.every((c) => c.length <= 1);
    const byLabel = new Map<string, { personId: string; item: Item }[]>();
    chosen.forEach((items, k) => items.forEach((item) => byLabel.set(item.labelId, [...(byLabel.get(item.labelId) ?? []), { personId: people[k].personId, item }])));
    const push = (labelId: string) => {
      const members = byLabel.get(labelId)!;
      const key = `${type}:${labelId}`;
      objects.push({
        id: idOf(key), key, labelId, geometry: members[0].item.geometry,
        attributes: mergeAttributes(members.map((m) => ({ item: m.item, weight: 1 }))),
        support: members.length, members: members.map((m) => ({ personId: m.personId, annotationId: m.item.id })), tie: false,
      });
    };
    if (single) {
      const votes = chosen.flatMap((c, k) => c.map((i) => ({ value: i.labelId, weight: people[k].weight })));
      const won = majority(votes);
      if (won.tie) ties++;
      else if (won.count >= minVotes) push(won.value);
      continue;
    }
    for (const [labelId, members] of byLabel) if (members.length >= minVotes) push(labelId);
  }
  return ties;
}

/** Spans by majority per token (per character without tokens); relations where most people drew the same one between the kept spans. */
function spans(people: readonly Contribution[], minVotes: number, objects: ConsensusObject[], idOf: (k: string) => string, tokens0?: readonly Token[]) {
  const perPerson = people.map((p) => p.items.filter((i) => i.geometry.type === 'span'));
  if (perPerson.every((s) => !s.length)) return;
  const spanOf = (i: Item) => i.geometry as Extract<Geometry, { type: 'span' }>;
  let tokens = tokens0;
  if (!tokens) {
    // The finest pieces every span boundary cuts the text into.
    const cuts = [...new Set(perPerson.flat().flatMap((i) => [spanOf(i).start, spanOf(i).end]))].sort((a, b) => a - b);
    tokens = cuts.slice(0, -1).map((c, k) => ({ start: c, end: cuts[k + 1] }));
  }
  const labels = tokens.map((t) => {
    const votes = perPerson.map((items, k) => {
      const covering = items.find((i) => Math.min(spanOf(i).end, t.end) - Math.max(spanOf(i).start, t.start) > 0);
      return { value: covering?.labelId ?? '', weight: people[k].weight };
    });
    const won = majority(votes);
    return won.value && won.count >= minVotes ? won.value : null;
  });
  const made: ConsensusObject[] = [];
  for (const s of spansFromTokenLabels(tokens, labels)) {
    const members = perPerson.flatMap((items, k) => items.filter((i) => i.labelId === s.labelId && spanIou(spanOf(i), s) > 0).map((item) => ({ personId: people[k].personId, item })));
    const key = `span:${s.start}-${s.end}:${s.labelId}`;
    made.push({
      id: idOf(key), key, labelId: s.labelId, geometry: { type: 'span', start: s.start, end: s.end },
      attributes: mergeAttributes(members.map((m) => ({ item: m.item, weight: 1 }))),
      support: new Set(members.map((m) => m.personId)).size,
      members: members.map((m) => ({ personId: m.personId, annotationId: m.item.id })), tie: false,
    });
  }
  objects.push(...made);
  // Relations: each person's ends mapped to the kept span they overlap most.
  const keptFor = (item: Item | undefined) => {
    if (!item || item.geometry.type !== 'span') return null;
    let best: ConsensusObject | null = null;
    let bestIou = 0;
    for (const c of made) {
      const iou = spanIou(spanOf(item), c.geometry as never);
      if (iou > bestIou) {
        bestIou = iou;
        best = c;
      }
    }
    return best;
  };
  const relations = new Map<string, { labelId: string; from: ConsensusObject; to: ConsensusObject; members: { personId: string; annotationId: string }[] }>();
  people.forEach((p) => {
    const byId = new Map(p.items.map((i) => [i.id, i]));
    for (const r of p.items) {
      if (r.geometry.type !== 'relation') continue;
      const from = keptFor(byId.get(r.geometry.from));
      const to = keptFor(byId.get(r.geometry.to));
      if (!from || !to) continue;
      const key = `relation:${r.labelId}:${from.key}>${to.key}`;
      const entry = relations.get(key) ?? { labelId: r.labelId, from, to, members: [] };
      if (!entry.members.some((m) => m.personId === p.personId)) entry.members.push({ personId: p.personId, annotationId: r.id });
      relations.set(key, entry);
    }
  });
  for (const [key, r] of relations) {
    if (r.members.length < minVotes) continue;
    objects.push({ id: idOf(key), key, labelId: r.labelId, geometry: { type: 'relation', from: r.from.id, to: r.to.id }, attributes: {}, support: r.members.length, members: r.members, tie: false });
  }
}

/** Every pair of people compared: F1 over objects right in every respect, and who drew what the others did not agree with. */
export function agreementOf(people: readonly Contribution[], options: CompareOptions = {}) {
  const pairwise: { a: string; b: string; f1: number }[] = [];
  const seen = new Set<string>();
  const disagreements: Disagreement[] = [];
  const note = (personId: string, annotationId: string | undefined, kind: FindingKind) => {
    if (!annotationId) return;
    const k = `${personId}|${annotationId}|${kind}`;
    if (seen.has(k)) return;
    seen.add(k);
    disagreements.push({ personId, annotationId, kind });
  };
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) {
      const a = people[i];
      const b = people[j];
      const c = compare(a.items, b.items, options);
      const size = a.items.length + b.items.length;
      pairwise.push({ a: a.personId, b: b.personId, f1: size ? (2 * c.correct) / size : 1 });
      for (const f of c.findings) {
        // "missed" by b is a's object nobody else drew; "extra" is b's.
        note(a.personId, f.refId, f.kind === 'missed' ? 'extra' : f.kind);
        note(b.personId, f.otherId, f.kind);
      }
    }
  }
  return { pairwise, disagreements };
}
