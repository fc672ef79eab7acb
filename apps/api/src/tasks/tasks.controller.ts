import { Body, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  annotationSnapshot, assignRequest, assignResult, batch, batchCreateRequest, batchList, batchPreview, batchPreviewRequest, claimRequest, comment, commentCreateRequest, commentList,
  commentUpdateRequest, goldRequest, heartbeatRequest, heartbeatResult, idParams, myDashboard, opBatch, opBatchResult, projectDashboard, reviewRequest,
  submitResult, task, taskList, taskListQuery, transitionList, type IdParams, type TaskListQuery,
} from '@tessera/contracts';
import { AnnotationSets, AnnotationsService } from '@tessera/server/annotations';
import { Can, CurrentActor, ReadsOnly, type Actor } from '@tessera/server/auth';
import { ApiController, Contract, forbidden, reason } from '@tessera/server/http';
import { BatchesService, CommentsService, DashboardsService, TasksService } from '@tessera/server/tasks';

const projectQuery = z.strictObject({ projectId: z.uuid() });

/** Batches, tasks and their review: thin routes over libs/server/tasks. */
@ApiController()
export class TasksController {
  constructor(
    private readonly batches: BatchesService,
    private readonly tasks: TasksService,
    private readonly comments: CommentsService,
    private readonly dashboards: DashboardsService,
    private readonly sets: AnnotationSets,
    private readonly annotations: AnnotationsService,
  ) {}

  @Can('batches.manage')
  @Post('projects/:id/batches')
  @Contract({ summary: 'Make a batch of work from a selection of assets: `overlap` annotate tasks per asset, queued in the pool, gold mixed in', tags: ['tasks'], params: idParams, body: batchCreateRequest, response: batch, status: 201 })
  createBatch(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.output<typeof batchCreateRequest>) {
    return this.batches.create(actor, p.id, body);
  }

  @Can('batches.manage')
  @ReadsOnly()
  @Post('projects/:id/batches/preview')
  @HttpCode(200)
  @Contract({ summary: 'What a batch made from this selection now would hold (assets, annotate and gold tasks), without making it', tags: ['tasks'], params: idParams, body: batchPreviewRequest, response: batchPreview })
  previewBatch(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.output<typeof batchPreviewRequest>) {
    return this.batches.preview(actor, p.id, body.selection);
  }

  @Can('batches.read')
  @Get('projects/:id/batches')
  @Contract({ summary: "A project's batches with their progress", tags: ['tasks'], params: idParams, response: batchList })
  listBatches(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.batches.list(actor, p.id);
  }

  @Can('batches.read')
  @Get('batches/:id')
  @Contract({ summary: 'One batch', tags: ['tasks'], params: idParams, response: batch })
  getBatch(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.batches.get(actor, p.id);
  }

  @Can('batches.manage')
  @Post('batches/:id/assign')
  @HttpCode(200)
  @Contract({ summary: "Hand out a batch's queued tasks: by hand, spread evenly, or back to the pool", tags: ['tasks'], params: idParams, body: assignRequest, response: assignResult })
  assign(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.output<typeof assignRequest>) {
    return this.batches.assign(actor, p.id, body);
  }

  @Can('gold.manage')
  @Put('assets/:id/gold')
  @Contract({ summary: "Mark an asset as gold: its working set's annotations are the reference answers", tags: ['tasks'], params: idParams, body: goldRequest, response: z.object({ assetId: z.uuid(), gold: z.boolean() }) })
  gold(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: { gold: boolean }) {
    return this.batches.setGold(actor, p.id, body.gold);
  }

  @Can('tasks.read')
  @Get('tasks')
  @Contract({ summary: 'Tasks (annotators: their own)', tags: ['tasks'], query: taskListQuery, response: taskList })
  list(@CurrentActor() actor: Actor, @Query() q: TaskListQuery) {
    return this.tasks.list(actor, q);
  }

  @Can('tasks.read')
  @Get('tasks/:id')
  @Contract({ summary: 'One task', tags: ['tasks'], params: idParams, response: task })
  get(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.tasks.get(actor, p.id);
  }

  @Can('tasks.read')
  @Get('tasks/:id/transitions')
  @Contract({ summary: 'Every move the task made: who, when, why', tags: ['tasks'], params: idParams, response: transitionList })
  transitions(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.tasks.transitions(actor, p.id);
  }

