import { Body, Get, Post, Query } from '@nestjs/common';
import { auditEventList, auditExportRequest, auditQuery, jobRun, type AuditExportRequest, type AuditQuery } from '@tessera/contracts';
import { AuditLog } from '@tessera/server/audit';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { ApiController, Contract } from '@tessera/server/http';
import { JobRunsService } from '@tessera/server/jobs';

@ApiController('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditLog, private readonly jobs: JobRunsService) {}

  @Can('audit.read')
  @Get()
  @Contract({ summary: "Your organisation's audit log, newest first", tags: ['audit'], query: auditQuery, response: auditEventList })
  list(@CurrentActor() actor: Actor, @Query() q: AuditQuery) {
    return this.audit.list(actor.orgId, q);
  }

  @Can('audit.export')
  @Post('exports')
  @Contract({ summary: 'Export a date range of the audit log as CSV (a background job)', tags: ['audit'], body: auditExportRequest, response: jobRun, status: 202 })
  async export(@CurrentActor() actor: Actor, @Body() body: AuditExportRequest) {
    const run = await this.jobs.start(actor, 'audit.export', { from: body.from, to: body.to });
    await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'audit.export_requested', resourceType: 'job_run', resourceId: run.id, origin: actor.origin, details: body });
    return run;
  }
}
