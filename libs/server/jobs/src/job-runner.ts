import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { EXPIRING_JOB_FILES, JOB_MODE, JOB_PAYLOADS, JobCancelled, QUEUE_OF, type ItemOutcome, type JobContext, type JobName, type JobPayload } from '@tessera/contracts';
import type Redis from 'ioredis';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { QueueTimings, queueMetricsKey } from './queue-metrics';
import { bullConnection } from './job-queues';
import { JobRunEntity } from './job-run.entity';
import { JobRunEvents } from './job-run-events';
import { assertHandlersComplete, type JobHandlers } from './job-handler';
import { itemsOf } from './job-items';

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/** Progress reaches the database at most this often; the last update always lands. */
const PROGRESS_INTERVAL_MS = 250;
/**
 * Jobs each worker process runs at once, per queue. Ingest jobs spend most of
 * their time waiting (on Postgres, the blob store, libvips and the DICOM
 * thread, which run off the event loop), so more of them in flight keep the
 * cores busy; memory stays bounded by the image pixel limit and the DICOM
 * ingestor's byte budget.
 */
const CONCURRENCY: Record<string, number> = { ingest: 6, exports: 2, quality: 4, preannotate: 2 };
/** A run keeps its first errors; the counts carry the rest. */
const MAX_ERRORS = 1000;

