import { z } from 'zod';
import { isoDateTime, uuid } from './common';

/**
 * Annotations: one object each — a box, a polygon, a text span, a DICOM
 * segment… Its `geometry.type` is the tool that drew it (the names of
 * TOOLS_BY_MEDIA), so a label's allowed tools check it directly.
 *
 * Coordinates: image geometry in pixels of the oriented image (origin top
 * left); text spans in UTF-16 code units (JavaScript's own unit); DICOM
 * measurements in patient coordinates (mm) with the slice they were drawn on.
 */

export const MAX_VERTICES = 10_000;
const finite = z.number().finite();
const point = z.tuple([finite, finite]);
const point3 = z.tuple([finite, finite, finite]);
const count = z.number().int().min(0);

/** COCO's uncompressed RLE: `size` is [height, width], counts run column-major starting with zeros. */
export const rleSchema = z.strictObject({
  size: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
  counts: z.array(count).max(5_000_000),
});
export type Rle = z.infer<typeof rleSchema>;

const box = z.strictObject({
  type: z.literal('box'),
  x: finite, y: finite,
  width: finite.positive(), height: finite.positive(),
  /** Degrees, clockwise, about the box centre. */
  rotation: finite.min(-360).max(360).default(0),
});
const polygon = z.strictObject({ type: z.literal('polygon'), points: z.array(point).min(3, 'a polygon needs at least 3 points').max(MAX_VERTICES) });
const polyline = z.strictObject({ type: z.literal('polyline'), points: z.array(point).min(2, 'a polyline needs at least 2 points').max(MAX_VERTICES) });
const points = z.strictObject({ type: z.literal('points'), points: z.array(point).min(1).max(MAX_VERTICES) });
/** One entry per skeleton point of the label, in its order; null where the point is not placed. */
const keypoints = z.strictObject({
  type: z.literal('keypoints'),
  points: z.array(z.strictObject({ x: finite, y: finite, visible: z.boolean().default(true) }).nullable()).min(1).max(100),
});
const mask = z.strictObject({ type: z.literal('mask'), rle: rleSchema });
const tag = z.strictObject({ type: z.literal('tag') });

const span = z.strictObject({ type: z.literal('span'), start: count, end: z.number().int().min(1) });
const relation = z.strictObject({ type: z.literal('relation'), from: uuid, to: uuid });
const docLabel = z.strictObject({ type: z.literal('doc-label') });

/** Slice index (in the series' slice order) → that slice's labelmap for this label. */
const sliceMasks = z.record(z.string().regex(/^\d{1,5}$/, 'slice keys are slice indexes'), rleSchema);
const segment = z.strictObject({ type: z.literal('segment'), slices: sliceMasks });
const onSlice = { sliceIndex: count };
const length = z.strictObject({ type: z.literal('length'), ...onSlice, points: z.tuple([point3, point3]) });
/** Cornerstone's elliptical ROI: the ends of its two axes. */
const ellipse = z.strictObject({ type: z.literal('ellipse'), ...onSlice, points: z.tuple([point3, point3, point3, point3]) });
const rectangle = z.strictObject({ type: z.literal('rectangle'), ...onSlice, points: z.tuple([point3, point3]) });
/** Vertex in the middle. */
const angle = z.strictObject({ type: z.literal('angle'), ...onSlice, points: z.tuple([point3, point3, point3]) });
/** The long axis' two ends, then the short axis' two ends. */
const bidirectional = z.strictObject({ type: z.literal('bidirectional'), ...onSlice, points: z.tuple([point3, point3, point3, point3]) });
const classification = z.strictObject({ type: z.literal('classification'), scope: z.enum(['series', 'study']).default('series') });

export const geometrySchema = z.discriminatedUnion('type', [
  box, polygon, polyline, points, keypoints, mask, tag,
  span, relation, docLabel,
  segment, length, ellipse, rectangle, angle, bidirectional, classification,
]);
export type Geometry = z.infer<typeof geometrySchema>;
export type GeometryType = Geometry['type'];

export const attributeValue = z.union([z.string().max(10_000), finite, z.boolean(), z.array(z.string().max(200)).max(200)]);
export type AttributeValue = z.infer<typeof attributeValue>;
const attributeKey = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/);

export const ANNOTATION_SOURCES = ['human', 'model', 'import', 'consensus'] as const;
export const annotationSource = z.enum(ANNOTATION_SOURCES);
export type AnnotationSource = (typeof ANNOTATION_SOURCES)[number];
/**
 * Sources only the server writes (pre-annotation, imports, consensus). A
 * person's client creates `human` annotations; where one came from a model's
 * prediction (`predictionId`, `score`) the server checks and fills in.
 */
export const SERVER_SOURCES = ['model', 'import', 'consensus'] as const;
export type ServerSource = (typeof SERVER_SOURCES)[number];

/** What a client sends to create an annotation; the id is the client's own UUID. */
export const annotationInput = z.strictObject({
  id: uuid,
  labelId: z.string().min(1).max(64),
  /** Omitted: the project's current version, filled in by the server. */
  schemaVersion: z.number().int().min(1).optional(),
  geometry: geometrySchema,
  attributes: z.record(attributeKey, attributeValue).default({}),
  source: annotationSource.default('human'),
  score: finite.min(0).max(1).nullable().default(null),
  predictionId: uuid.nullable().default(null),
  zIndex: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  groupId: uuid.nullable().default(null),
});
export type AnnotationInput = z.input<typeof annotationInput>;

