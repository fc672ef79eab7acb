import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  TASK_STAGES, allows, canMove, reachOf, checkAnnotation, workflowSettings,
  type Notification, type Task, type TaskListQuery, type TaskStage, type TaskState, type WebhookEvent, type WorkflowSettings,
} from '@tessera/contracts';
import { AnnotationSets, extentSql, toAnnotation, type AnnotationRow, type ExtentRow } from '@tessera/server/annotations';
import { AccessChanges, type Actor } from '@tessera/server/auth';
import { CONFIG, type Config } from '@tessera/server/config';
import { badRequest, conflict, forbidden, notFound, reason, unprocessable } from '@tessera/server/errors';
import { ProjectsService } from '@tessera/server/projects';
import { commitWithThisTurn, pageSql, pageTotal } from '@tessera/server/db';
import { deriveKey } from '@tessera/server/storage';
import { completeBatchesSql, completionNotice, type CompletedBatch } from './batch-completion';
import { TASK_VIEW, returned, seesGold, taskScope, taskView, toTask, type TaskRow, type TaskViewRow } from './task-rows';
import { QUALITY_GATE, TaskNotifications, WEBHOOK_SINK, type QualityGate, type WebhookSink } from './task-events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a change owes the world once it is committed. */
export class Effects {
  readonly notifications: { userIds: (string | null)[]; n: Notification }[] = [];
  /** Webhook events, recorded together in the outbox at the end of the transaction (see change()). */
  readonly events: { event: WebhookEvent; payload: Record<string, unknown> }[] = [];
  readonly deliveries: string[] = [];
  /** Tasks whose state changed: who may edit their annotation sets may have changed with it. */
  readonly moved = new Set<string>();
  /** Annotate tasks handed in: quality control scores them. */
  readonly submitted: string[] = [];
  /** Their scoring runs, recorded in the transaction, to be queued once it is committed. */
  readonly scoring: (() => Promise<void>)[] = [];
  constructor(readonly orgId: string) {}

  webhook(event: WebhookEvent, payload: Record<string, unknown>) {
    this.events.push({ event, payload });
  }
}

/**
 * One person's unit of work, and the moves it makes. Every move is checked
 * against the stage's transition table (an illegal one is a 409), made under a
 * row lock, and recorded in task_transitions in the same transaction.
 */
