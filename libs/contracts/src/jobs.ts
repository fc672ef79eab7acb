import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { exportJobParams } from './exports';
import { annotationImportJob } from './annotation-imports';
import { releaseBuildJob } from './releases';
import type { Action } from './policy';

/** Why a webhook delivery failed for good, as a machine code beside its English detail. Add codes; never rename one. */
export const WEBHOOK_ERROR_CODES = ['webhook.hook_deleted', 'webhook.refused', 'webhook.failed'] as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

/**
 * Every background job: its name tied to its payload. The worker refuses to
 * start if a name here has no handler, and the compiler refuses a handler for
 * a payload it does not match.
 */
export const JOB_PAYLOADS = {
  'audit.export': z.object({ orgId: uuid, jobRunId: uuid, from: isoDateTime, to: isoDateTime }),
  /** A batch of pending assets (images, text documents), each counted as one item of the run. */
  'assets.ingest': z.object({ orgId: uuid, jobRunId: uuid, assetIds: z.array(uuid).min(1).max(64) }),
  'assets.split': z.object({
    orgId: uuid, jobRunId: uuid, projectId: uuid, blobKey: z.string(), name: z.string(),
    format: z.enum(['jsonl', 'csv']), textField: z.string(), createdBy: uuid.nullable(),
    /** The file rests sealed (every record file now; a job queued before says nothing). */
    sealed: z.boolean().optional(),
  }),
  /** `sealed`: the archive rests sealed (every archive now; before, only a DICOM project's, as a job queued then says by leaving it out). */
  'assets.unzip': z.object({ orgId: uuid, jobRunId: uuid, projectId: uuid, blobKey: z.string(), name: z.string(), textField: z.string(), createdBy: uuid, sealed: z.boolean().optional() }),
  /** A batch of sealed DICOM uploads: their series are settled once per batch, not once per file. */
  'dicom.ingest': z.object({
    orgId: uuid, jobRunId: uuid, projectId: uuid, createdBy: uuid,
    files: z.array(z.object({ blobKey: z.string(), name: z.string() })).min(1).max(64),
  }),
  'assets.import': z.object({
    orgId: uuid, jobRunId: uuid, projectId: uuid, textField: z.string(), createdBy: uuid,
    /** a server folder, or an S3 source sealed (its credentials must not rest readable in Redis) */
    path: z.string().optional(), sealedS3: z.string().optional(),
  }),
  /** one webhook delivery (a row in webhook_deliveries) per job */
  'webhooks.deliver': z.object({ orgId: uuid, jobRunId: uuid, deliveryId: uuid }),
  /** A submitted annotate task: rule checks, and its score against gold if it is a gold task. */
  'quality.task': z.object({ orgId: uuid, jobRunId: uuid, taskId: uuid }),
  /** Assets whose overlapping annotate tasks are all in: agreement and consensus, each asset one item of the run. */
  'quality.asset': z.object({ orgId: uuid, jobRunId: uuid, assetIds: z.array(uuid).min(1).max(64) }),
  /** Every agreed consensus of a project accepted as its asset's result (a reviewer's "accept all agreed"). */
  'quality.accept': z.object({ orgId: uuid, jobRunId: uuid, projectId: uuid }),
  /** A project's report: scorecards, chance-corrected agreement, cost (nightly and on demand). */
  'quality.report': z.object({ orgId: uuid, jobRunId: uuid, projectId: uuid }),
  /** Newly ingested assets: perceptual hash or MinHash, and the near-duplicates they have in their project. */
  'quality.fingerprint': z.object({ orgId: uuid, jobRunId: uuid, assetIds: z.array(uuid).min(1).max(64) }),
  /** A project's annotations written in one format, streamed into one archive. */
  'exports.run': exportJobParams.extend({ orgId: uuid, jobRunId: uuid }),
  /** A peer file's annotations checked against the project, then committed (all, or the good items with skipBad). */
  'annotations.import': annotationImportJob.extend({ orgId: uuid, jobRunId: uuid }),
  /** A release: its assets, splits and annotations frozen, every format written into one archive with manifest, datasheet and diff. */
  'releases.build': releaseBuildJob.extend({ orgId: uuid, jobRunId: uuid }),
  /** A few assets of a pre-annotation run through one model version, each counted as one item of the run. */
  'preannotate.run': z.object({
    orgId: uuid, jobRunId: uuid, projectId: uuid, modelId: uuid, modelVersion: z.string(),
    assetIds: z.array(uuid).min(1).max(64),
    /** Asked for from an editor on the one asset open there ("auto-annotate"): its creator needs models.run, not models.manage. */
    onAsset: z.boolean().optional(),
  }),
} as const;
export type JobName = keyof typeof JOB_PAYLOADS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_PAYLOADS)[N]>;
export const JOB_NAMES = Object.keys(JOB_PAYLOADS) as JobName[];
export const jobNameSchema = z.enum(JOB_NAMES as [JobName, ...JobName[]]);

