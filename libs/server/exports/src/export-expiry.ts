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
 * answers 410. Each archive is unique (it carries its start time), so its blob is this run's alone.
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

  /** Deletes up to `limit` files whose time is up; returns how many. The file goes first: a crash between leaves the run to the next pass. */
  async expire(limit = 100): Promise<number> {
    const due = await this.db.query<{ id: string; blob_key: string }[]>(
      `SELECT id, result->>'blobKey' AS blob_key FROM job_runs
        WHERE result ? 'blobKey' AND result ? 'expiresAt' AND type = ANY($1::text[]) AND (result->>'expiresAt')::timestamptz <= now()
        ORDER BY finished_at LIMIT $2`,
      [EXPIRING_JOB_FILES, limit],
    );
    for (const run of due) {
      await this.blobs.delete(run.blob_key);
      await this.db.query(`UPDATE job_runs SET result = result - 'blobKey' WHERE id = $1 AND result->>'blobKey' = $2`, [run.id, run.blob_key]);
    }
    return due.length;
  }
}
