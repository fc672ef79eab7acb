// The pure half of `npm run bench -- qc`, bundled by the bench with esbuild: injected errors over the
// seeded ground truth (the same generators that write DATA_DIR/seed-cache), checked by libs/quality's
// compare() with the project's default thresholds, and 3-D Dice on two 512 × 512 × 300 segments.
import type { Geometry } from '@tessera/contracts';
import { compare, dice3d, erodeSegment, segmentFromVoxels, surfaceDistance, tokenize, type Item } from '@tessera/quality';
import { CT_PHANTOM, CT_PIXEL_SPACING, CT_SIZE, CT_SLICES, CT_SPACING, newsCorpus, prng, streetScenes } from '@tessera/seeds';

export const ERROR_KINDS = ['wrong_label', 'shifted_box', 'missed', 'extra', 'span_off_by_one_token', 'segment_eroded_2_voxels'] as const;
type Kind = (typeof ERROR_KINDS)[number];

const IMAGE_LABELS = ['car', 'pedestrian', 'cyclist'];
let n = 0;
const id = () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
const item = (labelId: string, geometry: Geometry): Item => ({ id: id(), labelId, geometry, attributes: {} });

/** What a careful person hands in for the truth: boxes within a pixel of it (QC must not call that a mistake). */
function careful(items: Item[], r: ReturnType<typeof prng>): Item[] {
  return items.map((it) => {
    const g = it.geometry;
    if (g.type !== 'box') return { ...it, id: id() };
    const j = () => (r.next() - 0.5) * 2;
    return { ...it, id: id(), geometry: { ...g, x: g.x + j(), y: g.y + j(), width: g.width + j(), height: g.height + j() } };
  });
}

export interface RecallResult {
  injected: number;
  caught: number;
  byKind: Record<Kind, { injected: number; caught: number }>;
  untouched: number;
  falseAlarms: number;
}

/**
 * `count` errors, one per item, the kinds in turn; each item is compared with
 * its truth, and the error counts as caught when a finding names the object it
 * was made on. As many untouched (carefully redrawn) items give the false alarms.
 */
