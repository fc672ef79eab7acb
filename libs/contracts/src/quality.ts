import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { annotation } from './annotations';

/** Where a finding points: the annotation on the reference side, on the other side, or both. */
export const FINDING_KINDS = ['missed', 'extra', 'wrong_label', 'attribute', 'boundary'] as const;
export const qualityFinding = z.object({
  kind: z.enum(FINDING_KINDS),
  refId: uuid.optional(),
  otherId: uuid.optional(),
  labelId: z.string(),
  otherLabelId: z.string().optional(),
  similarity: z.number().optional(),
  attribute: z.string().optional(),
  dice: z.number().optional(),
  hd95: z.number().nullable().optional(),
});
export type QualityFinding = z.infer<typeof qualityFinding>;

export const RULE_KINDS = ['schema', 'duplicate', 'degenerate'] as const;
export const ruleFinding = z.object({
  kind: z.enum(RULE_KINDS),
  annotationId: uuid,
  otherId: uuid.optional(),
  path: z.string().optional(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});

/** A proportion with its Wilson 95 % interval. */
export const proportion = z.object({ successes: z.number().int(), trials: z.number().int(), p: z.number().nullable(), low: z.number(), high: z.number() });
export type ProportionDto = z.infer<typeof proportion>;

/** What the quality jobs found in one submitted task (GET /tasks/:id/quality). */
export const taskQuality = z.object({
  taskId: uuid,
  rules: z.object({ version: z.number().int(), findings: z.array(ruleFinding), computedAt: isoDateTime }).nullable(),
  /** Only for a gold task, and only to those who may know it is one (or to its annotator when the project shows gold feedback). */
  gold: z.object({
    version: z.number().int(),
    trials: z.number().int(),
    correct: z.number().int(),
    score: z.number().nullable(),
    findings: z.array(qualityFinding),
    /** the reference annotations, so the findings can be shown in place (feedback) */
    reference: z.array(annotation).optional(),
    computedAt: isoDateTime,
  }).nullable(),
});
export type TaskQuality = z.infer<typeof taskQuality>;

export const CONSENSUS_STATES = ['review', 'accepted', 'agreed'] as const;
export const consensusState = z.enum(CONSENSUS_STATES);

/** One person's work on an overlapped asset, with what the others disagreed with. */
export const assetQualityPerson = z.object({
  user: z.object({ id: uuid, name: z.string() }),
  taskId: uuid,
  weight: z.number(),
  annotations: z.array(annotation),
  disagreements: z.array(z.object({ annotationId: uuid, kind: z.enum(FINDING_KINDS) })),
});

export const consensusObject = z.object({
  id: uuid,
  labelId: z.string(),
  geometry: z.unknown(),
  attributes: z.record(z.string(), z.unknown()),
  support: z.number().int(),
  tie: z.boolean(),
});

/** Agreement and consensus of one asset (GET /assets/:id/quality). */
export const assetQuality = z.object({
  assetId: uuid,
  assetName: z.string(),
  projectId: uuid,
  version: z.number().int(),
  state: consensusState,
  /** mean pairwise F1 */
  agreement: z.number().nullable(),
  pairwise: z.array(z.object({ a: uuid, b: uuid, f1: z.number() })),
  ties: z.number().int(),
  dropped: z.number().int(),
  objects: z.array(consensusObject),
  people: z.array(assetQualityPerson),
  computedAt: isoDateTime,
  acceptedAt: isoDateTime.nullable(),
  acceptedBy: z.object({ id: uuid, name: z.string() }).nullable(),
});
export type AssetQuality = z.infer<typeof assetQuality>;

export const assetQualityListQuery = z.strictObject({
  state: consensusState.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const assetQualityList = z.object({
  items: z.array(assetQuality.pick({ assetId: true, assetName: true, state: true, agreement: true, ties: true, computedAt: true }).extend({ people: z.number().int(), objects: z.number().int() })),
  total: z.number().int(),
});

const user = z.object({ id: uuid, name: z.string() });
/** Items per day, oldest first. */
export const throughput = z.array(z.object({ day: z.string(), items: z.number().int() }));

export const personStatus = z.object({
  fullReview: z.boolean(),
  paused: z.boolean(),
  reason: z.string().nullable(),
  since: isoDateTime.nullable(),
});
export type PersonStatus = z.infer<typeof personStatus>;

export const annotatorScorecard = z.object({
  user,
  items: z.number().int(),
  activeSecondsPerItem: z.number().nullable(),
  gold: proportion,
  /** mean pairwise F1 with the others on the assets they shared */
  agreement: z.number().nullable(),
  sharedAssets: z.number().int(),
  rejectionRate: z.number().nullable(),
  reworkRounds: z.number().int(),
  throughput,
  accepted: z.number().int(),
  objects: z.number().int(),
  earnings: z.number(),
  status: personStatus,
  qualified: z.boolean().nullable(),
});
export type AnnotatorScorecard = z.infer<typeof annotatorScorecard>;

export const reviewerScorecard = z.object({
  user,
  items: z.number().int(),
  activeSecondsPerItem: z.number().nullable(),
  /** review decisions on gold work that agree with its gold score (accepting what passes, rejecting what fails) */
  gold: proportion,
  rejectionRate: z.number().nullable(),
  throughput,
  earnings: z.number(),
});
export type ReviewerScorecard = z.infer<typeof reviewerScorecard>;

export const labelQuality = z.object({ labelId: z.string(), tp: z.number().int(), fp: z.number().int(), fn: z.number().int(), precision: z.number().nullable(), recall: z.number().nullable(), f1: z.number() });

/** The project report (GET /projects/:id/quality): computed by the `quality.report` job, nightly and on demand. */
export const qualityReport = z.object({
  projectId: uuid,
  version: z.number().int(),
  computedAt: isoDateTime.nullable(),
  /** the run computing a newer one, if any */
  runningJobId: uuid.nullable(),
  annotators: z.array(annotatorScorecard),
  reviewers: z.array(reviewerScorecard),
  agreement: z.object({
    assets: z.number().int(),
    mean: z.number().nullable(),
    belowThreshold: z.number().int(),
    /** chance-corrected agreement on classifications and per-token labels: Cohen's κ (two people), Fleiss' κ and Krippendorff's α (nominal) */
    chanceCorrected: z.array(z.object({ scope: z.string(), raters: z.number().int(), units: z.number().int(), cohenKappa: z.number().nullable(), fleissKappa: z.number().nullable(), krippendorffAlpha: z.number().nullable() })),
  }),
  /** against gold, over all gold tasks */
  labels: z.array(labelQuality),
  consensus: z.object({ review: z.number().int(), accepted: z.number().int(), agreed: z.number().int() }),
  cost: z.object({ currency: z.string(), mode: z.enum(['item', 'object']), total: z.number(), acceptedItems: z.number().int(), perAcceptedItem: z.number().nullable() }),
});
export type QualityReport = z.infer<typeof qualityReport>;

export const personStatusUpdate = z.strictObject({ fullReview: z.boolean().optional(), paused: z.boolean().optional() }).refine((v) => v.fullReview !== undefined || v.paused !== undefined, 'nothing to change');
export const projectUserParams = z.strictObject({ id: uuid, userId: uuid });

/**
 * Near-duplicates found at ingest (GET /projects/:id/duplicates), as groups: each asset that has one is listed
 * once, with its group (named after one of its assets) and the asset it was found alike to. A group is what
 * near-duplicate pairs connect: two assets may be in one group through a third without being alike themselves.
 */
export const duplicateMember = z.object({
  asset: z.object({ id: uuid, name: z.string() }),
  group: z.object({ id: uuid, name: z.string(), size: z.number().int() }),
  /** the asset it was found alike to: an earlier one, or the later one that joined it to the group */
  nearest: z.object({ id: uuid, name: z.string() }),
  method: z.enum(['phash', 'minhash']),
  /** to `nearest`; phash: 1 − Hamming distance ÷ 64; minhash: estimated Jaccard similarity */
  similarity: z.number(),
  createdAt: isoDateTime,
});
/**
 * Largest groups first; `total` counts the listed assets, `groups` their groups. Of the ready images and texts
 * without a fingerprint, `pending` are being checked (made ready lately, or a check of the project runs), and
 * `unchecked` are not: POST /projects/:id/duplicates/check looks at them.
 */
export const duplicateList = z.object({
  items: z.array(duplicateMember), total: z.number().int(), groups: z.number().int(), pending: z.number().int(), unchecked: z.number().int(),
});
export const duplicateListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The qualification set and where the caller stands (GET /projects/:id/qualification). */
export const qualificationStatus = z.object({
  required: z.boolean(),
  passMark: z.number(),
  maxAttempts: z.number().int(),
  /** managers only */
  assetIds: z.array(uuid).optional(),
  items: z.number().int(),
  me: z.object({
    passed: z.boolean(),
    attempts: z.array(z.object({ id: uuid, state: z.enum(['open', 'passed', 'failed']), score: z.number().nullable(), startedAt: isoDateTime, finishedAt: isoDateTime.nullable() })),
    canAttempt: z.boolean(),
  }),
});
export type QualificationStatus = z.infer<typeof qualificationStatus>;
export const qualificationSetRequest = z.strictObject({ assetIds: z.array(uuid).max(500) });
