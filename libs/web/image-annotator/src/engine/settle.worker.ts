import type { Label } from '@tessera/contracts';
import { drawSettled, Mirror, settleSize, type FromWorker, type ToWorker } from './settle';

/**
 * Draws the settled layer off the main thread (render.ts): a mirror of the
 * scene, kept by the messages of settle.ts; each draw request becomes an
 * ImageBitmap handed back without a copy.
 */

const mirror = new Mirror();
let labels = new Map<string, Pick<Label, 'id' | 'name' | 'color' | 'skeleton'>>();
let paper: OffscreenCanvas | null = null;

/** The worker's global scope, typed here: the DOM lib the project compiles with has no worker types. */
const scope = self as unknown as {
  postMessage(m: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

function onDraw(m: Extract<ToWorker, { type: 'draw' }>) {
  const { w, h } = settleSize(m.request);
  if (paper?.width !== w || paper.height !== h) paper = new OffscreenCanvas(w, h);
  const ctx = paper.getContext('2d')!;
  const drawn = drawSettled(ctx, m.request, (b) => mirror.within(b), (id) => mirror.boundsOf(id), {
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
    if (m.type === 'scene') mirror.apply(m);
    else if (m.type === 'labels') labels = new Map(m.labels.map((l) => [l.id, l]));
    else if (m.type === 'draw') onDraw(m);
  } catch (err) {
    if (m.type === 'draw') scope.postMessage({ type: 'failed', seq: m.seq, message: String((err as Error)?.message ?? err) } satisfies FromWorker);
    else throw err;
  }
};
