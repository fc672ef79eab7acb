import { Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { annotationImportFields, annotationImportReport, idParams, jobRun, type IdParams } from '@tessera/contracts';
import { AuditLog } from '@tessera/server/audit';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { CONFIG, type Config } from '@tessera/server/config';
import { AnnotationImporter } from '@tessera/server/exports';
import { UNSTORABLE_TEXT, unstorableTextAt } from '@tessera/server/db';
import { ApiController, Contract, ProblemError, watchedParts } from '@tessera/server/http';
import { JobRunsService } from '@tessera/server/jobs';
import { ProjectsService } from '@tessera/server/projects';
import { BLOB_STORE, type BlobStore, type StoredBlob } from '@tessera/server/storage';

@ApiController('projects')
export class AnnotationImportsController {
  constructor(
    private readonly importer: AnnotationImporter,
    private readonly projects: ProjectsService,
    private readonly jobs: JobRunsService,
    private readonly audit: AuditLog,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Can('annotations.import')
  @Post(':id/annotation-imports')
  @Contract({
    summary: 'Import a peer annotation file (multipart: `file`, `format`, `as`, `modelName`, `modelVersion`, `mapping`, `skipBad`, `dryRun`): a dry run answers 200 with a report, otherwise 202 with the job run',
    tags: ['exports'], params: idParams, upload: true, response: z.union([annotationImportReport, jobRun]), status: 202,
  })
  async start(@CurrentActor() actor: Actor, @Param() p: IdParams, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.projects.get(actor, p.id, 'annotations.import');
    if (!req.isMultipart()) throw new ProblemError(415, 'Unsupported Media Type', 'Send the file as multipart/form-data, in a part named "file", with the fields beside it.');
    const fields: Record<string, string> = {};
    let file: (StoredBlob & { name: string }) | null = null;
    const body = watchedParts(req.parts({ limits: { fileSize: this.config.UPLOAD_MAX_FILE_BYTES, fields: 20, fieldSize: 256 * 1024 } }));
    try {
      for await (const part of body.parts) {
        if (part.type === 'field') fields[part.fieldname] = String(part.value);
        else if (part.fieldname !== 'file' || file) part.file.resume();
        else {
          const stored = await this.blobs.put(part.file);
          if (part.file.truncated) throw new ProblemError(413, 'Content Too Large', `The file is larger than ${this.config.UPLOAD_MAX_FILE_BYTES} bytes.`);
          file = { ...stored, name: (part.filename || 'upload').split(/[\\/]/).pop()! };
        }
      }
    } catch (e) {
      throw body.problem(e);
    }
    if (!file || !file.size) throw new ProblemError(400, 'Bad Request', 'The request has no file (a non-empty part named "file").', [{ path: 'file', message: 'required' }]);
    const parsed = annotationImportFields.safeParse(fields);
    if (!parsed.success) throw new ProblemError(400, 'Bad Request', 'The fields do not match their schema.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    // Multipart is not read through a contract, so its check of text is made here (the fields and the file's name go
    // into the run and the audit log).
    const notText = unstorableTextAt({ ...fields, file: file.name });
    if (notText !== null) throw new ProblemError(400, 'Bad Request', `The field ${notText} ${UNSTORABLE_TEXT}.`, [{ path: notText, message: UNSTORABLE_TEXT, code: 'not_text' }]);
    const f = parsed.data;
    // Predictions always carry a version: without one named, the file's own checksum names it (the same file, the same version).
    const modelVersion = f.modelVersion ?? (f.as === 'predictions' ? `file-${file.sha256.slice(0, 12)}` : undefined);
    const opts = { format: f.format, as: f.as, modelName: f.modelName, modelVersion, mapping: f.mapping, skipBad: f.skipBad };
    if (f.dryRun) {
      reply.status(200); // a report, not work accepted
      return this.importer.check(actor.orgId, p.id, file.key, file.name, opts);
    }
    const run = await this.jobs.start(actor, 'annotations.import', { projectId: p.id, blobKey: file.key, fileName: file.name, ...opts });
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'annotations.import_requested', resourceType: 'project', resourceId: p.id,
      origin: actor.origin, details: { jobRunId: run.id, format: f.format, as: f.as, model: f.modelName ?? null, version: modelVersion ?? null, file: file.name, sha256: file.sha256, skipBad: f.skipBad },
    });
    return run;
  }
}
