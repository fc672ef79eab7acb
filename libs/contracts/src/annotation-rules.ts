import type { Annotation, AttributeValue, Geometry, Rle } from './annotations';
import { TOOLS_BY_MEDIA, type Attribute, type Label, type LabelSchema, type MediaType } from './label-schema';

/**
 * Rules an annotation must meet against its project's label schema and the
 * asset it lies on. Pure, so the editors can show the same verdict the server
 * gives before anything is sent.
 */
export interface AnnotationContext {
  mediaType: MediaType;
  schema: LabelSchema;
  /** image: pixels; text: length in UTF-16 units; dicom: slices and each slice's rows × columns. */
  extent: { width?: number | null; height?: number | null; textLength?: number | null; slices?: number | null };
  /** Other annotations of the set, for relations. */
  lookup?: (id: string) => Pick<Annotation, 'geometry'> | undefined;
  /** A text asset's text: a span's ends are then checked against its characters (never inside a surrogate pair or a grapheme). */
  text?: string | null;
}

export interface RuleIssue {
  path: string;
  message: string;
}
export interface RuleVerdict {
  errors: RuleIssue[];
  /** Allowed, but shown to the annotator (a self-intersecting polygon, a missing required attribute). */
  warnings: RuleIssue[];
}

type Checked = Pick<Annotation, 'labelId' | 'geometry' | 'attributes'>;

/** `submitting`: the task is being handed in, so what may wait while drawing (required attributes) may not wait any longer. */
export function checkAnnotation(a: Checked, ctx: AnnotationContext, opts: { submitting?: boolean } = {}): RuleVerdict {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });

  const label = ctx.schema.labels.find((l) => l.id === a.labelId);
  const tool = a.geometry.type;
  if (!(TOOLS_BY_MEDIA[ctx.mediaType] as readonly string[]).includes(tool)) err('geometry.type', `"${tool}" is not a ${ctx.mediaType} tool`);
  if (!label) {
    err('labelId', `label "${a.labelId}" is not in the label schema`);
    return { errors, warnings };
  }
  if (!(label.tools as readonly string[]).includes(tool)) err('geometry.type', `label "${label.name}" does not allow the ${tool} tool`);
  checkAttributes(label, a.attributes, err, opts.submitting ? err : (path, message) => warnings.push({ path, message }));
  checkGeometry(a.geometry, label, ctx, err);
  if (a.geometry.type === 'polygon' && !errors.length && selfIntersects(a.geometry.points)) {
    warnings.push({ path: 'geometry.points', message: 'the polygon crosses itself' });
  }
  return { errors, warnings };
}

function checkAttributes(label: Label, values: Record<string, AttributeValue>, err: (p: string, m: string) => void, warn: (p: string, m: string) => void) {
  const byKey = new Map<string, Attribute>(label.attributes.map((at) => [at.key, at]));
  for (const [key, value] of Object.entries(values)) {
    const at = byKey.get(key);
    const path = `attributes.${key}`;
    if (!at) {
      err(path, `label "${label.name}" has no attribute "${key}"`);
      continue;
    }
    const problem = attributeProblem(at, value);
    if (problem) err(path, problem);
  }
  for (const at of label.attributes) {
    if (at.required && values[at.key] === undefined) warn(`attributes.${at.key}`, `"${at.name}" is required`);
  }
}

function attributeProblem(at: Attribute, v: AttributeValue): string | null {
  switch (at.type) {
    case 'select':
      return typeof v === 'string' && at.options.includes(v) ? null : `must be one of ${at.options.join(', ')}`;
    case 'multiselect':
      return Array.isArray(v) && v.every((x) => at.options.includes(x)) && new Set(v).size === v.length ? null : `must be distinct values of ${at.options.join(', ')}`;
    case 'text':
      if (typeof v !== 'string') return 'must be text';
      return at.maxLength !== undefined && v.length > at.maxLength ? `must be at most ${at.maxLength} characters` : null;
    case 'number':
      if (typeof v !== 'number') return 'must be a number';
      if (at.min !== undefined && v < at.min) return `must be at least ${at.min}`;
      if (at.max !== undefined && v > at.max) return `must be at most ${at.max}`;
      return null;
    case 'boolean':
      return typeof v === 'boolean' ? null : 'must be true or false';
  }
}

function checkRle(rle: Rle, rows: number | null | undefined, cols: number | null | undefined, path: string, err: (p: string, m: string) => void) {
  if (rows && cols && (rle.size[0] !== rows || rle.size[1] !== cols)) err(`${path}.size`, `mask must be ${rows}×${cols} (height × width)`);
  let total = 0;
  for (const c of rle.counts) total += c;
  if (total !== rle.size[0] * rle.size[1]) err(`${path}.counts`, `runs cover ${total} pixels, the mask has ${rle.size[0] * rle.size[1]}`);
}

