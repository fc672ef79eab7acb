import type { LabelSchema } from '@tessera/contracts';
import type { ModelBackend, ModelMedia } from './backend';
import { EnglishEntities, ENGLISH_ENTITY_CLASSES } from './text/english';
import { ChineseEntities, CHINESE_ENTITY_CLASSES } from './text/chinese';
import { CtThreshold, CT_CLASSES } from './ct/threshold';
import { COCO_CLASSES, CocoDetector, FaceDetector, PoseEstimator } from './image';
import { PpOcr, TesseractOcr } from './ocr';
import { LabelStudioBackend, MonaiLabelBackend, RemoteModelError, type FetchLike } from './remote';
import { OnnxModelError, OnnxYoloBackend } from './onnx';

/**
 * A fetch-shaped function for remote backends. The server injects one that
 * goes through the outbound guard (OUTBOUND_ALLOW_HOSTS); a backend never
 * calls the global fetch.
 */
export type ModelFetch = (url: string | URL, init?: {
  method?: string; headers?: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal; timeoutMs?: number;
}) => Promise<Response>;

/** What a backend is made from: a remote kind's URL and guarded fetch, an uploaded model's bytes, the rest kind-specific. */
export interface ModelConfig {
  url?: string;
  fetch?: ModelFetch;
  /** An uploaded model file (ONNX), when the kind takes one. */
  file?: Uint8Array;
  /** The media the model reads, for kinds that read more than one (Label Studio: images or text). */
  media?: ModelMedia;
  /** The project's label schema (a Label Studio backend is handed a labelling config made from it). */
  schema?: LabelSchema;
  /** Kind-specific: `model` (MONAI Label's model name), `classes` (an ONNX detector's, in output order), `trainOnAccept`. */
  options?: Record<string, unknown>;
}

export interface ModelKind {
  kind: string;
  media: ModelMedia;
  /** Further media the kind reads (the API lists the kind once per media). */
  otherMedia?: readonly ModelMedia[];
  /** Remote kinds need a URL (checked by the outbound guard). */
  remote: boolean;
  /** Kinds that run an uploaded model file (ONNX) need one before they can predict. */
  takesFile?: boolean;
  /** The classes a built-in returns, for the label-mapping form (remote kinds ask their server: `backend.classes()`). */
  classes: readonly string[];
  create(config: ModelConfig): ModelBackend | Promise<ModelBackend>;
}

/** Whether a kind reads this media. */
export const kindReads = (k: ModelKind, media: ModelMedia) => k.media === media || (k.otherMedia ?? []).includes(media);

/**
 * The injected fetch as the remote clients call it: headers as a plain
 * object, and a multipart form (MONAI Label's upload) encoded to bytes with
 * its boundary, since the guarded fetch sends strings and bytes only.
 */
export function remoteFetch(f: ModelFetch): FetchLike {
  return async (url, init = {}) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    let body: string | Uint8Array | undefined;
    if (init.body == null) body = undefined;
    else if (typeof init.body === 'string' || init.body instanceof Uint8Array) body = init.body;
    else {
      const encoded = new Request('http://encode.invalid/', { method: 'POST', body: init.body as RequestInit['body'] });
      body = new Uint8Array(await encoded.arrayBuffer());
      const type = encoded.headers.get('content-type');
      if (type && !headers['content-type']) headers['content-type'] = type;
    }
    return f(url, { method: init.method, headers, body, signal: init.signal ?? undefined });
  };
}

const remoteBase = (kind: string, c: ModelConfig) => {
  if (!c.url) throw new RemoteModelError('remote_input', `a ${kind} model needs its server's url`);
  // A remote backend never calls the global fetch: the server injects the outbound-guarded one.
  if (!c.fetch) throw new RemoteModelError('remote_input', `a ${kind} model is called through the server's outbound guard: no fetch was given`);
  return { url: c.url, fetch: remoteFetch(c.fetch) };
};

/** An ONNX detector's class list, from the model's options. */
export function onnxClasses(options: Record<string, unknown> | undefined): string[] {
  const cls = options?.['classes'];
  if (!Array.isArray(cls) || !cls.length || !cls.every((c) => typeof c === 'string' && c.length > 0)) {
    throw new OnnxModelError('an onnx-yolo model needs its class list (options.classes), in the output order');
  }
  return cls as string[];
}

