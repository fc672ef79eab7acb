import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobContext, JobPayload, JobResult, LabelSchema } from '@tessera/contracts';
import { AnnotationSets } from '@tessera/server/annotations';
import { compare, METRIC_VERSIONS, ruleFindings, type RuleFinding } from '@tessera/quality';
import { compareOptions, fingerprint, spacingOf } from './compare-options';
import { goldReference } from './gold-references';
import { PersonStatuses } from './person-status';
import { QualityDispatch } from './quality-dispatch';
import { annotationsOf, overlapTasks, taskToScore, WORK_IN, type TaskToScore } from './quality-rows';
import { Qualifications } from './qualifications';

/**
 * The `quality.task` job: a submitted task's rule checks, and its score
 * against the reference when it is gold (or a qualification item). Each result
 * is stored with its metric's version and a fingerprint of the work it
 * measured, so a job delivered again over unchanged work writes nothing.
 * Then: the person's gold standing, the asset's consensus once all its
 * overlapping work is in, and a qualification attempt once it is all scored.
 */
@Injectable()
export class TaskScoring {
  private readonly log = new Logger('TaskScoring');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly sets: AnnotationSets,
    private readonly people: PersonStatuses,
    private readonly dispatch: QualityDispatch,
    private readonly qualifications: Qualifications,
  ) {}

  async score(payload: JobPayload<'quality.task'>, ctx: JobContext): Promise<JobResult> {
    const t = await taskToScore(this.db, payload.orgId, payload.taskId);
    // Deleted, or sent back to rework since: its next submit scores it.
    if (!t || t.stage !== 'annotate' || !WORK_IN.includes(t.state)) {
      await ctx.itemDone({ ok: true });
      return null;
    }
    const items = await annotationsOf(this.db, t.setId);
    await this.rules(t, items);
    const gold = await this.gold(t, items);
    if (gold && t.purpose === 'work' && t.assigneeId) await this.people.reassess(t.orgId, t.projectId, t.assigneeId, t.workflow.qc);
    if (t.purpose === 'qualification') await this.qualifications.settle(t.orgId, t.batchId);
    else await this.assetIfComplete(t);
    await ctx.itemDone({ ok: true });
    return null;
  }

  private async stored(taskId: string, metric: 'rules' | 'gold'): Promise<{ input: string; version: number } | undefined> {
    const [r] = await this.db.query<{ input: string; version: number }[]>(`SELECT input, version FROM quality_task_results WHERE task_id = $1 AND metric = $2`, [taskId, metric]);
    return r;
  }

  private async write(t: TaskToScore, metric: 'rules' | 'gold', input: string, r: { trials: number; correct: number; score: number | null; details: unknown }) {
    await this.db.query(
      `INSERT INTO quality_task_results (task_id, metric, org_id, project_id, asset_id, user_id, version, input, trials, correct, score, details, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, now())
       ON CONFLICT (task_id, metric) DO UPDATE SET version = $7, input = $8, trials = $9, correct = $10, score = $11, details = $12::jsonb, user_id = $6, computed_at = now()`,
      [t.id, metric, t.orgId, t.projectId, t.assetId, t.assigneeId, METRIC_VERSIONS[metric], input, r.trials, r.correct, r.score, JSON.stringify(r.details)],
    );
  }

  private async rules(t: TaskToScore, items: Awaited<ReturnType<typeof annotationsOf>>) {
    const input = fingerprint(t.setSeq);
    const prior = await this.stored(t.id, 'rules');
    if (prior?.input === input && prior.version === METRIC_VERSIONS.rules) {
      // Unchanged work: touch the time only, so the sweep sees it as scored after this submit.
      await this.db.query(`UPDATE quality_task_results SET computed_at = now() WHERE task_id = $1 AND metric = 'rules'`, [t.id]);
      return;
    }
    const { mediaType, extent } = await this.sets.extent(t.assetId);
    const findings: RuleFinding[] = [];
    // Each annotation is checked against the schema version it was drawn under.
    const byVersion = new Map<number, typeof items>();
    for (const a of items) byVersion.set(a.schemaVersion, [...(byVersion.get(a.schemaVersion) ?? []), a]);
    for (const [version, group] of byVersion) {
      const schema = await this.sets.schema(t.projectId, version);
      if (schema) findings.push(...ruleFindings(group, { mediaType, schema, extent }));
    }
    const problems = new Set(findings.map((f) => f.annotationId)).size;
    await this.write(t, 'rules', input, { trials: items.length, correct: items.length - problems, score: items.length ? (items.length - problems) / items.length : null, details: { findings } });
  }

  /** Scores gold work against its reference; null when the task is not gold or has no reference. */
  private async gold(t: TaskToScore, items: Awaited<ReturnType<typeof annotationsOf>>) {
    if (!t.isGold && t.purpose !== 'qualification') return null;
    const ref = await goldReference(this.db, t.orgId, t.assetId);
    if (!ref) return null;
    const [asset] = await this.db.query<{ metadata: Record<string, unknown> }[]>(`SELECT metadata FROM assets WHERE id = $1`, [t.assetId]);
    const [p] = await this.db.query<{ schema_version: number }[]>(`SELECT schema_version FROM projects WHERE id = $1`, [t.projectId]);
    const schema: LabelSchema | null = await this.sets.schema(t.projectId, p.schema_version);
    const options = compareOptions(t.workflow.qc, schema, t.mediaType === 'dicom' ? spacingOf(asset?.metadata ?? {}) : undefined);
    const input = fingerprint(t.setSeq, ref.seq, options);
    const prior = await this.stored(t.id, 'gold');
    if (prior?.input === input && prior.version === METRIC_VERSIONS.gold) return prior;
    const c = compare(ref.annotations, items, options);
    await this.write(t, 'gold', input, {
      trials: c.trials, correct: c.correct, score: c.trials ? c.correct / c.trials : 1,
      details: { findings: c.findings, perLabel: c.perLabel, counts: c.counts, attributes: c.attributes },
    });
    return c;
  }

  /** Starts the asset's agreement and consensus once every overlapping annotate task of it is in (two or more). */
  private async assetIfComplete(t: TaskToScore) {
    const tasks = await overlapTasks(this.db, t.orgId, t.assetId);
    const done = tasks.filter((x) => WORK_IN.includes(x.state));
    if (done.length < 2 || done.length < tasks.length) return;
    await this.dispatch.asset(t.orgId, t.assetId).catch((e: Error) => this.log.warn(`consensus of ${t.assetId} not queued (the sweep will): ${e.message}`));
  }
}
