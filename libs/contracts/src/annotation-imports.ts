import { z } from 'zod';
import { uuid } from './common';
import { formatId } from './exports';

/** Peer category → label id, or null to leave the category out. */
export const labelMapping = z.record(z.string().max(200), z.string().min(1).max(64).nullable());

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The fields beside the `file` part of `POST /projects/{id}/annotation-imports`
 * (multipart: form fields are text, so flags are "true"/"false" and the
 * mapping is JSON).
 */
export const annotationImportFields = z
  .strictObject({
    format: formatId,
    /** `annotations`: they join the assets' live sets as `import`; `predictions`: as a model's (`model`, with the file's scores). */
    as: z.enum(['annotations', 'predictions']).default('annotations'),
    modelName: z.string().trim().min(1).max(200).optional(),
    modelVersion: z.string().trim().min(1).max(200).optional(),
    dryRun: flag.default(false),
    /** Import what fits and leave out the items that do not; without it, one bad item stops everything. */
    skipBad: flag.default(false),
    mapping: z
      .string()
      .max(200_000)
      .default('{}')
      .transform((s, ctx) => {
        try {
          return labelMapping.parse(JSON.parse(s));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'mapping must be a JSON object of category → label id (or null)' });
          return z.NEVER;
        }
      }),
  })
  .refine((f) => f.as !== 'predictions' || !!f.modelName, { path: ['modelName'], message: 'predictions need the model name (and a version)' });
export type AnnotationImportFields = z.infer<typeof annotationImportFields>;

export const annotationImportReport = z.object({
  dryRun: z.literal(true),
  format: formatId,
  /** Items the file holds (images, documents, series), and how many matched an asset. */
  items: z.number().int(),
  matchedItems: z.number().int(),
  /** Objects that fit and would be imported; those imported before (the same file again) are counted apart. */
  annotations: z.number().int(),
  alreadyImported: z.number().int(),
  /** Every category of the file with its count and the label it goes to (null: none yet, or left out). */
  categories: z.array(z.object({ name: z.string(), count: z.number().int(), labelId: z.string().nullable(), mapped: z.enum(['auto', 'user', 'skipped', 'none']) })),
  unmatched: z.array(z.object({ where: z.string(), reason: z.string() })),
  unmatchedCount: z.number().int(),
  problems: z.array(z.object({ where: z.string(), message: z.string() })),
  problemCount: z.number().int(),
  /** Attributes the schema does not have, left out, with how often. */
  droppedAttributes: z.array(z.object({ name: z.string(), count: z.number().int() })),
  /** Whether the import would go ahead as asked (nothing refused, or skipBad). */
  acceptable: z.boolean(),
});
export type AnnotationImportReport = z.infer<typeof annotationImportReport>;

/** What the import job is handed (beside orgId and jobRunId). */
export const annotationImportJob = z.object({
  projectId: uuid,
  /** The uploaded file, kept in the blob store. */
  blobKey: z.string(),
  fileName: z.string(),
  format: formatId,
  as: z.enum(['annotations', 'predictions']),
  modelName: z.string().optional(),
  modelVersion: z.string().optional(),
  mapping: labelMapping,
  skipBad: z.boolean(),
});

/** Machine codes of import refusals, beside their English detail. */
export const IMPORT_ERROR_CODES = ['import.refused', 'import.unmatched', 'import.stopped'] as const;
