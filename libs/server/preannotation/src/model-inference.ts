import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import type { LabelSchema } from '@tessera/contracts';
import { ModelCache, type ModelInput, type ModelMedia, type ModelPrediction } from '@tessera/ml';
import { CONFIG, type Config } from '@tessera/server/config';
import { guardedFetch } from '@tessera/server/storage';

/** The script of the model thread (apps/worker bundles it beside main.js). Without one, models run inline (tests of the domain). */
export const MODEL_THREAD_SCRIPT = Symbol('MODEL_THREAD_SCRIPT');

/** What a backend is made from, as plain data a thread can be sent (the thread adds its guarded fetch). */
export interface ModelSpec {
  kind: string;
  url?: string | null;
  media?: ModelMedia;
  schema?: LabelSchema;
  options?: Record<string, unknown>;
  /** An uploaded model's file (onnx-yolo). */
  file?: Uint8Array;
  /** Names what the backend is made from (model, its last change, the schema version): the same key, the same loaded backend. */
  key?: string;
}

export interface InferenceCall {
  kind: string;
  url?: string | null;
  model?: Omit<ModelSpec, 'kind' | 'url'>;
  input: ModelInput;
  options: { scoreThreshold: number; maxObjects: number };
}

/** What the thread is sent and answers. */
export type ThreadRequest = { id: number; spec: ModelSpec; input: ModelInput; options: InferenceCall['options'] };

/** The cache key and config of a spec (the same in the thread and inline). */
export function specConfig(spec: ModelSpec) {
  return {
    key: spec.key ?? `${spec.kind}\u0000${spec.url ?? ''}`,
    config: { url: spec.url ?? undefined, media: spec.media, schema: spec.schema, options: spec.options, file: spec.file },
  };
}
export type ThreadAnswer = { id: number; predictions: ModelPrediction[] } | { id: number; error: string };

/** A model call may take this long (a remote model's retries, a big CT series) before it counts as failed. */
const CALL_TIMEOUT_MS = 10 * 60_000;

const transferables = (input: ModelInput): ArrayBuffer[] => {
  const view = input.media === 'image' ? input.data : input.media === 'dicom' ? input.voxels : null;
  return view && view.byteOffset === 0 && view.buffer instanceof ArrayBuffer && view.byteLength === view.buffer.byteLength ? [view.buffer] : [];
};

/**
 * Runs models off the event loop: one worker thread per process holds every
 * model it has loaded (each loaded once, on first use) and answers calls in
 * turn, so a CT series being segmented never stalls the worker's other jobs,
 * its lock renewals or its progress writes. A thread that dies takes its calls
 * with it (they fail, and the job retries) and the next call starts another.
 */
@Injectable()
export class ModelInference implements OnApplicationShutdown {
  private readonly log = new Logger('ModelInference');
  private thread: Worker | null = null;
  private readonly pending = new Map<number, { resolve(p: ModelPrediction[]): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private next = 1;
  /** Inline use (no thread script): the same cache, in this thread. */
  private inline: ModelCache | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Optional() @Inject(MODEL_THREAD_SCRIPT) private readonly script?: string,
  ) {}

  predict(call: InferenceCall): Promise<ModelPrediction[]> {
    if (!this.script) return this.predictInline(call);
    const thread = this.ensureThread();
    const id = this.next++;
    return new Promise<ModelPrediction[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the model gave no answer in ${CALL_TIMEOUT_MS / 1000} s`));
        // A thread stuck in one call holds up every other: start afresh.
        void this.stop('a call timed out');
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      const req: ThreadRequest = { id, spec: { ...call.model, kind: call.kind, url: call.url ?? null }, input: call.input, options: call.options };
      thread.postMessage(req, transferables(call.input));
    });
  }

  private async predictInline(call: InferenceCall): Promise<ModelPrediction[]> {
    this.inline ??= new ModelCache();
    const { key, config } = specConfig({ ...call.model, kind: call.kind, url: call.url ?? null });
    const backend = await this.inline.get(call.kind, { ...config, fetch: guardedFetch(this.config.OUTBOUND_ALLOW_HOSTS) }, key);
    return backend.predict(call.input, call.options);
  }

  private ensureThread(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(this.script!, { workerData: { allowHosts: this.config.OUTBOUND_ALLOW_HOSTS } });
    thread.on('message', (a: ThreadAnswer) => {
      const p = this.pending.get(a.id);
      if (!p) return;
      this.pending.delete(a.id);
      clearTimeout(p.timer);
      if ('error' in a) p.reject(new Error(a.error));
      else p.resolve(a.predictions);
    });
    const gone = (why: string) => {
      if (this.thread !== thread) return;
      this.thread = null;
      this.failAll(new Error(`the model thread stopped (${why})`));
    };
    thread.on('error', (e) => {
      this.log.error(`model thread failed: ${e.message}`);
      gone(e.message);
    });
    thread.on('exit', (code) => gone(`exit ${code}`));
    // The thread must not keep a worker process alive that has nothing else to do.
    thread.unref();
    this.thread = thread;
    return thread;
  }

  private failAll(e: Error) {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(e);
      this.pending.delete(id);
    }
  }

  private async stop(why: string) {
    const t = this.thread;
    this.thread = null;
    this.failAll(new Error(`the model thread was stopped: ${why}`));
    await t?.terminate();
  }

  async onApplicationShutdown() {
    await this.stop('shutdown');
    await this.inline?.close();
  }
}
