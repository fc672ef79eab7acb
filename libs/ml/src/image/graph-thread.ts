import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';

/**
 * One worker thread that holds TensorFlow.js graph models and runs them, so
 * inference never blocks the event loop. Models are read from files on disk
 * by a custom IO handler (no URL, no network) and loaded once per thread; the
 * thread uses the WebAssembly backend, whose .wasm files ship in its package.
 *
 * The thread's source is plain JavaScript kept in a string: it needs no build
 * step, so the same code runs under Jest, from the bundled server and in
 * benchmarks. Everything it requires is resolved here, by absolute path.
 */
const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const tf = require(workerData.modules.core);
const { loadGraphModel } = require(workerData.modules.converter);
const wasm = require(workerData.modules.wasm);
require(workerData.modules.cpu);
const models = new Map();
let ready = null;

async function start() {
  try {
    wasm.setWasmPaths(workerData.wasmDir + path.sep);
    if (await tf.setBackend('wasm')) { await tf.ready(); return tf.getBackend(); }
  } catch (e) { /* fall back to the CPU backend */ }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

function fileHandler(jsonPath) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
      const groups = json.weightsManifest || [];
      const buffers = groups.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(path.dirname(jsonPath), p))));
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
        signature: json.signature, userDefinedMetadata: json.userDefinedMetadata, modelInitializer: json.modelInitializer,
        weightSpecs: groups.flatMap((g) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

async function handle(m) {
  if (m.op === 'load') {
    ready ??= start();
    const backend = await ready;
    if (!models.has(m.name)) models.set(m.name, await loadGraphModel(fileHandler(m.path)));
    const model = models.get(m.name);
    return { backend, inputs: model.inputs.map((i) => ({ name: i.name, shape: i.shape, dtype: i.dtype })) };
  }
  if (m.op === 'run') {
    const model = models.get(m.name);
    if (!model) throw new Error('model ' + m.name + ' is not loaded');
    const input = tf.tensor(m.data, m.shape, m.dtype);
    try {
      let out;
      try { out = model.execute(input, m.outputs); } catch (e) { out = await model.executeAsync(input, m.outputs); }
      const list = Array.isArray(out) ? out : [out];
      const res = [];
      for (const t of list) { const d = await t.data(); res.push({ shape: t.shape, data: d.slice() }); t.dispose(); }
      return { outputs: res };
    } finally { input.dispose(); }
  }
  throw new Error('unknown op ' + m.op);
}

parentPort.on('message', (m) => {
  handle(m).then(
    (result) => parentPort.postMessage({ id: m.id, result }, (result.outputs || []).map((o) => o.data.buffer)),
    (e) => parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) }),
  );
});
`;

export type GraphOutput = { shape: number[]; data: Float32Array | Int32Array };
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

function moduleDir(name: string): string {
  return dirname(require.resolve(name));
}

export class GraphThread {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly loaded = new Map<string, Promise<{ backend: string; inputs: { name: string; shape: number[]; dtype: string }[] }>>();

  private thread(): Worker {
    if (this.worker) return this.worker;
    const modules = {
      core: require.resolve('@tensorflow/tfjs-core'),
      converter: require.resolve('@tensorflow/tfjs-converter'),
      wasm: require.resolve('@tensorflow/tfjs-backend-wasm'),
      cpu: require.resolve('@tensorflow/tfjs-backend-cpu'),
    };
    const w = new Worker(THREAD_SOURCE, { eval: true, workerData: { modules, wasmDir: moduleDir('@tensorflow/tfjs-backend-wasm') } });
    w.unref();
    w.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.loaded.clear();
      this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the model thread exited (code ${code})`)));
    this.worker = w;
    return w;
  }

  private call<T>(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
    const w = this.thread();
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // A pending call keeps the process alive; an idle thread does not.
      if (this.pending.size === 1) w.ref();
      w.postMessage({ ...msg, id }, transfer);
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  /** Loads a graph model (model.json beside its weight files) once. */
  load(name: string, jsonPath: string) {
    let p = this.loaded.get(name);
    if (!p) {
      p = this.call({ op: 'load', name, path: jsonPath });
      p.catch(() => this.loaded.delete(name));
      this.loaded.set(name, p);
    }
    return p;
  }

  async run(name: string, data: Float32Array | Int32Array, shape: number[], outputs?: string[]): Promise<GraphOutput[]> {
    const dtype = data instanceof Int32Array ? 'int32' : 'float32';
    const r = await this.call<{ outputs: GraphOutput[] }>({ op: 'run', name, data, shape, dtype, outputs }, [data.buffer as ArrayBuffer]);
    return r.outputs;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.loaded.clear();
    if (w) await w.terminate();
  }
}

/** The folder of @vladmandic/human's models (its package's exports map does not name package.json). */
export function humanModelsDir(): string {
  return join(dirname(require.resolve('@vladmandic/human')), '..', 'models');
}
