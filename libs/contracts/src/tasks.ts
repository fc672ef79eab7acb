import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { ASSET_KINDS, assetStatus } from './assets';

/**
 * Work distribution: a manager puts assets in a batch; each asset becomes
 * `overlap` annotate tasks (each for a different person); a submitted task may
 * get a review task. A task is one person's work on one asset at one stage.
 */
export const TASK_STAGES = ['annotate', 'review'] as const;
export const taskStage = z.enum(TASK_STAGES);
export type TaskStage = z.infer<typeof taskStage>;

/**
 * queued (in the pool, nobody's) → assigned → in_progress → submitted →
 * accepted | rejected; a rejected annotate task goes back to its annotator
 * (rework) and moves to in_progress again when they reopen it.
 */
export const TASK_STATES = ['queued', 'assigned', 'in_progress', 'submitted', 'accepted', 'rejected'] as const;
export const taskState = z.enum(TASK_STATES);
export type TaskState = z.infer<typeof taskState>;

/**
 * Every move a task can make, per stage; anything else answers 409. Back to
 * `queued` is a skip, an unassignment or an expired lease. A review task ends
 * with the reviewer's decision, which moves the reviewed task the same way.
 */
export const TASK_TRANSITIONS: Record<TaskStage, Record<TaskState, readonly TaskState[]>> = {
  annotate: {
    queued: ['assigned'],
    assigned: ['in_progress', 'queued'],
    in_progress: ['submitted', 'queued'],
    submitted: ['accepted', 'rejected'],
    rejected: ['in_progress'],
    accepted: [],
  },
  review: {
    queued: ['assigned'],
    assigned: ['in_progress', 'queued', 'accepted', 'rejected'],
    in_progress: ['queued', 'accepted', 'rejected'],
    submitted: [],
    rejected: [],
    accepted: [],
  },
};
export const canMove = (stage: TaskStage, from: TaskState, to: TaskState) => TASK_TRANSITIONS[stage][from].includes(to);

export const task = z.object({
  id: uuid,
  projectId: uuid,
  batchId: uuid,
  assetId: uuid,
  assetName: z.string(),
  assetKind: z.enum(ASSET_KINDS),
  stage: taskStage,
  state: taskState,
  /** 0 for the first attempt, +1 for each rework after a rejection. */
  round: z.number().int(),
  assignee: z.object({ id: uuid, name: z.string() }).nullable(),
  /** For a review task: the annotate task it reviews. */
  reviewOf: uuid.nullable(),
  /** The annotation set this task edits (a review task edits the set of the work it reviews). */
  setId: uuid.nullable(),
  /** A claim from the pool holds until then; a heartbeat renews it. */
  leaseExpiresAt: isoDateTime.nullable(),
  activeSeconds: z.number().int(),
  openComments: z.number().int(),
  /** Shown to managers and reviewers only: to the annotator a gold task looks like any other. */
  isGold: z.boolean().optional(),
  submittedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Task = z.infer<typeof task>;

export const taskListQuery = z.strictObject({
  projectId: uuid.optional(),
  batchId: uuid.optional(),
  stage: taskStage.optional(),
  state: taskState.optional(),
  /** Only tasks assigned to me. */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;
export const taskList = z.object({ items: z.array(task), total: z.number().int() });

export const assetSelection = z.strictObject({
  /** Exactly these assets… */
  assetIds: z.array(uuid).min(1).max(100_000).optional(),
  /** …or every asset of the project matching a filter (only ready assets become tasks). */
  filter: z.strictObject({ status: assetStatus.optional(), kind: z.enum(ASSET_KINDS).optional(), q: z.string().max(200).optional() }).optional(),
  /** …but these (with a filter: assets chosen in the Data tab as "all but some"). */
  except: z.array(uuid).max(1000).optional(),
  /** Leave out assets that are already in another batch. */
  onlyUnbatched: z.boolean().default(true),
}).refine((s) => !s.except || !!s.filter, { message: 'except goes with filter', path: ['except'] });

export const batchCreateRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  selection: assetSelection,
});
export type BatchCreateRequest = z.input<typeof batchCreateRequest>;

export const batchPreviewRequest = z.strictObject({ selection: assetSelection });
/** What a batch made from this selection now would hold: the same choice `POST /projects/{id}/batches` makes. */
export const batchPreview = z.object({
  assets: z.number().int(),
  /** The project's overlap: annotate tasks per asset. */
  overlap: z.number().int(),
  /** `assets` × `overlap`. */
  annotateTasks: z.number().int(),
  /** Gold tasks mixed in at the project's gold ratio (none while the project has no gold asset). */
  goldTasks: z.number().int(),
});
export type BatchPreview = z.infer<typeof batchPreview>;

export const stateCounts = z.record(taskState, z.number().int());
export const batch = z.object({
  id: uuid,
  projectId: uuid,
  name: z.string(),
  status: z.enum(['open', 'completed']),
  assetCount: z.number().int(),
  overlap: z.number().int(),
  /** Annotate tasks by state. */
  progress: stateCounts,
  reviewProgress: stateCounts,
  createdAt: isoDateTime,
  completedAt: isoDateTime.nullable(),
});
export type Batch = z.infer<typeof batch>;
export const batchList = z.object({ items: z.array(batch), total: z.number().int() });

export const assignRequest = z.discriminatedUnion('mode', [
  /** Given tasks (or all queued tasks of given assets) to one person, or one team of people, evenly. */
  z.strictObject({ mode: z.literal('manual'), taskIds: z.array(uuid).min(1).max(10_000), userIds: z.array(uuid).min(1).max(500) }),
  /** Every queued task of the batch, spread evenly over these annotators, never two tasks of one asset to one person. */
  z.strictObject({ mode: z.literal('spread'), userIds: z.array(uuid).min(1).max(500) }),
  /** Back to the pool: assigned tasks nobody started become queued again, for "next task". */
  z.strictObject({ mode: z.literal('pool') }),
]);
export type AssignRequest = z.infer<typeof assignRequest>;
export const assignResult = z.object({ assigned: z.number().int(), unassigned: z.number().int(), skipped: z.number().int() });

export const claimRequest = z.strictObject({ stage: taskStage.default('annotate') });

export const heartbeatRequest = z.strictObject({
  /** Whether the person did something since the last beat; idle time is not counted. */
  active: z.boolean(),
});
export const heartbeatResult = z.object({ leaseExpiresAt: isoDateTime.nullable(), activeSeconds: z.number().int() });

export const ruleIssue = z.object({ path: z.string(), message: z.string(), annotationId: uuid.optional() });
export const submitResult = z.object({ task, warnings: z.array(ruleIssue) });

export const reviewRequest = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  /** A rejection says why: this becomes a comment on the task. */
  comment: z.string().trim().min(1).max(10_000).optional(),
});