/** One BullMQ queue per kind of work, so slow exports never hold up short jobs. */
export const QUEUE_OF: Record<JobName, string> = {
  'audit.export': 'exports',
  'assets.ingest': 'ingest',
  'assets.split': 'ingest',
  'assets.unzip': 'ingest',
  'assets.import': 'ingest',
  'dicom.ingest': 'ingest',
  // A slow or dead receiver must not hold up ingest.
  'webhooks.deliver': 'webhooks',
  // Quality work has its own queue: a big report never holds up ingest, and ingest never holds up scoring.
  'quality.task': 'quality',
  'quality.asset': 'quality',
  'quality.report': 'quality',
  'quality.accept': 'quality',
  'quality.fingerprint': 'quality',
  'exports.run': 'exports',
  'annotations.import': 'imports',
  'releases.build': 'exports',
  // Inference has its own queue and concurrency: a long model run never holds up ingest or quality.
  'preannotate.run': 'preannotate',
};

/**
 * `whole`: one job is the whole run and reports its own progress.
 * `item`: a run fans out to one job per item; each reports once, and the run
 * is done when every item has.
 */
export const JOB_MODE: Record<JobName, 'whole' | 'item'> = {
  'audit.export': 'whole',
  'assets.ingest': 'item',
  'assets.split': 'item',
  'assets.unzip': 'item',
  'assets.import': 'item',
  'dicom.ingest': 'item',
  'webhooks.deliver': 'item',
  'quality.task': 'item',
  'quality.asset': 'item',
  'quality.report': 'whole',
  'quality.accept': 'whole',
  'quality.fingerprint': 'item',
  'exports.run': 'whole',
  'annotations.import': 'whole',
  'releases.build': 'whole',
  'preannotate.run': 'item',
};

/**
 * The action whose holder may take a finished run's file, checked again on every download: the
 * file is what the action guards (an audit log, a project's annotations), so whoever lost the
 * action since starting the run loses the file too. A run type missing here serves no file.
 */
export const JOB_FILE_ACTION: Partial<Record<JobName, Action>> = {
  'audit.export': 'audit.export',
  'exports.run': 'exports.create',
  'releases.build': 'releases.manage',
};

/** Runs whose file is deleted EXPORT_KEEP_MS after it is made (an export can be run again; a release is kept). */
export const EXPIRING_JOB_FILES: readonly JobName[] = ['exports.run', 'audit.export'];

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const jobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof jobState>;

export const jobRun = z.object({
  id: uuid,
  type: jobNameSchema,
  state: jobState,
  /** 0–1 */
  progress: z.number(),
  counts: z.object({ total: z.number().int(), processed: z.number().int(), failed: z.number().int() }),
  /** `code`: the item's machine code (INGEST_ERROR_CODES, WEBHOOK_ERROR_CODES), which the web app translates, beside the English message. */
  errors: z.array(z.object({ message: z.string(), at: isoDateTime.optional(), item: z.string().optional(), code: z.string().optional() })),
  attempts: z.number().int(),
  params: z.record(z.string(), z.unknown()),
  result: z
    .object({
      fileName: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(),
      /** When the file is deleted (EXPIRING_JOB_FILES); past: it has been, and downloading answers 410. */
      expiresAt: isoDateTime.optional(),
    })
    .nullable(),
  createdBy: uuid.nullable(),
  createdAt: isoDateTime,
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
});
export type JobRun = z.infer<typeof jobRun>;
export const jobRunList = z.object({ items: z.array(jobRun), total: z.number().int() });
export const jobRunListQuery = z.strictObject({
  type: jobNameSchema.optional(),
  state: jobState.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** How one item of an item-mode run ended; a message (a failure's reason, or a warning) goes to the run's errors. */
export interface ItemOutcome {
  ok: boolean;
  item?: string;
  message?: string;
  /** a machine code for the message, when there is one */
  code?: string;
  details?: { item: string; message: string; code?: string }[];
}

/** What a handler may report while it runs; the worker writes it to the job run. */
export interface JobContext {
  jobRunId: string;
  attempt: number;
  /** No retry follows if this attempt throws. */
  finalAttempt: boolean;
  progress(processed: number, total: number): Promise<void>;
  /**
   * For item runs: this job's item is done, well or not; a message (a failure's
   * reason, or a warning) goes to the run's errors. Counted once per job, however
   * often the job is delivered.
   */
  itemDone(outcome: ItemOutcome): Promise<void>;
  /**
   * For jobs that carry several items (started with a `count` above 1): each
   * outcome names its item by a key unique within the job, and is counted
   * once per key however often the job is delivered. One statement for all.
   */
  itemsDone(outcomes: (ItemOutcome & { key: string })[]): Promise<void>;
  /**
   * Whether someone cancelled the run. `progress` answers the same question
   * as it writes (it throws JobCancelled), so a handler that reports progress
   * stops by itself; this is for the last look before a result is kept.
   */
  cancelled(): Promise<boolean>;
  log(message: string): void;
}

/**
 * Runs a person may cancel while they are queued or running: whole jobs that
 * report progress and whose work, cut short, leaves nothing behind, and item
 * runs whose items stand on their own (a pre-annotated asset keeps its
 * predictions; the items not yet begun are left). (An import is
 * all-or-nothing and a release is numbered once made: neither may stop half-way.)
 */
export const CANCELLABLE_JOBS: readonly JobName[] = ['exports.run', 'preannotate.run'];

/** What `progress` throws once the run is cancelled; the runner ends the job on it, without retries. */
export class JobCancelled extends Error {
  readonly cancelled = true;
  constructor(jobRunId: string) {
    super(`job run ${jobRunId} was cancelled`);
    this.name = 'JobCancelled';
  }
}

/** A file a job produced, kept in the blob store. */
export type JobResult = { blobKey: string; fileName: string; contentType: string; size: number; sha256: string } | null;
