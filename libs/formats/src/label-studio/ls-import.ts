import type { Readable } from 'node:stream';
import type { FileTree, PeerAnnotation, PeerItem, Problem } from '../model';
import { FormatError } from '../model';
import { scanJsonArrays } from '../io/json-scan';
import { text as readText } from '../io/lines';
import { bitmapFromBrush, rleFromBitmap } from '../geometry/rle';
import { boxFromTopLeftRotation } from '../geometry/shapes';

type Result = { id?: string; type?: string; from_name?: string; value?: Record<string, unknown>; score?: number; original_width?: number; original_height?: number; from_id?: string; to_id?: string; labels?: string[] };
type Task = { id?: unknown; data?: Record<string, unknown>; annotations?: { result?: Result[]; was_cancelled?: boolean }[]; predictions?: { result?: Result[]; score?: number }[]; result?: Result[]; score?: number; file_upload?: string };

const REGION_TYPES: Record<string, string> = {
  rectanglelabels: 'rectanglelabels', polygonlabels: 'polygonlabels', keypointlabels: 'keypointlabels', brushlabels: 'brushlabels', labels: 'labels',
};
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The file a task names: the base name of its image URL, without Label Studio's upload prefix. */
function refOf(task: Task): PeerItem['ref'] {
  const d = task.data ?? {};
  const url = typeof d.image === 'string' ? d.image : typeof task.file_upload === 'string' ? task.file_upload : undefined;
  const ext = typeof d.id === 'string' || typeof d.id === 'number' ? String(d.id) : undefined;
  if (url) {
    const name = decodeURIComponent(url.split('?')[0].split('/').pop() ?? url);
    return { name: name.replace(/^[0-9a-f]{8}-(?=.)/, ''), externalId: ext };
  }
  if (typeof d.text === 'string') return { text: d.text, name: typeof d.name === 'string' ? d.name : undefined, externalId: ext };
  return { externalId: ext };
}

/** Which unit a span's offsets count in: the one whose slice of the task's text is the span's own text. */
function spanUnits(text: string | undefined, v: Record<string, unknown>): 'utf16' | 'codepoints' {
  if (text === undefined || typeof v.text !== 'string' || !isNum(v.start) || !isNum(v.end)) return 'utf16';
  if (text.slice(v.start, v.end) === v.text) return 'utf16';
  return [...text].slice(v.start, v.end).join('') === v.text ? 'codepoints' : 'utf16';
}

