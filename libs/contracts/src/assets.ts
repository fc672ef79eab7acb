import { z } from 'zod';
import { isoDateTime, uuid, withoutCredentials } from './common';

export const ASSET_KINDS = ['image', 'text', 'dicom'] as const;
/** `quarantined`: a DICOM series that may show burned-in patient data, held until an admin releases it. */
export const ASSET_STATUSES = ['pending', 'ready', 'failed', 'quarantined'] as const;
export const assetStatus = z.enum(ASSET_STATUSES);

/** Image formats ingest accepts, by what the bytes say they are (never by the file name). */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'tiff', 'bmp'] as const;
export const TEXT_EXTENSIONS = ['.txt', '.md'] as const;
/** Files of many records, each of which becomes one text asset. */
export const RECORD_EXTENSIONS = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl', '.csv': 'csv' } as const;

/**
 * Why a file did not come in, as a stable machine code: the web app translates
 * it, and the English detail (with the specifics: sizes, line numbers, the
 * library's words) travels beside it. Add codes; never rename one.
 */
export const INGEST_ERROR_CODES = [
  'file.empty', 'file.too_large', 'file.wrong_type',
  'image.unreadable', 'image.unsupported_format', 'image.no_size', 'image.too_many_pixels', 'image.damaged',
  'text.too_large', 'text.invalid_utf8', 'text.binary',
  'records.unreadable', 'records.no_text_field', 'records.none_usable',
  'dicom.not_dicom', 'dicom.unreadable', 'dicom.unsupported', 'dicom.no_uid', 'dicom.no_pixel_data', 'dicom.too_complex', 'dicom.quarantined',
  'zip.unreadable', 'zip.damaged', 'zip.bomb', 'zip.unsafe_path', 'zip.symlink', 'zip.too_large', 'zip.too_many_entries', 'zip.nested', 'zip.damaged_entry',
  /** a transient failure that outlasted every retry */
  'ingest.gave_up',
] as const;
export const ingestErrorCode = z.enum(INGEST_ERROR_CODES);
export type IngestErrorCode = z.infer<typeof ingestErrorCode>;

