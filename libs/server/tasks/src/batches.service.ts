import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { TASK_STATES, reachOf, type AssignRequest, type Batch, type BatchCreateRequest, type BatchPreview, type TaskState, type assetSelection } from '@tessera/contracts';
import type { Actor } from '@tessera/server/auth';
import { containsPattern } from '@tessera/server/db';
import { badRequest, conflict, notFound, reason } from '@tessera/server/http';
import { ProjectsService } from '@tessera/server/projects';
import { TasksService } from './tasks.service';
import { returned } from './task-rows';

type Selection = z.output<typeof assetSelection>;
interface BatchRow {
  id: string; project_id: string; name: string; status: 'open' | 'completed'; overlap: number; created_at: Date; completed_at: Date | null;
  asset_count: number; progress: Record<string, number> | null; review_progress: Record<string, number> | null;
}

const BATCH_VIEW = `
  b.*, (SELECT count(*)::int FROM batch_assets ba WHERE ba.batch_id = b.id) AS asset_count,
  (SELECT jsonb_object_agg(state, n) FROM (SELECT state, count(*)::int AS n FROM tasks WHERE batch_id = b.id AND stage = 'annotate' GROUP BY state) x) AS progress,
  (SELECT jsonb_object_agg(state, n) FROM (SELECT state, count(*)::int AS n FROM tasks WHERE batch_id = b.id AND stage = 'review' GROUP BY state) x) AS review_progress
  FROM batches b`;

/** The ready assets a selection names, of this project, gold assets excepted (they come as gold tasks); null when it can name none. */
function selectionQuery(actor: Actor, projectId: string, s: Selection): { where: string; params: unknown[] } | null {
  if (s.filter?.status && s.filter.status !== 'ready') return null;
  const params: unknown[] = [actor.orgId, projectId];
  const where = [`a.org_id = $1`, `a.project_id = $2`, `a.status = 'ready'`, `NOT EXISTS (SELECT 1 FROM gold_assets g WHERE g.asset_id = a.id)`];
  if (s.assetIds) {
    params.push(s.assetIds);
    where.push(`a.id = ANY($${params.length}::uuid[])`);
  }
  if (s.filter?.kind) {
    params.push(s.filter.kind);
    where.push(`a.kind = $${params.length}`);
  }
  if (s.filter?.q) {
    params.push(containsPattern(s.filter.q));
    where.push(`a.name ILIKE $${params.length}`);
  }
  if (s.except?.length) {
    params.push(s.except);
    where.push(`a.id <> ALL($${params.length}::uuid[])`);
  }
  if (s.onlyUnbatched) where.push(`NOT EXISTS (SELECT 1 FROM batch_assets ba JOIN batches bb ON bb.id = ba.batch_id WHERE ba.asset_id = a.id AND bb.purpose = 'work')`);
  return { where: where.join(' AND '), params };
}

/** A batch takes at most this many assets, the first uploaded; the rest of a larger selection is left for the next batch. */
const MAX_BATCH_ASSETS = 100_000;

/** Gold tasks to mix into `regular` annotate tasks so that they make `ratio` of the whole. */
const goldTasksFor = (regular: number, ratio: number) => (ratio > 0 ? Math.round((regular * ratio) / (1 - ratio)) : 0);

const counts = (c: Record<string, number> | null) => Object.fromEntries(TASK_STATES.map((s) => [s, c?.[s] ?? 0])) as Record<TaskState, number>;
export function toBatch(r: BatchRow): Batch {
  return {
    id: r.id, projectId: r.project_id, name: r.name, status: r.status, assetCount: r.asset_count, overlap: r.overlap,
    progress: counts(r.progress), reviewProgress: counts(r.review_progress),
    createdAt: r.created_at.toISOString(), completedAt: r.completed_at?.toISOString() ?? null,
  };
}

/**
 * Batches turn assets into work: each asset becomes `overlap` annotate tasks
 * queued in the pool, with gold tasks mixed in at the project's ratio; then
 * a manager hands them out, by hand, spread evenly, or leaves them to the pool.
 */