/**
 * Hosts one BullMQ worker per queue and keeps each job's run row in step:
 * running, progress, succeeded, or failed once the retries are spent.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('JobRunner');
  private workers: Worker[] = [];
  private readonly timings: QueueTimings;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandlers,
    private readonly events: JobRunEvents,
    @Inject(REDIS) redis: Redis,
  ) {
    assertHandlersComplete(handlers);
    this.timings = new QueueTimings(redis, queueMetricsKey(config.REDIS_PREFIX));
  }

  onApplicationBootstrap() {
    const queues = [...new Set(Object.values(QUEUE_OF))];
    this.workers = queues.map((queue) => {
      const worker = new Worker(queue, (job) => this.process(job), {
        connection: bullConnection(this.config),
        prefix: `${this.config.REDIS_PREFIX}:bull`,
        // Recorded on each job as processedBy, so the queue dashboard and tests can tell the workers apart.
        name: `${hostname()}:${process.pid}`,
        concurrency: CONCURRENCY[queue] ?? 2,
        // A job whose worker died (no lock renewal) goes back to the queue at the next stalled check.
        lockDuration: this.config.JOB_LOCK_MS,
        stalledInterval: this.config.JOB_LOCK_MS,
      });
      worker.on('failed', (job, err) => {
        this.log.warn(`${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`);
        if (job) this.timings.record(queue, job, 'failed');
        // BullMQ failed it without running it (it stalled too often: its worker kept dying on it), so no handler closed its run.
        if (job?.deferredFailure) void this.givenUp(job, err.message).catch((e) => this.log.error(`could not close the run of ${job.name} ${job.id}: ${(e as Error).message}`));
      });
      worker.on('completed', (job) => this.timings.record(queue, job, 'completed'));
      worker.on('error', (err) => this.log.error(`worker error on ${queue}: ${err.message}`));
      return worker;
    });
    this.log.log(`listening on queues: ${queues.join(', ')}`);
  }

  /** Lets running jobs finish (BullMQ's close waits for them) before the process exits. */
  async onApplicationShutdown() {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.timings.close();
  }

  async process(job: Job): Promise<void> {
    const name = job.name as JobName;
    if (!(name in JOB_PAYLOADS)) throw new Error(`unknown job ${job.name}`);
    const payload = JOB_PAYLOADS[name].parse(job.data);
    const runs = this.db.getRepository(JobRunEntity);
    const whole = JOB_MODE[name] === 'whole';
    // An item needs only its run's state (read with one plain statement: ingest runs thousands of items);
    // a whole-mode job updates the rest of the row.
    const run = whole
      ? await runs.findOneBy({ id: payload.jobRunId, orgId: payload.orgId })
      : (await this.db.query<JobRunEntity[]>(`SELECT id, state FROM job_runs WHERE id = $1 AND org_id = $2`, [payload.jobRunId, payload.orgId]))[0];
    if (!run) throw new Error(`job run ${payload.jobRunId} not found`);
    // Redelivered after success (a crash between commit and ack), or cancelled before it began: nothing to do.
    if (whole && (run.state === 'succeeded' || run.state === 'cancelled')) return;
    // An item of a cancelled run (a cancellable item run): the items not begun are left.
    if (!whole && run.state === 'cancelled') return;

    const attempt = job.attemptsMade + 1;
    const finalAttempt = attempt >= (job.opts.attempts ?? 1);
    if (whole) {
      // Guarded: a cancel that lands between the read above and here wins.
      // (An UPDATE answers [rows, count].)
      const [, started] = await this.db.query(`UPDATE job_runs SET state = 'running', attempts = $2, started_at = coalesce(started_at, now()) WHERE id = $1 AND state <> 'cancelled'`, [run.id, attempt]);
      if (!started) return;
    }
    // Only the first items of a run find it queued; the rest need not write (and wait on) its row.
    else if (run.state === 'queued') await this.db.query(`UPDATE job_runs SET state = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 AND state = 'queued'`, [run.id]);
    this.events.changed(run.id);

    let lastWrite = 0;
    const ctx: JobContext = {
      jobRunId: run.id,
      attempt,
      finalAttempt,
      log: (message) => this.log.log(`${name} ${run.id}: ${message}`),
      progress: async (processed, total) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_INTERVAL_MS && processed < total) return;
        lastWrite = now;
        // An item run's progress is its count of items; a job's own progress stays with the job.
        // Written only while the run is running, which is also how a cancel reaches the handler.
        if (whole) {
          const [, written] = await this.db.query(
            `UPDATE job_runs SET progress = $2, counts = $3::jsonb WHERE id = $1 AND state = 'running'`,
            [run.id, total ? processed / total : 0, JSON.stringify({ total, processed, failed: 0 })],
          );
          if (!written) throw new JobCancelled(run.id);
        }
        this.events.changed(run.id);
        await job.updateProgress(total ? processed / total : 0);
      },
      itemDone: (outcome) => this.itemsDone(run.id, String(job.id), [outcome]),
      itemsDone: (outcomes) => this.itemsDone(run.id, String(job.id), outcomes),
      cancelled: async () => (await this.db.query(`SELECT 1 FROM job_runs WHERE id = $1 AND state = 'cancelled'`, [run.id])).length > 0,
    };

    try {
      const result = await (this.handlers[name] as (p: unknown, c: JobContext) => ReturnType<JobHandlers[JobName]>)(payload, ctx);
      if (whole) {
        const kept = result && EXPIRING_JOB_FILES.includes(name) ? { ...result, expiresAt: new Date(Date.now() + this.config.EXPORT_KEEP_MS).toISOString() } : result;
        const [, done] = await this.db.query(
          `UPDATE job_runs SET state = 'succeeded', progress = 1, result = $2::jsonb, finished_at = now() WHERE id = $1 AND state = 'running'`, [run.id, kept === null ? null : JSON.stringify(kept)]);
        // Cancelled after the handler's last look: the run stays cancelled and offers no file.
        if (!done) this.log.log(`${name} ${run.id}: finished after it was cancelled; its result is not kept`);
      }
      this.events.changed(run.id);
    } catch (e) {
      if (e instanceof JobCancelled || (e as { cancelled?: unknown }).cancelled === true) {
        this.log.log(`${name} ${run.id}: stopped, the run was cancelled`);
        this.events.changed(run.id);
        throw new UnrecoverableError((e as Error).message);
      }
      const error = { message: (e as Error).message ?? String(e), at: new Date().toISOString(), item: whole ? undefined : String(job.id) };
      // A handler that knows trying again cannot help (a refused file) says so: the run fails now, not after every retry.
      const permanent = (e as { permanent?: unknown }).permanent === true;
      if (whole) {
        const final = finalAttempt || permanent;
        // Appended in SQL: the handler may have written the run's errors itself (an import's refusals).
        await this.db.query(
          `UPDATE job_runs SET state = $2, finished_at = $3, errors = CASE WHEN jsonb_array_length(errors) < $5 THEN errors || $4::jsonb ELSE errors END WHERE id = $1 AND state <> 'cancelled'`,
          [run.id, final ? 'failed' : 'queued', final ? new Date() : null, JSON.stringify([error]), MAX_ERRORS],
        );
      } else if (finalAttempt || permanent) {
        // The handler counts its items; one that failed for good before it did leaves them uncounted, and the run open.
        await this.itemsFailed(name, payload, String(job.id), error.message, 'job.failed');
      } else {
        await this.db.query(`UPDATE job_runs SET errors = (errors || $2::jsonb), attempts = greatest(attempts, $3) WHERE id = $1 AND jsonb_array_length(errors) < $4`, [run.id, JSON.stringify([error]), attempt, MAX_ERRORS]);
      }
      this.events.changed(run.id);
      throw permanent ? new UnrecoverableError(error.message) : e;
    }
  }

  /** Closes the run of a job BullMQ gave up on without running it: a whole run fails, an item counts as failed. */
  private async givenUp(job: Job, reason: string) {
    const name = job.name as JobName;
    const parsed = name in JOB_PAYLOADS ? JOB_PAYLOADS[name].safeParse(job.data) : null;
    if (!parsed?.success) return;
    const payload = parsed.data as JobPayload<JobName>;
    const { jobRunId, orgId } = payload;
    const message = `Given up: the worker stopped while running this too many times (${reason}).`;
    if (JOB_MODE[name] === 'whole') {
      const at = new Date().toISOString();
      await this.db.query(
        `UPDATE job_runs SET state = 'failed', finished_at = now(), errors = CASE WHEN jsonb_array_length(errors) < $4 THEN errors || $3::jsonb ELSE errors END
          WHERE id = $1 AND org_id = $2 AND state IN ('queued', 'running')`,
        [jobRunId, orgId, JSON.stringify([{ message, at }]), MAX_ERRORS],
      );
      this.events.changed(jobRunId);
    } else {
      await this.itemsFailed(name, payload, String(job.id), message, 'job.stalled');
    }
  }

  /** Counts each item of the job as failed, but for those its handler counted already (itemsDone counts an item once). */
  private itemsFailed(name: JobName, payload: JobPayload<JobName>, jobId: string, message: string, code: string) {
    return this.itemsDone(payload.jobRunId, jobId, itemsOf(name, payload, jobId).map(({ key, item }) => ({ key, item, ok: false, message, code })));
  }

  /**
   * Counts items of a fanned-out run in a single statement, so concurrent
   * workers never lose a count, and closes the run with its last item. A
   * (run, item) row makes each count once when a job is delivered again; an
   * item is its job, or `job:key` for jobs that carry several. Only items
   * counted for the first time add their messages to the run's errors.
   */
  private async itemsDone(runId: string, jobId: string, outcomes: (ItemOutcome & { key?: string })[]) {
    if (!outcomes.length) return;
    const at = new Date().toISOString();
    const ids = outcomes.map((o) => (o.key === undefined ? jobId : `${jobId}:${o.key}`));
    const errors = outcomes.flatMap((o, i) => [
      ...(o.message ? [{ key: ids[i], entry: { item: o.item ?? ids[i], message: o.message, ...(o.code ? { code: o.code } : {}), at } }] : []),
      ...(o.details ?? []).slice(0, 100).map((d) => ({ key: ids[i], entry: { ...d, at } })),
    ]);
    await this.db.query(
      `WITH first_time AS (
         INSERT INTO job_run_items (run_id, job_id, ok)
         SELECT $1, id, ok FROM unnest($2::text[], $3::boolean[]) AS o(id, ok)
         ON CONFLICT DO NOTHING RETURNING job_id, ok
       ), n AS (
         SELECT count(*) FILTER (WHERE ok)::int AS ok, count(*) FILTER (WHERE NOT ok)::int AS bad, array_agg(job_id) AS ids FROM first_time
       ), c AS (
         SELECT r.id AS run_id, (r.counts->>'total')::int AS total, (r.counts->>'processed')::int + n.ok AS processed,
                (r.counts->>'failed')::int + n.bad AS failed,
                (SELECT coalesce(jsonb_agg(e->'entry'), '[]'::jsonb) FROM jsonb_array_elements($4::jsonb) e WHERE e->>'key' = ANY(n.ids)) AS fresh
           FROM job_runs r, n WHERE r.id = $1 AND n.ok + n.bad > 0 FOR UPDATE OF r
       )
       UPDATE job_runs SET
         counts = jsonb_build_object('total', total, 'processed', processed, 'failed', failed),
         progress = least(1, (processed + failed)::real / greatest(total, 1)),
         errors = CASE WHEN jsonb_array_length(errors) < $5 THEN errors || fresh ELSE errors END,
         state = CASE WHEN job_runs.state = 'cancelled' THEN 'cancelled'
                      WHEN processed + failed >= total THEN (CASE WHEN processed = 0 AND total > 0 THEN 'failed' ELSE 'succeeded' END) ELSE 'running' END,
         finished_at = CASE WHEN job_runs.state = 'cancelled' THEN job_runs.finished_at WHEN processed + failed >= total THEN now() ELSE NULL END,
         item_jobs = CASE WHEN processed + failed >= total THEN NULL ELSE job_runs.item_jobs END
       FROM c WHERE job_runs.id = c.run_id`,
      [runId, ids, outcomes.map((o) => o.ok), JSON.stringify(errors), MAX_ERRORS],
    );
    this.events.changed(runId);
  }
}