export const commentCreateRequest = z.strictObject({
  body: z.string().trim().min(1).max(10_000),
  /** Pinned to an object… */
  annotationId: uuid.optional(),
  /** …or to a place on the asset (image pixels; text offset as x; slice as z). */
  point: z.strictObject({ x: z.number().finite(), y: z.number().finite(), z: z.number().finite().optional() }).optional(),
  /** A reply in a thread. */
  parentId: uuid.optional(),
});
export const commentUpdateRequest = z.strictObject({ resolved: z.boolean() });
export const comment = z.object({
  id: uuid,
  taskId: uuid,
  parentId: uuid.nullable(),
  annotationId: uuid.nullable(),
  point: z.object({ x: z.number(), y: z.number(), z: z.number().optional() }).nullable(),
  body: z.string(),
  author: z.object({ id: uuid, name: z.string() }),
  resolvedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type Comment = z.infer<typeof comment>;
export const commentList = z.object({ items: z.array(comment) });

export const transitionList = z.object({
  items: z.array(z.object({
    from: taskState.nullable(), to: taskState, actor: z.object({ id: uuid, name: z.string() }).nullable(), reason: z.string(), at: isoDateTime,
  })),
});

export const goldRequest = z.strictObject({ gold: z.boolean() });

/** Per person: what they did in the project. */
export const annotatorFigures = z.object({
  user: z.object({ id: uuid, name: z.string() }),
  submitted: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** rejected ÷ reviewed */
  rejectionRate: z.number().nullable(),
  /** Active seconds per submitted task. */
  secondsPerTask: z.number().nullable(),
  /** Submissions per active hour. */
  tasksPerHour: z.number().nullable(),
});
export const projectDashboard = z.object({
  batches: z.array(batch),
  tasksByState: stateCounts,
  reviewsByState: stateCounts,
  annotators: z.array(annotatorFigures),
  reviewers: z.array(z.object({ user: z.object({ id: uuid, name: z.string() }), reviewed: z.number().int(), rejected: z.number().int() })),
});
export type ProjectDashboard = z.infer<typeof projectDashboard>;
export const myDashboard = z.object({
  figures: annotatorFigures,
  /** Tasks assigned to me that are not done, and review tasks I hold. */
  open: z.array(task),
  /** Review tasks waiting in the pools of my projects. */
  reviewQueue: z.number().int(),
});

export const NOTIFICATION_KINDS = ['task.assigned', 'task.rejected', 'task.accepted', 'batch.completed'] as const;
export interface Notification {
  kind: (typeof NOTIFICATION_KINDS)[number];
  projectId: string;
  taskId?: string;
  batchId?: string;
  /** Who caused it, and what they said (a rejection's comment). */
  by?: { id: string; name: string };
  message?: string;
  at: string;
}

/**
 * What a webhook can be told. `assets.deleted` carries `{ projectId, assetIds }` (at most 1,000 ids an event: a
 * larger delete sends several); `project.deleted` carries `{ projectId, name }`, and no assets.deleted for its assets.
 */
export const WEBHOOK_EVENTS = ['task.submitted', 'task.accepted', 'task.rejected', 'batch.completed', 'release.ready', 'assets.deleted', 'project.deleted'] as const;
export const webhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof webhookEvent>;
