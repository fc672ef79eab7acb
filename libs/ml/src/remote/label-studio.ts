import type { AttributeValue, Geometry, Label, LabelSchema } from '@tessera/contracts';
import { codePointsToUtf16, lsConfig, lsItem, lsResults, type PeerAnnotation } from '@tessera/formats';
import type { ModelBackend, ModelInput, ModelPrediction, PredictOptions } from '../backend';
import { RemoteClient, RemoteModelError, type RemoteOptions } from './http';

/**
 * A client of the Label Studio ML backend protocol (label-studio-ml):
 * `GET /health`, `POST /setup` with the labelling config, `POST /predict`
 * with tasks whose data carry an absolute, short-lived signed URL of the
 * asset (or the document's text), and `POST /webhook` — or the older
 * `POST /train` — when people accept work. The labelling config is generated
 * from the project's label schema the way the Label Studio export writes it,
 * and results are read by the Label Studio importer: percent coordinates,
 * `start`/`end` offsets, brush RLE.
 */
export type LabelStudioOptions = RemoteOptions & {
  media: 'image' | 'text';
  schema: LabelSchema;
  /** Label Studio's project id as the backend sees it (it keys models by it); default "tessera". */
  project?: string;
  /** Tell the backend about accepted work (/webhook, or /train if it has no webhook). */
  trainOnAccept?: boolean;
};

type LsPrediction = { result?: unknown[]; score?: number; model_version?: string };

export class LabelStudioBackend implements ModelBackend {
  readonly kind = 'label-studio';
  readonly media: 'image' | 'text';
  readonly client: RemoteClient;
  readonly labelConfig: string;
  private readonly project: string;
  private taskSeq = 0;
  /** The version the backend reported in its last /setup or /predict answer. */
  modelVersion: string | null = null;

  constructor(private readonly o: LabelStudioOptions) {
    this.media = o.media;
    this.client = new RemoteClient(o);
    this.labelConfig = lsConfig(o.schema, o.media);
    this.project = o.project ?? 'tessera';
  }

  /** `/health`: whether the backend is up. */
  async health(signal?: AbortSignal): Promise<{ ok: boolean; status: string }> {
    const body = await this.client.json<{ status?: string }>('/health', { method: 'GET', signal });
    const status = String(body?.status ?? '');
    return { ok: status.toUpperCase() === 'UP', status };
  }

