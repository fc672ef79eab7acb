import type { ModelBackend, ModelMedia } from './backend';
import { EnglishEntities, ENGLISH_ENTITY_CLASSES } from './text/english';
import { ChineseEntities, CHINESE_ENTITY_CLASSES } from './text/chinese';
import { CtThreshold, CT_CLASSES } from './ct/threshold';

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
  options?: Record<string, unknown>;
}

export interface ModelKind {
  kind: string;
  media: ModelMedia;
  /** Remote kinds need a URL (checked by the outbound guard). */
  remote: boolean;
  /** The classes a built-in returns, for the label-mapping form (remote kinds ask their server). */
  classes: readonly string[];
  create(config: ModelConfig): ModelBackend | Promise<ModelBackend>;
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
