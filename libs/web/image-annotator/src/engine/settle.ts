import type { Annotation, Label } from '@tessera/contracts';
import { boundsOf, type Bounds, type ImageGeometry, type Pt } from '../geometry';
import { drawBatched, rgba, type Canvas2D, type View } from './paint';
import { toScreen, visibleRect } from './viewport';

/**
 * The settled layer's drawing, shared by the main thread (where there is no
 * worker) and settle.worker.ts, and the messages that keep the worker's
 * mirror of the scene. The main thread sends what changed in the scene
 * (polygons and polylines packed into one Float64Array, handed over without
 * a copy; other shapes as they are) and a request per bitmap; the worker
 * draws into an OffscreenCanvas and hands back an ImageBitmap.
 */

/** Names (and outlines wider than a pixel) on the settled layer only when this few objects are in view: at 10,000 they are noise and cost. */
export const MAX_NAMED = 150;

/** What one settled bitmap shows. */
export interface SettleRequest {
  view: View;
  /** Stage size in CSS pixels, and the margin drawn around it on every side. */
  width: number;
  height: number;
  margin: number;
  dpr: number;
  /** Drawn elsewhere (the selection, the mask being painted) or hidden. */
  skip: readonly string[];
}

export interface SettleStyle {
  colour(labelId: string): string;
  label(labelId: string): Pick<Label, 'name' | 'skeleton'> | undefined;
}

/** The size of the bitmap a request needs, in device pixels. */
export function settleSize(r: SettleRequest) {
  return { w: Math.ceil((r.width + 2 * r.margin) * r.dpr), h: Math.ceil((r.height + 2 * r.margin) * r.dpr) };
}

/**
 * Draws the objects a request shows. `within` answers the objects whose
 * bounds meet a rectangle, in drawing order; `bounds` an object's bounds.
 */
export function drawSettled(
  ctx: Canvas2D,
  r: SettleRequest,
  within: (b: Bounds) => readonly Annotation[],
  bounds: (id: string) => Bounds | undefined,
  style: SettleStyle,
) {
  const { w, h } = settleSize(r);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const v = r.view;
  const skip = new Set(r.skip);
  const found = within(visibleRect(v, r.width, r.height, r.margin));
  const items = skip.size ? found.filter((a) => !skip.has(a.id)) : found;
  const { dpr, margin } = r;
  ctx.setTransform(dpr * v.scale, 0, 0, dpr * v.scale, dpr * (v.x + margin), dpr * (v.y + margin));
  ctx.imageSmoothingEnabled = v.scale < 4;
  const crowded = items.length > MAX_NAMED;
  // A crowd gets one-pixel outlines: Skia draws those as hairlines, and stroking 10,000 polygons 1.5 px wide took most of the drawing's time.
  drawBatched(ctx, items, (a) => ({ colour: style.colour(a.labelId), predicted: a.source === 'model' }), v.scale, (id) => style.label(id)?.skeleton?.edges ?? [], crowded ? 1 : 1.5);
  if (crowded) return items.length;
  ctx.setTransform(dpr, 0, 0, dpr, dpr * margin, dpr * margin);
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  for (const a of items) {
    const b = bounds(a.id);
    if (!b) continue;
    const [x, y] = toScreen(v, b.minX, b.minY);
    const name = (style.label(a.labelId)?.name ?? a.labelId) + (a.source === 'model' && a.score != null ? ` ${a.score.toFixed(2)}` : '');
    const tw = ctx.measureText(name).width + 8;
    ctx.fillStyle = rgba(style.colour(a.labelId), a.source === 'model' ? 0.55 : 0.85);
    ctx.fillRect(x, y - 16, tw, 16);
    ctx.fillStyle = '#fff';
    ctx.fillText(name, x + 4, y - 2);
  }
  return items.length;
}

// ---- the mirror ----

/** What the worker keeps of an annotation: what drawing needs. */
export type MirrorItem = Pick<Annotation, 'id' | 'labelId' | 'zIndex' | 'source' | 'score'> & { geometry: ImageGeometry };

/** Annotations that changed: polygons and polylines as runs of `coords`, the rest in `other`. */
export interface PackedItems {
  ids: string[];
  labels: string[];
  z: number[];
  /** 1: a model's prediction. */
  model: Uint8Array;
  score: (number | null)[];
  /** 0 polygon, 1 polyline, 2 other (its geometry is next in `other`). */
  kind: Uint8Array;
  /** Where each item's coordinates start in `coords` (x, y pairs); one entry more than items. */
  start: Uint32Array;
  coords: Float64Array;
  other: ImageGeometry[];
}

export type ToWorker =
  | { type: 'scene'; put: PackedItems; drop: string[]; order: string[] | null }
  | { type: 'labels'; labels: Array<Pick<Label, 'id' | 'name' | 'color' | 'skeleton'>> }
  | { type: 'draw'; seq: number; request: SettleRequest };

export type FromWorker = { type: 'drawn'; seq: number; request: SettleRequest; bitmap: ImageBitmap; drawn: number } | { type: 'failed'; seq: number; message: string };

