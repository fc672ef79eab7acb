import { Delete, Head, Patch, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ResumableUploads } from '@tessera/server/assets';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { ApiController, Contract, ProblemError } from '@tessera/server/http';
import { Readable } from 'node:stream';

/** tus upload ids: 32 hex characters, as @tus/server makes them. */
const uploadParams = z.strictObject({ uploadId: z.string().regex(/^[0-9a-f]{32}$/) });
const TUS = 'tus 1.0.0 resumable upload';

/**
 * The tus protocol under /api/v1/uploads. The guard has authenticated and
 * authorised the request like any other; the protocol itself is handled by
 * @tus/server on the raw request stream, which Fastify leaves unread.
 */
@ApiController('uploads')
export class UploadsController {
  constructor(private readonly uploads: ResumableUploads) {}

  /** Hands the raw request to tus, and its answer back through Fastify (errors as problem+json, like every route). */
  private async pass(actor: Actor, req: FastifyRequest, reply: FastifyReply) {
    const hasBody = req.method === 'PATCH' || req.method === 'POST';
    const request = new Request(new URL(req.url, 'http://tessera.internal'), {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : v === undefined ? [] : [[k, String(v)]])) as [string, string][],
      body: hasBody ? (Readable.toWeb(req.raw) as ReadableStream) : undefined,
      duplex: 'half',
    } as RequestInit);
    const res = await this.uploads.handle(actor, request);
    if (res.status >= 400) {
      const detail = (await res.text()).trim();
      throw new ProblemError(res.status, res.statusText || 'Upload refused', detail || undefined, undefined, { 'tus-resumable': '1.0.0' });
    }
    reply.status(res.status);
    res.headers.forEach((value, key) => reply.header(key, value));
    const body = await res.text();
    return reply.send(body || undefined);
  }

  @Can('assets.upload')
  @Post()
  @Contract({ summary: `Start a ${TUS} (Upload-Length; Upload-Metadata with projectId and filename)`, tags: ['assets'], status: 201 })
  create(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pass(actor, req, reply);
  }

  @Can('assets.upload')
  @Head(':uploadId')
  @Contract({ summary: `How much of a ${TUS} the server has (Upload-Offset)`, tags: ['assets'], params: uploadParams })
  offset(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pass(actor, req, reply);
  }

  @Can('assets.upload')
  @Patch(':uploadId')
  @Contract({ summary: `Send the next bytes of a ${TUS}; the last answers with the upload result`, tags: ['assets'], params: uploadParams, status: 204 })
  append(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pass(actor, req, reply);
  }

  @Can('assets.upload')
  @Delete(':uploadId')
  @Contract({ summary: `Abandon a ${TUS}`, tags: ['assets'], params: uploadParams, status: 204 })
  abandon(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pass(actor, req, reply);
  }
}
