import { Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { idParams, jobRun, jobRunList, jobRunListQuery, type IdParams, type JobName, type JobState } from '@tessera/contracts';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { gone, reason } from '@tessera/server/errors';
import { ApiController, Contract, ProblemError } from '@tessera/server/http';
import { JobRunsService } from '@tessera/server/jobs';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { AuditLog } from '@tessera/server/audit';

@ApiController('job-runs')
export class JobRunsController {
  constructor(private readonly jobs: JobRunsService, @Inject(BLOB_STORE) private readonly blobs: BlobStore, private readonly audit: AuditLog) {}

  @Can('jobs.read')
  @Get()
  @Contract({ summary: 'Background job runs (yours; all for owners and admins)', tags: ['jobs'], query: jobRunListQuery, response: jobRunList })
  list(@CurrentActor() actor: Actor, @Query() q: { type?: JobName; state?: JobState; limit: number; offset: number }) {
    return this.jobs.list(actor, q);
  }

  @Can('jobs.read')
  @Get(':id')
  @Contract({ summary: 'One job run with its progress', tags: ['jobs'], params: idParams, response: jobRun })
  get(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.jobs.get(actor, p.id);
  }

  @Can('jobs.read')
  @Post(':id/cancel')
  @HttpCode(200)
  @Contract({ summary: 'Cancel a queued or running export (it stops at once and keeps no file) or pre-annotation (the assets not begun are left); 409 for a finished run or a kind that must finish', tags: ['jobs'], params: idParams, response: jobRun })
  async cancel(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    const run = await this.jobs.cancel(actor, p.id);
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'job_run.cancelled', resourceType: 'job_run', resourceId: run.id,
      origin: actor.origin, details: { type: run.type },
    });
    return run;
  }

  @Can('jobs.read')
  @Get(':id/download')
  @Contract({ summary: "Download a finished run's file", tags: ['jobs'], params: idParams, produces: 'application/octet-stream' })
  async download(@CurrentActor() actor: Actor, @Param() p: IdParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const run = await this.jobs.getForDownload(actor, p.id);
    if (run.state !== 'succeeded' || !run.result) throw new ProblemError(409, 'Conflict', 'This run has no file (yet).');
    const { blobKey, fileName, contentType, size, sha256, expiresAt } = run.result;
    // Past its time the file is deleted (or about to be, by the worker's next pass): either way it is not given.
    if (!blobKey || (expiresAt && Date.parse(expiresAt) <= Date.now())) {
      throw gone(`This file was deleted at ${expiresAt ?? 'its expiry'}: export files are kept for a while only. Run the export again.`, reason('run_file_expired'));
    }
    // Every file that leaves is on the record: who took which run's file, and which bytes.
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'job_run.downloaded', resourceType: 'job_run', resourceId: run.id,
      origin: actor.origin, details: { type: run.type, fileName, size, sha256, projectId: run.params.projectId ?? null },
    });
    reply
      .header('content-type', contentType)
      .header('content-length', String(size))
      .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`)
      .header('x-content-type-options', 'nosniff');
    return this.blobs.get(blobKey);
  }
}
