import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  reachOf, workflowSettings, type AssetQuality, type JobRun, type PersonStatus, type QualityReport, type TaskQuality,
} from '@tessera/contracts';
import { METRIC_VERSIONS } from '@tessera/quality';
import { AssetsService } from '@tessera/server/assets';
import { csvField } from '@tessera/server/audit';
import type { Actor } from '@tessera/server/auth';
import { pageSql, pageTotal } from '@tessera/server/db';
import { conflict, notFound, reason } from '@tessera/server/http';
import { ProjectsService } from '@tessera/server/projects';
import { ConsensusWriter } from './consensus-writer';
import { goldReference } from './gold-references';
import { PersonStatuses } from './person-status';
import { ProjectReport } from './project-report';
import { QualityDispatch, checkRunning, unfingerprinted } from './quality-dispatch';
import { annotationsOf, overlapTasks } from './quality-rows';

interface AssetResultRow {
  asset_id: string; project_id: string; name: string; version: number; input: string; state: AssetQuality['state']; agreement: number | null; ties: number; dropped: number;
  details: { pairwise: AssetQuality['pairwise']; disagreements: { personId: string; annotationId: string; kind: string }[]; objects: AssetQuality['objects']; tasks: { taskId: string; userId: string; weight: number }[] };
  computed_at: Date; accepted_at: Date | null; accepted_by: string | null; accepted_name: string | null;
}

