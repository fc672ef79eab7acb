import { hash } from 'node:crypto';
import {
  checkAnnotation, geometrySchema,
  type AnnotationInput, type Attribute, type AttributeValue, type Geometry, type Label, type LabelSchema, type MediaType,
} from '@tessera/contracts';
import type { PeerAnnotation, PeerItem, Problem, SeriesInfo } from './model';
import { alignTokens, codePointsToUtf16, graphemeBoundaries } from './text/offsets';
import { placeSegment, placeVolume } from './dicom/placement';
import { boxFromCorners } from './geometry/shapes';

/** Peer category → label id, or null to leave that category out. */
export type LabelMapping = Record<string, string | null>;

/** The asset a peer item matched, as the mapper needs it. */
export interface TargetAsset {
  id: string;
  kind: MediaType;
  width: number | null;
  height: number | null;
  text?: string;
  series?: SeriesInfo;
}

export interface MapOptions {
  schema: LabelSchema;
  schemaVersion: number;
  mapping: LabelMapping;
  source: 'import' | 'model';
  /**
   * Seeds the annotations' ids (with the object's place in the file): derive it from the file's hash, the
   * project and what the import makes, so the same file imported again gives the same ids and changes nothing.
   */
  namespace: string;
}

/** An annotation ready to commit: the input an editor would send, with its id and its parsed geometry. */
export type MappedAnnotation = Omit<AnnotationInput, 'geometry'> & { id: string; geometry: Geometry };

export interface MappedItem {
  annotations: MappedAnnotation[];
  problems: Problem[];
  /** Attributes the schema does not know, dropped (peer name → count). */
  dropped: Record<string, number>;
  /** Categories left out by the mapping. */
  skipped: number;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** The label a peer category names: the user's mapping first, then a label whose name or id matches. Undefined: no match. */
export function resolveLabel(schema: LabelSchema, mapping: LabelMapping, category: string): Label | null | undefined {
  if (Object.prototype.hasOwnProperty.call(mapping, category)) {
    const to = mapping[category];
    return to === null ? null : schema.labels.find((l) => l.id === to);
  }
  const n = norm(category);
  return schema.labels.find((l) => norm(l.name) === n) ?? schema.labels.find((l) => l.id === category) ?? undefined;
}

/** A stable UUID (version 5 layout) from parts. */
export function stableId(...parts: string[]): string {
  // One-shot: a Hash object per call cost more than the hashing (an import makes two ids per object, twice).
  const h = hash('sha256', parts.join('\u0000'), 'hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A stable UUID (version 8: a layout of our own) whose first half is `near`'s (a stable id itself) and whose
 * second half comes from `parts`. An import gives its objects the asset's id as `near`, so one asset's objects
 * sit side by side in the primary key and the op log's annotation index: a round of 10,000 objects on 100
 * assets then writes about 100 leaf pages of each index, not 10,000 random ones. With fully random ids those
 * two indexes were most of the import's Postgres time once they outgrew its shared buffers.
 * 60 bits tell assets apart, 62 bits an asset's objects.
 */
export function stableIdNear(near: string, ...parts: string[]): string {
  const h = hash('sha256', parts.join('\u0000'), 'hex');
  return `${near.slice(0, 8)}-${near.slice(9, 13)}-8${near.slice(15, 18)}-${((parseInt(h[0], 16) & 3) | 8).toString(16)}${h.slice(1, 4)}-${h.slice(4, 16)}`;
}

function coerce(at: Attribute, v: unknown): AttributeValue | undefined {
  switch (at.type) {
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 1 || v === 0) return v === 1;
      if (typeof v === 'string' && /^(true|false|1|0|yes|no)$/i.test(v.trim())) return /^(true|1|yes)$/i.test(v.trim());
      return undefined;
    case 'number':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
      return undefined;
    case 'multiselect':
      if (Array.isArray(v)) return v.map(String);
      if (typeof v === 'string') return v.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
      return undefined;
    case 'select':
    case 'text':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      if (Array.isArray(v) && v.length === 1) return String(v[0]);
      return undefined;
  }
}

function attributesOf(label: Label, peer: Record<string, unknown> | undefined, dropped: Record<string, number>, problem: (m: string) => void): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, raw] of Object.entries(peer ?? {})) {
    if (raw === null || raw === undefined || raw === '') continue;
    const n = norm(name);
    const at = label.attributes.find((a) => a.key === name) ?? label.attributes.find((a) => norm(a.name) === n || a.key === n.replace(/[^a-z0-9_-]+/g, '_'));
    if (!at) {
      dropped[name] = (dropped[name] ?? 0) + 1;
      continue;
    }
    const v = coerce(at, raw);
    if (v === undefined) problem(`attribute "${name}": ${JSON.stringify(raw)} is not a ${at.type} value`);
    else out[at.key] = v;
  }
  return out;
}

