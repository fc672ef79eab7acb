import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EXPIRING_JOB_FILES } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { repeatEvery, type Repeating } from '@tessera/server/jobs';
import { DroppedBlobs } from '@tessera/server/assets';

/**
 * In the worker: deletes the files of exports and audit exports whose time is up (`expiresAt`, set EXPORT_KEEP_MS
 * after the run finished), as CVAT's export cache does, so that a daily export does not fill the disk and no copy of
 * a project's data rests longer than asked. The run keeps its figures and says when its file went; downloading it
 * answers 410. The bytes go with the last row that names them (the ingest sweep's DroppedBlobs.collect): two audit
 * exports of the same past range are the same file, one content-addressed blob.
 */
@Injectable()
export class ExportExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ExportExpiry');
  private passes?: Repeating;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly dropped: DroppedBlobs,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    this.passes = repeatEvery(Math.min(this.config.EXPORT_KEEP_MS, 3_600_000), this.log, 'export expiry', async () => {
      const n = await this.expire();
      if (n) this.log.log(`let go of ${n} export files whose time was up`);
    });
  }

  async onApplicationShutdown() {
    await this.passes?.stop();
  }

  /**
   * Takes their file from up to `limit` runs whose time is up, and writes the files down for the worker's sweep
   * (DroppedBlobs), in one statement: the bytes go once nothing names them, so a file two runs share goes with the
   * last of them, and a crash leaves nothing half done. Returns how many files were written down.
   */
  async expire(limit = 100): Promise<number> {
    return this.dropped.letGoOfRunFiles(this.db.manager, `SELECT id FROM job_runs
       WHERE result ? 'blobKey' AND result ? 'expiresAt' AND type = ANY($1::text[]) AND (result->>'expiresAt')::timestamptz <= now()
       ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED`, [EXPIRING_JOB_FILES, limit]);
  }
}
