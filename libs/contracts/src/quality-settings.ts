import { z } from 'zod';

const share = z.number().min(0).max(1);
const money = z.number().min(0).max(1_000_000);

/** A project's quality-control thresholds and policies (workflow.qc). */
export const qcSettings = z.strictObject({
  /** Assets whose people agree less than this (mean pairwise F1) go to review. */
  minAgreement: share.default(0.7),
  /** A person whose gold accuracy is surely below this (its Wilson interval wholly below) gets `lowGoldAction`. */
  minGoldAccuracy: share.default(0.8),
  /** Boxes, polygons, masks and segments match at this IoU or more. */
  iouThreshold: z.number().min(0.05).max(1).default(0.5),
  /** Keypoints match at this OKS or more (points, polylines and measurements at this similarity). */
  oksThreshold: z.number().min(0.05).max(1).default(0.5),
  /** A matched mask or DICOM segment below this Dice is a boundary error. */
  minDice: share.default(0.9),
  /** A matched DICOM segment whose HD95 exceeds this many mm is a boundary error. */
  maxHd95Mm: z.number().min(0).max(1000).default(3),
  /** What happens to someone below the gold threshold: all their work is reviewed, or they get no more tasks here. */
  lowGoldAction: z.enum(['full_review', 'pause']).default('full_review'),
  /** After submitting a gold task, the annotator sees where they differed from the reference (and so learns it was gold). */
  showGoldFeedback: z.boolean().default(false),
  /**
   * An agreed asset's consensus becomes its result at once. Off (as CVAT's consensus merge): the
   * consensus waits beside the result until a reviewer accepts it, one asset or every agreed one at once.
   */
  autoAcceptConsensus: z.boolean().default(false),
});
export type QcSettings = z.infer<typeof qcSettings>;

export const CURRENCIES = ['USD', 'EUR', 'CNY', 'GBP', 'JPY'] as const;

/** Piece rates (workflow.rates): per accepted item, or per accepted object with rates by label. */
export const pieceRates = z.strictObject({
  mode: z.enum(['item', 'object']).default('item'),
  currency: z.enum(CURRENCIES).default('USD'),
  /** `item` mode: per accepted annotate task. */
  perItem: money.default(0),
  /** `object` mode: per object in accepted work, unless its label has its own rate. */
  perObject: money.default(0),
  perLabel: z.record(z.string().min(1).max(64), money).default({}),
  /** Per review decision, for reviewers. */
  perReview: money.default(0),
});
export type PieceRates = z.infer<typeof pieceRates>;

/** workflow.qualification: pass a set of gold items before getting tasks. */
export const qualificationSettings = z.strictObject({
  required: z.boolean().default(false),
  /** Share of the set's objects to get right (gold accuracy of the attempt). */
  passMark: share.default(0.8),
  /** Attempts a person may make; 0: no limit. */
  maxAttempts: z.number().int().min(0).max(100).default(3),
});
export type QualificationSettings = z.infer<typeof qualificationSettings>;