/** Coordinates in pixels (image) or UTF-16 units (text); null with a reason where they cannot be. */
function placed(a: PeerAnnotation, item: PeerItem, target: TargetAsset, text: TextContext): Geometry | string {
  const g = a.geometry;
  if (g.type === 'peer-segment') return target.series ? placeSegment(g, target.series) : 'the asset is not a DICOM series';
  if (g.type === 'peer-volume') return target.series ? placeVolume(g, target.series) : 'the asset is not a DICOM series';
  const units = a.units ?? (target.kind === 'text' ? 'utf16' : 'px');
  if (units === 'fraction' || units === 'percent') {
    if (!target.width || !target.height) return 'the image has no known size, so relative coordinates cannot be placed';
    const k = units === 'percent' ? 100 : 1;
    const sx = (x: number) => (x / k) * target.width!;
    const sy = (y: number) => (y / k) * target.height!;
    switch (g.type) {
      case 'box':
        return { ...g, x: sx(g.x), y: sy(g.y), width: sx(g.width), height: sy(g.height) };
      case 'polygon':
      case 'polyline':
      case 'points': {
        const points = g.points.map(([x, y]) => [sx(x), sy(y)] as [number, number]);
        // An oriented box's corners become a box only in pixels: scaling x and y apart changes its angle.
        if (a.corners && points.length === 4) return { type: 'box', ...boxFromCorners(points) };
        return { ...g, points } as Geometry;
      }
      case 'keypoints':
        return { ...g, points: g.points.map((p) => (p ? { ...p, x: sx(p.x), y: sy(p.y) } : null)) };
      default:
        return g;
    }
  }
  if (g.type === 'span' && units !== 'utf16') {
    if (target.text === undefined) return 'the document has no text';
    if (units === 'codepoints') {
      const [s, e] = codePointsToUtf16(target.text, [g.start, g.end]);
      if (s === null || e === null) return `the span [${g.start}, ${g.end}) runs past the end of the document (${[...target.text].length} characters)`;
      return { ...g, start: s, end: e };
    }
    const ranges = text.ranges();
    if ('error' in ranges) return ranges.error;
    const first = ranges.ranges[g.start];
    const last = ranges.ranges[g.end - 1];
    if (!first || !last) return `tokens ${g.start}–${g.end} are not in the document`;
    return { ...g, start: first[0], end: last[1] };
  }
  return g;
}

/** Within half a pixel of the image's edge is on it: peers round (0.133333 × 15 − 0.266667 × 15 / 2 < 0). */
const snap = (v: number, max: number) => (v < 0 && v > -0.5 ? 0 : v > max && v < max + 0.5 ? max : v);
function snapped(g: Geometry, w: number, h: number): Geometry {
  const pt = ([x, y]: [number, number]): [number, number] => [snap(x, w), snap(y, h)];
  switch (g.type) {
    case 'box': {
      if (g.rotation) return g;
      const x = snap(g.x, w);
      const y = snap(g.y, h);
      return { ...g, x, y, width: snap(g.x + g.width, w) - x, height: snap(g.y + g.height, h) - y };
    }
    case 'polygon':
    case 'polyline':
    case 'points':
      return { ...g, points: g.points.map(pt) } as Geometry;
    case 'keypoints':
      return { ...g, points: g.points.map((p) => (p ? { ...p, x: snap(p.x, w), y: snap(p.y, h) } : null)) };
    default:
      return g;
  }
}

