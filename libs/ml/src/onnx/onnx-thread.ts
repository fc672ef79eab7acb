import { Worker } from 'node:worker_threads';

/**
 * A worker thread that holds onnxruntime sessions and runs them: the graph
 * and the copies around it stay off the event loop, and the tensors never
 * cross into a test sandbox's realm (onnxruntime-node hands back typed arrays
 * of the thread's own realm). Plain JavaScript in a string, so it needs no
 * build step; onnxruntime-node is resolved here by absolute path.
 */
const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ort);
const sessions = new Map();
function meta(s) {
  const m = (x) => ({ name: x.name, isTensor: x.isTensor, type: x.type, shape: x.shape ? Array.from(x.shape) : [] });
  return { inputNames: s.inputNames, outputNames: s.outputNames, inputs: s.inputMetadata.map(m), outputs: s.outputMetadata.map(m) };
}
async function handle(m) {
  if (m.op === 'load') {
    if (!sessions.has(m.key)) {
      const s = await ort.InferenceSession.create(new Uint8Array(m.model), { graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1 });
      sessions.set(m.key, s);
    }
    return meta(sessions.get(m.key));
  }
  if (m.op === 'run') {
    const s = sessions.get(m.key);
    if (!s) throw new Error('session not loaded');
    const out = await s.run({ [m.input]: new ort.Tensor('float32', new Float32Array(m.data.buffer, m.data.byteOffset, m.data.length), m.dims) });
    const t = out[m.output];
    return { dims: Array.from(t.dims), data: Float32Array.from(t.data) };
  }
  if (m.op === 'release') {
    const s = sessions.get(m.key);
    sessions.delete(m.key);
    if (s) await s.release();
    return {};
  }
  if (m.op === 'close') {
    for (const s of sessions.values()) await s.release();
    sessions.clear();
    setImmediate(() => parentPort.close());
    return {};
  }
  throw new Error('unknown op ' + m.op);
}
parentPort.on('message', (m) => {
  handle(m).then(
    (result) => parentPort.postMessage({ id: m.id, result }, result && result.data ? [result.data.buffer] : []),
    (e) => parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) }),
  );
});
`;

export type SessionMeta = {
  inputNames: string[];
  outputNames: string[];
  inputs: { name: string; isTensor: boolean; type?: string; shape: (number | string)[] }[];
  outputs: { name: string; isTensor: boolean; type?: string; shape: (number | string)[] }[];
};

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
let thread: { worker: Worker; pending: Map<number, Pending>; seq: number } | null = null;

function get() {
  if (thread) return thread;
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { ort: require.resolve('onnxruntime-node') } });
  const t = { worker, pending: new Map<number, Pending>(), seq: 0 };
  worker.unref();
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const p = t.pending.get(m.id);
    t.pending.delete(m.id);
    if (t.pending.size === 0) worker.unref();
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
  });
  const fail = (e: Error) => {
    for (const p of t.pending.values()) p.reject(e);
    t.pending.clear();
    if (thread === t) thread = null;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the ONNX thread exited (code ${code})`)));
  thread = t;
  return t;
}

export function onnxCall<T>(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
  const t = get();
  const id = ++t.seq;
  return new Promise<T>((resolve, reject) => {
    t.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    t.worker.ref();
    t.worker.postMessage({ ...msg, id }, transfer);
  });
}

/** Releases the sessions and lets the thread end on its own (terminating it under onnxruntime can abort the process). */
export async function closeOnnxThread(): Promise<void> {
  const t = thread;
  if (!t) return;
  const exited = new Promise((r) => t.worker.once('exit', r));
  await onnxCall({ op: 'close' }).catch(() => undefined);
  // Held until it has gone, or the process could end first.
  t.worker.ref();
  thread = null;
  await exited;
}
