import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { workflowSettings, type AnnotatorScorecard, type JobContext, type JobPayload, type JobResult, type QualityReport, type ReviewerScorecard } from '@tessera/contracts';
import { METRIC_VERSIONS, prf, wilson, type Counts } from '@tessera/quality';
import { chanceCorrected } from './chance-corrected';
import { PersonStatuses, NO_STATUS } from './person-status';

/** Days of throughput a scorecard shows. */
const TREND_DAYS = 14;

type Trend = Map<string, Map<string, number>>;

/**
 * The `quality.report` job: per annotator and reviewer scorecards (items,
 * active time, gold accuracy with its interval, agreement, rejections,
 * rework, throughput, earnings), agreement over the project's overlapped
 * assets with chance-corrected figures, accuracy per label against gold, and
 * cost. It reads the results the task and asset jobs stored, so it only
 * aggregates; chance correction reads the overlapped work itself.
 */
@Injectable()
export class ProjectReport {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly people: PersonStatuses) {}

  async run(payload: JobPayload<'quality.report'>, ctx: JobContext): Promise<JobResult> {
    await ctx.progress(0, 3);
    const report = await this.compute(payload.orgId, payload.projectId);
    await ctx.progress(2, 3);
    await this.db.query(
      `INSERT INTO quality_reports (project_id, org_id, version, report, computed_at) VALUES ($1, $2, $3, $4::jsonb, now())
       ON CONFLICT (project_id) DO UPDATE SET version = $3, report = $4::jsonb, computed_at = now()`,
      [payload.projectId, payload.orgId, METRIC_VERSIONS.report, JSON.stringify(report)],
    );
    await ctx.progress(3, 3);
    return null;
  }

  async compute(orgId: string, projectId: string): Promise<Omit<QualityReport, 'computedAt' | 'runningJobId'>> {
    const [p] = await this.db.query<{ workflow: unknown }[]>(`SELECT workflow FROM projects WHERE id = $1 AND org_id = $2`, [projectId, orgId]);
    const workflow = workflowSettings.parse(p?.workflow ?? {});
    const rates = workflow.rates;
    const statuses = await this.people.all(projectId);
    const trend = await this.trends(projectId);

    const annotatorRows = await this.db.query<{
      id: string; name: string; items: number; active: number; accepted: number; rework: number; rejected: number; reviewed: number;
      gold_trials: number; gold_correct: number; agreement: number | null; shared: number; qualified: boolean;
    }[]>(
      `SELECT u.id, u.name,
         count(*) FILTER (WHERE t.submitted_at IS NOT NULL)::int AS items,
         coalesce(sum(t.active_seconds), 0)::int AS active,
         count(*) FILTER (WHERE t.state = 'accepted')::int AS accepted,
         coalesce(sum(t.round), 0)::int AS rework,
         (SELECT count(*)::int FROM task_transitions tt JOIN tasks x ON x.id = tt.task_id WHERE x.project_id = $1 AND x.assignee_id = u.id AND x.stage = 'annotate' AND x.purpose = 'work' AND tt.to_state = 'rejected') AS rejected,
         (SELECT count(*)::int FROM task_transitions tt JOIN tasks x ON x.id = tt.task_id WHERE x.project_id = $1 AND x.assignee_id = u.id AND x.stage = 'annotate' AND x.purpose = 'work'
             AND tt.to_state IN ('accepted','rejected') AND tt.reason <> 'accepted without review (not sampled)') AS reviewed,
         (SELECT coalesce(sum(r.trials), 0)::int FROM quality_task_results r JOIN tasks x ON x.id = r.task_id WHERE r.project_id = $1 AND r.user_id = u.id AND r.metric = 'gold' AND x.purpose = 'work') AS gold_trials,
         (SELECT coalesce(sum(r.correct), 0)::int FROM quality_task_results r JOIN tasks x ON x.id = r.task_id WHERE r.project_id = $1 AND r.user_id = u.id AND r.metric = 'gold' AND x.purpose = 'work') AS gold_correct,
         (SELECT avg(f1)::float8 FROM quality_pair_results q WHERE q.project_id = $1 AND (q.user_a = u.id OR q.user_b = u.id)) AS agreement,
         (SELECT count(*)::int FROM quality_pair_results q WHERE q.project_id = $1 AND (q.user_a = u.id OR q.user_b = u.id)) AS shared,
         EXISTS (SELECT 1 FROM qualifications q WHERE q.project_id = $1 AND q.user_id = u.id) AS qualified
       FROM tasks t JOIN users u ON u.id = t.assignee_id
      WHERE t.project_id = $1 AND t.stage = 'annotate' AND t.purpose = 'work'
      GROUP BY u.id, u.name ORDER BY u.name`,
      [projectId],
    );
    // Objects in accepted work, by person and label, for piece rates per object.
    const objects = await this.db.query<{ user_id: string; label_id: string; n: number }[]>(
      `SELECT t.assignee_id AS user_id, a.label_id, count(*)::int AS n
         FROM tasks t JOIN annotation_sets s ON s.asset_id = t.asset_id AND s.task_id = t.id JOIN annotations a ON a.set_id = s.id
        WHERE t.project_id = $1 AND t.stage = 'annotate' AND t.purpose = 'work' AND t.state = 'accepted'
        GROUP BY t.assignee_id, a.label_id`, [projectId]);
    const earningsOf = (userId: string, accepted: number) => {
      if (rates.mode === 'item') return accepted * rates.perItem;
      return objects.filter((o) => o.user_id === userId).reduce((s, o) => s + o.n * (rates.perLabel[o.label_id] ?? rates.perObject), 0);
    };
    const annotators: AnnotatorScorecard[] = annotatorRows.map((r) => ({
      user: { id: r.id, name: r.name },
      items: r.items,
      activeSecondsPerItem: r.items ? Math.round(r.active / r.items) : null,
      gold: wilson(r.gold_correct, r.gold_trials),
      agreement: r.agreement,
      sharedAssets: r.shared,
      rejectionRate: r.reviewed ? r.rejected / r.reviewed : null,
      reworkRounds: r.rework,
      throughput: series(trend.get(`a:${r.id}`)),
      accepted: r.accepted,
      objects: objects.filter((o) => o.user_id === r.id).reduce((s, o) => s + o.n, 0),
      earnings: round2(earningsOf(r.id, r.accepted)),
      status: statuses.get(r.id) ?? NO_STATUS,
      qualified: workflow.qualification.required ? r.qualified : null,
    }));

    const reviewerRows = await this.db.query<{ id: string; name: string; items: number; active: number; rejected: number; gold_trials: number; gold_correct: number }[]>(
      `SELECT u.id, u.name,
         count(*) FILTER (WHERE t.state IN ('accepted','rejected'))::int AS items,
         coalesce(sum(t.active_seconds), 0)::int AS active,
         count(*) FILTER (WHERE t.state = 'rejected')::int AS rejected,
         count(g.task_id) FILTER (WHERE t.state IN ('accepted','rejected'))::int AS gold_trials,
         count(g.task_id) FILTER (WHERE (t.state = 'accepted') = (g.score >= $2))::int AS gold_correct
       FROM tasks t JOIN users u ON u.id = t.assignee_id
       LEFT JOIN quality_task_results g ON g.task_id = t.review_of AND g.metric = 'gold'
      WHERE t.project_id = $1 AND t.stage = 'review'
      GROUP BY u.id, u.name ORDER BY u.name`,
      [projectId, workflow.qc.minGoldAccuracy],
    );
    const reviewers: ReviewerScorecard[] = reviewerRows.map((r) => ({
      user: { id: r.id, name: r.name },
      items: r.items,
      activeSecondsPerItem: r.items ? Math.round(r.active / r.items) : null,
      gold: wilson(r.gold_correct, r.gold_trials),
      rejectionRate: r.items ? r.rejected / r.items : null,
      throughput: series(trend.get(`r:${r.id}`)),
      earnings: round2(r.items * rates.perReview),
    }));

    const [agree] = await this.db.query<{ assets: number; mean: number | null; below: number; review: number; accepted: number; agreed: number }[]>(
      `SELECT count(*)::int AS assets, avg(agreement)::float8 AS mean, count(*) FILTER (WHERE agreement < $2)::int AS below,
              count(*) FILTER (WHERE state = 'review')::int AS review, count(*) FILTER (WHERE state = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE state = 'agreed')::int AS agreed
         FROM quality_asset_results WHERE project_id = $1`, [projectId, workflow.qc.minAgreement]);

    const perLabel = new Map<string, Counts>();
    const golds = await this.db.query<{ details: { perLabel?: Record<string, Counts> } }[]>(
      `SELECT r.details FROM quality_task_results r JOIN tasks t ON t.id = r.task_id WHERE r.project_id = $1 AND r.metric = 'gold' AND t.purpose = 'work'`, [projectId]);
    for (const g of golds) {
      for (const [label, c] of Object.entries(g.details.perLabel ?? {})) {
        const prev = perLabel.get(label) ?? { tp: 0, fp: 0, fn: 0 };
        perLabel.set(label, { tp: prev.tp + c.tp, fp: prev.fp + c.fp, fn: prev.fn + c.fn });
      }
    }
    const [acceptedItems] = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (
         SELECT t.asset_id FROM tasks t WHERE t.project_id = $1 AND t.stage = 'annotate' AND t.purpose = 'work'
          GROUP BY t.asset_id HAVING bool_and(t.state = 'accepted')) done`, [projectId]);
    const total = round2(annotators.reduce((s, a) => s + a.earnings, 0) + reviewers.reduce((s, r) => s + r.earnings, 0));

    return {
      projectId,
      version: METRIC_VERSIONS.report,
      annotators,
      reviewers,
      agreement: { assets: agree.assets, mean: agree.mean, belowThreshold: agree.below, chanceCorrected: await chanceCorrected(this.db, projectId) },
      labels: [...perLabel.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([labelId, c]) => ({ labelId, ...prf(c) })),
      consensus: { review: agree.review, accepted: agree.accepted, agreed: agree.agreed },
      cost: { currency: rates.currency, mode: rates.mode, total, acceptedItems: acceptedItems.n, perAcceptedItem: acceptedItems.n ? round2(total / acceptedItems.n) : null },
    };
  }

  /** Submissions (annotators) and decisions (reviewers) per day, over the last TREND_DAYS days. */
  private async trends(projectId: string): Promise<Trend> {
    const rows = await this.db.query<{ who: string; day: string; n: number }[]>(
      `SELECT (CASE WHEN t.stage = 'annotate' THEN 'a:' ELSE 'r:' END) || t.assignee_id AS who, to_char(date_trunc('day', tt.at), 'YYYY-MM-DD') AS day, count(*)::int AS n
         FROM task_transitions tt JOIN tasks t ON t.id = tt.task_id
        WHERE t.project_id = $1 AND t.purpose = 'work' AND t.assignee_id IS NOT NULL AND tt.at > now() - make_interval(days => $2)
          AND ((t.stage = 'annotate' AND tt.to_state = 'submitted') OR (t.stage = 'review' AND tt.to_state IN ('accepted','rejected')))
        GROUP BY 1, 2`, [projectId, TREND_DAYS]);
    const out: Trend = new Map();
    for (const r of rows) {
      const m = out.get(r.who) ?? new Map<string, number>();
      m.set(r.day, r.n);
      out.set(r.who, m);
    }
    return out;
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function series(days: Map<string, number> | undefined) {
  const out: { day: string; items: number }[] = [];
  const today = new Date();
  for (let i = TREND_DAYS - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
    out.push({ day: d, items: days?.get(d) ?? 0 });
  }
  return out;
}
