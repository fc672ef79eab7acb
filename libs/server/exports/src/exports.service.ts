import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FORMATS_BY_MEDIA, type ExportRequestParsed, type JobRun } from '@tessera/contracts';
import { AuditLog } from '@tessera/server/audit';
import type { Actor } from '@tessera/server/auth';
import { unprocessable as refused } from '@tessera/server/errors';
import { JobRunsService } from '@tessera/server/jobs';
import { ProjectsService } from '@tessera/server/projects';

const unprocessable = (path: string, message: string) =>
  refused(message, [{ path, message }]);

/** Starting exports: the request is checked against the project here, the work is the worker's (`exports.run`). */
@Injectable()
export class ExportsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly projects: ProjectsService,
    private readonly jobs: JobRunsService,
    private readonly audit: AuditLog,
  ) {}

  async start(actor: Actor, projectId: string, req: ExportRequestParsed): Promise<JobRun> {
    const project = await this.projects.get(actor, projectId, 'exports.create');
    const formats: readonly string[] = FORMATS_BY_MEDIA[project.mediaType];
    if (!formats.includes(req.format)) throw unprocessable('format', `${req.format} is not a format for ${project.mediaType} projects (${formats.join(', ')})`);
    if (req.modelVersion && req.annotations !== 'predictions') throw unprocessable('modelVersion', 'a model version chooses predictions; ask for annotations "predictions"');
    const unknown = req.filter?.labelIds?.filter((id) => !project.labelSchema.labels.some((l) => l.id === id)) ?? [];
    if (unknown.length) throw unprocessable('filter.labelIds', `not labels of this project: ${unknown.join(', ')}`);
    if (req.filter?.batchId) {
      const [batch] = await this.db.query(`SELECT 1 FROM batches WHERE id = $1 AND project_id = $2 AND org_id = $3`, [req.filter.batchId, projectId, actor.orgId]);
      if (!batch) throw unprocessable('filter.batchId', 'no such batch in this project');
    }
    const run = await this.jobs.start(actor, 'exports.run', {
      projectId, format: req.format, annotations: req.annotations, modelVersion: req.modelVersion, filter: req.filter, includeMedia: req.includeMedia, conll: req.conll,
    });
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'export.requested', resourceType: 'project', resourceId: projectId,
      origin: actor.origin, details: { jobRunId: run.id, format: req.format, annotations: req.annotations, filter: req.filter ?? null, includeMedia: req.includeMedia },
    });
    return run;
  }
}