function checkGeometry(g: Geometry, label: Label, ctx: AnnotationContext, err: (p: string, m: string) => void) {
  const { width, height, textLength, slices } = ctx.extent;
  const inImage = (x: number, y: number) => !width || !height || (x >= 0 && y >= 0 && x <= width && y <= height);
  const outside = `geometry lies outside the ${width}×${height} image`;
  switch (g.type) {
    case 'box': {
      const corners = boxCorners(g);
      if (!corners.every(([x, y]) => inImage(x, y))) err('geometry', outside);
      return;
    }
    case 'polygon':
    case 'polyline':
    case 'points':
      if (!g.points.every(([x, y]) => inImage(x, y))) err('geometry.points', outside);
      return;
    case 'keypoints': {
      const expected = label.skeleton?.points.length;
      if (!expected) err('geometry', `label "${label.name}" has no skeleton`);
      else if (g.points.length !== expected) err('geometry.points', `the skeleton has ${expected} points, not ${g.points.length}`);
      if (!g.points.every((p) => !p || inImage(p.x, p.y))) err('geometry.points', outside);
      return;
    }
    case 'mask':
      checkRle(g.rle, height, width, 'geometry.rle', err);
      return;
    case 'span':
      if (g.end <= g.start) err('geometry.end', 'a span must end after it starts');
      if (textLength != null && g.end > textLength) err('geometry.end', `the text is ${textLength} code units long`);
      if (ctx.text && g.end <= ctx.text.length) {
        for (const end of ['start', 'end'] as const) {
          const problem = splitProblem(ctx.text, g[end]);
          if (problem) err(`geometry.${end}`, problem);
        }
      }
      return;
    case 'relation': {
      if (g.from === g.to) err('geometry', 'a relation joins two different spans');
      for (const end of ['from', 'to'] as const) {
        const other = ctx.lookup?.(g[end]);
        if (ctx.lookup && other?.geometry.type !== 'span') err(`geometry.${end}`, 'must be a span of this document');
      }
      return;
    }
    case 'segment':
      for (const [key, rle] of Object.entries(g.slices)) {
        if (slices != null && Number(key) >= slices) err(`geometry.slices.${key}`, `the series has ${slices} slices`);
        checkRle(rle, height, width, `geometry.slices.${key}`, err);
      }
      return;
    case 'length':
    case 'ellipse':
    case 'rectangle':
    case 'angle':
    case 'bidirectional':
      if (slices != null && g.sliceIndex >= slices) err('geometry.sliceIndex', `the series has ${slices} slices`);
      return;
    case 'tag':
    case 'doc-label':
    case 'classification':
      return;
  }
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
let graphemes: Intl.Segmenter | undefined;

/**
 * Why a span may not start or end at this UTF-16 offset of the text, or null:
 * between the halves of a surrogate pair (an emoji, a rare CJK character), or
 * inside a grapheme (a letter and its combining accent, an emoji sequence
 * joined by ZWJ or with a skin tone). Only a window about the offset is
 * segmented, widened while the grapheme holding it reaches the window's edge.
 */
export function splitProblem(text: string, at: number): string | null {
  if (at <= 0 || at >= text.length) return null;
  if (isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1))) {
    return `offset ${at} splits a surrogate pair (the character “${text.slice(at - 1, at + 1)}” takes two UTF-16 code units, at ${at - 1} and ${at})`;
  }
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (let reach = 64; ; reach *= 4) {
    let from = Math.max(0, at - reach);
    if (from > 0 && isLow(text.charCodeAt(from)) && isHigh(text.charCodeAt(from - 1))) from--;
    let to = Math.min(text.length, at + reach);
    if (to < text.length && isLow(text.charCodeAt(to))) to++;
    let first = true;
    let cut = false;
    for (const g of graphemes.segment(text.slice(from, to))) {
      const start = from + g.index;
      const end = start + g.segment.length;
      if (start === at) return null;
      if (start < at && at < end) {
        // A grapheme cut by the window's edge may be longer than it looks: look again, wider.
        cut = (first && from > 0) || (end === to && to < text.length);
        if (!cut) return `offset ${at} falls inside the character “${g.segment}” (code units ${start} to ${end}): a span may not split a grapheme`;
        break;
      }
      first = false;
    }
    if (!cut || (from === 0 && to === text.length)) return null;
  }
}

export function boxCorners(b: { x: number; y: number; width: number; height: number; rotation?: number }): [number, number][] {
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  const t = ((b.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([sx, sy]) => {
    const dx = (sx * b.width) / 2;
    const dy = (sy * b.height) / 2;
    return [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos];
  });
}

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number) {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function segmentsCross(p: number[], q: number[], r: number[], s: number[]) {
  const d1 = cross(r[0], r[1], s[0], s[1], p[0], p[1]);
  const d2 = cross(r[0], r[1], s[0], s[1], q[0], q[1]);
  const d3 = cross(p[0], p[1], q[0], q[1], r[0], r[1]);
  const d4 = cross(p[0], p[1], q[0], q[1], s[0], s[1]);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * Whether two non-adjacent edges of a closed polygon cross. Edges are bucketed
 * in a uniform grid so a 10,000-vertex outline costs about n, not n².
 */
export function selfIntersects(points: [number, number][]): boolean {
  const n = points.length;
  if (n < 4) return false;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const cells = Math.max(1, Math.ceil(Math.sqrt(n)));
  const cw = (maxX - minX) / cells || 1;
  const ch = (maxY - minY) / cells || 1;
  const grid = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % n];
    const x0 = Math.min(cells - 1, Math.floor((Math.min(ax, bx) - minX) / cw));
    const x1 = Math.min(cells - 1, Math.floor((Math.max(ax, bx) - minX) / cw));
    const y0 = Math.min(cells - 1, Math.floor((Math.min(ay, by) - minY) / ch));
    const y1 = Math.min(cells - 1, Math.floor((Math.max(ay, by) - minY) / ch));
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        const key = gy * cells + gx;
        const bucket = grid.get(key);
        if (!bucket) {
          grid.set(key, [i]);
          continue;
        }
        for (const j of bucket) {
          const adjacent = Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1;
          if (!adjacent && segmentsCross(points[i], points[(i + 1) % n], points[j], points[(j + 1) % n])) return true;
        }
        bucket.push(i);
      }
    }
  }
  return false;
}
