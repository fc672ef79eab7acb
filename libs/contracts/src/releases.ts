import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { exportFilter, formatId } from './exports';

export const splitRatios = z
  .strictObject({
    /** The same seed and assets make the same splits. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    train: z.number().min(0).max(1).default(0.8),
    val: z.number().min(0).max(1).default(0.1),
    test: z.number().min(0).max(1).default(0.1),
  })
  .refine((s) => Math.abs(s.train + s.val + s.test - 1) < 1e-6, 'train, val and test must add up to 1');

export const releaseCreateRequest = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(5000).default(''),
  /** One or more formats of the project's media type; each goes in its own folder of the archive. */
  formats: z.array(formatId).min(1).max(16),
  annotations: z.enum(['accepted', 'latest']).default('accepted'),
  filter: exportFilter.optional(),
  /** Train/val/test from a seed, stratified by label; without it, one subset. */
  splits: splitRatios.optional(),
  licence: z.string().trim().min(1).max(200),
  includeMedia: z.boolean().default(false),
});
export type ReleaseCreateRequest = z.input<typeof releaseCreateRequest>;
export type ReleaseCreateParsed = z.infer<typeof releaseCreateRequest>;

/**
 * What the server writes where the person cutting a release wrote nothing, or
 * where the datasheet states a fixed fact: the datasheet in the archive keeps
 * these English texts, and the web app shows its own words for exactly these.
 */
export const defaultReleaseName = (n: number) => `Release ${n}`;
export const DATASHEET_DEIDENTIFICATION = {
  dicom: 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile: identifying attributes removed or replaced, private tags, curves and overlays removed, UIDs remapped per organisation; series with burned-in annotation held in quarantine until released',
  none: 'not applicable: no DICOM in this project',
} as const;

const perLabel = z.record(z.string(), z.number().int());
export const releaseDiff = z.object({
  previous: z.number().int().nullable(),
  added: z.object({ total: z.number().int(), byLabel: perLabel }),
  removed: z.object({ total: z.number().int(), byLabel: perLabel }),
  changed: z.object({ total: z.number().int(), byLabel: perLabel }),
});
export type ReleaseDiff = z.infer<typeof releaseDiff>;

export const releaseDatasheet = z.object({
  project: z.string(),
  release: z.number().int(),
  name: z.string(),
  description: z.string(),
  licence: z.string(),
  createdAt: isoDateTime,
  schemaVersion: z.number().int(),
  formats: z.array(formatId),
  annotations: z.string(),
  deidentification: z.string(),
  assets: z.record(z.string(), z.number().int()),
  labels: z.array(z.object({ id: z.string(), name: z.string(), total: z.number().int(), bySplit: z.record(z.string(), z.number().int()) })),
  annotators: z.number().int(),
  review: z.object({ accepted: z.number().int(), rejected: z.number().int(), reviewed: z.number().int() }),
  /** Agreement figures where quality control has computed them; null until it has. */
  agreement: z.record(z.string(), z.unknown()).nullable(),
});
export type ReleaseDatasheet = z.infer<typeof releaseDatasheet>;

export const release = z.object({
  id: uuid,
  projectId: uuid,
  number: z.number().int(),
  name: z.string(),
  state: z.enum(['building', 'ready', 'failed']),
  formats: z.array(formatId),
  licence: z.string(),
  jobRunId: uuid.nullable(),
  file: z.object({ fileName: z.string(), size: z.number().int(), sha256: z.string() }).nullable(),
  /** Every file of the archive with its SHA-256. */
  manifest: z.array(z.object({ path: z.string(), size: z.number().int(), sha256: z.string() })).nullable(),
  datasheet: releaseDatasheet.nullable(),
  diff: releaseDiff.nullable(),
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
});
export type Release = z.infer<typeof release>;
export const releaseList = z.object({ items: z.array(release) });

export const releaseGrantRequest = z.strictObject({
  userId: uuid,
  expiresAt: isoDateTime.nullable().default(null),
  /** The consumer's copy carries their id as a visible watermark on every picture (a release made with its media). */
  watermark: z.boolean().default(false),
});
export type ReleaseGrantRequest = z.input<typeof releaseGrantRequest>;
export const releaseGrant = z.object({ userId: uuid, email: z.string(), name: z.string(), expiresAt: isoDateTime.nullable(), watermark: z.boolean(), createdAt: isoDateTime });
export const releaseGrantList = z.object({ items: z.array(releaseGrant) });
export const releaseGrantParams = z.strictObject({ id: uuid, userId: uuid });

/** A short-lived signed link to a release's archive, for the grantee (or a manager). */
export const releaseDownload = z.object({ url: z.string(), expiresAt: isoDateTime });
export const releaseFileParams = z.strictObject({ token: z.string().max(600).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/) });

/** The release build job's payload (beside orgId and jobRunId). */
export const releaseBuildJob = z.object({ releaseId: uuid });