type Keypoint = Extract<Geometry, { type: 'keypoints' }>['points'][number];
/** Named keypoints in the order of the label's skeleton; a name the skeleton lacks is refused. */
function inSkeletonOrder(points: Keypoint[], names: string[], label: Label): Geometry | string {
  const skeleton = label.skeleton?.points ?? [];
  const out: Keypoint[] = skeleton.map(() => null);
  for (let i = 0; i < names.length; i++) {
    const at = skeleton.findIndex((p) => norm(p) === norm(names[i]));
    const k = at >= 0 ? at : /^\d+$/.test(names[i]) ? Number(names[i]) - 1 : -1;
    if (k < 0 || k >= skeleton.length) return `label "${label.name}" has no skeleton point "${names[i]}"`;
    out[k] = points[i];
  }
  return { type: 'keypoints', points: out };
}

interface TextContext {
  ranges(): { ranges: [number, number][] } | { error: string };
  boundaries(): Set<number>;
}

/**
 * Fits one peer item to its asset and the project's schema: labels through the
 * mapping, coordinates into pixels or UTF-16 units, attributes by key or name
 * with their types, then the same rules the editors and the server apply
 * (checkAnnotation). Everything that does not fit is a problem with its
 * place in the file; the ids are stable, so importing the same file again
 * makes the same annotations.
 */