  @Can('tasks.work')
  @Post('projects/:id/tasks/next')
  @Contract({ summary: 'Claim the next task from the pool (with a lease); 204 when there is none for you', tags: ['tasks'], params: idParams, body: claimRequest, response: task })
  async next(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.output<typeof claimRequest>, @Res({ passthrough: true }) reply: FastifyReply) {
    const claimed = await this.tasks.claim(actor, p.id, body.stage);
    if (!claimed) reply.status(204);
    else reply.status(200);
    return claimed ?? undefined;
  }

  @Can('tasks.work')
  @Post('tasks/:id/start')
  @HttpCode(200)
  @Contract({ summary: 'Open a task for work (a rejected one starts its rework round)', tags: ['tasks'], params: idParams, response: task })
  start(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.tasks.start(actor, p.id);
  }

  @Can('tasks.work')
  @Post('tasks/:id/heartbeat')
  @HttpCode(200)
  @Contract({ summary: 'Still working: renews the lease; active beats count towards the time spent', tags: ['tasks'], params: idParams, body: heartbeatRequest, response: heartbeatResult })
  heartbeat(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: { active: boolean }) {
    return this.tasks.heartbeat(actor, p.id, body.active);
  }

  @Can('tasks.work')
  @Post('tasks/:id/skip')
  @HttpCode(200)
  @Contract({ summary: 'Give the task back to the pool; it is not offered to you again', tags: ['tasks'], params: idParams, response: task })
  skip(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.tasks.skip(actor, p.id);
  }

  @Can('tasks.work')
  @Post('tasks/:id/submit')
  @HttpCode(200)
  @Contract({ summary: "Hand in an annotate task after the schema's rule checks (422 with the blocking errors)", tags: ['tasks'], params: idParams, response: submitResult })
  submit(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.tasks.submit(actor, p.id);
  }

  @Can('tasks.review')
  @Post('tasks/:id/review')
  @HttpCode(200)
  @Contract({ summary: 'Accept or reject the work a review task reviews (a rejection needs a comment)', tags: ['tasks'], params: idParams, body: reviewRequest, response: task })
  review(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.output<typeof reviewRequest>) {
    return this.tasks.review(actor, p.id, body.decision, body.comment);
  }

  @Can('tasks.read')
  @Get('tasks/:id/comments')
  @Contract({ summary: "Comments on the task's work, pinned and threaded", tags: ['tasks'], params: idParams, response: commentList })
  listComments(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.comments.list(actor, p.id);
  }

  @Can('tasks.comment')
  @Post('tasks/:id/comments')
  @Contract({ summary: 'Comment on the work, pinned to an object or a point, or reply in a thread', tags: ['tasks'], params: idParams, body: commentCreateRequest, response: comment, status: 201 })
  addComment(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.output<typeof commentCreateRequest>) {
    return this.comments.create(actor, p.id, body);
  }

  @Can('tasks.comment')
  @Patch('comments/:id')
  @Contract({ summary: 'Resolve or reopen a comment', tags: ['tasks'], params: idParams, body: commentUpdateRequest, response: comment })
  resolve(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: { resolved: boolean }) {
    return this.comments.resolve(actor, p.id, body.resolved);
  }

  @Can('tasks.read')
  @Get('tasks/:id/annotations')
  @Contract({ summary: "The task's annotations (a review task's: those of the work it reviews)", tags: ['tasks'], params: idParams, response: annotationSnapshot })
  async taskAnnotations(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.annotations.read(await this.sets.openForTask(actor, p.id));
  }

  @Can('tasks.work')
  @Post('tasks/:id/annotations/ops')
  @HttpCode(200)
  @Contract({ summary: "Apply ops to the task's annotations, as the socket does", tags: ['tasks'], params: idParams, body: opBatch, response: opBatchResult })
  async taskOps(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.infer<typeof opBatch>) {
    const set = await this.sets.openForTask(actor, p.id);
    if (!set.canEdit) throw forbidden('This task is not yours to edit now.', undefined, reason('not_yours_to_edit'));
    return this.annotations.applyBatch(actor, set, body.ops);
  }

  @Can('dashboard.read')
  @Get('projects/:id/dashboard')
  @Contract({ summary: 'Batch progress, per-annotator throughput, time per task, rejection rates', tags: ['tasks'], params: idParams, response: projectDashboard })
  dashboard(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.dashboards.project(actor, p.id);
  }

  @Can('dashboard.own')
  @Get('me/dashboard')
  @Contract({ summary: 'My figures, my open tasks and the review queue in a project', tags: ['tasks'], query: projectQuery, response: myDashboard })
  mine(@CurrentActor() actor: Actor, @Query() q: { projectId: string }) {
    return this.dashboards.mine(actor, q.projectId);
  }
}
