import { Body, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  assetQuality, assetQualityList, assetQualityListQuery, duplicateList, duplicateListQuery, idParams, jobRun, personStatus, personStatusUpdate,
  projectUserParams, qualificationSetRequest, qualificationStatus, qualityReport, taskQuality, type IdParams,
} from '@tessera/contracts';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { ApiController, Contract } from '@tessera/server/http';
import { Qualifications, QualityService } from '@tessera/server/quality';

/** Quality control: thin routes over libs/server/quality. */
@ApiController()
export class QualityController {
  constructor(private readonly quality: QualityService, private readonly qualifications: Qualifications) {}

  @Can('quality.read')
  @Get('projects/:id/quality')
  @Contract({ summary: "A project's quality report: scorecards, agreement, accuracy per label, consensus, cost", tags: ['quality'], params: idParams, response: qualityReport })
  report(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.quality.report(actor, p.id);
  }

  @Can('quality.manage')
  @Post('projects/:id/quality/report')
  @HttpCode(202)
  @Contract({ summary: 'Compute the quality report now (it is also computed nightly)', tags: ['quality'], params: idParams, response: jobRun, status: 202 })
  recompute(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.quality.startReport(actor, p.id);
  }

  @Can('quality.read')
  @Get('projects/:id/quality/scorecards.csv')
  @Contract({ summary: 'The scorecards as CSV (one row per person and role)', tags: ['quality'], params: idParams, produces: 'text/csv' })
  async csv(@CurrentActor() actor: Actor, @Param() p: IdParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const body = await this.quality.scorecardsCsv(actor, p.id);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="scorecards-${p.id}.csv"`).header('x-content-type-options', 'nosniff');
    return body;
  }

  @Can('quality.manage')
  @Put('projects/:id/quality/people/:userId')
  @Contract({ summary: "Put someone under full review or pause them in the project, or clear it (stands until new gold evidence)", tags: ['quality'], params: projectUserParams, body: personStatusUpdate, response: personStatus })
  setPerson(@CurrentActor() actor: Actor, @Param() p: z.output<typeof projectUserParams>, @Body() body: z.output<typeof personStatusUpdate>) {
    return this.quality.setPerson(actor, p.id, p.userId, body);
  }

  @Can('quality.review')
  @Get('projects/:id/quality/assets')
  @Contract({ summary: "Overlapped assets' agreement and consensus, those to review first", tags: ['quality'], params: idParams, query: assetQualityListQuery, response: assetQualityList })
  assets(@CurrentActor() actor: Actor, @Param() p: IdParams, @Query() q: z.output<typeof assetQualityListQuery>) {
    return this.quality.assetList(actor, p.id, q);
  }

  @Can('quality.review')
  @Get('assets/:id/quality')
  @Contract({ summary: "One asset's agreement and consensus, with each person's work and what the others disagreed with", tags: ['quality'], params: idParams, response: assetQuality })
  asset(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.quality.asset(actor, p.id);
  }

  @Can('quality.review')
  @Post('assets/:id/quality/accept')
  @HttpCode(200)
  @Contract({ summary: "Accept the consensus as the asset's result", tags: ['quality'], params: idParams, response: assetQuality })
  accept(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.quality.accept(actor, p.id);
  }

  @Can('quality.review')
  @Post('projects/:id/quality/accept')
  @HttpCode(202)
  @Contract({ summary: "Accept every agreed consensus of the project as its asset's result (a job)", tags: ['quality'], params: idParams, response: jobRun, status: 202 })
  acceptAgreed(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.quality.acceptAgreed(actor, p.id);
  }

  @Can('tasks.read')
  @Get('tasks/:id/quality')
  @Contract({ summary: "A task's rule findings, and its gold score to managers (and to its annotator where the project shows gold feedback)", tags: ['quality'], params: idParams, response: taskQuality })
  task(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.quality.task(actor, p.id);
  }

  @Can('assets.read')
  @Get('projects/:id/duplicates')
  @Contract({ summary: 'Near-duplicate assets found at ingest (perceptual hash for images, MinHash for texts)', tags: ['quality'], params: idParams, query: duplicateListQuery, response: duplicateList })
  duplicates(@CurrentActor() actor: Actor, @Param() p: IdParams, @Query() q: z.output<typeof duplicateListQuery>) {
    return this.quality.duplicates(actor, p.id, q);
  }

  @Can('quality.manage')
  @Post('projects/:id/duplicates/check')
  @HttpCode(202)
  @Contract({
    summary: "Look for near-duplicates among the project's assets not checked yet (ingested before the check, or whose check failed); while a check runs, answers with it",
    tags: ['quality'], params: idParams, response: jobRun, status: 202,
  })
  checkDuplicates(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.quality.checkDuplicates(actor, p.id);
  }

  @Can('qualification.take')
  @Get('projects/:id/qualification')
  @Contract({ summary: "The project's qualification, and where you stand", tags: ['quality'], params: idParams, response: qualificationStatus })
  qualification(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.qualifications.status(actor, p.id);
  }

  @Can('quality.manage')
  @Put('projects/:id/qualification/items')
  @Contract({ summary: 'Choose the qualification set: gold assets of the project', tags: ['quality'], params: idParams, body: qualificationSetRequest, response: qualificationStatus })
  setQualification(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.output<typeof qualificationSetRequest>) {
    return this.qualifications.setItems(actor, p.id, body.assetIds);
  }

  @Can('qualification.take')
  @Post('projects/:id/qualification/attempts')
  @HttpCode(201)
  @Contract({ summary: 'Start an attempt: the set’s items become tasks assigned to you ("Next task" hands them out)', tags: ['quality'], params: idParams, response: qualificationStatus, status: 201 })
  attempt(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.qualifications.attempt(actor, p.id);
  }
}