/** What the API shows of quality control: reports, scorecards as CSV, consensus to review, a task's findings. */
@Injectable()
export class QualityService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly projects: ProjectsService,
    private readonly assets: AssetsService,
    private readonly people: PersonStatuses,
    private readonly reports: ProjectReport,
    private readonly dispatch: QualityDispatch,
    private readonly writer: ConsensusWriter,
  ) {}

  /** The stored report with everyone's standing as it is now; computed on the spot if the project has none yet. */
  async report(actor: Actor, projectId: string): Promise<QualityReport> {
    await this.projects.get(actor, projectId, 'quality.read');
    const [stored] = await this.db.query<{ report: Omit<QualityReport, 'computedAt' | 'runningJobId'>; computed_at: Date }[]>(
      `SELECT report, computed_at FROM quality_reports WHERE project_id = $1 AND org_id = $2`, [projectId, actor.orgId]);
    const [running] = await this.db.query<{ id: string }[]>(
      `SELECT id FROM job_runs WHERE org_id = $1 AND type = 'quality.report' AND state IN ('queued','running') AND params->>'projectId' = $2 ORDER BY created_at DESC LIMIT 1`,
      [actor.orgId, projectId]);
    const body = stored?.report ?? (await this.reports.compute(actor.orgId, projectId));
    const statuses = await this.people.all(projectId);
    return {
      ...body,
      annotators: body.annotators.map((a) => ({ ...a, status: statuses.get(a.user.id) ?? a.status })),
      computedAt: stored?.computed_at.toISOString() ?? null,
      runningJobId: running?.id ?? null,
    };
  }

  async startReport(actor: Actor, projectId: string): Promise<JobRun> {
    await this.projects.get(actor, projectId, 'quality.manage');
    return this.dispatch.report(actor.orgId, projectId, actor.userId);
  }

  /** Scorecards as CSV, one row per person and role; cells a spreadsheet would run are defused. */
  async scorecardsCsv(actor: Actor, projectId: string): Promise<string> {
    const r = await this.report(actor, projectId);
    const header = ['role', 'user_id', 'name', 'items', 'active_seconds_per_item', 'gold_accuracy', 'gold_low', 'gold_high', 'gold_objects', 'agreement', 'rejection_rate', 'rework_rounds', 'accepted', 'objects', `earnings_${r.cost.currency}`, 'full_review', 'paused'];
    const rows = [
      ...r.annotators.map((a) => ['annotator', a.user.id, a.user.name, a.items, a.activeSecondsPerItem, a.gold.p, a.gold.low, a.gold.high, a.gold.trials, a.agreement, a.rejectionRate, a.reworkRounds, a.accepted, a.objects, a.earnings, a.status.fullReview, a.status.paused]),
      ...r.reviewers.map((v) => ['reviewer', v.user.id, v.user.name, v.items, v.activeSecondsPerItem, v.gold.p, v.gold.low, v.gold.high, v.gold.trials, null, v.rejectionRate, null, null, null, v.earnings, null, null]),
    ];
    return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  }

  async setPerson(actor: Actor, projectId: string, userId: string, patch: { fullReview?: boolean; paused?: boolean }): Promise<PersonStatus> {
    await this.projects.get(actor, projectId, 'quality.manage');
    const [member] = await this.db.query(`SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2`, [actor.orgId, userId]);
    if (!member) throw notFound('person');
    return this.people.set(actor.orgId, projectId, userId, actor.userId, patch);
  }

  async assetList(actor: Actor, projectId: string, q: { state?: AssetQuality['state']; limit: number; offset: number }) {
    await this.projects.get(actor, projectId, 'quality.review');
    const params: unknown[] = [projectId, actor.orgId, q.state ?? null];
    const matching = `WHERE r.project_id = $1 AND r.org_id = $2 AND ($3::text IS NULL OR r.state = $3)`;
    const pageParams = [...params];
    const rows = await this.db.query<(AssetResultRow & { total: string })[]>(
      `SELECT count(*) OVER () AS total, r.asset_id, a.name, r.state, r.agreement, r.ties, r.computed_at,
              jsonb_array_length(r.details->'tasks') AS people, jsonb_array_length(r.details->'objects') AS objects
         FROM quality_asset_results r JOIN assets a ON a.id = r.asset_id ${matching}
        ORDER BY (r.state = 'review') DESC, r.agreement NULLS FIRST, r.computed_at DESC ${pageSql(q.limit, q.offset, pageParams)}`,
      pageParams);
    const total = await pageTotal(rows, q.offset, async () =>
      (await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM quality_asset_results r ${matching}`, params))[0].n);
    return {
      items: rows.map((r) => ({
        assetId: r.asset_id, assetName: r.name, state: r.state, agreement: r.agreement, ties: r.ties, computedAt: r.computed_at.toISOString(),
        people: Number((r as unknown as { people: number }).people), objects: Number((r as unknown as { objects: number }).objects),
      })),
      total,
    };
  }

  private async assetRow(actor: Actor, assetId: string): Promise<AssetResultRow> {
    const asset = await this.assets.getEntity(actor, assetId);
    await this.projects.get(actor, asset.projectId, 'quality.review');
    const [row] = await this.db.query<AssetResultRow[]>(
      `SELECT r.*, a.name, u.name AS accepted_name FROM quality_asset_results r JOIN assets a ON a.id = r.asset_id LEFT JOIN users u ON u.id = r.accepted_by
        WHERE r.asset_id = $1 AND r.org_id = $2`, [assetId, actor.orgId]);
    if (!row) throw notFound('agreement result for this asset (its overlapping work is not all in)');
    return row;
  }

  /** One asset's agreement and consensus, with each person's work and what the others disagreed with. */
  async asset(actor: Actor, assetId: string): Promise<AssetQuality> {
    const row = await this.assetRow(actor, assetId);
    const tasks = await overlapTasks(this.db, actor.orgId, assetId);
    const people = await Promise.all(row.details.tasks.map(async (t) => {
      const task = tasks.find((x) => x.id === t.taskId);
      return {
        user: { id: t.userId, name: task?.assigneeName ?? '' },
        taskId: t.taskId,
        weight: t.weight,
        annotations: await annotationsOf(this.db, task?.setId ?? null),
        disagreements: row.details.disagreements.filter((d) => d.personId === t.userId).map((d) => ({ annotationId: d.annotationId, kind: d.kind as never })),
      };
    }));
    return {
      assetId, assetName: row.name, projectId: row.project_id, version: row.version, state: row.state, agreement: row.agreement,
      pairwise: row.details.pairwise, ties: row.ties, dropped: row.dropped, objects: row.details.objects, people,
      computedAt: row.computed_at.toISOString(), acceptedAt: row.accepted_at?.toISOString() ?? null,
      acceptedBy: row.accepted_by ? { id: row.accepted_by, name: row.accepted_name ?? '' } : null,
    };
  }

  /** A reviewer accepts the consensus as the asset's result: it is written into the asset's working set. */
  async accept(actor: Actor, assetId: string): Promise<AssetQuality> {
    const row = await this.assetRow(actor, assetId);
    if (row.state === 'accepted') throw conflict('This consensus was accepted already.', reason('consensus_accepted'));
    await this.writer.write(actor.orgId, assetId, row.input, row.details.objects as never, actor.userId);
    await this.db.query(`UPDATE quality_asset_results SET state = 'accepted', accepted_at = now(), accepted_by = $2 WHERE asset_id = $1 AND input = $3`, [assetId, actor.userId, row.input]);
    return this.asset(actor, assetId);
  }

  /** A reviewer accepts every agreed consensus of the project at once: a job, as a project may have thousands. */
  async acceptAgreed(actor: Actor, projectId: string): Promise<JobRun> {
    await this.projects.get(actor, projectId, 'quality.review');
    return this.dispatch.acceptAgreed(actor.orgId, projectId, actor.userId);
  }

  /**
   * A task's rule findings, and its gold score to those who may know it is
   * gold: managers; and its annotator, once submitted, where the project
   * shows gold feedback.
   */
  async task(actor: Actor, taskId: string): Promise<TaskQuality> {
    const [t] = await this.db.query<{ id: string; project_id: string; asset_id: string; assignee_id: string | null; state: string; is_gold: boolean; purpose: string; workflow: unknown }[]>(
      `SELECT t.id, t.project_id, t.asset_id, t.assignee_id, t.state, t.is_gold, t.purpose, p.workflow FROM tasks t JOIN projects p ON p.id = t.project_id
        WHERE t.id = $1 AND t.org_id = $2`, [taskId, actor.orgId]);
    if (!t) throw notFound('task');
    const reach = reachOf(actor.role, 'tasks.read');
    const own = t.assignee_id === actor.userId;
    if (reach === 'own' && !own) throw notFound('task');
    if (reach !== 'own') await this.projects.get(actor, t.project_id, 'tasks.read').catch(() => { throw notFound('task'); });
    const results = await this.db.query<{ metric: 'rules' | 'gold'; version: number; trials: number; correct: number; score: number | null; details: Record<string, unknown>; computed_at: Date }[]>(
      `SELECT metric, version, trials, correct, score, details, computed_at FROM quality_task_results WHERE task_id = $1`, [taskId]);
    const rules = results.find((r) => r.metric === 'rules');
    const gold = results.find((r) => r.metric === 'gold');
    const manager = reachOf(actor.role, 'quality.manage') !== null;
    const feedback = own && ['submitted', 'accepted', 'rejected'].includes(t.state) && (t.purpose === 'qualification' || workflowSettings.parse(t.workflow ?? {}).qc.showGoldFeedback);
    const showGold = !!gold && (manager || feedback);
    const reference = showGold ? (await goldReference(this.db, actor.orgId, t.asset_id))?.annotations : undefined;
    return {
      taskId,
      rules: rules ? { version: rules.version, findings: (rules.details.findings ?? []) as never, computedAt: rules.computed_at.toISOString() } : null,
      gold: showGold ? {
        version: gold.version, trials: gold.trials, correct: gold.correct, score: gold.score, findings: (gold.details.findings ?? []) as never,
        ...(reference ? { reference } : {}), computedAt: gold.computed_at.toISOString(),
      } : null,
    };
  }

  async duplicates(actor: Actor, projectId: string, q: { limit: number; offset: number }) {
    await this.projects.get(actor, projectId, 'assets.read');
    // Assets without a fingerprint wait for one if ingest made them ready lately, or while a check of the project runs:
    // the list may still grow. The others (from before fingerprints, or whose job failed) are not being checked.
    const pageParams: unknown[] = [projectId, actor.orgId];
    const [[waiting], rows] = await Promise.all([this.db.query<{ pending: number; unchecked: number }[]>(
      `WITH checking AS (SELECT EXISTS (SELECT 1 FROM job_runs j WHERE ${checkRunning('$1', '$2')}) AS running)
       SELECT count(*) FILTER (WHERE checking.running OR a.updated_at > now() - interval '10 minutes')::int AS pending,
              count(*) FILTER (WHERE NOT checking.running AND a.updated_at <= now() - interval '10 minutes')::int AS unchecked
         FROM assets a, checking WHERE a.project_id = $1 AND a.org_id = $2 AND ${unfingerprinted('$3')}`,
      [projectId, actor.orgId, METRIC_VERSIONS.duplicates]), this.db.query<{ total: string; groups: string; id: string; name: string; group_id: string; group_name: string | null; size: string; nearest_id: string; nearest_name: string; method: 'phash' | 'minhash'; similarity: number; created_at: Date }[]>(
      `WITH g AS (SELECT d.*, count(*) OVER (PARTITION BY d.group_id) AS size FROM asset_duplicate_groups d WHERE d.project_id = $1 AND d.org_id = $2)
       SELECT count(*) OVER () AS total, (SELECT count(DISTINCT group_id) FROM g) AS groups, g.asset_id AS id, x.name, g.group_id, gn.name AS group_name, g.size,
              g.nearest_id, y.name AS nearest_name, g.method, g.similarity, g.created_at
         FROM g JOIN assets x ON x.id = g.asset_id JOIN assets y ON y.id = g.nearest_id LEFT JOIN assets gn ON gn.id = g.group_id
        ORDER BY g.size DESC, g.group_id, g.asset_id = g.group_id DESC, g.similarity DESC, g.created_at, x.name, g.asset_id ${pageSql(q.limit, q.offset, pageParams)}`,
      pageParams)]);
    // Past the last page there is no row to carry the totals.
    const counted = rows.length ? { total: Number(rows[0].total), groups: Number(rows[0].groups) }
      : q.offset ? (await this.db.query<{ total: number; groups: number }[]>(
        `SELECT count(*)::int AS total, count(DISTINCT group_id)::int AS groups FROM asset_duplicate_groups WHERE project_id = $1 AND org_id = $2`, [projectId, actor.orgId]))[0]
        : { total: 0, groups: 0 };
    return {
      items: rows.map((r) => ({
        asset: { id: r.id, name: r.name },
        group: { id: r.group_id, name: r.group_name ?? r.group_id, size: Number(r.size) },
        nearest: { id: r.nearest_id, name: r.nearest_name },
        method: r.method, similarity: r.similarity, createdAt: r.created_at.toISOString(),
      })),
      total: counted.total,
      groups: counted.groups,
      pending: waiting.pending,
      unchecked: waiting.unchecked,
    };
  }

  /** Looks for near-duplicates among the project's assets that have not been checked (see QualityDispatch.fingerprintUnchecked). */
  async checkDuplicates(actor: Actor, projectId: string): Promise<JobRun> {
    await this.projects.get(actor, projectId, 'quality.manage');
    const run = await this.dispatch.fingerprintUnchecked(actor.orgId, projectId, actor.userId);
    if (!run) throw conflict('Every image and text of the project has been checked for near-duplicates.', reason('duplicates_all_checked'));
    return run;
  }
}