export const asset = z.object({
  id: uuid,
  projectId: uuid,
  kind: z.enum(ASSET_KINDS),
  status: assetStatus,
  /** The uploaded file's name, for people; never used as a path. */
  name: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  contentType: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  hasThumbnail: z.boolean(),
  /**
   * A short-lived signed URL of the thumbnail (root-relative, no token needed), when there is one
   * and the viewer may see it: `<img src>` takes it as it is. It stays the same for about a minute,
   * so refetching a list does not make the browser load every thumbnail again.
   */
  thumbnailUrl: z.string().nullable(),
  /** First characters of a text asset, for lists. */
  preview: z.string().nullable(),
  error: z.string().nullable(),
  /** The machine code of `error` (a failure or a quarantine), for translation. */
  errorCode: ingestErrorCode.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  /** Marked as gold (PUT /assets/{id}/gold). Told only to those who keep gold (`gold.manage`); false to everyone else. */
  gold: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Asset = z.infer<typeof asset>;

export const assetListQuery = z.strictObject({
  status: assetStatus.optional(),
  kind: z.enum(ASSET_KINDS).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AssetListQuery = z.infer<typeof assetListQuery>;

/** A list's filters, without its paging: what "every asset that matches" means. */
export const assetFilter = assetListQuery.pick({ status: true, kind: true, q: true });
export type AssetFilter = z.infer<typeof assetFilter>;

/** Assets of a project chosen at once: one by one (`ids`), or every one the list's filters match (`matching`) but those taken out (`except`). */
const assetChoiceFields = {
  ids: z.array(uuid).min(1).max(1000).optional(),
  matching: assetFilter.optional(),
  except: z.array(uuid).max(1000).optional(),
};
type ChoiceFields = { ids?: string[]; matching?: AssetFilter; except?: string[] };
const choiceRules = <T extends z.ZodType<ChoiceFields>>(schema: T) => schema
  .refine((d) => !d.ids !== !d.matching, { message: 'send either ids or matching', path: ['ids'] })
  .refine((d) => !d.except || !!d.matching, { message: 'except goes with matching', path: ['except'] })
  .refine((d) => !d.ids || new Set(d.ids).size === d.ids.length, { message: 'an id is named twice', path: ['ids'] });

/** The failed ones among the chosen assets go through ingest again (POST /projects/{id}/assets/retry). */
export const assetChoice = choiceRules(z.strictObject(assetChoiceFields));
export type AssetChoice = z.infer<typeof assetChoice>;

/**
 * Chosen assets to delete. `expected` is how many the person saw chosen: if the choice now names another number
 * (an upload or another person's delete since), nothing is deleted.
 */
export const assetDeletion = choiceRules(z.strictObject({ ...assetChoiceFields, expected: z.number().int().min(1) }));
export type AssetDeletion = z.infer<typeof assetDeletion>;
export const assetsDeleted = z.object({ deleted: z.number().int() });
export const assetList = z.object({
  items: z.array(asset),
  total: z.number().int(),
  counts: z.object({ pending: z.number().int(), ready: z.number().int(), failed: z.number().int(), quarantined: z.number().int() }),
});

export const uploadQuery = z.strictObject({
  /** The JSON field or CSV column that holds the text of each record; other fields are kept as metadata. */
  textField: z.string().trim().min(1).max(100).default('text'),
});
export type UploadQuery = z.infer<typeof uploadQuery>;

export const uploadResult = z.object({
  /** The run that ingests the accepted files. */
  jobRunId: uuid.nullable(),
  /** The run that splits record files (JSONL, CSV) into one text asset per record. */
  splitRunId: uuid.nullable(),
  /** The run that de-identifies DICOM files and files them into series. */
  dicomRunId: uuid.nullable(),
  dicomFiles: z.number().int(),
  /** The run that expands zip archives; their files then get ingest runs of their own. */
  archiveRunId: uuid.nullable(),
  recordFiles: z.array(z.object({ name: z.string() })),
  archives: z.array(z.object({ name: z.string() })),
  accepted: z.array(z.object({ assetId: uuid, name: z.string() })),
  duplicates: z.array(z.object({ assetId: uuid, name: z.string() })),
  rejected: z.array(z.object({ name: z.string(), reason: z.string(), code: ingestErrorCode })),
});
export type UploadResult = z.infer<typeof uploadResult>;

export const folderSource = z.strictObject({
  type: z.literal('folder'),
  /** A folder under one of the roots the administrator allowlisted (IMPORT_ROOTS). */
  path: z.string().min(1).max(4096),
});
export const s3Source = z.strictObject({
  type: z.literal('s3'),
  /** Must be one of the endpoints the administrator allowlisted (S3_IMPORT_ENDPOINTS). */
  endpoint: z.url({ protocol: /^https?$/ }).refine(withoutCredentials, 'an endpoint may not carry credentials; send accessKeyId and secretAccessKey'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a valid bucket name'),
  prefix: z.string().max(1024).default(''),
  region: z.string().max(50).default('us-east-1'),
  accessKeyId: z.string().max(256).optional(),
  secretAccessKey: z.string().max(256).optional(),
  forcePathStyle: z.boolean().default(true),
}).refine((s) => !s.accessKeyId === !s.secretAccessKey, { message: 'send both accessKeyId and secretAccessKey, or neither (an anonymous import)', path: ['secretAccessKey'] });
export type S3Source = z.infer<typeof s3Source>;

export const importRequest = z.strictObject({
  source: z.discriminatedUnion('type', [folderSource, s3Source]),
  /** Count what would come in, and take nothing. */
  dryRun: z.boolean().default(false),
  textField: z.string().trim().min(1).max(100).default('text'),
});
export type ImportRequest = z.infer<typeof importRequest>;

export const importDryRun = z.object({
  dryRun: z.literal(true),
  files: z.number().int(),
  bytes: z.number().int(),
  /** by extension, lower case, '' for none */
  byExtension: z.record(z.string(), z.number().int()),
  skipped: z.number().int(),
  truncated: z.boolean(),
  sample: z.array(z.string()),
});
export const importStarted = z.object({ dryRun: z.literal(false), jobRunId: uuid });
export const importResult = z.union([importDryRun, importStarted]);

export const importRoots = z.object({ roots: z.array(z.string()), s3Endpoints: z.array(z.string()) });

export const dicomInstanceList = z.object({
  items: z.array(z.object({ id: uuid, sopInstanceUid: z.string(), instanceNumber: z.number().int().nullable() })),
});
export const instanceParams = z.strictObject({ id: uuid, instanceId: uuid });

/** Which bytes of an asset a file is: the image or text itself, or one DICOM instance of a series. */
export const ASSET_FILE_KINDS = ['content', 'instance'] as const;
/**
 * Where a DICOM instance lies and how its pixels are stored, as ingest read them: geometry and pixel format
 * only, never patient data. A viewer builds the series' volume from them before the files arrive.
 */
export const dicomInstanceGeometry = z.object({
  rows: z.number().int(),
  columns: z.number().int(),
  /** Image Position (Patient), mm: the first voxel's centre. */
  position: z.array(z.number()).length(3),
  /** Image Orientation (Patient): row then column direction cosines. */
  orientation: z.array(z.number()).length(6),
  /** Pixel Spacing, mm: between rows, then between columns. */
  pixelSpacing: z.array(z.number()).length(2),
  sliceThickness: z.number().nullable(),
  samplesPerPixel: z.number().int(),
  photometricInterpretation: z.string(),
  bitsAllocated: z.number().int(),
  bitsStored: z.number().int(),
  highBit: z.number().int(),
  pixelRepresentation: z.number().int(),
  rescaleSlope: z.number(),
  rescaleIntercept: z.number(),
});
export type DicomInstanceGeometry = z.infer<typeof dicomInstanceGeometry>;
export const assetFile = z.object({
  kind: z.enum(ASSET_FILE_KINDS),
  /**
   * Short-lived signed URL (root-relative): fetch it without an Authorization header, e.g. as
   * `<img src>` or Cornerstone's `wadouri:` + url. Bound to the viewer; it stops working at `expiresAt`.
   */
  url: z.string(),
  /** The type the bytes proved at ingest, as the URL serves it. */
  contentType: z.string(),
  size: z.number().int(),
  /** DICOM instances only: which instance, in slice order. */
  instanceId: uuid.optional(),
  sopInstanceUid: z.string().optional(),
  instanceNumber: z.number().int().nullable().optional(),
  /** DICOM instances only: null when ingest did not keep it (series ingested before it did, or a slice without a plane). */
  geometry: dicomInstanceGeometry.nullable().optional(),
});
export type AssetFile = z.infer<typeof assetFile>;
export const assetFileList = z.object({
  assetId: uuid,
  /** When every URL of this answer stops working; ask again after it. */
  expiresAt: isoDateTime,
  /** The WebP thumbnail (image, or a series' middle slice), signed like the files. */
  thumbnailUrl: z.string().nullable(),
  /** An image or a text: one item. A DICOM series: every instance, in order along the slice normal. */
  items: z.array(assetFile),
});
export type AssetFileList = z.infer<typeof assetFileList>;
/** `<payload>.<signature>`, both base64url: see docs/api-routes.md. Anything else is no file (404). */
export const signedFileParams = z.strictObject({ token: z.string().max(600).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/) });
