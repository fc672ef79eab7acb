import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EXPIRING_JOB_FILES } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { repeatEvery, type Repeating } from '@tessera/server/jobs';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';

/**
 * In the worker: deletes the files of exports and audit exports whose time is up (`expiresAt`, set EXPORT_KEEP_MS
 * after the run finished), as CVAT's export cache does, so that a daily export does not fill the disk and no copy of
 * a project's data rests longer than asked. The run keeps its figures and says when its file went; downloading it
 * answers 410. The bytes are deleted with the last run that points at them: two audit exports of the same past range
 * are the same file, one content-addressed blob.
 */
@Injectable()
export class ExportExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ExportExpiry');
  private passes?: Repeating;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    this.passes = repeatEvery(Math.min(this.config.EXPORT_KEEP_MS, 3_600_000), this.log, 'export expiry', async () => {
      const n = await this.expire();
      if (n) this.log.log(`deleted the files of ${n} exports whose time was up`);
    });
  }

  async onApplicationShutdown() {
    await this.passes?.stop();
  }

  /**
   * Takes their file from up to `limit` runs whose time is up, and deletes each file no other run points at; returns
   * how many runs. The run lets go first, so that of two passes (two workers) letting go of one file's last two runs
   * at once, at least one sees none left; a crash before the delete leaves those bytes behind, unpointed at.
   */
  async expire(limit = 100): Promise<number> {
    const due = await this.db.query<{ id: string; blob_key: string }[]>(
      `SELECT id, result->>'blobKey' AS blob_key FROM job_runs
        WHERE result ? 'blobKey' AND result ? 'expiresAt' AND type = ANY($1::text[]) AND (result->>'expiresAt')::timestamptz <= now()
        ORDER BY finished_at LIMIT $2`,
      [EXPIRING_JOB_FILES, limit],
    );
    for (const run of due) {
      await this.db.query(`UPDATE job_runs SET result = result - 'blobKey' WHERE id = $1 AND result->>'blobKey' = $2`, [run.id, run.blob_key]);
      const [shared] = await this.db.query(`SELECT 1 FROM job_runs WHERE result->>'blobKey' = $1 LIMIT 1`, [run.blob_key]);
      if (!shared) await this.blobs.delete(run.blob_key);
    }
    return due.length;
  }
}
