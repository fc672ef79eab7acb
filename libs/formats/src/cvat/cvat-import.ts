import type { FileTree, PeerAnnotation, PeerItem, Problem } from '../model';
import { children, xmlElements, type XmlNode } from '../io/xml';
import { bitmapFromCvatRle, rleFromBitmap } from '../geometry/rle';

const SHAPES = new Set(['box', 'polygon', 'polyline', 'points', 'mask', 'skeleton', 'tag']);

function points(s: string | undefined): [number, number][] | null {
  if (!s) return null;
  const out: [number, number][] = [];
  for (const pair of s.split(';')) {
    const [x, y, extra] = pair.split(',').map((v) => Number(v.trim()));
    if (extra !== undefined || !Number.isFinite(x) || !Number.isFinite(y)) return null;
    out.push([x, y]);
  }
  return out;
}

const number = (v: string | undefined) => (v === undefined || v.trim() === '' ? NaN : Number(v));

/**
 * One CVAT shape element as a peer annotation, or the problem with it.
 * `size` is the image's, which a mask needs.
 */
export function cvatShapeOf(el: XmlNode, where: string, size: { width?: number; height?: number }): PeerAnnotation | Problem {
  const category = el.attrs.label ?? '';
  const attributes: Record<string, unknown> = {};
  if (el.attrs.occluded === '1') attributes.occluded = true;
  for (const a of children(el, 'attribute')) attributes[a.attrs.name ?? ''] = a.text;
  const z = number(el.attrs.z_order);
  const base = { category, attributes, where, units: 'px' as const, zIndex: Number.isFinite(z) ? z : 0, group: el.attrs.group_id && el.attrs.group_id !== '0' ? `g${el.attrs.group_id}` : null };
  const bad = (message: string): Problem => ({ where, message });
  switch (el.name) {
    case 'box': {
      const [xtl, ytl, xbr, ybr] = ['xtl', 'ytl', 'xbr', 'ybr'].map((k) => number(el.attrs[k]));
      const rotation = el.attrs.rotation === undefined ? 0 : number(el.attrs.rotation);
      if (![xtl, ytl, xbr, ybr, rotation].every(Number.isFinite)) return bad('a box needs numeric xtl, ytl, xbr, ybr');
      return { ...base, geometry: { type: 'box', x: xtl, y: ytl, width: xbr - xtl, height: ybr - ytl, rotation } };
    }
    case 'polygon':
    case 'polyline':
    case 'points': {
      const p = points(el.attrs.points);
      if (!p) return bad(`points must be "x,y;x,y…" numbers, not "${(el.attrs.points ?? '').slice(0, 60)}"`);
      if (el.name === 'polygon' && p.length < 3) return bad(`a polygon needs at least 3 points, this one has ${p.length}`);
      if (el.name === 'polyline' && p.length < 2) return bad(`a polyline needs at least 2 points, this one has ${p.length}`);
      return { ...base, geometry: { type: el.name, points: p } };
    }
    case 'mask': {
      const rle = (el.attrs.rle ?? '').split(',').map((v) => Number(v.trim()));
      const [left, top, w, h] = ['left', 'top', 'width', 'height'].map((k) => number(el.attrs[k]));
      if (!rle.every((v) => Number.isInteger(v) && v >= 0) || ![left, top, w, h].every(Number.isInteger)) return bad('a mask needs rle counts and integer left, top, width, height');
      if (!size.width || !size.height) return bad('a mask needs the image size');
      try {
        return { ...base, geometry: { type: 'mask', rle: rleFromBitmap(bitmapFromCvatRle(rle, left, top, w, h, size.width, size.height)) } };
      } catch (e) {
        return bad((e as Error).message);
      }
    }
    case 'skeleton': {
      const pts = children(el, 'points');
      const names: string[] = [];
      const kps: ({ x: number; y: number; visible: boolean } | null)[] = [];
      for (const p of pts) {
        names.push(p.attrs.label ?? '');
        if (p.attrs.outside === '1') {
          kps.push(null);
          continue;
        }
        const xy = points(p.attrs.points);
        if (!xy || xy.length !== 1) return bad(`skeleton point "${p.attrs.label}" needs one x,y`);
        kps.push({ x: xy[0][0], y: xy[0][1], visible: p.attrs.occluded !== '1' });
      }
      return { ...base, geometry: { type: 'keypoints', points: kps }, pointNames: names };
    }
    case 'tag':
      return { ...base, geometry: { type: 'tag' } };
    default:
      return bad(`<${el.name}> is not a CVAT shape`);
  }
}

const isProblem = (x: PeerAnnotation | Problem): x is Problem => !('geometry' in x);

/**
 * Reads CVAT XML 1.1, as a stream, one `<image>` at a time: "for images"
 * (each image with its shapes) and "for video" (tracks: every shape a track
 * has on a frame where it is not `outside` becomes an object of that frame,
 * matched to an asset named frame_000010 and the like).
 */
export async function* readCvat(tree: FileTree): AsyncGenerator<PeerItem> {
  for (const path of tree.paths().filter((p) => p.toLowerCase().endsWith('.xml'))) {
    const frames = new Map<number, PeerItem>();
    let n = 0;
    for await (const el of xmlElements(await tree.open(path), (name, depth) => depth === 1 && (name === 'image' || name === 'track'), path)) {
      if (el.name === 'image') {
        const width = number(el.attrs.width);
        const height = number(el.attrs.height);
        const size = { width: Number.isFinite(width) ? width : undefined, height: Number.isFinite(height) ? height : undefined };
        const item: PeerItem = { where: `${path}: image ${el.attrs.id ?? n} (${el.attrs.name ?? ''})`, ref: { name: el.attrs.name }, ...size, annotations: [], problems: [] };
        let k = 0;
        for (const s of el.children.filter((c) => SHAPES.has(c.name))) {
          const a = cvatShapeOf(s, `${path}: image ${el.attrs.id ?? n}, ${s.name} ${++k} (line ${s.line})`, size);
          if (isProblem(a)) item.problems.push(a);
          else item.annotations.push(a);
        }
        n++;
        yield item;
        continue;
      }
      // a track: its shapes on the frames where they are inside the picture
      for (const s of el.children.filter((c) => SHAPES.has(c.name))) {
        if (s.attrs.outside === '1') continue;
        const frame = number(s.attrs.frame);
        if (!Number.isInteger(frame)) continue;
        const name = `frame_${String(frame).padStart(6, '0')}`;
        const item = frames.get(frame) ?? { where: `${path}: frame ${frame}`, ref: { name }, annotations: [], problems: [] };
        frames.set(frame, item);
        const a = cvatShapeOf({ ...s, attrs: { ...s.attrs, label: el.attrs.label ?? '', group_id: el.attrs.group_id ?? '' } }, `${path}: track ${el.attrs.id}, frame ${frame} (line ${s.line})`, {});
        if (isProblem(a)) item.problems.push(a);
        else item.annotations.push(a);
      }
    }
    yield* [...frames.keys()].sort((a, b) => a - b).map((f) => frames.get(f)!);
  }
}
