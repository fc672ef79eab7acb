import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { Server, type Upload } from '@tus/server';
import type { Project } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { repeatEvery, type Repeating } from '@tessera/server/jobs';
import { deriveKey } from '@tessera/server/storage';
import { SealedFileStore } from './sealed-file-store';
import type { Actor } from '@tessera/server/auth';
import { ProjectsService } from '@tessera/server/projects';
import { AssetIntake } from './asset-intake';

export const TUS_PATH = '/api/v1/uploads';
/** Resumable uploads take what multipart cannot: whole studies, video-sized archives. */
export const MAX_RESUMABLE_BYTES = 64 * 1024 ** 3;

const refuse = (status_code: number, body: string) => ({ status_code, body });

/**
 * Resumable uploads over the tus protocol. Every request is authenticated by
 * the API's guard before it reaches here; the actor rides along in an
 * AsyncLocalStorage so tus's hooks can check it: only someone who may upload
 * to the project starts an upload, only its starter may continue it, and a
 * finished upload goes through the same intake as a multipart one.
 */
@Injectable()
export class ResumableUploads implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly actors = new AsyncLocalStorage<Actor>();
  private readonly store: SealedFileStore;
  private readonly log = new Logger('ResumableUploads');
  private readonly server: Server;

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly projects: ProjectsService,
    private readonly intake: AssetIntake,
  ) {
    const directory = resolve(config.DATA_DIR, 'resumable');
    this.store = new SealedFileStore({ directory, key: deriveKey(config.DEID_SECRET, 'resumable-upload'), expiryMs: config.RESUMABLE_UPLOAD_EXPIRY_MS });
    this.sweepMs = config.RESUMABLE_UPLOAD_SWEEP_MS;
    this.server = new Server({
      path: TUS_PATH,
      datastore: this.store,
      maxSize: MAX_RESUMABLE_BYTES,
      relativeLocation: true,
      respectForwardedHeaders: false,
      onUploadCreate: async (_req, upload) => {
        const actor = this.actor();
        const projectId = upload.metadata?.projectId;
        if (!projectId || !upload.metadata?.filename) throw refuse(400, 'Upload-Metadata needs projectId and filename.');
        let project: Project;
        try {
          project = await this.projects.get(actor, projectId, 'assets.upload');
        } catch {
          throw refuse(404, 'No such project.');
        }
        if (project.status === 'archived') throw refuse(409, 'The project is archived.');
        // The name rests on disk beside the bytes until the upload finishes or expires: in a DICOM project, a stand-in.
        const filename = this.intake.nameFor({ orgId: actor.orgId, mediaType: project.mediaType }, upload.metadata.filename);
        return { metadata: { ...upload.metadata, filename, orgId: actor.orgId, userId: actor.userId } };
      },
      onIncomingRequest: async (req, uploadId) => {
        if (req.method === 'POST' || !uploadId) return;
        const actor = this.actor();
        let upload: Upload;
        try {
          upload = await this.store.getUpload(uploadId);
        } catch {
          throw refuse(404, 'No such upload.');
        }
        // Another person's upload, in this organisation or another, does not exist for you.
        if (upload.metadata?.orgId !== actor.orgId || upload.metadata?.userId !== actor.userId) throw refuse(404, 'No such upload.');
      },
      onUploadFinish: async (_req, upload) => {
        const actor = this.actor();
        const project = await this.projects.get(actor, upload.metadata!.projectId!, 'assets.upload');
        const target = { orgId: actor.orgId, userId: actor.userId, projectId: project.id, mediaType: project.mediaType };
        const admission = await this.intake.admit(target, upload.metadata!.filename!, this.store.plaintextOf(upload.id), { maxBytes: MAX_RESUMABLE_BYTES });
        const result = await this.intake.startRuns(target, [admission], upload.metadata?.textField || 'text');
        await this.store.remove(upload.id).catch(() => undefined);
        return { status_code: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
      },
    });
  }

  /** Uploads left unfinished are deleted once nobody has written to them for RESUMABLE_UPLOAD_EXPIRY_MS; checked this often. */
  private readonly sweepMs: number;
  private sweeps?: Repeating;

  onApplicationBootstrap() {
    this.sweeps = repeatEvery(this.sweepMs, this.log, 'deleting expired resumable uploads', async () => {
      const n = await this.server.cleanUpExpiredUploads();
      if (n) this.log.log(`deleted ${n} expired resumable uploads`);
    });
  }

  private actor(): Actor {
    const actor = this.actors.getStore();
    if (!actor) throw refuse(401, 'Sign in first.');
    return actor;
  }

  /** Runs one tus request (a web Request in, a web Response out) on the actor's behalf. */
  handle(actor: Actor, req: Request): Promise<Response> {
    return this.actors.run(actor, () => this.server.handleWeb(req));
  }

  async onModuleDestroy() {
    await this.sweeps?.stop();
    this.server.removeAllListeners();
  }
}