export function mapPeerItem(item: PeerItem, target: TargetAsset, opts: MapOptions): MappedItem {
  const problems: Problem[] = [...item.problems];
  const dropped: Record<string, number> = {};
  const annotations: MappedItem['annotations'] = [];
  let skipped = 0;
  const mediaType = target.kind;
  if (item.width && item.height && target.width && target.height && (item.width !== target.width || item.height !== target.height)) {
    problems.push({ where: item.where, message: `the file gives the image as ${item.width}×${item.height}, the asset is ${target.width}×${target.height}` });
    return { annotations, problems, dropped, skipped };
  }
  let ranges: ReturnType<TextContext['ranges']> | undefined;
  let bounds: Set<number> | undefined;
  const text: TextContext = {
    ranges: () => (ranges ??= item.tokens && target.text !== undefined ? alignTokens(target.text, item.tokens) : { error: 'the document has no tokens' }),
    boundaries: () => (bounds ??= graphemeBoundaries(target.text ?? '')),
  };
  const extent = {
    width: target.width, height: target.height,
    textLength: target.text?.length ?? null,
    slices: target.series?.instances.length ?? null,
  };
  if (mediaType === 'dicom' && target.series) {
    extent.width = target.series.columns;
    extent.height = target.series.rows;
  }
  const seen = new Map<string, number>();
  const near = stableId(opts.namespace, target.id);
  const byKey = new Map<string, string>();
  const relations: { a: PeerAnnotation; label: Label }[] = [];
  for (const a of item.annotations) {
    const label = resolveLabel(opts.schema, opts.mapping, a.category);
    if (label === null) {
      skipped++;
      continue;
    }
    if (!label) {
      problems.push({ where: a.where, message: `"${a.category}" matches no label of the schema; map it to one, or leave it out` });
      continue;
    }
    if (a.geometry.type === 'relation') {
      relations.push({ a, label });
      continue;
    }
    let g = placed(a, item, target, text);
    if (typeof g !== 'string' && g.type === 'keypoints' && a.pointNames) g = inSkeletonOrder(g.points, a.pointNames, label);
    if (typeof g === 'string') {
      problems.push({ where: a.where, message: g });
      continue;
    }
    const made = build(a, label, target.width && target.height ? snapped(g, target.width, target.height) : g);
    if (made && a.key) byKey.set(a.key, made.id);
  }
  for (const { a, label } of relations) {
    const from = a.from ? byKey.get(a.from) : undefined;
    const to = a.to ? byKey.get(a.to) : undefined;
    if (!from || !to) {
      problems.push({ where: a.where, message: `the relation names a span that was not imported (${!from ? a.from : a.to})` });
      continue;
    }
    build(a, label, { type: 'relation', from, to });
  }
  return { annotations, problems, dropped, skipped };

  function build(a: PeerAnnotation, label: Label, g: Geometry) {
    let geometry: Geometry;
    // A plain box is most of what big files hold: checked here as the schema would, without zod's walk of it.
    if (isPlainBox(g)) geometry = g;
    else {
      const parsed = geometrySchema.safeParse(g);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push({ where: a.where, message: `${issue.path.join('.') || 'geometry'}: ${issue.message}` });
        return null;
      }
      geometry = parsed.data;
    }
    if (geometry.type === 'span' && target.text !== undefined) {
      if (geometry.end > target.text.length) {
        problems.push({ where: a.where, message: `the span ends at ${geometry.end}, past the end of the document (${target.text.length} UTF-16 units)` });
        return null;
      }
      const b = text.boundaries();
      if (!b.has(geometry.start) || !b.has(geometry.end)) {
        problems.push({ where: a.where, message: `the span [${geometry.start}, ${geometry.end}) splits a character (a grapheme)` });
        return null;
      }
    }
    const local: string[] = [];
    const attributes = attributesOf(label, a.attributes, dropped, (m) => local.push(m));
    const verdict = checkAnnotation({ labelId: label.id, geometry, attributes }, { mediaType, schema: opts.schema, extent });
    for (const e of [...local.map((message) => ({ path: '', message })), ...verdict.errors]) problems.push({ where: a.where, message: e.path ? `${e.path}: ${e.message}` : e.message });
    if (local.length || verdict.errors.length) return null;
    // The id is where the object sits in the file: the same file imported again makes the same ids, so nothing changes.
    const n = (seen.get(a.where) ?? 0) + 1;
    seen.set(a.where, n);
    const score = a.score === undefined || a.score === null || !Number.isFinite(a.score) ? null : Math.min(1, Math.max(0, a.score));
    const id = stableIdNear(near, opts.namespace, target.id, a.where, String(n));
    const made = {
      id,
      labelId: label.id,
      schemaVersion: opts.schemaVersion,
      geometry,
      attributes,
      source: opts.source,
      score,
      // A model's object is its own prediction, as pre-annotation makes them: a person accepting it names it.
      predictionId: opts.source === 'model' ? id : null,
      zIndex: Math.max(-1_000_000, Math.min(1_000_000, Math.round(a.zIndex ?? 0))),
      groupId: a.group === undefined || a.group === null ? null : stableId(opts.namespace, target.id, 'group', a.group),
    };
    annotations.push(made);
    return made;
  }
}

/**
 * A box geometrySchema would take as it is: exactly its six keys, finite coordinates, a positive size and a
 * rotation within ±360. Anything else (a missing rotation, an extra key, a bad number) goes through the schema,
 * which fills in defaults and says what is wrong.
 */
function isPlainBox(g: Geometry): boolean {
  if (g.type !== 'box') return false;
  let keys = 0;
  for (const k in g) if (Object.prototype.hasOwnProperty.call(g, k)) keys++;
  return keys === 6 && Number.isFinite(g.x) && Number.isFinite(g.y) && Number.isFinite(g.width) && g.width > 0 && Number.isFinite(g.height) && g.height > 0
    && Number.isFinite(g.rotation) && g.rotation >= -360 && g.rotation <= 360;
}

/** Category names of a peer item, for the mapping the user is asked to make. */
export function categoriesOf(items: Iterable<PeerItem>): Map<string, number> {
  const n = new Map<string, number>();
  for (const it of items) for (const a of it.annotations) n.set(a.category, (n.get(a.category) ?? 0) + 1);
  return n;
}
