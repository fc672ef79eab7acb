import { Body, Delete, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  asset, assetChoice, assetDeletion, assetFileList, assetsDeleted, assetList, assetListQuery, dicomInstanceList, idParams, instanceParams, importRequest, importResult, importRoots, jobRun, signedFileParams, uploadQuery, uploadResult,
  type AssetChoice, type AssetDeletion, type AssetListQuery, type IdParams, type ImportRequest, type UploadQuery,
} from '@tessera/contracts';
import { AssetsService, DataRemoval, type UploadedFile } from '@tessera/server/assets';
import { Can, CurrentActor, Public, type Actor } from '@tessera/server/auth';
import { ApiController, Contract, ProblemError, originOf, watchedParts } from '@tessera/server/http';

@ApiController()
export class AssetsController {
  constructor(private readonly assets: AssetsService, private readonly removal: DataRemoval, @Inject(CONFIG) private readonly config: Config) {}

  @Can('assets.upload')
  @Post('projects/:id/assets')
  @Contract({ summary: 'Upload files (multipart, one or more `file` parts); ingest runs in the background', tags: ['assets'], params: idParams, query: uploadQuery, upload: true, response: uploadResult, status: 202 })
  async upload(@CurrentActor() actor: Actor, @Param() p: IdParams, @Query() q: UploadQuery, @Req() req: FastifyRequest) {
    if (!req.isMultipart()) throw new ProblemError(415, 'Unsupported Media Type', 'Send the files as multipart/form-data, each in a part named "file".');
    const limit = this.config.UPLOAD_MAX_FILE_BYTES;
    // Over-size files are cut and reported per file, not thrown: the other files of the request still count.
    const body = watchedParts(req.files({ limits: { fileSize: limit }, throwFileSizeLimit: false }));
    async function* files(): AsyncIterable<UploadedFile> {
      for await (const part of body.parts) {
        if (part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        yield { filename: part.filename, stream: part.file, truncated: () => part.file.truncated };
      }
    }
    try {
      return await this.assets.upload(actor, p.id, files(), { maxFileBytes: limit, textField: q.textField });
    } catch (e) {
      throw body.problem(e);
    }
  }

  @Can('assets.import')
  @Get('imports/roots')
  @Contract({ summary: 'Server folders and S3 endpoints open for bulk import', tags: ['assets'], response: importRoots })
  roots() {
    return this.assets.importSources();
  }

  @Can('assets.import')
  @Post('projects/:id/imports')
  @Contract({ summary: 'Bulk import from an allowlisted server folder or S3 endpoint (dryRun counts what would come in)', tags: ['assets'], params: idParams, body: importRequest, response: importResult, status: 202 })
  async importFolder(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: ImportRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.assets.importData(actor, p.id, body);
    if (result.dryRun) reply.status(200); // a count, not work accepted
    return result;
  }

  @Can('assets.read')
  @Get('projects/:id/assets')
  @Contract({ summary: "A project's assets with their ingest status", tags: ['assets'], params: idParams, query: assetListQuery, response: assetList })
  list(@CurrentActor() actor: Actor, @Param() p: IdParams, @Query() q: AssetListQuery) {
    return this.assets.list(actor, p.id, q);
  }

  @Can('assets.read')
  @Get('assets/:id')
  @Contract({ summary: 'One asset', tags: ['assets'], params: idParams, response: asset })
  get(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.assets.get(actor, p.id);
  }

  @Can('assets.read')
  @Get('assets/:id/files')
  @Contract({ summary: "The asset's bytes as short-lived signed URLs: the image, the text, or every DICOM instance in slice order", tags: ['assets'], params: idParams, response: assetFileList })
  files(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.assets.files(actor, p.id);
  }

  /**
   * The signature stands in for the bearer token, so <img src> and Cornerstone's
   * wadouri: loader can fetch it. Public to the guard; the service checks the
   * signature, the expiry and the viewer's access again, and audits the view.
   */
  @Public()
  @Get('files/:token')
  @Contract({ summary: 'The bytes behind a signed file URL (from /assets/{id}/files or an asset\'s thumbnailUrl)', tags: ['assets'], params: signedFileParams, produces: 'application/octet-stream' })
  async signedFile(@Param() p: { token: string }, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const f = await this.assets.openSigned(p.token, originOf(req));
    const maxAge = Math.max(0, Math.floor((f.expiresAt.getTime() - Date.now()) / 1000));
    reply
      .header('content-type', f.contentType)
      .header('content-length', String(f.size))
      .header('x-content-type-options', 'nosniff')
      // Whatever the bytes are, they are never a page that runs: no scripts, no plugins, no fetches, an opaque origin.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', `inline; filename="${f.filename}"`)
      // The link is the credential: keep it out of Referer headers, and out of shared caches and of anything past its expiry.
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', `private, max-age=${maxAge}`);
    return f.stream;
  }

  @Can('assets.read')
  @Get('assets/:id/content')
  @Contract({ summary: "The asset's checked content (image bytes, or the normalised text)", tags: ['assets'], params: idParams, produces: 'application/octet-stream' })
  async content(@CurrentActor() actor: Actor, @Param() p: IdParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const c = await this.assets.content(actor, p.id);
    // The type ingest proved from the bytes, never one guessed from the name; no sniffing, no inline scripts.
    reply
      .header('content-type', c.contentType)
      .header('content-length', String(c.size))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', `inline; filename="${c.name.replace(/[^\w.-]/g, '_')}"`)
      .header('cache-control', 'private, max-age=3600');
    return c.stream;
  }

  @Can('assets.read')
  @Get('assets/:id/thumbnail')
  @Contract({ summary: 'A ~256 px WebP thumbnail of an image asset', tags: ['assets'], params: idParams, produces: 'image/webp' })
  async thumbnail(@CurrentActor() actor: Actor, @Param() p: IdParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const stream = await this.assets.thumbnail(actor, p.id);
    reply.header('content-type', 'image/webp').header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=86400');
    return stream;
  }

  @Can('assets.read')
  @Get('assets/:id/instances')
  @Contract({ summary: "A DICOM series' de-identified instances, in slice order", tags: ['assets'], params: idParams, response: dicomInstanceList })
  async instances(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return { items: await this.assets.instances(actor, p.id) };
  }

  @Can('assets.read')
  @Get('assets/:id/instances/:instanceId')
  @Contract({ summary: 'One de-identified DICOM instance (Part-10)', tags: ['assets'], params: instanceParams, produces: 'application/dicom' })
  async instance(@CurrentActor() actor: Actor, @Param() p: { id: string; instanceId: string }, @Res({ passthrough: true }) reply: FastifyReply) {
    const c = await this.assets.instanceContent(actor, p.id, p.instanceId);
    reply.header('content-type', 'application/dicom').header('content-length', String(c.size)).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600');
    return c.stream;
  }

  @Can('assets.originals')
  @Get('assets/:id/instances/:instanceId/original')
  @Contract({ summary: 'The kept original of a DICOM instance, before de-identification (owners and admins; audited)', tags: ['assets'], params: instanceParams, produces: 'application/dicom' })
  async original(@CurrentActor() actor: Actor, @Param() p: { id: string; instanceId: string }, @Res({ passthrough: true }) reply: FastifyReply) {
    const bytes = await this.assets.original(actor, p.id, p.instanceId);
    reply.header('content-type', 'application/dicom').header('x-content-type-options', 'nosniff').header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="original-${p.instanceId}.dcm"`);
    return bytes;
  }

  @Can('assets.release')
  @Post('assets/:id/release')
  @Contract({ summary: 'Release a quarantined DICOM series (possible burned-in text checked)', tags: ['assets'], params: idParams, response: asset })
  release(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.assets.release(actor, p.id);
  }

  @Can('assets.delete')
  @Delete('assets/:id')
  @Contract({ summary: 'Delete an asset with its annotations and tasks (its bytes go once nothing else holds them; releases keep theirs)', tags: ['assets'], params: idParams, status: 204 })
  async remove(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    await this.removal.asset(actor, p.id);
  }

  @Can('assets.delete')
  @Post('projects/:id/assets/delete')
  @Contract({ summary: 'Delete many assets of a project at once: chosen by id, or every one the list filters match (as DELETE /assets/{id} does one)', tags: ['assets'], params: idParams, body: assetDeletion, response: assetsDeleted })
  async removeMany(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: AssetDeletion) {
    return { deleted: await this.removal.assetsOf(actor, p.id, body) };
  }

  @Can('assets.upload')
  @Post('projects/:id/assets/retry')
  @Contract({ summary: 'Send the failed ones among many chosen assets through ingest again, as one run', tags: ['assets'], params: idParams, body: assetChoice, response: jobRun, status: 202 })
  retryMany(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: AssetChoice) {
    return this.assets.retryMany(actor, p.id, body);
  }

  @Can('assets.upload')
  @Post('assets/:id/retry')
  @Contract({ summary: 'Send a failed asset through ingest again', tags: ['assets'], params: idParams, response: jobRun, status: 202 })
  retry(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.assets.retry(actor, p.id);
  }
}