@Injectable()
export class TasksService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly sets: AnnotationSets,
    private readonly projects: ProjectsService,
    private readonly notifications: TaskNotifications,
    @Inject(WEBHOOK_SINK) private readonly webhooks: WebhookSink,
    @Inject(QUALITY_GATE) private readonly quality: QualityGate,
    private readonly access: AccessChanges,
  ) {
    this.samplingKey = deriveKey(config.JWT_SECRET, 'review-sampling');
  }

  private readonly samplingKey: Buffer;

  /** Runs a change in a transaction, then tells people and webhooks about it (never before COMMIT). */
  async change<T>(orgId: string, work: (em: EntityManager, effects: Effects) => Promise<T>): Promise<T> {
    const effects = new Effects(orgId);
    const result = await this.db.transaction(async (em) => {
      const r = await work(em, effects);
      await this.recordEffects(em, effects);
      return r;
    });
    // Before this request answers: a connection's next op batch on these tasks' work is decided afresh,
    // and every connection holding it is told what it may do now.
    if (effects.moved.size) await this.access.tasksChanged(effects.moved);
    for (const { userIds, n } of effects.notifications) this.notifications.notify(orgId, userIds, n);
    // Not queued now (Redis away): the worker's sweep queues them, as it does after a crash here.
    if (effects.deliveries.length) await this.webhooks.dispatch(orgId, effects.deliveries).catch(() => undefined);
    // Likewise: unqueued scoring is found by the quality sweep.
    for (const queue of effects.scoring) await queue();
    return result;
  }

  /**
   * Writes into the transaction what the change owes the world so far, each once: the webhook outbox's rows and the
   * scoring run's row, together on the pipelined connection (one round trip, none when there is nothing). change()
   * calls it last; a change may call it earlier, to send them along with its own last statements.
   */
  private async recordEffects(em: EntityManager, effects: Effects) {
    const submitted = effects.submitted.splice(0);
    const [deliveries, queue] = await Promise.all([
      this.webhooks.record(em, effects.orgId, effects.events.splice(0)),
      submitted.length ? this.quality.submitted(em, effects.orgId, submitted) : null,
    ]);
    effects.deliveries.push(...deliveries);
    if (queue) effects.scoring.push(queue);
  }

  async list(actor: Actor, q: TaskListQuery): Promise<{ items: Task[]; total: number }> {
    const scope = taskScope(actor, 'tasks.read', 1);
    const params: unknown[] = [...scope.params];
    const where = [scope.sql];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.projectId) add('t.project_id = ?', q.projectId);
    if (q.batchId) add('t.batch_id = ?', q.batchId);
    if (q.stage) add('t.stage = ?', q.stage);
    if (q.state) add('t.state = ?', q.state);
    if (q.mine) add('t.assignee_id = ?', actor.userId);
    const pageParams = [...params];
    const rows = await this.db.query<(TaskViewRow & { total: string })[]>(
      `SELECT count(*) OVER () AS total, ${TASK_VIEW} WHERE ${where.join(' AND ')}
        ORDER BY t.updated_at DESC, t.id ${pageSql(q.limit, q.offset, pageParams)}`,
      pageParams,
    );
    const total = await pageTotal(rows, q.offset, async () =>
      (await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM tasks t WHERE ${where.join(' AND ')}`, params))[0].n);
    return { items: rows.map((r) => toTask(r, seesGold(actor))), total };
  }

  async get(actor: Actor, id: string): Promise<Task> {
    const scope = taskScope(actor, 'tasks.read', 2);
    const [row] = await this.db.query<TaskViewRow[]>(`SELECT ${TASK_VIEW} WHERE t.id = $1 AND ${scope.sql}`, [id, ...scope.params]);
    if (!row) throw notFound('task');
    return toTask(row, seesGold(actor));
  }

  /** The task under a row lock, if the actor may reach it for the action; 404 otherwise, as for another organisation's. */
  async locked(em: EntityManager, actor: Actor, id: string, action: 'tasks.read' | 'tasks.work' | 'tasks.review' | 'tasks.comment'): Promise<TaskRow> {
    const scope = taskScope(actor, action === 'tasks.comment' ? 'tasks.comment' : 'tasks.read', 2);
    const [row] = await em.query<TaskRow[]>(`SELECT t.* FROM tasks t WHERE t.id = $1 AND ${scope.sql} FOR UPDATE OF t`, [id, ...scope.params]);
    if (!row) throw notFound('task');
    return row;
  }

  /** One guarded move, recorded. */
  async move(em: EntityManager, effects: Effects, t: TaskRow, to: TaskState, actorId: string | null, reason: string, set: Record<string, unknown> = {}) {
    await this.moveThrough(em, effects, t, [{ to, actorId, reason, set }]);
  }

  /**
   * Several guarded moves in a row, made and recorded in one statement (one
   * round trip instead of two per move: a submit makes up to three), which
   * answers with the task's view after them. Each step is checked against the
   * transition table from the state the one before left.
   */
  async moveThrough(
    em: EntityManager, effects: Effects, t: TaskRow, steps: { to: TaskState; actorId: string | null; reason: string; set?: Record<string, unknown> }[],
  ): Promise<TaskViewRow | undefined> {
    if (!steps.length) return undefined;
    let from = t.state;
    const set: Record<string, unknown> = {};
    const params: unknown[] = [t.id, steps[steps.length - 1].to, t.org_id];
    const rows: string[] = [];
    for (const step of steps) {
      if (!canMove(t.stage, from, step.to)) throw conflict(`A ${t.stage} task cannot go from ${from} to ${step.to}.`, reason('task_moved_on', { state: t.state }));
      params.push(rows.length, from, step.to, step.actorId, step.reason);
      const n = params.length;
      rows.push(`($${n - 4}::int, $${n - 3}::text, $${n - 2}::text, $${n - 1}::uuid, $${n}::text)`);
      Object.assign(set, step.set ?? {});
      from = step.to;
    }
    const columns = Object.keys(set);
    const first = params.length + 1;
    params.push(...columns.map((c) => set[c]));
    const [view] = await em.query<TaskViewRow[]>(
      `WITH moved AS (
         UPDATE tasks SET state = $2, updated_at = now()${columns.map((c, i) => `, ${c} = $${first + i}`).join('')} WHERE id = $1 RETURNING tasks.*),
       logged AS (
         INSERT INTO task_transitions (task_id, org_id, from_state, to_state, actor_id, reason)
         SELECT moved.id, $3, s.from_state, s.to_state, s.actor_id, s.reason
           FROM moved, (VALUES ${rows.join(', ')}) AS s (ord, from_state, to_state, actor_id, reason)
          ORDER BY s.ord)
       SELECT ${taskView('moved')}`,
      params,
    );
    t.state = from;
    effects.moved.add(t.id);
    return view;
  }

  async workflow(em: EntityManager, projectId: string): Promise<WorkflowSettings> {
    const [p] = await em.query<{ workflow: unknown }[]>(`SELECT workflow FROM projects WHERE id = $1`, [projectId]);
    return workflowSettings.parse(p?.workflow ?? {});
  }

  private leaseSql() {
    return `now() + make_interval(secs => ${Number(this.config.TASK_LEASE_SECONDS)})`;
  }

  /**
   * "Next task": the next eligible queued task of the project, claimed
   * atomically. A person's claims are serialised (an advisory lock on them),
   * everybody else's run beside theirs (SKIP LOCKED), so 200 people pulling at
   * once never get one task twice, and nobody gets an asset twice. Leases that
   * ran out go back to the pool. A task already held is returned again.
   *
   * After the lock, one statement does the rest and answers with the task view:
   * the project check (membership, and the quality gate for annotate work),
   * returning expired leases, the held-task check, the pick, its transition.
   * Its snapshot is taken after the lock, so it sees every
   * earlier claim of the same person. Leases it returns go back to the pool for
   * the next claim (this one's snapshot still has them assigned); the claimer's
   * own expired task does not count as held.
   */
  async claim(actor: Actor, projectId: string, stage: TaskStage): Promise<Task | null> {
    if (stage === 'review' && !allows(actor.role, 'tasks.review')) throw forbidden('Only reviewers and managers take review tasks.');
    const reach = reachOf(actor.role, 'tasks.work');
    const member = reach === 'org' ? 'true' : reach === 'project' ? `EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $3)` : 'false';
    // Paused for low gold accuracy, or not (yet) qualified: no new annotate work here. Checked in the claim's own
    // statement (a round trip fewer); when it finds nothing, refusal() says whether this was why.
    const allowed = stage === 'annotate' ? `${member} AND ${this.quality.mayTakeWorkSql('p', '$3')}` : member;
    const eligible = stage === 'annotate'
      ? `NOT EXISTS (SELECT 1 FROM tasks o WHERE o.asset_id = t.asset_id AND o.stage = 'annotate' AND o.assignee_id = $3)`
      : `NOT EXISTS (SELECT 1 FROM tasks w WHERE w.id = t.review_of AND w.assignee_id = $3)`;
    // A malformed id is refused here, as a 403 or 404, rather than by the database as a type error.
    if (!UUID.test(actor.userId) || !UUID.test(actor.orgId)) throw forbidden();
    if (!UUID.test(projectId)) throw notFound('project');
    if (!TASK_STAGES.includes(stage)) throw badRequest('No such stage.', [{ path: 'stage', message: `one of ${TASK_STAGES.join(', ')}` }]);
    const pick = this.pickSql(allowed, eligible);
    // Leases this claim took back from people who went quiet: their open editors must lose the work before this
    // request answers.
    const lapsed = new Set<string>();
    const attempt = async () => {
      const qr = this.db.createQueryRunner();
      try {
        // The transaction, the person's lock and the claim: one round trip, sent together on the pipelined connection
        // itself (TypeORM would wait for each answer). Each goes with parameters, so the connection prepares it:
        // Postgres plans the claim once per connection rather than on every call, where planning it took longer than
        // running it (docs/performance.md, Pool, "Seventh round").
        const client = (await qr.connect()) as { query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
        const [, , picked] = await Promise.all([
          client.query('BEGIN'),
          client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`claim:${actor.userId}`]),
          client.query(pick, [projectId, stage, actor.userId, actor.orgId]),
          // After a failure above, Postgres answers COMMIT by rolling back.
          client.query('COMMIT'),
        ]);
        const { lapsed: back, ...row } = picked.rows[0] as TaskViewRow & { lapsed: string[] | null };
        for (const id of back ?? []) lapsed.add(id);
        return row.id ? row : null;
      } catch (e) {
        await qr.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        await qr.release();
      }
    };
    let row = await attempt();
    const refused = !row && stage === 'annotate' ? await this.quality.refusal(projectId, actor.userId) : null;
    // Leases a claim returns to the pool are claimable from the next statement on: when the pool held
    // nothing else, one more try takes them, so "next task" never says "none" while one is free.
    if (!row && !refused) row = await attempt();
    if (row) lapsed.add(row.id);
    await this.access.tasksChanged(lapsed);
    if (refused) throw forbidden(refused.message, [{ path: 'projectId', message: refused.message, code: refused.code }]);
    if (row) return toTask(row, seesGold(actor));
    // Nothing for you, or no such project for you: a 404 for the second, as before.
    await this.projects.get(actor, projectId, 'tasks.work');
    return null;
  }

  /**
   * The claim itself, after the person's lock: see claim(). $1 project, $2 stage, $3 person, $4 organisation. Always
   * one row: the task view (all null when nothing was got) and `lapsed`, the leases it took back (or null).
   */
  private pickSql(allowed: string, eligible: string): string {
    return `WITH project AS (
         SELECT p.id FROM projects p WHERE p.id = $1 AND p.org_id = $4 AND ${allowed}),
       expired AS (
         SELECT t.id, t.state FROM tasks t
          WHERE t.project_id = $1 AND t.stage = $2 AND t.leased AND t.state IN ('assigned','in_progress') AND t.lease_expires_at < now()
            AND EXISTS (SELECT 1 FROM project)
          FOR UPDATE OF t SKIP LOCKED),
       back AS (
         UPDATE tasks t SET state = 'queued', assignee_id = NULL, leased = false, lease_expires_at = NULL, updated_at = now()
           FROM expired e WHERE t.id = e.id RETURNING t.id, t.org_id, e.state AS from_state),
       back_logged AS (
         INSERT INTO task_transitions (task_id, org_id, from_state, to_state, actor_id, reason)
         SELECT id, org_id, from_state, 'queued', NULL, 'lease expired' FROM back),
       held AS (
         SELECT t.* FROM tasks t
          WHERE t.project_id = $1 AND t.stage = $2 AND t.assignee_id = $3 AND t.state IN ('assigned','in_progress')
            AND NOT (t.leased AND t.lease_expires_at < now()) AND EXISTS (SELECT 1 FROM project)
          ORDER BY t.updated_at LIMIT 1),
       pick AS (
         SELECT t.id FROM tasks t
          WHERE t.project_id = $1 AND t.stage = $2 AND t.state = 'queued' AND NOT ($3 = ANY (t.skipped_by)) AND ${eligible}
            AND EXISTS (SELECT 1 FROM project) AND NOT EXISTS (SELECT 1 FROM held)
          ORDER BY t.sort_key LIMIT 1 FOR UPDATE OF t SKIP LOCKED),
       claimed AS (
         UPDATE tasks SET state = 'assigned', assignee_id = $3, leased = true, lease_expires_at = ${this.leaseSql()}, updated_at = now()
           FROM pick WHERE tasks.id = pick.id RETURNING tasks.*),
       claim_logged AS (
         INSERT INTO task_transitions (task_id, org_id, from_state, to_state, actor_id, reason)
         SELECT id, org_id, 'queued', 'assigned', $3, 'claimed from the pool' FROM claimed),
       got AS (SELECT * FROM claimed UNION ALL SELECT * FROM held)
       SELECT v.*, l.lapsed FROM (SELECT array_agg(id) AS lapsed FROM back) l LEFT JOIN LATERAL (SELECT ${taskView('got')}) v ON true`;
  }

  private holder(t: TaskRow, actor: Actor) {
    if (t.assignee_id !== actor.userId) throw conflict('This task is not yours (any more): its lease may have run out.', reason('task_not_held'));
  }

  /** Opens a task for work: assigned → in progress, or a rejected one back into rework (a new round). */
  async start(actor: Actor, id: string): Promise<Task> {
    await this.change(actor.orgId, async (em, effects) => {
      const t = await this.locked(em, actor, id, 'tasks.work');
      this.holder(t, actor);
      if (t.state === 'in_progress') return;
      if (t.state === 'rejected') await this.move(em, effects, t, 'in_progress', actor.userId, `rework, round ${t.round + 1}`, { round: t.round + 1 });
      else await this.move(em, effects, t, 'in_progress', actor.userId, 'started');
    });
    return this.get(actor, id);
  }

  /** Active time counts only the beats that say something happened, each at most a minute; a leased task's lease is renewed. */
  async heartbeat(actor: Actor, id: string, active: boolean) {
    const [row] = returned<{ lease_expires_at: Date | null; active_seconds: number }>(await this.db.query(
      `UPDATE tasks SET
         active_seconds = active_seconds + CASE WHEN $3 AND last_beat_at IS NOT NULL THEN least(60, extract(epoch FROM now() - last_beat_at))::int ELSE 0 END,
         last_beat_at = now(),
         lease_expires_at = CASE WHEN leased THEN ${this.leaseSql()} ELSE lease_expires_at END
       WHERE id = $1 AND org_id = $4 AND assignee_id = $2 AND state IN ('assigned','in_progress')
       RETURNING lease_expires_at, active_seconds`,
      [id, actor.userId, active, actor.orgId],
    ));
    if (!row) {
      // Someone who once held the task hears why they lost it; anyone else learns nothing of it.
      const [held] = await this.db.query<unknown[]>(`SELECT 1 FROM task_transitions WHERE task_id = $1 AND org_id = $2 AND actor_id = $3 LIMIT 1`, [id, actor.orgId, actor.userId]);
      if (!held) await this.get(actor, id);
      throw conflict('This task is not held by you: it was submitted, skipped or its lease ran out.', reason('task_not_held'));
    }
    return { leaseExpiresAt: row.lease_expires_at?.toISOString() ?? null, activeSeconds: row.active_seconds };
  }

  /** Gives a task back to the pool; the person who skipped it is not offered it again. */
  async skip(actor: Actor, id: string): Promise<Task> {
    await this.change(actor.orgId, async (em, effects) => {
      const t = await this.locked(em, actor, id, 'tasks.work');
      this.holder(t, actor);
      if (t.round > 0) throw conflict('A task in rework goes back to its annotator; it cannot be skipped.', reason('rework_not_skippable'));
      await this.move(em, effects, t, 'queued', actor.userId, 'skipped', { assignee_id: null, leased: false, lease_expires_at: null });
      await em.query(`UPDATE tasks SET skipped_by = array_append(array_remove(skipped_by, $2::uuid), $2::uuid) WHERE id = $1`, [t.id, actor.userId]);
    });
    return this.getAny(actor, id);
  }

  /** After a skip the task is no longer the annotator's own; managers and reviewers still see it. */
  private async getAny(actor: Actor, id: string): Promise<Task> {
    const [row] = await this.db.query<TaskViewRow[]>(`SELECT ${TASK_VIEW} WHERE t.id = $1 AND t.org_id = $2`, [id, actor.orgId]);
    return toTask(row, seesGold(actor));
  }

  /**
   * Hands in an annotate task after the schema's rule checks: blocking errors
   * (422, nothing changes) and warnings. A sampled task gets a review task; an
   * unsampled one is accepted at once. Rework is always reviewed again.
   */
  async submit(actor: Actor, id: string): Promise<{ task: Task; warnings: { path: string; message: string; annotationId?: string }[] }> {
    const { view, warnings } = await this.change(actor.orgId, async (em, effects) => {
      // The task under its lock, with its project's workflow, whether the person is under full review, the task's
      // annotations and its asset's extent (for the rule checks): one statement. What it finds for a task the actor may
      // not reach is nothing, a 404.
      const scope = taskScope(actor, 'tasks.read', 2);
      const [row] = await em.query<(TaskRow & { project_workflow: unknown; full_review: boolean; annotations: AnnotationRow[]; asset_extent: ExtentRow })[]>(
        `SELECT t.*, p.workflow AS project_workflow, ${this.quality.mustReviewSql('t', `$${scope.params.length + 2}`)} AS full_review,
                (SELECT coalesce(json_agg(a), '[]') FROM annotations a JOIN annotation_sets s ON s.id = a.set_id
                  WHERE s.asset_id = t.asset_id AND s.task_id = t.id) AS annotations,
                ${extentSql('asset')} AS asset_extent
           FROM tasks t JOIN projects p ON p.id = t.project_id JOIN assets asset ON asset.id = t.asset_id
          WHERE t.id = $1 AND ${scope.sql} FOR UPDATE OF t`,
        [id, ...scope.params, actor.userId],
      );
      if (!row) throw notFound('task');
      const { project_workflow: projectWorkflow, full_review: fullReview, annotations, asset_extent: extent, ...t } = row;
      this.sets.primeExtent(t.asset_id, extent);
      if (t.stage !== 'annotate') throw conflict('A review task ends with a decision: accept or reject.');
      this.holder(t, actor);
      const workflow = workflowSettings.parse(projectWorkflow ?? {});
      const { errors, warnings, pendingPredictions } = await this.check(em, t, workflow, annotations);
      if (pendingPredictions.length) {
        throw unprocessable(`Accept or reject the model's ${pendingPredictions.length} prediction(s) first: they are not your work until you accept them.`,
          pendingPredictions.map((annotationId) => ({ path: 'predictions', message: 'a prediction still to accept or reject', annotationId })));
      }
      if (errors.length) throw unprocessable(`The work breaks ${errors.length} rule(s) of the label schema; fix them and submit again.`, errors);
      // Every move of the submit (started, submitted, and accepted when nobody reviews) is made in one statement.
      const steps: Parameters<TasksService['moveThrough']>[3] = [];
      if (t.state === 'assigned') steps.push({ to: 'in_progress', actorId: actor.userId, reason: 'started' });
      steps.push({ to: 'submitted', actorId: actor.userId, reason: t.round ? `resubmitted after rework ${t.round}` : 'submitted', set: { submitted_at: new Date(), leased: false, lease_expires_at: null } });
      const review = t.purpose !== 'qualification'
        && (t.round > 0 || sampled(this.samplingKey, t.id, workflow.reviewSampling) || fullReview);
      // A qualification item is scored against gold, not reviewed; its batch is nobody's work.
      if (t.purpose === 'qualification') steps.push({ to: 'accepted', actorId: null, reason: 'qualification item (scored against gold)' });
      else if (!review) steps.push({ to: 'accepted', actorId: null, reason: 'accepted without review (not sampled)' });
      if (t.purpose === 'work') effects.webhook('task.submitted', { taskId: t.id, projectId: t.project_id, batchId: t.batch_id, assetId: t.asset_id, annotatorId: actor.userId, round: t.round });
      effects.submitted.push(t.id);
      // The moves (which answer with the task's view), what follows them (the review task, or the batch's completion
      // with its webhook rows), the webhook and scoring rows, and COMMIT go out together, in one write: Postgres runs
      // them in the order sent, so the completion sees this task accepted. Nothing is left to write after them.
      const last = Promise.all([
        this.moveThrough(em, effects, t, steps),
        review
          ? em.query(
            `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state, review_of, is_gold, round)
             VALUES ($1, $2, $3, $4, 'review', 'queued', $5, $6, $7)`,
            [t.org_id, t.project_id, t.batch_id, t.asset_id, t.id, t.is_gold, t.round],
          )
          : t.purpose !== 'qualification' && this.accepted(em, effects, t, null),
        this.recordEffects(em, effects),
      ]);
      commitWithThisTurn(em, last);
      const [view] = await last;
      return { view: view!, warnings };
    });
    return { task: toTask(view, seesGold(actor)), warnings };
  }

  /** The schema's rules over the whole of a task's work (`all`, its annotations), as at submit. */
  private async check(em: EntityManager, t: TaskRow, workflow: WorkflowSettings, all: AnnotationRow[]) {
    // A model's prediction in the task (pre-annotation) is not the person's work until they accept it.
    const pendingPredictions = all.filter((r) => r.source === 'model').map((r) => r.id);
    const rows = all.filter((r) => r.source !== 'model');
    const errors: { path: string; message: string; annotationId?: string }[] = [];
    const warnings: { path: string; message: string; annotationId?: string }[] = [];
    if (!rows.length && workflow.emptyAnnotations !== 'allow') {
      (workflow.emptyAnnotations === 'block' ? errors : warnings).push({ path: 'annotations', message: 'The task has no annotation.' });
    }
    const { mediaType, extent } = await this.sets.extent(t.asset_id, em);
    const state = new Map(rows.map((r) => [r.id, toAnnotation(r)]));
    const text = mediaType === 'text' && rows.some((r) => r.geometry.type === 'span') ? await this.sets.text(t.asset_id, em) : null;
    for (const a of state.values()) {
      const schema = await this.sets.schema(t.project_id, a.schemaVersion, em);
      if (!schema) continue;
      const verdict = checkAnnotation(a, { mediaType, schema, extent, text, lookup: (id) => state.get(id) }, { submitting: true });
      errors.push(...verdict.errors.map((e) => ({ ...e, annotationId: a.id })));
      warnings.push(...verdict.warnings.map((w) => ({ ...w, annotationId: a.id })));
    }
    return { errors, warnings, pendingPredictions };
  }

  /**
   * A reviewer's decision on a review task, applied to the work it reviews.
   * Rejecting needs a comment and sends the work back to its annotator, up to
   * the project's rework rounds; nobody reviews their own work.
   */
  async review(actor: Actor, id: string, decision: 'accept' | 'reject', comment?: string): Promise<Task> {
    if (decision === 'reject' && !comment) throw badRequest('Say why: a rejection needs a comment.', [{ path: 'comment', message: 'required when rejecting' }]);
    await this.change(actor.orgId, async (em, effects) => {
      const r = await this.locked(em, actor, id, 'tasks.review');
      if (r.stage !== 'review') throw conflict('Only a review task takes a decision; submit an annotate task instead.');
      this.holder(r, actor);
      const [work] = await em.query<TaskRow[]>(`SELECT * FROM tasks WHERE id = $1 FOR UPDATE`, [r.review_of]);
      if (work.assignee_id === actor.userId) throw forbidden('Nobody reviews their own work.', undefined, reason('own_work_review'));
      const workflow = await this.workflow(em, r.project_id);
      if (decision === 'accept') {
        await this.move(em, effects, r, 'accepted', actor.userId, 'accepted');
        await this.move(em, effects, work, 'accepted', actor.userId, 'accepted in review');
        await this.accepted(em, effects, work, actor);
        if (comment) await this.addComment(em, work, actor, comment);
        return;
      }
      if (work.round >= workflow.maxReworkRounds) {
        throw conflict(`This work has had its ${workflow.maxReworkRounds} rework round(s); accept it, correcting it yourself if need be.`, reason('rework_rounds_used', { max: String(workflow.maxReworkRounds) }));
      }
      await this.move(em, effects, r, 'rejected', actor.userId, 'rejected');
      await this.move(em, effects, work, 'rejected', actor.userId, 'rejected in review');
      await this.addComment(em, work, actor, comment!);
      effects.notifications.push({ userIds: [work.assignee_id], n: { kind: 'task.rejected', projectId: work.project_id, taskId: work.id, by: { id: actor.userId, name: actor.name }, message: comment, at: new Date().toISOString() } });
      effects.webhook('task.rejected', { taskId: work.id, reviewTaskId: r.id, projectId: work.project_id, batchId: work.batch_id, assetId: work.asset_id, reviewerId: actor.userId, comment, round: work.round });
    });
    return this.get(actor, id);
  }

  private async addComment(em: EntityManager, work: TaskRow, actor: Actor, body: string) {
    await em.query(`INSERT INTO task_comments (org_id, task_id, body, author_id) VALUES ($1, $2, $3, $4)`, [work.org_id, work.id, body, actor.userId]);
  }

  /**
   * Accepted work: tell its annotator and the webhooks, and close the batch when it was the last. Two last accepts at
   * once each see the other's task still open; the worker's BatchSweeper completes such a batch.
   */
  private async accepted(em: EntityManager, effects: Effects, work: TaskRow, by: Actor | null) {
    const at = new Date().toISOString();
    effects.notifications.push({ userIds: [work.assignee_id], n: { kind: 'task.accepted', projectId: work.project_id, taskId: work.id, ...(by ? { by: { id: by.userId, name: by.name } } : {}), at } });
    effects.webhook('task.accepted', { taskId: work.id, projectId: work.project_id, batchId: work.batch_id, assetId: work.asset_id, annotatorId: work.assignee_id, reviewerId: by?.userId ?? null });
    // With its webhook rows in the same statement: nothing is left to write once its answer is in (see submit).
    const [closed] = await em.query<CompletedBatch[]>(completeBatchesSql(this.webhooks, 'b.id = $1'), [work.batch_id]);
    if (closed) {
      const notice = completionNotice(closed, at);
      if (notice) effects.notifications.push(notice);
      effects.deliveries.push(...closed.deliveries);
    }
  }

  async transitions(actor: Actor, id: string) {
    await this.get(actor, id);
    const rows = await this.db.query<{ from_state: TaskState | null; to_state: TaskState; actor_id: string | null; name: string | null; reason: string; at: Date }[]>(
      `SELECT tt.from_state, tt.to_state, tt.actor_id, u.name, tt.reason, tt.at FROM task_transitions tt LEFT JOIN users u ON u.id = tt.actor_id WHERE tt.task_id = $1 ORDER BY tt.id`,
      [id],
    );
    return { items: rows.map((r) => ({ from: r.from_state, to: r.to_state, actor: r.actor_id ? { id: r.actor_id, name: r.name ?? '' } : null, reason: r.reason, at: r.at.toISOString() })) };
  }
}

/**
 * Review sampling decided by the task's id under a server key: the same task always gets the same
 * answer, retried or not, and nobody without the key can tell from the id whether their work will be
 * reviewed (a plain hash of the id would let them skip care exactly where no reviewer looks).
 */
export function sampled(key: Buffer, taskId: string, share: number): boolean {
  if (share >= 1) return true;
  if (share <= 0) return false;
  return createHmac('sha256', key).update(taskId).digest().readUInt32BE(0) / 0x1_0000_0000 < share;
}

