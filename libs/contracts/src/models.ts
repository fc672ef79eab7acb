import { z } from 'zod';
import { isoDateTime, uuid, withoutCredentials } from './common';
import { mediaTypeSchema, type LabelSchema } from './label-schema';

/**
 * Models that pre-annotate: per organisation, enabled per project. A model is
 * a kind (a built-in backend, a remote protocol, an uploaded ONNX file), a
 * version (predictions and accuracy are kept per version) and a media type; its
 * label map turns the model's classes into the project's labels, and a class
 * the map does not name is dropped.
 */
export const modelKind = z.string().regex(/^[a-z0-9][a-z0-9.:-]{0,63}$/, 'a model kind: lower-case letters, digits, dots, colons and dashes');

/** What some kinds need besides a URL: MONAI Label's model name, an uploaded detector's classes in output order, whether to send accepted work back. */
export const modelOptions = z.strictObject({
  model: z.string().regex(/^[\w.-]{1,128}$/, "a MONAI Label model name (a key of the server's /info models)").optional(),
  classes: z.array(z.string().trim().min(1).max(200)).min(1).max(1000).optional(),
  trainOnAccept: z.boolean().optional(),
});
export type ModelOptions = z.infer<typeof modelOptions>;

/** Model class → the label it becomes, by label id or name (a project's schema decides which it is). */
export const modelLabelMap = z
  .record(z.string().min(1).max(200), z.string().min(1).max(200))
  .refine((m) => Object.keys(m).length <= 1000, 'at most 1000 classes may be mapped');
export type ModelLabelMap = z.infer<typeof modelLabelMap>;

/** A remote model's address: http(s) only, no credentials, and the server refuses private targets not allowlisted. */
export const modelUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine(withoutCredentials, 'a model URL may not carry credentials');

export const modelCreateRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: modelKind,
  version: z.string().trim().min(1).max(100),
  mediaType: mediaTypeSchema,
  /** Remote kinds only (Label Studio ML backend, MONAI Label). */
  url: modelUrl.optional(),
  /** Kind-specific: `model` for monai-label, `classes` for onnx-yolo (the file follows with PUT /models/{id}/file). */
  options: modelOptions.default({}),
  labelMap: modelLabelMap.default({}),
  /** Predictions scoring below this are dropped. */
  scoreThreshold: z.number().min(0).max(1).default(0.5),
  /** At most this many predictions per asset, the best first. */
  maxObjects: z.number().int().min(1).max(1000).default(100),
  /** The projects the model is enabled in (of the model's media type). */
  projectIds: z.array(uuid).max(1000).default([]),
  /** Of those, the projects whose new assets it pre-annotates as they arrive, on behalf of whoever set it. */
  arrivalProjectIds: z.array(uuid).max(1000).default([]),
});
export type ModelCreateRequest = z.input<typeof modelCreateRequest>;
export type ModelCreateParsed = z.infer<typeof modelCreateRequest>;

/** Kind and media type are what a model is; the rest may change (a new version keeps its old predictions apart). */
export const modelUpdateRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    version: z.string().trim().min(1).max(100),
    url: modelUrl.nullable(),
    options: modelOptions,
    labelMap: modelLabelMap,
    scoreThreshold: z.number().min(0).max(1),
    maxObjects: z.number().int().min(1).max(1000),
    projectIds: z.array(uuid).max(1000),
    arrivalProjectIds: z.array(uuid).max(1000),
  })
  .partial()
  .refine((r) => Object.keys(r).length > 0, 'say what to change');
export type ModelUpdateRequest = z.infer<typeof modelUpdateRequest>;