@Injectable()
export class BatchesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly projects: ProjectsService,
    private readonly tasks: TasksService,
  ) {}

  async create(actor: Actor, projectId: string, req: { name: string; selection: Selection } & Omit<BatchCreateRequest, 'selection'>): Promise<Batch> {
    const project = await this.projects.get(actor, projectId, 'batches.manage');
    if (project.status === 'archived') throw conflict('The project is archived; restore it to hand out work.', reason('project_archived'));
    const id = await this.db.transaction(async (em) => {
      const workflow = await this.tasks.workflow(em, projectId);
      const chosen = await this.selected(em, actor, projectId, req.selection);
      if (!chosen.length) throw badRequest('No ready asset matches the selection (assets in other batches are left out unless onlyUnbatched is false).', [{ path: 'selection', message: 'selects nothing', code: 'empty_selection' }]);
      const [b] = await em.query<{ id: string }[]>(
        `INSERT INTO batches (org_id, project_id, name, overlap, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [actor.orgId, projectId, req.name, workflow.overlap, actor.userId],
      );
      await em.query(`INSERT INTO batch_assets (batch_id, asset_id, org_id) SELECT $1, unnest($2::uuid[]), $3`, [b.id, chosen, actor.orgId]);
      await em.query(
        `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage)
         SELECT $1, $2, $3, a, 'annotate' FROM unnest($4::uuid[]) AS a CROSS JOIN generate_series(1, $5)`,
        [actor.orgId, projectId, b.id, chosen, workflow.overlap],
      );
      // Gold: known answers, as many as the ratio asks of all the batch's work, cycling through the project's gold assets.
      const gold = goldTasksFor(chosen.length * workflow.overlap, workflow.goldRatio);
      if (gold > 0) {
        await em.query(
          `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, is_gold)
           SELECT $1, $2, $3, g.asset_id, 'annotate', true
             FROM generate_series(0, $4 - 1) AS i
             JOIN LATERAL (SELECT asset_id FROM gold_assets WHERE project_id = $2 ORDER BY asset_id OFFSET i % greatest(1, (SELECT count(*) FROM gold_assets WHERE project_id = $2)) LIMIT 1) g ON true`,
          [actor.orgId, projectId, b.id, gold],
        );
      }
      await em.query(
        `INSERT INTO task_transitions (task_id, org_id, from_state, to_state, actor_id, reason)
         SELECT id, org_id, NULL, 'queued', $2, 'created with the batch' FROM tasks WHERE batch_id = $1`,
        [b.id, actor.userId],
      );
      return b.id;
    });
    return this.get(actor, id);
  }

  /** What `create` would make of this selection now, so that a manager sees it before making it. */
  async preview(actor: Actor, projectId: string, selection: Selection): Promise<BatchPreview> {
    await this.projects.get(actor, projectId, 'batches.manage');
    const { overlap, goldRatio } = await this.tasks.workflow(this.db.manager, projectId);
    const q = selectionQuery(actor, projectId, selection);
    if (!q) return { assets: 0, overlap, annotateTasks: 0, goldTasks: 0 };
    const [{ assets, gold_assets }] = await this.db.query<{ assets: number; gold_assets: number }[]>(
      `SELECT least((SELECT count(*)::int FROM assets a WHERE ${q.where}), ${MAX_BATCH_ASSETS}) AS assets, (SELECT count(*)::int FROM gold_assets WHERE project_id = $2) AS gold_assets`,
      q.params,
    );
    const annotateTasks = assets * overlap;
    return { assets, overlap, annotateTasks, goldTasks: assets && gold_assets ? goldTasksFor(annotateTasks, goldRatio) : 0 };
  }

  private async selected(em: EntityManager, actor: Actor, projectId: string, s: Selection): Promise<string[]> {
    const q = selectionQuery(actor, projectId, s);
    if (!q) return [];
    const rows = await em.query<{ id: string }[]>(`SELECT a.id FROM assets a WHERE ${q.where} ORDER BY a.created_at, a.id LIMIT ${MAX_BATCH_ASSETS}`, q.params);
    return rows.map((r) => r.id);
  }

  private scope(actor: Actor): { sql: string; params: unknown[] } {
    const reach = reachOf(actor.role, 'batches.read');
    if (reach === 'org') return { sql: 'b.org_id = $1', params: [actor.orgId] };
    if (reach === 'project') return { sql: 'b.org_id = $1 AND EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = b.project_id AND pm.user_id = $2)', params: [actor.orgId, actor.userId] };
    return { sql: 'false', params: [] };
  }

  async list(actor: Actor, projectId: string): Promise<{ items: Batch[]; total: number }> {
    await this.projects.get(actor, projectId, 'batches.read');
    const scope = this.scope(actor);
    // Qualification attempts are batches too, but nobody's work: they are not listed.
    const rows = await this.db.query<BatchRow[]>(`SELECT ${BATCH_VIEW} WHERE ${scope.sql} AND b.project_id = $${scope.params.length + 1} AND b.purpose = 'work' ORDER BY b.created_at DESC`, [...scope.params, projectId]);
    return { items: rows.map(toBatch), total: rows.length };
  }

  async get(actor: Actor, id: string): Promise<Batch> {
    const scope = this.scope(actor);
    const [row] = await this.db.query<BatchRow[]>(`SELECT ${BATCH_VIEW} WHERE ${scope.sql} AND b.id = $${scope.params.length + 1}`, [...scope.params, id]);
    if (!row) throw notFound('batch');
    return toBatch(row);
  }

  /**
   * Hands out a batch's queued annotate tasks. Whoever gets them must belong to
   * the project; nobody gets two tasks of one asset; the least loaded person
   * gets the next one, so the spread is even.
   */
  async assign(actor: Actor, batchId: string, req: AssignRequest) {
    const batch = await this.get(actor, batchId);
    await this.projects.get(actor, batch.projectId, 'batches.manage');
    return this.tasks.change(actor.orgId, async (em, effects) => {
      if (req.mode === 'pool') {
        const back = returned<{ id: string; org_id: string }>(await em.query(
          `UPDATE tasks SET state = 'queued', assignee_id = NULL, leased = false, lease_expires_at = NULL, updated_at = now()
            WHERE batch_id = $1 AND stage = 'annotate' AND state = 'assigned' RETURNING id, org_id`, [batchId]));
        await this.recordMany(em, back.map((t) => t.id), 'assigned', 'queued', actor.userId, 'returned to the pool');
        back.forEach((t) => effects.moved.add(t.id));
        return { assigned: 0, unassigned: back.length, skipped: 0 };
      }
      const users = [...new Set(req.userIds)];
      const members = await em.query<{ user_id: string }[]>(
        `SELECT user_id FROM project_members WHERE project_id = $1 AND user_id = ANY($2::uuid[])`, [batch.projectId, users]);
      const strangers = users.filter((u) => !members.some((m) => m.user_id === u));
      if (strangers.length) throw badRequest('Work goes only to members of the project.', strangers.map((u) => ({ path: 'userIds', message: `${u} is not a member of this project` })));
      const candidates = await em.query<{ id: string; asset_id: string }[]>(
        req.mode === 'manual'
          ? `SELECT id, asset_id FROM tasks WHERE batch_id = $1 AND stage = 'annotate' AND state = 'queued' AND id = ANY($2::uuid[]) ORDER BY asset_id, id FOR UPDATE`
          : `SELECT id, asset_id FROM tasks WHERE batch_id = $1 AND stage = 'annotate' AND state = 'queued' ORDER BY asset_id, sort_key FOR UPDATE`,
        req.mode === 'manual' ? [batchId, req.taskIds] : [batchId],
      );
      const holding = await em.query<{ asset_id: string; assignee_id: string }[]>(
        `SELECT asset_id, assignee_id FROM tasks WHERE stage = 'annotate' AND assignee_id = ANY($1::uuid[]) AND asset_id = ANY($2::uuid[])`,
        [users, [...new Set(candidates.map((c) => c.asset_id))]],
      );
      const has = new Set(holding.map((h) => `${h.asset_id}/${h.assignee_id}`));
      const load = new Map(users.map((u) => [u, 0]));
      const plan: { id: string; userId: string }[] = [];
      let skipped = 0;
      for (const c of candidates) {
        const free = users.filter((u) => !has.has(`${c.asset_id}/${u}`)).sort((a, b) => load.get(a)! - load.get(b)!);
        if (!free.length) {
          skipped++;
          continue;
        }
        const u = free[0];
        load.set(u, load.get(u)! + 1);
        has.add(`${c.asset_id}/${u}`);
        plan.push({ id: c.id, userId: u });
      }
      if (plan.length) {
        await em.query(
          `UPDATE tasks t SET state = 'assigned', assignee_id = p.user_id, leased = false, lease_expires_at = NULL, updated_at = now()
             FROM unnest($1::uuid[], $2::uuid[]) AS p(id, user_id) WHERE t.id = p.id`,
          [plan.map((p) => p.id), plan.map((p) => p.userId)],
        );
        await this.recordMany(em, plan.map((p) => p.id), 'queued', 'assigned', actor.userId, req.mode === 'manual' ? 'assigned by hand' : 'assigned by an even spread');
      }
      for (const [userId, n] of load) {
        if (n) effects.notifications.push({ userIds: [userId], n: { kind: 'task.assigned', projectId: batch.projectId, batchId, by: { id: actor.userId, name: actor.name }, message: String(n), at: new Date().toISOString() } });
      }
      return { assigned: plan.length, unassigned: 0, skipped };
    });
  }

  private async recordMany(em: EntityManager, ids: string[], from: TaskState, to: TaskState, actorId: string, reason: string) {
    if (!ids.length) return;
    await em.query(
      `INSERT INTO task_transitions (task_id, org_id, from_state, to_state, actor_id, reason)
       SELECT id, org_id, $2, $3, $4, $5 FROM tasks WHERE id = ANY($1::uuid[])`,
      [ids, from, to, actorId, reason],
    );
  }

  /**
   * Marks an asset as gold: its working set's annotations become the reference answers, in a set
   * apart (the same row, now `purpose = 'gold'`: its op log comes along), and the asset starts a
   * fresh working set, which is all an annotator or reviewer ever reaches. Unmarked, the reference
   * becomes the working set again, unless the new working set has work of its own (then it waits,
   * unreachable, for the asset to be marked again).
   */
  async setGold(actor: Actor, assetId: string, gold: boolean) {
    const [a] = await this.db.query<{ id: string; project_id: string; status: string }[]>(`SELECT id, project_id, status FROM assets WHERE id = $1 AND org_id = $2`, [assetId, actor.orgId]);
    if (!a) throw notFound('asset');
    await this.projects.get(actor, a.project_id, 'gold.manage').catch(() => {
      throw notFound('asset');
    });
    if (gold && a.status !== 'ready') throw conflict(`The asset is ${a.status}; only ready assets can be gold.`, reason('gold_needs_ready', { status: a.status }));
    await this.db.transaction(async (em) => {
      // The asset's own sets, locked as the op committer locks them, so no commit lands between the two steps.
      await em.query(`SELECT id FROM annotation_sets WHERE asset_id = $1 AND task_id IS NULL ORDER BY id FOR UPDATE`, [a.id]);
      if (gold) {
        await em.query(`INSERT INTO gold_assets (asset_id, org_id, project_id, marked_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [a.id, actor.orgId, a.project_id, actor.userId]);
        await em.query(
          `UPDATE annotation_sets SET purpose = 'gold' WHERE asset_id = $1 AND task_id IS NULL AND purpose = 'work'
              AND NOT EXISTS (SELECT 1 FROM annotation_sets g WHERE g.asset_id = $1 AND g.purpose = 'gold')`, [a.id]);
      } else {
        await em.query(`DELETE FROM gold_assets WHERE asset_id = $1`, [a.id]);
        await em.query(
          `DELETE FROM annotation_sets WHERE asset_id = $1 AND task_id IS NULL AND purpose = 'work' AND last_seq = 0
              AND EXISTS (SELECT 1 FROM annotation_sets g WHERE g.asset_id = $1 AND g.purpose = 'gold')`, [a.id]);
        await em.query(
          `UPDATE annotation_sets SET purpose = 'work' WHERE asset_id = $1 AND purpose = 'gold'
              AND NOT EXISTS (SELECT 1 FROM annotation_sets w WHERE w.asset_id = $1 AND w.task_id IS NULL AND w.purpose = 'work')`, [a.id]);
      }
    });
    return { assetId: a.id, gold };
  }
}
