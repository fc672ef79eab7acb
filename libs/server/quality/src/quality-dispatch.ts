import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CONFIG, type Config } from '@tessera/server/config';
import type { JobRun } from '@tessera/contracts';
import { fingerprintJobs } from '@tessera/server/assets';
import { JobRunEntity, JobRunsService, toJobRun } from '@tessera/server/jobs';
import { METRIC_VERSIONS } from '@tessera/quality';

/** Assets one near-duplicate check fingerprints at most; the rest wait for the next. */
const CHECK_LIMIT = 20_000;
/** SQL: asset `a` is one near-duplicates are looked for in, without a fingerprint of the version in `version`. */
export const unfingerprinted = (version: string) =>
  `a.status = 'ready' AND a.kind IN ('image', 'text') AND NOT EXISTS (SELECT 1 FROM asset_fingerprints f WHERE f.asset_id = a.id AND f.version = ${version})`;

/**
 * SQL: job run `j` is a near-duplicate check of the project still under way. One left queued for an hour
 * is taken for lost (its process died before queuing its jobs), so that another may start.
 */
export const checkRunning = (projectId: string, orgId: string) =>
  `j.org_id = ${orgId} AND j.type = 'quality.fingerprint' AND j.params->>'projectId' = ${projectId}::uuid::text
     AND (j.state = 'running' OR (j.state = 'queued' AND j.created_at > now() - interval '1 hour'))`;

/**
 * Starts quality jobs. Nothing needs an outbox table: the truth is in Postgres
 * (submitted tasks without a current result, assets whose work is all in
 * without one, reports grown old), so what a crash or a Redis outage left
 * unqueued is found by the sweep, and every job is idempotent.
 */
@Injectable()
export class QualityDispatch {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly runs: JobRunsService,
  ) {}

  /** Rule checks and gold scoring of these tasks (the sweep's way; a submit writes its run in its own transaction). */
  async tasks(orgId: string, taskIds: string[]) {
    if (!taskIds.length) return null;
    const { run, queue } = await this.taskRun(this.db.manager, orgId, taskIds);
    await queue();
    return run;
  }

  /** The run scoring these tasks, its row written through `em`; `queue` queues its jobs, after the COMMIT. */
  async taskRun(em: EntityManager, orgId: string, taskIds: string[]) {
    return this.runs.createItems({ orgId, userId: null }, 'quality.task', taskIds.map((taskId) => ({ key: taskId, payload: { taskId } })), { tasks: taskIds.length }, em);
  }

  async asset(orgId: string, assetId: string) {
    return this.runs.startItems({ orgId, userId: null }, 'quality.asset', [{ key: assetId, payload: { assetIds: [assetId] } }], { assetId });
  }

  async report(orgId: string, projectId: string, userId: string | null) {
    return this.runs.start({ orgId, userId }, 'quality.report', { projectId });
  }

  async acceptAgreed(orgId: string, projectId: string, userId: string) {
    return this.runs.start({ orgId, userId }, 'quality.accept', { projectId });
  }

  /**
   * Fingerprints the project's assets that have none of the current version: those ingested before
   * near-duplicates were looked for, under an older `METRIC_VERSIONS.duplicates`, or whose job failed.
   * Up to CHECK_LIMIT a run; while one runs (see `checkRunning`) a second call answers with it. Null when
   * every asset has its fingerprint.
   */
  async fingerprintUnchecked(orgId: string, projectId: string, userId: string): Promise<JobRun | null> {
    const started = await this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`duplicates-check:${projectId}`]);
      const [running] = await em.query<{ id: string }[]>(`SELECT j.id FROM job_runs j WHERE ${checkRunning('$1', '$2')} LIMIT 1`, [projectId, orgId]);
      if (running) return { run: toJobRun(await em.findOneByOrFail(JobRunEntity, { id: running.id })), queue: async () => undefined };
      const unchecked = await em.query<{ id: string }[]>(
        `SELECT a.id FROM assets a WHERE a.project_id = $1 AND a.org_id = $2 AND ${unfingerprinted('$3')} ORDER BY a.created_at, a.id LIMIT $4`,
        [projectId, orgId, METRIC_VERSIONS.duplicates, CHECK_LIMIT]);
      if (!unchecked.length) return null;
      return this.runs.createItems({ orgId, userId }, 'quality.fingerprint', fingerprintJobs(unchecked.map((a) => a.id)), { projectId, assets: unchecked.length }, em);
    });
    if (!started) return null;
    // A run whose jobs never reached the queue would pass for running for an hour: it fails now instead, and may be asked for again.
    await started.queue().catch(async (e: Error) => {
      await this.db.query(`UPDATE job_runs SET state = 'failed', finished_at = now() WHERE id = $1 AND state = 'queued'`, [started.run.id]);
      throw e;
    });
    return started.run;
  }

  /**
   * Queues what was left unqueued: submitted work of the last week without a
   * current rule-check result, and projects with quality work whose report is
   * older than QUALITY_REPORT_HOURS (the nightly report). Returns how many.
   */
  async sweep(limit = 500): Promise<{ tasks: number; reports: number }> {
    const stale = await this.db.query<{ id: string; org_id: string }[]>(
      `SELECT t.id, t.org_id FROM tasks t
        WHERE t.stage = 'annotate' AND t.state IN ('submitted','accepted')
          AND t.submitted_at > now() - interval '7 days' AND t.submitted_at < now() - make_interval(secs => $1::float8 / 1000)
          AND NOT EXISTS (SELECT 1 FROM quality_task_results r WHERE r.task_id = t.id AND r.metric = 'rules' AND r.version = $2 AND r.computed_at >= t.submitted_at)
        ORDER BY t.submitted_at LIMIT $3`,
      [this.config.QUALITY_SWEEP_MS, METRIC_VERSIONS.rules, limit],
    );
    const byOrg = new Map<string, string[]>();
    for (const r of stale) byOrg.set(r.org_id, [...(byOrg.get(r.org_id) ?? []), r.id]);
    for (const [orgId, ids] of byOrg) await this.tasks(orgId, ids);
    const projects = await this.db.query<{ id: string; org_id: string }[]>(
      `SELECT p.id, p.org_id FROM projects p
        WHERE p.status = 'active'
          AND EXISTS (SELECT 1 FROM quality_task_results r WHERE r.project_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM quality_reports q WHERE q.project_id = p.id AND q.version = $1 AND q.computed_at > now() - make_interval(secs => $2::float8 * 3600))
          AND NOT EXISTS (SELECT 1 FROM job_runs j WHERE j.org_id = p.org_id AND j.type = 'quality.report' AND j.state IN ('queued','running') AND j.params->>'projectId' = p.id::text)
        LIMIT 50`,
      [METRIC_VERSIONS.report, this.config.QUALITY_REPORT_HOURS],
    );
    for (const p of projects) await this.report(p.org_id, p.id, null);
    return { tasks: stale.length, reports: projects.length };
  }
}