/**
 * Every kind this installation can run: kind → factory. Built-ins and the
 * remote protocols add their entry here (one line each); the pre-annotation
 * job looks kinds up by name and the API offers this list.
 */
export const MODEL_KINDS: ModelKind[] = [
  { kind: 'ner-en', media: 'text', remote: false, classes: ENGLISH_ENTITY_CLASSES, create: () => new EnglishEntities() },
  { kind: 'ner-zh', media: 'text', remote: false, classes: CHINESE_ENTITY_CLASSES, create: () => new ChineseEntities() },
  { kind: 'ct-threshold', media: 'dicom', remote: false, classes: CT_CLASSES, create: () => new CtThreshold() },
  // Built-in image and OCR models share one thread per kind per process, so making a backend is cheap.
  { kind: 'builtin:coco-detect', media: 'image', remote: false, classes: COCO_CLASSES, create: () => new CocoDetector() },
  { kind: 'builtin:face', media: 'image', remote: false, classes: ['face'], create: () => new FaceDetector() },
  { kind: 'builtin:pose', media: 'image', remote: false, classes: ['person'], create: () => new PoseEstimator() },
  { kind: 'builtin:ocr-en', media: 'image', remote: false, classes: ['text'], create: () => new TesseractOcr() },
  { kind: 'builtin:ocr-zh', media: 'image', remote: false, classes: ['text'], create: () => new PpOcr() },
  // Remote ones keep their own concurrency limit: one backend per model, kept (ModelCache).
  {
    kind: 'label-studio', media: 'image', otherMedia: ['text'], remote: true, classes: [],
    create: (c) => {
      const media = c.media ?? 'image';
      if (media === 'dicom') throw new RemoteModelError('remote_input', 'Label Studio ML backends take images and text');
      return new LabelStudioBackend({
        ...remoteBase('label-studio', c), media, schema: c.schema ?? { labels: [] },
        trainOnAccept: c.options?.['trainOnAccept'] === true,
      });
    },
  },
  {
    kind: 'monai-label', media: 'dicom', remote: true, classes: [],
    create: (c) => new MonaiLabelBackend({ ...remoteBase('monai-label', c), model: String(c.options?.['model'] ?? ''), params: (c.options?.['params'] as Record<string, unknown>) ?? undefined }),
  },
  {
    kind: 'onnx-yolo', media: 'image', remote: false, takesFile: true, classes: [],
    create: (c) => {
      if (!c.file?.length) throw new OnnxModelError('no ONNX file was uploaded for this model');
      return new OnnxYoloBackend({ model: c.file, classes: onnxClasses(c.options) });
    },
  },
];

export function modelKind(kind: string): ModelKind | undefined {
  return MODEL_KINDS.find((k) => k.kind === kind);
}

/** Adds a kind (for backends registered from elsewhere, and tests); a name is taken once. */
export function registerModelKind(entry: ModelKind): void {
  if (modelKind(entry.kind)) throw new Error(`model kind ${entry.kind} is registered already`);
  MODEL_KINDS.push(entry);
}

/**
 * Backends made once per process (per thread, where they run in one), keyed by
 * kind and what they were made from: loading a model's weights or dictionary
 * is slow, using it again is not. A backend that failed to load is forgotten,
 * so the next call tries again.
 */
export class ModelCache {
  private readonly loaded = new Map<string, Promise<ModelBackend>>();

  get(kind: string, config: ModelConfig = {}, key = `${kind}\u0000${config.url ?? ''}`): Promise<ModelBackend> {
    let found = this.loaded.get(key);
    if (!found) {
      const entry = modelKind(kind);
      if (!entry) return Promise.reject(new Error(`no model kind ${kind} in this installation`));
      found = Promise.resolve().then(() => entry.create(config));
      found.catch(() => this.loaded.delete(key));
      this.loaded.set(key, found);
    }
    return found;
  }

  async close(): Promise<void> {
    const all = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => null))?.close?.()));
  }
}
