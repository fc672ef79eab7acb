import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  annotationHistory, annotationSnapshot, idParams, opBatch, opBatchResult, opList, opsAfterQuery, type IdParams,
} from '@tessera/contracts';
import { AnnotationSets, AnnotationsService } from '@tessera/server/annotations';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { ApiController, Contract, forbidden, reason } from '@tessera/server/http';

/** The annotation model over REST, with the socket's semantics (for the SDK, importers and catch-up). */
@ApiController()
export class AnnotationsController {
  constructor(private readonly sets: AnnotationSets, private readonly annotations: AnnotationsService) {}

  @Can('annotations.read')
  @Get('assets/:id/annotations')
  @Contract({ summary: "An asset's annotations and the server_seq they reflect", tags: ['annotations'], params: idParams, response: annotationSnapshot })
  async snapshot(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.annotations.read(await this.sets.openForAsset(actor, p.id));
  }

  @Can('annotations.edit')
  @Post('assets/:id/annotations/ops')
  @Contract({
    summary: 'Apply a batch of ops (create, update, delete) as the socket does: each is committed once, by (clientId, clientSeq), or rejected with a reason',
    tags: ['annotations'], params: idParams, body: opBatch, response: opBatchResult, status: 200,
  })
  async applyOps(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: z.infer<typeof opBatch>) {
    const set = await this.sets.openForAsset(actor, p.id);
    if (!set.canEdit) throw forbidden('You may read this asset, not edit its annotations.', undefined, reason('not_yours_to_edit'));
    return this.annotations.applyBatch(actor, set, body.ops);
  }

  @Can('annotations.read')
  @Get('annotation-sets/:id/ops')
  @Contract({ summary: 'Committed ops after a server_seq, in order (catch-up)', tags: ['annotations'], params: idParams, query: opsAfterQuery, response: opList })
  async ops(@CurrentActor() actor: Actor, @Param() p: IdParams, @Query() q: z.infer<typeof opsAfterQuery>) {
    const set = await this.sets.openById(actor, p.id);
    const { ops, serverSeq, more } = await this.annotations.opsAfter(set, q.after, q.limit);
    return { setId: set.setId, serverSeq, items: ops, more };
  }

  @Can('annotations.read')
  @Get('annotations/:id/history')
  @Contract({ summary: 'Who changed what of one annotation, and when', tags: ['annotations'], params: idParams, response: annotationHistory })
  history(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.annotations.history(actor, p.id);
  }
}
