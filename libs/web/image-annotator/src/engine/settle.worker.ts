import RBush from 'rbush';
import type { Annotation, Label } from '@tessera/contracts';
import type { Bounds } from '../geometry';
import { drawSettled, settleSize, unpackBounded, type FromWorker, type MirrorItem, type ToWorker } from './settle';

/**
 * Draws the settled layer off the main thread (render.ts): a mirror of the
 * scene, kept by the messages of settle.ts, with an R-tree of its own; each
 * draw request becomes an ImageBitmap handed back without a copy.
 */

interface Entry extends Bounds {
  id: string;
}

const items = new Map<string, MirrorItem>();
const entries = new Map<string, Entry>();
const tree = new RBush<Entry>();
let rank = new Map<string, number>();
let labels = new Map<string, Pick<Label, 'id' | 'name' | 'color' | 'skeleton'>>();
let paper: OffscreenCanvas | null = null;

/** The worker's global scope, typed here: the DOM lib the project compiles with has no worker types. */
const scope = self as unknown as {
  postMessage(m: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

function unindex(id: string) {
  const e = entries.get(id);
  if (!e) return;
  tree.remove(e);
  entries.delete(id);
}

function onScene(m: Extract<ToWorker, { type: 'scene' }>) {
  for (const id of m.drop) {
    unindex(id);
    items.delete(id);
  }
  const fresh: Entry[] = [];
  for (const { item: it, bounds } of unpackBounded(m.put)) {
    unindex(it.id);
    items.set(it.id, it);
    if (!bounds) continue;
    const e = { minX: bounds.minX, minY: bounds.minY, maxX: bounds.maxX, maxY: bounds.maxY, id: it.id };
    entries.set(it.id, e);
    fresh.push(e);
  }
  if (fresh.length > 100) tree.load(fresh);
  else for (const e of fresh) tree.insert(e);
  if (m.order) rank = new Map(m.order.map((id, i) => [id, i]));
}

function within(b: Bounds): Annotation[] {
  return tree
    .search(b)
    .map((e) => items.get(e.id)!)
    .sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0)) as unknown as Annotation[];
}

function onDraw(m: Extract<ToWorker, { type: 'draw' }>) {
  const { w, h } = settleSize(m.request);
  if (paper?.width !== w || paper.height !== h) paper = new OffscreenCanvas(w, h);
  const ctx = paper.getContext('2d')!;
  const drawn = drawSettled(ctx, m.request, within, (id) => entries.get(id), {
    colour: (id) => labels.get(id)?.color ?? '#8c8c8c',
    label: (id) => labels.get(id),
  });
  const bitmap = paper.transferToImageBitmap();
  const out: FromWorker = { type: 'drawn', seq: m.seq, request: m.request, bitmap, drawn };
  scope.postMessage(out, [bitmap]);
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  try {
    if (m.type === 'scene') onScene(m);
    else if (m.type === 'labels') labels = new Map(m.labels.map((l) => [l.id, l]));
    else if (m.type === 'draw') onDraw(m);
  } catch (err) {
    if (m.type === 'draw') scope.postMessage({ type: 'failed', seq: m.seq, message: String((err as Error)?.message ?? err) } satisfies FromWorker);
    else throw err;
  }
};