export const model = z.object({
  id: uuid,
  name: z.string(),
  kind: z.string(),
  version: z.string(),
  mediaType: mediaTypeSchema,
  url: z.string().nullable(),
  options: modelOptions,
  /** An uploaded model's file (onnx-yolo), once uploaded. */
  file: z.object({ sha256: z.string(), size: z.number().int() }).nullable(),
  labelMap: z.record(z.string(), z.string()),
  scoreThreshold: z.number(),
  maxObjects: z.number().int(),
  projectIds: z.array(uuid),
  /** Projects whose new assets the model pre-annotates as they arrive. */
  arrivalProjectIds: z.array(uuid),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Model = z.infer<typeof model>;
export const modelList = z.object({ items: z.array(model) });
export type ModelList = z.infer<typeof modelList>;

/** A kind this installation can run, for the "add a model" form. */
export const modelKindInfo = z.object({
  kind: z.string(),
  mediaType: mediaTypeSchema,
  remote: z.boolean(),
  /** The classes a built-in model returns (remote ones say so themselves). */
  classes: z.array(z.string()),
});
export const modelKindList = z.object({ items: z.array(modelKindInfo) });

/** The classes a model can return: a built-in's own list, an uploaded one's, or what a remote server says (LS: the labels it was set up with; MONAI: /info). */
export const modelClasses = z.object({ classes: z.array(z.string()), modelVersion: z.string().nullable() });
export type ModelClasses = z.infer<typeof modelClasses>;
export type ModelKindInfo = z.infer<typeof modelKindInfo>;

/** Which assets to pre-annotate: a batch, given assets, or those whose work is in a state; all of the project's when empty. */
export const preannotationSelection = z.strictObject({
  batchId: uuid.optional(),
  assetIds: z.array(uuid).min(1).max(10_000).optional(),
  status: z.enum(['annotated', 'unannotated', 'submitted', 'accepted']).optional(),
});
export type PreannotationSelection = z.infer<typeof preannotationSelection>;

export const preannotationRequest = z.strictObject({
  modelId: uuid,
  selection: preannotationSelection.default({}),
});
export type PreannotationRequest = z.input<typeof preannotationRequest>;
export type PreannotationRequestParsed = z.infer<typeof preannotationRequest>;

/** "Auto-annotate this asset": one model enabled in the project, on the asset open in an editor. */
export const autoAnnotateRequest = z.strictObject({ modelId: uuid });
export type AutoAnnotateRequest = z.infer<typeof autoAnnotateRequest>;

/** The models enabled in a project, as an editor offers them (no URL, options or label map: those are the managers'). */
export const projectModel = z.object({ id: uuid, name: z.string(), version: z.string(), kind: z.string(), mediaType: mediaTypeSchema });
export const projectModelList = z.object({ items: z.array(projectModel) });
export type ProjectModel = z.infer<typeof projectModel>;

/** Why one asset got no predictions, as a machine code beside the English detail. Add codes; never rename one. */
export const PREANNOTATE_ERROR_CODES = [
  'preannotate.model_gone', 'preannotate.asset_gone', 'preannotate.unreadable', 'preannotate.model_failed', 'preannotate.refused',
] as const;
export type PreannotateErrorCode = (typeof PREANNOTATE_ERROR_CODES)[number];

/** Assets one `preannotate.run` job carries (each counted as one item of the run). */
export const PREANNOTATE_CHUNK = 8;

const prf = z.object({ precision: z.number().nullable(), recall: z.number().nullable(), f1: z.number() });

/** How one model version did against the work people accepted on the assets it predicted. */
export const modelVersionAccuracy = z.object({
  version: z.string(),
  /** Assets the version predicted, and of those the ones with accepted work to compare with. */
  assets: z.number().int(),
  comparedAssets: z.number().int(),
  predictions: z.number().int(),
  /** Predictions people accepted (an annotation of theirs names the prediction), and their share. */
  accepted: z.number().int(),
  acceptedShare: z.number().nullable(),
  boxes: z.object({
    mAP50: z.number(), mAP: z.number(),
    perLabel: z.array(z.object({ labelId: z.string(), ap50: z.number(), ap: z.number() })),
  }).nullable(),
  spans: z.object({ exact: prf, overlap: prf }).nullable(),
  masks: z.object({ dice: z.number(), pairs: z.number().int() }).nullable(),
  ocr: z.object({ cer: z.number(), lines: z.number().int() }).nullable(),
  /** Active seconds per task (from heartbeats), on tasks whose asset this version predicted and on the project's other tasks. */
  activeSeconds: z.object({
    withPredictions: z.number().nullable(), withoutPredictions: z.number().nullable(),
    tasksWith: z.number().int(), tasksWithout: z.number().int(),
  }),
});
export type ModelVersionAccuracy = z.infer<typeof modelVersionAccuracy>;
export const modelAccuracy = z.object({ modelId: uuid, versions: z.array(modelVersionAccuracy) });
export type ModelAccuracy = z.infer<typeof modelAccuracy>;

/** The label a model class's mapping names: by id, or by name (case and spacing aside); the form offers the same. */
export function resolveMappedLabel(schema: LabelSchema, target: string) {
  const byId = schema.labels.find((l) => l.id === target);
  if (byId) return byId;
  const norm = (s: string) => s.trim().toLowerCase();
  return schema.labels.find((l) => norm(l.name) === norm(target)) ?? null;
}
