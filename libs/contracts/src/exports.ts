import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import type { MediaType } from './label-schema';

/**
 * Formats annotations leave and come back in, per media type. The same id
 * names a format for export and for import.
 */
export const FORMATS_BY_MEDIA = {
  image: ['coco', 'yolo-detect', 'yolo-segment', 'yolo-obb', 'yolo-pose', 'voc', 'cvat-images', 'label-studio'],
  text: ['label-studio', 'conll', 'doccano', 'jsonl'],
  dicom: ['dicom-seg', 'nifti', 'csv'],
} as const satisfies Record<MediaType, readonly string[]>;
export const FORMAT_IDS = [...new Set(Object.values(FORMATS_BY_MEDIA).flat())] as FormatId[];
export type FormatId = (typeof FORMATS_BY_MEDIA)[MediaType][number];
export const formatId = z.enum(FORMAT_IDS as [FormatId, ...FormatId[]]);

/**
 * Which annotations an export takes: `accepted` (the work reviewers
 * accepted, the newest accepted task's per asset), `latest` (each asset's
 * newest work: its live set or its newest task's, whichever changed last),
 * `predictions` (one model version's), `consensus` (each overlapped asset's
 * consensus where its people agreed or a reviewer accepted it, whether or not
 * it was written into the asset's result yet).
 */
export const ANNOTATION_SELECTIONS = ['accepted', 'latest', 'predictions', 'consensus'] as const;
export const annotationSelection = z.enum(ANNOTATION_SELECTIONS);
export type AnnotationSelection = z.infer<typeof annotationSelection>;

export const exportFilter = z.strictObject({
  batchId: uuid.optional(),
  /** Only these labels' annotations (their ids in the schema). */
  labelIds: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
  /** Only assets whose work is in this state: `annotated` (has annotations), `accepted`, `submitted`, `unannotated`. */
  status: z.enum(['annotated', 'unannotated', 'submitted', 'accepted']).optional(),
});
export type ExportFilter = z.infer<typeof exportFilter>;

export const conllOptions = z.strictObject({
  scheme: z.enum(['iob2', 'bioes']).default('iob2'),
  segmentation: z.enum(['chars', 'words']).default('chars'),
});

export const exportRequest = z.strictObject({
  format: formatId,
  annotations: annotationSelection.default('latest'),
  /** With `predictions`: which model version (its name as the predictions carry it). */
  modelVersion: z.string().min(1).max(200).optional(),
  filter: exportFilter.optional(),
  includeMedia: z.boolean().default(false),
  conll: conllOptions.optional(),
});
export type ExportRequest = z.input<typeof exportRequest>;
/** The request as the API has parsed it (defaults filled in). */
export type ExportRequestParsed = z.infer<typeof exportRequest>;

/** Machine codes of what an export could not write, beside the English detail. */
export const EXPORT_ERROR_CODES = ['export.skipped'] as const;

/** What the export job is handed: the request, resolved against the project. */
export const exportJobParams = z.object({
  projectId: uuid,
  format: formatId,
  annotations: annotationSelection,
  modelVersion: z.string().optional(),
  filter: exportFilter.optional(),
  includeMedia: z.boolean(),
  conll: conllOptions.optional(),
});
export type ExportJobParams = z.infer<typeof exportJobParams>;

/** An export's outcome beside the job run's file: how many items and objects went out, and what was left out. */
export const exportSummary = z.object({
  items: z.number().int(),
  annotations: z.number().int(),
  skipped: z.number().int(),
  at: isoDateTime,
});
