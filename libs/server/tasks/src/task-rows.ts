import { reachOf, type Action, type Task, type TaskStage, type TaskState } from '@tessera/contracts';
import type { Actor } from '@tessera/server/auth';

export interface TaskRow {
  id: string; org_id: string; project_id: string; batch_id: string; asset_id: string; stage: TaskStage; state: TaskState;
  round: number; assignee_id: string | null; review_of: string | null; is_gold: boolean; leased: boolean; purpose: 'work' | 'qualification';
  lease_expires_at: Date | null; active_seconds: number; submitted_at: Date | null; created_at: Date; updated_at: Date;
}

/**
 * The columns a task view needs, joined once: asset, assignee, its set, open comments.
 * `source` names what `t` ranges over: the tasks table, or a CTE of task rows (a claim's RETURNING).
 */
export const taskView = (source = 'tasks') => `
  t.*, a.name AS asset_name, a.kind AS asset_kind, u.name AS assignee_name,
  (SELECT s.id FROM annotation_sets s WHERE s.asset_id = t.asset_id AND s.task_id = coalesce(t.review_of, t.id)) AS set_id,
  (SELECT count(*)::int FROM task_comments c WHERE c.task_id = coalesce(t.review_of, t.id) AND c.resolved_at IS NULL AND c.parent_id IS NULL) AS open_comments
  FROM ${source} t JOIN assets a ON a.id = t.asset_id LEFT JOIN users u ON u.id = t.assignee_id`;
export const TASK_VIEW = taskView();

export type TaskViewRow = TaskRow & { asset_name: string; asset_kind: Task['assetKind']; assignee_name: string | null; set_id: string | null; open_comments: number };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Gold stays hidden from the people doing the work, so a known answer looks like any other task. */
export function toTask(r: TaskViewRow, showGold: boolean): Task {
  return {
    id: r.id, projectId: r.project_id, batchId: r.batch_id, assetId: r.asset_id, assetName: r.asset_name, assetKind: r.asset_kind,
    stage: r.stage, state: r.state, round: r.round, assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    reviewOf: r.review_of, setId: r.set_id, leaseExpiresAt: iso(r.lease_expires_at), activeSeconds: r.active_seconds,
    openComments: r.open_comments, ...(showGold ? { isGold: r.is_gold } : {}),
    submittedAt: iso(r.submitted_at), createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

/** Who learns which tasks are gold: those who keep gold. Reviewers review gold work like any other. */
export const seesGold = (actor: Actor) => reachOf(actor.role, 'gold.manage') !== null;

/**
 * The WHERE clause that narrows tasks to what the decision table lets the
 * actor reach for an action: the organisation, their projects, or their own.
 * Parameters start at $first.
 */
export function taskScope(actor: Actor, action: Action, first: number): { sql: string; params: unknown[] } {
  const reach = reachOf(actor.role, action);
  const org = `t.org_id = $${first}`;
  if (reach === 'org') return { sql: org, params: [actor.orgId] };
  if (reach === 'own') return { sql: `${org} AND t.assignee_id = $${first + 1}`, params: [actor.orgId, actor.userId] };
  if (reach === 'project') {
    return { sql: `${org} AND EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = t.project_id AND pm.user_id = $${first + 1})`, params: [actor.orgId, actor.userId] };
  }
  return { sql: 'false', params: [] };
}

/** TypeORM answers an UPDATE or DELETE … RETURNING with [rows, count], anything else with rows. */
export function returned<T>(raw: unknown): T[] {
  return Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number' ? (raw[0] as T[]) : (raw as T[]);
}