export function packItems(list: readonly Annotation[]): PackedItems {
  let n = 0;
  for (const a of list) {
    const g = a.geometry as ImageGeometry;
    if (g.type === 'polygon' || g.type === 'polyline') n += g.points.length;
  }
  const coords = new Float64Array(2 * n);
  const start = new Uint32Array(list.length + 1);
  const kind = new Uint8Array(list.length);
  const model = new Uint8Array(list.length);
  const other: ImageGeometry[] = [];
  let o = 0;
  list.forEach((a, i) => {
    const g = a.geometry as ImageGeometry;
    start[i] = o / 2;
    model[i] = a.source === 'model' ? 1 : 0;
    if (g.type === 'polygon' || g.type === 'polyline') {
      kind[i] = g.type === 'polygon' ? 0 : 1;
      for (const p of g.points as Pt[]) {
        coords[o++] = p[0];
        coords[o++] = p[1];
      }
    } else {
      kind[i] = 2;
      other.push(g);
    }
  });
  start[list.length] = o / 2;
  return { ids: list.map((a) => a.id), labels: list.map((a) => a.labelId), z: list.map((a) => a.zIndex), model, score: list.map((a) => a.score ?? null), kind, start, coords, other };
}

/**
 * The items with their bounds, a polygon's or polyline's taken from its coordinates as they are unpacked:
 * a second pass over 200,000 points (and a copy of each bounds) took the worker as long as the unpacking.
 */
export function unpackBounded(p: PackedItems): { item: MirrorItem; bounds: Bounds | null }[] {
  const out: { item: MirrorItem; bounds: Bounds | null }[] = [];
  let k = 0;
  for (let i = 0; i < p.ids.length; i++) {
    let geometry: ImageGeometry;
    let bounds: Bounds | null;
    if (p.kind[i] === 2) {
      geometry = p.other[k++];
      bounds = boundsOf(geometry);
    } else {
      const points: Pt[] = [];
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let j = p.start[i]; j < p.start[i + 1]; j++) {
        const x = p.coords[2 * j];
        const y = p.coords[2 * j + 1];
        points.push([x, y]);
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      geometry = { type: p.kind[i] === 0 ? 'polygon' : 'polyline', points } as ImageGeometry;
      bounds = points.length ? { minX, minY, maxX, maxY } : null;
    }
    out.push({ item: { id: p.ids[i], labelId: p.labels[i], zIndex: p.z[i], source: p.model[i] ? 'model' : 'human', score: p.score[i], geometry }, bounds });
  }
  return out;
}

/**
 * The worker's copy of the scene, kept by the scene messages. Asked what meets a rectangle, it scans the scene in
 * drawing order. An R-tree answered unordered, so every answer was sorted by rank, and its bulk load was on the path
 * to the worker's first bitmap while the editor opened (with the unpacking, 142-157 ms, of which the unpacking ~40).
 * The scan of 50,000 bounds takes 2-3 ms (zoomed in, where the tree's answer was quicker); the list it scans is made
 * again on each change, as the ranks were.
 */
export class Mirror {
  private items = new Map<string, { item: MirrorItem; bounds: Bounds | null }>();
  private order: readonly string[] = [];
  /** The items with bounds, in drawing order (an item with nothing to draw has none and is never found). */
  private drawn: { item: MirrorItem; bounds: Bounds }[] = [];

  apply(m: Extract<ToWorker, { type: 'scene' }>) {
    for (const id of m.drop) this.items.delete(id);
    for (const unpacked of unpackBounded(m.put)) this.items.set(unpacked.item.id, unpacked);
    if (m.order) this.order = m.order;
    this.drawn = [];
    for (const id of this.order) {
      const it = this.items.get(id);
      if (it?.bounds) this.drawn.push({ item: it.item, bounds: it.bounds });
    }
  }

  /** The items whose bounds meet `b`, in drawing order (shaped as drawing needs them, not whole annotations). */
  within(b: Bounds): Annotation[] {
    const found: MirrorItem[] = [];
    for (const { item, bounds: e } of this.drawn) {
      if (e.minX <= b.maxX && e.maxX >= b.minX && e.minY <= b.maxY && e.maxY >= b.minY) found.push(item);
    }
    return found as Annotation[];
  }

  boundsOf(id: string): Bounds | undefined {
    return this.items.get(id)?.bounds ?? undefined;
  }
}

/** What changed between two versions of the scene, by identity (a changed annotation is a new object). */
export class MirrorDiff {
  private sent = new Map<string, Annotation>();
  private lastOrder: readonly Annotation[] | null = null;

  /** The message that brings the worker's mirror to `byId` drawn in `order`, or null when nothing changed. */
  next(byId: ReadonlyMap<string, Annotation>, order: readonly Annotation[]): Extract<ToWorker, { type: 'scene' }> | null {
    const put: Annotation[] = [];
    const drop: string[] = [];
    for (const id of this.sent.keys()) if (!byId.has(id)) drop.push(id);
    for (const id of drop) this.sent.delete(id);
    for (const [id, a] of byId) {
      if (this.sent.get(id) === a) continue;
      this.sent.set(id, a);
      put.push(a);
    }
    const orderChanged = order !== this.lastOrder;
    this.lastOrder = order;
    if (!put.length && !drop.length && !orderChanged) return null;
    return { type: 'scene', put: packItems(put), drop, order: orderChanged ? order.map((a) => a.id) : null };
  }
}

export function transferables(m: ToWorker): Transferable[] {
  return m.type === 'scene' ? [m.put.coords.buffer, m.put.start.buffer, m.put.kind.buffer, m.put.model.buffer] : [];
}
