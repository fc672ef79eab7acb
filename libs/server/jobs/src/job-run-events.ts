import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { JobRunUpdate } from '@tessera/contracts';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';

/** A run is announced at most this often; the last change always goes out. */
const ANNOUNCE_INTERVAL_MS = 250;

export const jobRunChannel = (config: Config) => `${config.REDIS_PREFIX}:job-runs`;
export interface JobRunAnnouncement extends JobRunUpdate {
  orgId: string;
  createdBy: string | null;
}

/**
 * Tells the API processes that a run moved, over Redis pub/sub, so browsers see
 * progress pushed instead of polling. A lost announcement costs nothing but
 * freshness: the run row in Postgres stays the truth.
 */
@Injectable()
export class JobRunEvents implements OnApplicationShutdown {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastAt = new Map<string, number>();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  changed(runId: string) {
    if (this.timers.has(runId)) return;
    const wait = Math.max(0, (this.lastAt.get(runId) ?? 0) + ANNOUNCE_INTERVAL_MS - Date.now());
    this.timers.set(runId, setTimeout(() => void this.announce(runId), wait));
  }

  private async announce(runId: string) {
    this.timers.delete(runId);
    this.lastAt.set(runId, Date.now());
    const [r] = await this.db
      .query<{ id: string; org_id: string; created_by: string | null; type: JobRunUpdate['type']; state: JobRunUpdate['state']; progress: number; counts: JobRunUpdate['counts'] }[]>(
        `SELECT id, org_id, created_by, type, state, progress, counts FROM job_runs WHERE id = $1`, [runId])
      .catch(() => []);
    if (!r) return;
    if (r.state === 'succeeded' || r.state === 'failed') this.lastAt.delete(runId);
    const message: JobRunAnnouncement = { id: r.id, orgId: r.org_id, createdBy: r.created_by, type: r.type, state: r.state, progress: r.progress, counts: r.counts };
    await this.redis.publish(jobRunChannel(this.config), JSON.stringify(message)).catch(() => undefined);
  }

  onApplicationShutdown() {
    for (const t of this.timers.values()) clearTimeout(t);
  }
}