  /** `/setup`: hands the backend the labelling config; returns the model version it reports. */
  async setup(signal?: AbortSignal): Promise<string | null> {
    const body = await this.client.json<{ model_version?: string }>('/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ project: this.project, schema: this.labelConfig, hostname: '', access_token: '', extra_params: {} }),
      signal,
    });
    this.modelVersion = typeof body?.model_version === 'string' ? body.model_version : this.modelVersion;
    return this.modelVersion;
  }

  async classes(): Promise<string[]> {
    // The backend answers with the config's label names; those are the classes to map.
    const tools = this.media === 'image' ? ['box', 'polygon', 'polyline', 'points', 'keypoints', 'mask', 'tag'] : ['span', 'doc-label'];
    return this.o.schema.labels.filter((l) => l.tools.some((t) => tools.includes(t))).map((l) => l.name);
  }

  private task(input: ModelInput): { id: number; data: Record<string, unknown> } {
    const id = ++this.taskSeq;
    if (input.media === 'image') {
      if (!input.url || !/^https?:\/\//.test(input.url)) throw new RemoteModelError('remote_input', 'a Label Studio backend fetches the image itself: the input needs an absolute signed URL');
      return { id, data: { image: input.url } };
    }
    if (input.media === 'text') return { id, data: { text: input.text } };
    throw new RemoteModelError('remote_input', 'Label Studio ML backends take images and text');
  }

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    if (input.media !== this.media) throw new RemoteModelError('remote_input', `this model takes ${this.media}, not ${input.media}`);
    const task = this.task(input);
    const body = await this.client.json<{ results?: unknown; model_version?: string }>('/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tasks: [{ ...task, annotations: [], predictions: [] }], project: this.project, label_config: this.labelConfig, params: { context: null } }),
      signal: options.signal,
    });
    if (!body || !Array.isArray(body.results)) throw new RemoteModelError('remote_response', '/predict answered without a results list');
    if (typeof body.model_version === 'string') this.modelVersion = body.model_version;
    // One prediction per task; an old backend answers a task's prediction as its result list directly.
    const first = body.results[0] as LsPrediction | unknown[] | undefined;
    if (first === undefined) return [];
    const prediction: LsPrediction = Array.isArray(first) ? { result: first } : (first ?? {});
    if (typeof prediction.model_version === 'string') this.modelVersion = prediction.model_version;
    if (!Array.isArray(prediction.result)) throw new RemoteModelError('remote_response', 'a prediction has no result list');
    const item = lsItem({ data: task.data, predictions: [{ result: prediction.result as never[], score: prediction.score }] }, 'prediction', null);
    const out: ModelPrediction[] = [];
    for (const a of item.annotations) {
      if (!a.category) continue;
      const geometry = toPixels(a, input);
      if (!geometry) continue;
      const score = typeof a.score === 'number' ? a.score : typeof prediction.score === 'number' ? prediction.score : 1;
      if (score < options.scoreThreshold) continue;
      const attributes = plainAttributes(a.attributes);
      out.push({ modelClass: a.category, score: Math.min(1, Math.max(0, score)), geometry, ...(attributes ? { attributes } : {}) });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, options.maxObjects);
  }

  /**
   * Accepted work, sent back so the backend can learn from it: a
   * `ANNOTATION_CREATED` webhook event, or `/train` for backends without
   * `/webhook`. Does nothing unless the model asked for it (trainOnAccept).
   */
  async accepted(input: ModelInput, annotations: { id: string; label: Label; geometry: Geometry; attributes?: Record<string, AttributeValue> }[], signal?: AbortSignal): Promise<'webhook' | 'train' | 'off'> {
    if (!this.o.trainOnAccept) return 'off';
    const task = this.task(input);
    const item = {
      asset: { id: String(task.id), kind: input.media === 'image' ? 'image' : 'text', name: '', fileName: '', externalId: null, width: input.media === 'image' ? input.width : null, height: input.media === 'image' ? input.height : null },
      annotations: [],
      text: input.media === 'text' ? input.text : undefined,
    } as Parameters<typeof lsResults>[2];
    const result = annotations.flatMap((a) => {
      const r = lsResults({ id: a.id, labelId: a.label.id, geometry: a.geometry, attributes: a.attributes ?? {}, source: 'human', score: null, zIndex: 0, groupId: null } as Parameters<typeof lsResults>[0], a.label, item);
      return typeof r === 'string' ? [] : r;
    });
    const annotation = { id: task.id, result, task: task.id };
    const json = (b: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b), signal });
    try {
      await this.client.call('/webhook', json({ action: 'ANNOTATION_CREATED', annotation, task: { ...task, annotations: [annotation] }, project: { id: this.project, label_config: this.labelConfig } }));
      return 'webhook';
    } catch (e) {
      if (!(e instanceof RemoteModelError) || (e.status !== 404 && e.status !== 405)) throw e;
    }
    await this.client.call('/train', json({ annotations: [{ ...annotation, task }], project: this.project, label_config: this.labelConfig, params: {} }));
    return 'train';
  }
}

/** A Label Studio result's geometry in image pixels or UTF-16 offsets; null when it does not fit the input. */
function toPixels(a: PeerAnnotation, input: ModelInput): Geometry | null {
  const g = a.geometry;
  if (g.type === 'peer-segment' || g.type === 'peer-volume') return null;
  if (input.media === 'text') {
    if (g.type === 'span' && a.units === 'codepoints') {
      const [s, e] = codePointsToUtf16(input.text, [g.start, g.end]);
      return s === null || e === null ? null : { ...g, start: s, end: e };
    }
    if (g.type === 'span') return g.end <= input.text.length && g.start < g.end ? g : null;
    return g.type === 'doc-label' ? g : null;
  }
  if (input.media !== 'image') return null;
  if (a.units !== 'percent') return g.type === 'mask' && (g.rle.size[0] !== input.height || g.rle.size[1] !== input.width) ? null : g;
  const sx = (x: number) => (x / 100) * input.width;
  const sy = (y: number) => (y / 100) * input.height;
  switch (g.type) {
    case 'box':
      return { ...g, x: sx(g.x), y: sy(g.y), width: sx(g.width), height: sy(g.height) };
    case 'polygon':
    case 'polyline':
    case 'points':
      return { ...g, points: g.points.map(([x, y]) => [sx(x), sy(y)] as [number, number]) } as Geometry;
    case 'keypoints':
      return { ...g, points: g.points.map((p) => (p ? { ...p, x: sx(p.x), y: sy(p.y) } : null)) };
    default:
      return g;
  }
}

function plainAttributes(attrs: Record<string, unknown> | undefined): Record<string, AttributeValue> | undefined {
  if (!attrs) return undefined;
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
  }
  return Object.keys(out).length ? out : undefined;
}