export function injectedErrors(count: number, seed = 1): RecallResult {
  const r = prng(seed);
  const scenes = streetScenes().map((s) => s.objects
    .filter((o) => o.label !== 'traffic-sign')
    .map((o) => item(o.label, { type: 'box', x: o.box.x, y: o.box.y, width: o.box.w, height: o.box.h, rotation: 0 })));
  const { documents, truth } = newsCorpus();
  const docs = truth.map((t, i) => ({ text: documents[i].text, tokens: tokenize(documents[i].text), spans: t.spans.filter((s) => s.label !== 'email').map((s) => item(s.label, { type: 'span', start: s.start, end: s.end })) }));
  const dicomSpacing = { x: 0.7, y: 0.7, z: 2.5 };
  const result: RecallResult = { injected: 0, caught: 0, byKind: Object.fromEntries(ERROR_KINDS.map((k) => [k, { injected: 0, caught: 0 }])) as RecallResult['byKind'], untouched: 0, falseAlarms: 0 };
  const tally = (kind: Kind, caught: boolean) => {
    result.injected++;
    result.byKind[kind].injected++;
    if (caught) {
      result.caught++;
      result.byKind[kind].caught++;
    }
  };
  const untouched = (ref: Item[], other: Item[], options = {}) => {
    result.untouched++;
    if (compare(ref, other, options).findings.length) result.falseAlarms++;
  };
  // A lesion-sized ellipsoid somewhere in a 64³ volume at the CT's spacing (the full liver once, below).
  const randomSegment = () => {
    const [cx, cy, cz] = [r.int(20, 44), r.int(20, 44), r.int(8, 24)];
    const [rx, ry, rz] = [r.int(6, 16), r.int(6, 16), r.int(3, 6)];
    return segmentFromVoxels(64, 64, 32, (x, y, z) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 + ((z - cz) / rz) ** 2 <= 1);
  };

  for (let i = 0; i < count; i++) {
    const kind = ERROR_KINDS[i % ERROR_KINDS.length];
    if (kind === 'span_off_by_one_token') {
      const d = docs[r.int(0, docs.length - 1)];
      const k = r.int(0, d.spans.length - 1);
      const s = d.spans[k].geometry as { start: number; end: number };
      const at = d.tokens.findIndex((t) => t.start >= s.end);
      const before = [...d.tokens].reverse().find((t) => t.end <= s.start);
      // Stretched over the next token, or over the one before, or shrunk by its last token when it has two.
      const inside = d.tokens.filter((t) => t.start >= s.start && t.end <= s.end);
      const choices: { start: number; end: number }[] = [];
      if (at >= 0) choices.push({ start: s.start, end: d.tokens[at].end });
      if (before) choices.push({ start: before.start, end: s.end });
      if (inside.length > 1) choices.push({ start: s.start, end: inside[inside.length - 2].end });
      const moved = r.pick(choices);
      const other = d.spans.map((x, j) => (j === k ? { ...x, id: id(), geometry: { type: 'span' as const, ...moved } } : { ...x, id: id() }));
      const c = compare(d.spans, other);
      tally(kind, c.findings.some((f) => f.refId === d.spans[k].id));
      untouched(d.spans, d.spans.map((x) => ({ ...x, id: id() })));
      continue;
    }
    if (kind === 'segment_eroded_2_voxels') {
      const seg = randomSegment();
      const ref = [item('lesion', { type: 'segment', slices: seg as never })];
      const c = compare(ref, [item('lesion', { type: 'segment', slices: erodeSegment(seg, 64, 64, 32, 2) as never })], { spacing: dicomSpacing });
      tally(kind, c.findings.some((f) => f.refId === ref[0].id));
      untouched(ref, [{ ...ref[0], id: id() }], { spacing: dicomSpacing });
      continue;
    }
    const ref = scenes[r.int(0, scenes.length - 1)];
    if (!ref.length) {
      i--;
      continue;
    }
    const k = r.int(0, ref.length - 1);
    let other = careful(ref, r);
    const target = ref[k];
    if (kind === 'wrong_label') other[k] = { ...other[k], labelId: r.pick(IMAGE_LABELS.filter((l) => l !== target.labelId)) };
    if (kind === 'shifted_box') {
      const g = target.geometry as { x: number; y: number; width: number; height: number };
      // A shift of s·width along x leaves IoU (1 − s)/(1 + s): s in [0.35, 0.9] gives IoU 0.05–0.48.
      const s = 0.35 + r.next() * 0.55;
      other[k] = { ...other[k], geometry: { ...g, type: 'box', rotation: 0, x: g.x + (r.chance(0.5) ? 1 : -1) * s * g.width } };
    }
    if (kind === 'missed') other = other.filter((_, j) => j !== k);
    let extraId = '';
    if (kind === 'extra') {
      const g = target.geometry as { x: number; y: number; width: number; height: number };
      const extra = item(r.pick(IMAGE_LABELS), { type: 'box', x: r.int(0, 900), y: r.int(0, 500), width: Math.max(8, g.width * (0.5 + r.next())), height: Math.max(8, g.height * (0.5 + r.next())), rotation: 0 });
      extraId = extra.id;
      other.push(extra);
    }
    const c = compare(ref, other);
    const caught = kind === 'extra' ? c.findings.some((f) => f.otherId === extraId) : c.findings.some((f) => f.refId === target.id);
    tally(kind, caught);
    untouched(ref, careful(ref, r));
  }
  // The real phantom's liver, eroded by 2 voxels, once at full size.
  const l = CT_PHANTOM.liver;
  const liver = segmentFromVoxels(CT_SIZE, CT_SIZE, CT_SLICES, (x, y, z) => {
    const t = z / (CT_SLICES - 1);
    if (t < l.z[0] || t > l.z[1]) return false;
    const k = 1 - 0.6 * ((t - l.z[0]) / (l.z[1] - l.z[0])) ** 2;
    return ((x - l.cx) / (l.rx * k)) ** 2 + ((y - l.cy) / (l.ry * k)) ** 2 <= 1;
  });
  const ct = { x: CT_PIXEL_SPACING, y: CT_PIXEL_SPACING, z: CT_SPACING };
  const ref = [item('liver', { type: 'segment', slices: liver as never })];
  const c = compare(ref, [item('liver', { type: 'segment', slices: erodeSegment(liver, CT_SIZE, CT_SIZE, CT_SLICES, 2) as never })], { spacing: ct });
  tally('segment_eroded_2_voxels', c.findings.some((f) => f.refId === ref[0].id));
  return result;
}

/** Two 512 × 512 × 300 segments (ellipsoids a few voxels apart): milliseconds for 3-D Dice, and for HD95. */
export function dice3dTimes(runs: number): { dice: number[]; hd95: number[]; value: number } {
  const ball = (cx: number) => segmentFromVoxels(512, 512, 300, (x, y, z) => ((x - cx) / 180) ** 2 + ((y - 250) / 150) ** 2 + ((z - 150) / 120) ** 2 <= 1);
  const a = ball(256);
  const b = ball(262);
  const dice: number[] = [];
  const hd95: number[] = [];
  let value = 0;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    value = dice3d(a, b);
    dice.push(performance.now() - t);
    t = performance.now();
    surfaceDistance(a, b, { x: 0.7, y: 0.7, z: 1 });
    hd95.push(performance.now() - t);
  }
  return { dice, hd95, value };
}
