import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { labelSchemaDefinition, mediaTypeSchema, toolProblems } from './label-schema';
import { hotkeyProblems } from './keymap';
import { projectRoleSchema } from './roles';
import { pieceRates, qcSettings, qualificationSettings } from './quality-settings';

export const PROJECT_STATUSES = ['active', 'archived'] as const;

export const workflowSettings = z.strictObject({
  /** How many different annotators label each asset. */
  overlap: z.number().int().min(1).max(10).default(1),
  /** Share of submitted tasks that go to review, 0–1. */
  reviewSampling: z.number().min(0).max(1).default(1),
  /** Share of tasks that are gold (known answer), 0–1. */
  goldRatio: z.number().min(0).max(0.5).default(0),
  maxReworkRounds: z.number().int().min(0).max(20).default(3),
  /** Submitting a task with no annotation: allowed, allowed with a warning, or refused. */
  emptyAnnotations: z.enum(['allow', 'warn', 'block']).default('warn'),
  /** DICOM projects: keep each original upload, encrypted, readable only by owners and admins. */
  keepDicomOriginals: z.boolean().default(false),
  qc: qcSettings.default(() => qcSettings.parse({})),
  /** Piece rates: what an item (or an object of a label) earns, for scorecards and project cost. */
  rates: pieceRates.default(() => pieceRates.parse({})),
  /** Gold items an annotator must pass before getting tasks. */
  qualification: qualificationSettings.default(() => qualificationSettings.parse({})),
});
export type WorkflowSettings = z.infer<typeof workflowSettings>;
export const DEFAULT_WORKFLOW: WorkflowSettings = workflowSettings.parse({});

const name = z.string().trim().min(1).max(200);
const description = z.string().max(5000);
/** Markdown; 200 kB is a long handbook. */
const guidelines = z.string().max(200_000);

export const projectCreateRequest = z
  .strictObject({
    name,
    description: description.default(''),
    mediaType: mediaTypeSchema,
    labelSchema: labelSchemaDefinition.default({ labels: [] }),
    guidelines: guidelines.default(''),
    workflow: workflowSettings.default(DEFAULT_WORKFLOW),
  })
  .superRefine((p, ctx) => {
    for (const problem of [...toolProblems(p.mediaType, p.labelSchema), ...hotkeyProblems(p.labelSchema.labels)]) {
      ctx.addIssue({ code: 'custom', path: ['labelSchema', ...problem.path], message: problem.message });
    }
  });
export type ProjectCreateRequest = z.input<typeof projectCreateRequest>;

export const projectUpdateRequest = z
  .strictObject({ name, description, guidelines, workflow: workflowSettings })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to update');
export type ProjectUpdateRequest = z.input<typeof projectUpdateRequest>;

/**
 * Replacing the label schema makes a new version; basedOnVersion guards against lost updates.
 * Hotkeys are checked here, on saving, and not in the schema itself: a version saved
 * before a page or an editor took a key stays readable.
 */
export const labelSchemaUpdateRequest = z
  .strictObject({
    basedOnVersion: z.number().int().min(1),
    labelSchema: labelSchemaDefinition,
  })
  .superRefine((p, ctx) => {
    for (const problem of hotkeyProblems(p.labelSchema.labels)) ctx.addIssue({ code: 'custom', path: ['labelSchema', ...problem.path], message: problem.message });
  });
export type LabelSchemaUpdateRequest = z.input<typeof labelSchemaUpdateRequest>;

export const projectListItem = z.object({
  id: uuid,
  name: z.string(),
  description: z.string(),
  mediaType: mediaTypeSchema,
  status: z.enum(PROJECT_STATUSES),
  schemaVersion: z.number().int(),
  labelCount: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ProjectListItem = z.infer<typeof projectListItem>;

export const project = projectListItem.extend({
  labelSchema: labelSchemaDefinition,
  guidelines: z.string(),
  workflow: workflowSettings,
});
export type Project = z.infer<typeof project>;

export const projectListQuery = z.strictObject({
  status: z.enum([...PROJECT_STATUSES, 'all']).default('active'),
  mediaType: mediaTypeSchema.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ProjectListQuery = z.infer<typeof projectListQuery>;

export const projectList = z.object({ items: z.array(projectListItem), total: z.number().int() });

export const schemaVersion = z.object({
  version: z.number().int(),
  labelSchema: labelSchemaDefinition,
  createdAt: isoDateTime,
  createdBy: uuid.nullable(),
});
export type SchemaVersion = z.infer<typeof schemaVersion>;
export const schemaVersionList = z.object({
  items: z.array(schemaVersion.omit({ labelSchema: true }).extend({ labelCount: z.number().int() })),
});
export const schemaVersionParams = z.strictObject({ id: uuid, version: z.coerce.number().int().min(1) });

export const projectMember = z.object({
  userId: uuid,
  email: z.string(),
  name: z.string(),
  role: projectRoleSchema,
  addedAt: isoDateTime,
});
export type ProjectMember = z.infer<typeof projectMember>;
export const projectMemberList = z.object({ items: z.array(projectMember) });
export const projectMemberAddRequest = z.strictObject({ userId: uuid, role: projectRoleSchema });
export type ProjectMemberAddRequest = z.infer<typeof projectMemberAddRequest>;
export const projectMemberParams = z.strictObject({ id: uuid, userId: uuid });
