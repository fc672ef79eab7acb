import { Body, Param, Post } from '@nestjs/common';
import { exportRequest, idParams, jobRun, type ExportRequestParsed, type IdParams } from '@tessera/contracts';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { ApiController, Contract } from '@tessera/server/http';
import { ExportsService } from '@tessera/server/exports';

@ApiController('projects')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Can('exports.create')
  @Post(':id/exports')
  @Contract({
    summary: "Export a project's annotations in a format (a background job; download its file from GET /job-runs/{id}/download)",
    tags: ['exports'], params: idParams, body: exportRequest, response: jobRun, status: 202,
  })
  start(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: ExportRequestParsed) {
    return this.exports.start(actor, p.id, body);
  }
}
