import { Body, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  idParams, release, releaseCreateRequest, releaseDownload, releaseFileParams, releaseGrant, releaseGrantList, releaseGrantParams, releaseGrantRequest, releaseList,
  type IdParams, type ReleaseCreateParsed,
} from '@tessera/contracts';
import { Can, CurrentActor, Public, ReadsOnly, type Actor } from '@tessera/server/auth';
import { ApiController, Contract, originOf } from '@tessera/server/http';
import { ReleasesService } from '@tessera/server/releases';

@ApiController()
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  @Can('releases.manage')
  @Post('projects/:id/releases')
  @Contract({ summary: 'Cut the next release of a project: its annotations frozen in the chosen formats, with splits, manifest, datasheet and diff (built by a job)', tags: ['releases'], params: idParams, body: releaseCreateRequest, response: release, status: 202 })
  create(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: ReleaseCreateParsed) {
    return this.releases.create(actor, p.id, body);
  }

  @Can('releases.read')
  @Get('projects/:id/releases')
  @Contract({ summary: "A project's releases (a consumer sees only those granted to them)", tags: ['releases'], params: idParams, response: releaseList })
  list(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.releases.list(actor, p.id);
  }

  @Can('releases.read')
  @Get('me/releases')
  @Contract({ summary: 'Releases you may download (for consumers: those granted to you and not expired)', tags: ['releases'], response: releaseList })
  mine(@CurrentActor() actor: Actor) {
    return this.releases.mine(actor);
  }

  @Can('releases.read')
  @Get('releases/:id')
  @Contract({ summary: 'One release with its manifest, datasheet and diff', tags: ['releases'], params: idParams, response: release })
  get(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.releases.get(actor, p.id);
  }

  @Can('releases.manage')
  @Get('releases/:id/grants')
  @Contract({ summary: 'Who a release is granted to', tags: ['releases'], params: idParams, response: releaseGrantList })
  grants(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.releases.grants(actor, p.id);
  }

  @Can('releases.manage')
  @Post('releases/:id/grants')
  @Contract({ summary: 'Grant a release to a member (a consumer), until an optional expiry, optionally with their id watermarked on every picture', tags: ['releases'], params: idParams, body: releaseGrantRequest, response: releaseGrant, status: 201 })
  grant(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: { userId: string; expiresAt: string | null; watermark: boolean }) {
    return this.releases.grant(actor, p.id, body.userId, body.expiresAt, body.watermark);
  }

  @Can('releases.manage')
  @Delete('releases/:id/grants/:userId')
  @HttpCode(204)
  @Contract({ summary: 'Take a grant back', tags: ['releases'], params: releaseGrantParams, status: 204 })
  async revoke(@CurrentActor() actor: Actor, @Param() p: { id: string; userId: string }) {
    await this.releases.revoke(actor, p.id, p.userId);
  }

  @Can('releases.download')
  @ReadsOnly()
  @Post('releases/:id/download')
  @HttpCode(200)
  @Contract({ summary: "A signed link (about five minutes) to the release's archive, for a grantee or a manager", tags: ['releases'], params: idParams, response: releaseDownload })
  download(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.releases.downloadLink(actor, p.id);
  }

  /** Public to the guard: the signature stands in for the token, and access is checked again here. Every download is audited. */
  @Public()
  @Get('release-files/:token')
  @Contract({ summary: 'The archive behind a signed release link', tags: ['releases'], params: releaseFileParams, produces: 'application/zip' })
  async file(@Param() p: { token: string }, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const f = await this.releases.open(p.token, originOf(req));
    reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${f.fileName.replace(/[^\w.-]/g, '_')}"`)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'private, no-store');
    // The release's own bytes have a length and digest; a watermarked copy, made as it streams, has neither.
    if (f.size !== null) reply.header('content-length', String(f.size));
    if (f.sha256) reply.header('digest', `sha-256=${Buffer.from(f.sha256, 'hex').toString('base64')}`);
    return f.stream;
  }
}
