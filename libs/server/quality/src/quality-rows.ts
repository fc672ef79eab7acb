import { toAnnotation, type AnnotationRow, type Queryable } from '@tessera/server/annotations';
import { workflowSettings, type Annotation, type MediaType, type WorkflowSettings } from '@tessera/contracts';
import type { Item } from '@tessera/quality';

/** A submitted annotate task, with what scoring it needs. */
export interface TaskToScore {
  id: string;
  orgId: string;
  projectId: string;
  batchId: string;
  assetId: string;
  assigneeId: string | null;
  isGold: boolean;
  purpose: 'work' | 'qualification';
  state: string;
  stage: 'annotate' | 'review';
  mediaType: MediaType;
  workflow: WorkflowSettings;
  setId: string | null;
  /** the set's last server_seq: what the work was when it was scored */
  setSeq: number;
}

export async function taskToScore(db: Queryable, orgId: string, taskId: string): Promise<TaskToScore | null> {
  const [r] = await db.query<Record<string, unknown>[]>(
    `SELECT t.id, t.org_id, t.project_id, t.batch_id, t.asset_id, t.assignee_id, t.is_gold, t.purpose, t.state, t.stage,
            p.workflow, p.media_type, s.id AS set_id, coalesce(s.last_seq, 0)::int AS set_seq
       FROM tasks t JOIN projects p ON p.id = t.project_id
       LEFT JOIN annotation_sets s ON s.asset_id = t.asset_id AND s.task_id = t.id
      WHERE t.id = $1 AND t.org_id = $2`,
    [taskId, orgId],
  );
  if (!r) return null;
  return {
    id: r.id as string, orgId: r.org_id as string, projectId: r.project_id as string, batchId: r.batch_id as string, assetId: r.asset_id as string,
    assigneeId: r.assignee_id as string | null, isGold: r.is_gold as boolean, purpose: r.purpose as TaskToScore['purpose'], state: r.state as string,
    stage: r.stage as TaskToScore['stage'], mediaType: r.media_type as MediaType, workflow: workflowSettings.parse(r.workflow ?? {}),
    setId: r.set_id as string | null, setSeq: Number(r.set_seq),
  };
}

export async function annotationsOf(db: Queryable, setId: string | null): Promise<Annotation[]> {
  if (!setId) return [];
  const rows = await db.query<AnnotationRow[]>(`SELECT * FROM annotations WHERE set_id = $1 ORDER BY created_at, id`, [setId]);
  return rows.map(toAnnotation);
}

/**
 * What the metrics look at (id, label, geometry, attributes) of the
 * annotations of many sets, in one round trip, by set, each set's in the order
 * annotationsOf gives; `source` keeps only those of that source. Fewer columns
 * than annotationsOf: a consensus round reads a hundred rows an asset.
 */
export async function itemsOfSets(db: Queryable, setIds: (string | null)[], source?: Annotation['source']): Promise<Map<string, Item[]>> {
  const ids = [...new Set(setIds.filter((id): id is string => !!id))];
  const bySet = new Map<string, Item[]>(ids.map((id) => [id, []]));
  if (!ids.length) return bySet;
  // One row a set, its items one JSON text parsed once: a row an annotation cost the driver a row
  // object and two parsed JSON fields each, a hundred times an asset.
  const rows = await db.query<{ set_id: string; items: string }[]>(
    `SELECT set_id, json_agg(json_build_object('id', id, 'labelId', label_id, 'geometry', geometry, 'attributes', attributes) ORDER BY created_at, id)::text AS items
       FROM annotations WHERE set_id = ANY($1::uuid[])${source ? ' AND source = $2' : ''} GROUP BY set_id`,
    source ? [ids, source] : [ids],
  );
  for (const r of rows) bySet.set(r.set_id, JSON.parse(r.items) as Item[]);
  return bySet;
}

/** The annotate tasks of an asset's work (not qualification attempts), each with its set. */
export interface OverlapTask {
  id: string;
  state: string;
  assigneeId: string | null;
  assigneeName: string | null;
  setId: string | null;
  setSeq: number;
}

export async function overlapTasks(db: Queryable, orgId: string, assetId: string): Promise<OverlapTask[]> {
  const rows = await db.query<Record<string, unknown>[]>(
    `SELECT t.id, t.state, t.assignee_id, u.name, s.id AS set_id, coalesce(s.last_seq, 0)::int AS set_seq
       FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id
       LEFT JOIN annotation_sets s ON s.asset_id = t.asset_id AND s.task_id = t.id
      WHERE t.asset_id = $1 AND t.org_id = $2 AND t.stage = 'annotate' AND t.purpose = 'work'
      ORDER BY t.created_at, t.id`,
    [assetId, orgId],
  );
  return rows.map((r) => ({
    id: r.id as string, state: r.state as string, assigneeId: r.assignee_id as string | null, assigneeName: r.name as string | null,
    setId: r.set_id as string | null, setSeq: Number(r.set_seq),
  }));
}

/** States in which a task's work is in: handed in, and not sent back. */
export const WORK_IN = ['submitted', 'accepted'];