/** A task's regions, grouped keypoints, per-region attributes, relations and choices. */
export function lsItem(task: Task, where: string, scoreDefault: number | null): PeerItem {
  const item: PeerItem = { where, ref: refOf(task), annotations: [], problems: [] };
  const annotation = (task.annotations ?? []).find((a) => !a.was_cancelled);
  const prediction = task.predictions?.[0];
  const results: Result[] = annotation?.result ?? prediction?.result ?? task.result ?? [];
  const score = prediction && !annotation ? (isNum(prediction.score) ? prediction.score : null) : scoreDefault;
  const text = typeof task.data?.text === 'string' ? task.data.text : undefined;
  const regions = new Map<string, PeerAnnotation>();
  const grouped = new Map<string, { a: PeerAnnotation; names: string[] }>();
  const attrs: { r: Result; w: string }[] = [];
  results.forEach((r, i) => {
    const w = `${where}: result[${i}]${r.id ? ` (${r.id})` : ''}`;
    const v = r.value ?? {};
    const bad = (message: string) => item.problems.push({ where: w, message } as Problem);
    if (r.type === 'relation') {
      const category = Array.isArray(r.labels) && r.labels.length ? String(r.labels[0]) : '';
      item.annotations.push({ category, geometry: { type: 'relation', from: '00000000-0000-4000-8000-000000000000', to: '00000000-0000-4000-8000-000000000000' }, from: r.from_id, to: r.to_id, where: w });
      return;
    }
    const type = r.type && REGION_TYPES[r.type];
    if (!type) {
      attrs.push({ r, w });
      return;
    }
    const names = v[type];
    const category = Array.isArray(names) && names.length ? String(names[0]) : '';
    const base = { category, where: w, key: r.id, score: isNum(r.score) ? r.score : score, units: 'percent' as const };
    let a: PeerAnnotation | null = null;
    switch (type) {
      case 'rectanglelabels': {
        const [x, y, width, height] = [v.x, v.y, v.width, v.height];
        const rot = v.rotation === undefined ? 0 : v.rotation;
        if (![x, y, width, height, rot].every(isNum)) return bad('a rectangle needs numeric x, y, width, height');
        a = { ...base, geometry: { type: 'box', ...boxFromTopLeftRotation(x as number, y as number, width as number, height as number, rot as number) } };
        if (rot) {
          // Rotation about a corner only places right in pixels: percent of width and of height differ.
          const W = r.original_width;
          const H = r.original_height;
          if (!isNum(W) || !isNum(H)) return bad('a rotated rectangle needs original_width and original_height');
          const b = boxFromTopLeftRotation(((x as number) * W) / 100, ((y as number) * H) / 100, ((width as number) * W) / 100, ((height as number) * H) / 100, rot as number);
          a = { ...base, units: 'px', geometry: { type: 'box', ...b } };
          item.width ??= W;
          item.height ??= H;
        }
        break;
      }
      case 'polygonlabels': {
        const pts = v.points;
        if (!Array.isArray(pts) || !pts.every((p) => Array.isArray(p) && p.length === 2 && p.every(isNum))) return bad('polygon points must be [x, y] numbers');
        const closed = v.closed !== false;
        if (closed && pts.length < 3) return bad(`a polygon needs at least 3 points, this one has ${pts.length}`);
        a = { ...base, geometry: { type: closed ? 'polygon' : 'polyline', points: pts as [number, number][] } };
        break;
      }
      case 'keypointlabels': {
        if (!isNum(v.x) || !isNum(v.y)) return bad('a keypoint needs numeric x and y');
        const m = /^(.+)\.(p?)(\d+)$/.exec(r.id ?? '');
        if (m) {
          // Exported by Tessera: the points of one object share the id before the dot.
          const key = m[1];
          const g = grouped.get(key) ?? { a: { ...base, key, where: `${where}: region ${key}`, geometry: m[2] ? { type: 'points', points: [] } : { type: 'keypoints', points: [] } }, names: [] };
          grouped.set(key, g);
          if (g.a.geometry.type === 'points') g.a.geometry.points.push([v.x, v.y]);
          else if (g.a.geometry.type === 'keypoints') {
            g.a.geometry.points.push({ x: v.x, y: v.y, visible: v.visible !== false });
            g.names.push(String(Number(m[3]) + 1));
          }
          return;
        }
        a = { ...base, geometry: { type: 'points', points: [[v.x, v.y]] } };
        break;
      }
      case 'brushlabels': {
        const W = r.original_width;
        const H = r.original_height;
        if (!isNum(W) || !isNum(H)) return bad('a brush mask needs original_width and original_height');
        if (v.format !== 'rle' || !Array.isArray(v.rle) || !v.rle.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) return bad('a brush mask needs format "rle" and its bytes');
        try {
          a = { ...base, units: 'px', geometry: { type: 'mask', rle: rleFromBitmap(bitmapFromBrush(v.rle as number[], W, H)) } };
        } catch (e) {
          return bad((e as Error).message);
        }
        item.width ??= W;
        item.height ??= H;
        break;
      }
      case 'labels': {
        if (!isNum(v.start) || !isNum(v.end)) return bad('a span needs numeric start and end');
        a = { ...base, units: spanUnits(text, v), geometry: { type: 'span', start: v.start, end: v.end } };
        break;
      }
    }
    if (a) {
      item.annotations.push(a);
      if (r.id) regions.set(r.id, a);
    }
  });
  for (const { a, names } of grouped.values()) {
    if (names.length) a.pointNames = names;
    item.annotations.push(a);
    if (a.key) regions.set(a.key, a);
  }
  // Results that are not regions: a region's attribute when they share its id, else a choice about the whole item.
  for (const { r, w } of attrs) {
    const v = r.value ?? {};
    const value = r.type === 'choices' ? v.choices : r.type === 'textarea' ? v.text : r.type === 'number' ? v.number : r.type === 'rating' ? v.rating : r.type === 'taxonomy' ? v.taxonomy : undefined;
    if (value === undefined) {
      item.problems.push({ where: w, message: `a "${r.type}" result is not something Tessera imports` });
      continue;
    }
    const region = r.id ? regions.get(r.id) : undefined;
    const single = Array.isArray(value) && r.type === 'textarea' ? value.join('\n') : value;
    if (region) (region.attributes ??= {})[r.from_name ?? 'value'] = Array.isArray(single) && single.length === 1 && r.type !== 'choices' ? single[0] : single;
    else if (r.type === 'choices' && Array.isArray(value)) {
      for (const c of value) item.annotations.push({ category: String(c), geometry: { type: text !== undefined ? 'doc-label' : 'tag' }, where: w, score: isNum(r.score) ? r.score : score });
    } else item.problems.push({ where: w, message: `a ${r.type} result belongs to no region` });
  }
  // single-choice values on regions stay lists only for multiple choices
  for (const a of regions.values()) for (const [k, v] of Object.entries(a.attributes ?? {})) if (Array.isArray(v) && v.length === 1) a.attributes![k] = v[0];
  return item;
}

/** The first character that is not white space (a list or an object?), reading no further than it. */
async function firstChar(stream: Readable): Promise<string> {
  try {
    for await (const chunk of stream) {
      const m = /\S/.exec(Buffer.from(chunk).toString('utf8').replace(/^\ufeff/, ''));
      if (m) return m[0];
    }
    return '';
  } finally {
    stream.destroy();
  }
}

/**
 * Reads Label Studio JSON: an export (a list of tasks), one task, or an ML
 * backend's list of predictions. Tasks are streamed one by one.
 */
export async function* readLabelStudio(tree: FileTree): AsyncGenerator<PeerItem> {
  for (const path of tree.paths().filter((p) => p.toLowerCase().endsWith('.json'))) {
    if ((await firstChar(await tree.open(path))) === '{') {
      let task: Task;
      try {
        task = JSON.parse(await readText(await tree.open(path))) as Task;
      } catch (e) {
        throw new FormatError(path, `malformed JSON (${(e as Error).message})`);
      }
      yield lsItem(task, path, null);
      continue;
    }
    for await (const ev of scanJsonArrays(await tree.open(path), (p) => p === '', path)) {
      const t = ev.value as Task & { model_version?: string };
      if (typeof t !== 'object' || t === null) throw new FormatError(`${path}: [${ev.index}]`, 'a task must be an object');
      yield lsItem(t, `${path}: task ${ev.index + 1}`, isNum(t.score) ? t.score : null);
    }
  }
}