/** An annotation as the server holds it. */
export const annotation = z.object({
  id: uuid,
  labelId: z.string(),
  schemaVersion: z.number().int(),
  geometry: geometrySchema,
  attributes: z.record(z.string(), attributeValue),
  source: annotationSource,
  score: z.number().nullable(),
  predictionId: uuid.nullable(),
  zIndex: z.number().int(),
  groupId: uuid.nullable(),
  /** Bumped by every committed change. */
  version: z.number().int(),
  createdBy: uuid,
  updatedBy: uuid,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Annotation = z.infer<typeof annotation>;

/**
 * An update changes some properties. Concurrent updates merge per property
 * (last writer in server order wins); `attributes` and a segment's `slices`
 * merge per key, where null removes the key.
 */
export const annotationPatch = z
  .strictObject({
    labelId: z.string().min(1).max(64).optional(),
    geometry: geometrySchema.optional(),
    attributes: z.record(attributeKey, attributeValue.nullable()).optional(),
    slices: z.record(z.string().regex(/^\d{1,5}$/), rleSchema.nullable()).optional(),
    score: finite.min(0).max(1).nullable().optional(),
    zIndex: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    groupId: uuid.nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'a patch must change something')
  .refine((p) => !(p.geometry && p.slices), 'send either geometry or slices, not both');
export type AnnotationPatch = z.infer<typeof annotationPatch>;

/** (clientId, clientSeq) names an op for good: a resent op applies once. */
const opIdentity = {
  clientId: z.string().regex(/^[\w-]{8,64}$/, 'clientId must be 8–64 letters, digits, _ or -'),
  clientSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
};
export const opSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('create'), ...opIdentity, annotation: annotationInput }),
  z.strictObject({ type: z.literal('update'), ...opIdentity, id: uuid, patch: annotationPatch }),
  z.strictObject({ type: z.literal('delete'), ...opIdentity, id: uuid }),
]);
export type Op = z.infer<typeof opSchema>;
export type OpInput = z.input<typeof opSchema>;

/**
 * What an editor asks for: an op before the sync layer gives it its
 * (clientId, clientSeq). Editors hand these out in groups; one group is one
 * undo step.
 */
export type EditOp =
  | { type: 'create'; annotation: AnnotationInput }
  | { type: 'update'; id: string; patch: AnnotationPatch }
  | { type: 'delete'; id: string };

/** Ops in one batch, and the bytes one op may take as JSON. */
export const MAX_OPS_PER_BATCH = 500;
export const MAX_OP_BYTES = 2 * 1024 * 1024;
export const opBatch = z.strictObject({ ops: z.array(z.unknown()).min(1).max(MAX_OPS_PER_BATCH) });

/**
 * A create as committed: the server filled in what the client left out, so
 * every replica that applies it computes the same annotation.
 */
export type CommittedCreate = { type: 'create'; clientId: string; clientSeq: number; annotation: z.output<typeof annotationInput> & { schemaVersion: number } };
export type CommittedOpBody = CommittedCreate | Extract<Op, { type: 'update' | 'delete' }>;

/** An op the server accepted, in the order it accepted them. */
export interface CommittedOp {
  serverSeq: number;
  actorId: string;
  at: string;
  op: CommittedOpBody;
}
export const committedOpSchema = z.object({
  serverSeq: z.number().int(),
  actorId: uuid,
  at: isoDateTime,
  op: z.unknown(),
}) as unknown as z.ZodType<CommittedOp>;

export const OP_REJECTIONS = ['invalid', 'forbidden', 'not_found', 'conflict', 'too_large', 'throttled', 'unavailable'] as const;
export type OpRejection = (typeof OP_REJECTIONS)[number];
export const opResult = z.discriminatedUnion('status', [
  /** Newly committed, or committed before (a resend): either way it is in the database. */
  z.object({ clientSeq: z.number().int(), status: z.literal('committed'), serverSeq: z.number().int(), warnings: z.array(z.string()).optional() }),
  z.object({
    clientSeq: z.number().int().nullable(),
    status: z.literal('rejected'),
    code: z.enum(OP_REJECTIONS),
    message: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
]);
export type OpResult = z.infer<typeof opResult>;
export const opBatchResult = z.object({ setId: uuid, serverSeq: z.number().int(), results: z.array(opResult) });
export type OpBatchResult = z.infer<typeof opBatchResult>;

/** One annotation set: the annotations of one asset (in one task, once tasks exist). */
/**
 * A text span as the REST reads give it, beside its UTF-16 offsets: its text, and its offsets in code points
 * (what Python's str and doccano count), so that a script needs no conversion.
 */
export const spanReading = z.object({ text: z.string(), codePointStart: z.number().int(), codePointEnd: z.number().int() });
export type SpanReading = z.infer<typeof spanReading>;

export const annotationSnapshot = z.object({
  setId: uuid,
  assetId: uuid,
  serverSeq: z.number().int(),
  /** On the REST reads, a text span also has `span`; the socket's snapshot leaves it out. */
  annotations: z.array(annotation.extend({ span: spanReading.optional() })),
});
export type AnnotationSnapshot = z.infer<typeof annotationSnapshot>;

export const opsAfterQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const opList = z.object({ setId: uuid, serverSeq: z.number().int(), items: z.array(committedOpSchema), more: z.boolean() });

export const annotationHistory = z.object({
  items: z.array(z.object({
    serverSeq: z.number().int(),
    type: z.enum(['create', 'update', 'delete']),
    actor: z.object({ id: uuid, name: z.string() }),
    at: isoDateTime,
    /** The properties this change set (the whole annotation for a create). */
    changes: z.record(z.string(), z.unknown()),
  })),
});
export type AnnotationHistory = z.infer<typeof annotationHistory>;
