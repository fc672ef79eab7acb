import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OpInput, OpResult } from '@tessera/contracts';
import { AnnotationSets, ServerAnnotations, serverClientId, toAnnotation, type AnnotationRow, type SetAccess, type TaskSetMade } from '@tessera/server/annotations';
import { derivedId } from './derived-id';

/** Annotate tasks whose work has not been handed in: predictions still help there. */
const OPEN_STATES = ['queued', 'assigned', 'in_progress'];

/**
 * Predictions where annotators work. A pre-annotation run commits to the
 * asset's working set, while each annotate task works in a set of its own;
 * so the asset's standing predictions (its working set's `model` annotations)
 * are copied into a task's set when the set is made, and a run pushes its
 * predictions into the sets of the asset's open tasks as it makes them.
 * Copies stay predictions (`source: model`) with the original's score and
 * prediction id, so accepting one names the prediction the model's accuracy
 * is measured by. Gold, qualification and review work get none.
 *
 * Every copy and every removal is an op with an identity of its own (derived
 * from the set and the prediction), so a retried job, or a run racing a set
 * being made, repeats none — and a copy the annotator rejected never comes back.
 */
@Injectable()
export class TaskPredictions implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly sets: AnnotationSets,
    private readonly annotations: ServerAnnotations,
  ) {}

  onModuleInit() {
    this.sets.whenTaskSetMade((made) => this.seed(made));
  }

  /** A task's set was just made: the asset's standing predictions go into it, if the task is open annotate work. */
  async seed(made: TaskSetMade): Promise<void> {
    const [task] = await this.db.query<{ stage: string; purpose: string; state: string }[]>(
      `SELECT stage, purpose, state FROM tasks WHERE id = $1 AND org_id = $2`, [made.taskId, made.orgId]);
    if (!task || task.stage !== 'annotate' || task.purpose !== 'work' || !OPEN_STATES.includes(task.state)) return;
    await this.copyInto([{ ...made, canEdit: true }], await this.standing(made.orgId, made.assetId));
  }

  /**
   * After a run on the asset: its open tasks' sets get the asset's standing predictions they lack, and lose
   * this model version's predictions from other runs (replaced, as in the working set). Sets not made yet
   * are seeded when they are.
   */
  async refreshOpenTasks(orgId: string, assetId: string, model: { id: string; version: string }, jobRunId: string): Promise<void> {
    const open = await this.db.query<{ set_id: string; project_id: string; task_id: string }[]>(
      `SELECT s.id AS set_id, s.project_id, t.id AS task_id FROM tasks t JOIN annotation_sets s ON s.task_id = t.id AND s.asset_id = t.asset_id
        WHERE t.asset_id = $1 AND t.org_id = $2 AND t.stage = 'annotate' AND t.purpose = 'work' AND t.state = ANY($3::text[])`,
      [assetId, orgId, OPEN_STATES]);
    if (!open.length) return;
    const sets: SetAccess[] = open.map((o) => ({ setId: o.set_id, orgId, projectId: o.project_id, assetId, taskId: o.task_id, canEdit: true }));
    const stale = await this.db.query<{ id: string; set_id: string; created_by: string }[]>(
      `SELECT a.id, a.set_id, a.created_by FROM annotations a
        WHERE a.set_id = ANY($1::uuid[]) AND a.org_id = $2 AND a.source = 'model'
          AND a.prediction_id IN (SELECT annotation_id FROM model_predictions
                                   WHERE org_id = $2 AND model_id = $3 AND model_version = $4 AND asset_id = $5 AND job_run_id <> $6)`,
      [sets.map((s) => s.setId), orgId, model.id, model.version, assetId, jobRunId]);
    for (const set of sets) {
      const gone = stale.filter((s) => s.set_id === set.setId);
      if (gone.length) {
        const ops = gone.map((g): OpInput => ({ type: 'delete', id: g.id, clientId: serverClientId(g.id, 'pd'), clientSeq: 1 }));
        settled(await this.annotations.commit(set, { source: 'model', onBehalfOf: gone[0].created_by }, ops));
      }
    }
    await this.copyInto(sets, await this.standing(orgId, assetId));
  }

  /** The asset's predictions still standing in its working set. */
  private async standing(orgId: string, assetId: string) {
    const rows = await this.db.query<AnnotationRow[]>(
      `SELECT a.* FROM annotations a JOIN annotation_sets s ON s.id = a.set_id
        WHERE s.asset_id = $1 AND s.org_id = $2 AND s.task_id IS NULL AND s.purpose = 'work' AND a.source = 'model'
        ORDER BY a.created_at, a.id`, [assetId, orgId]);
    return rows.map(toAnnotation);
  }

  private async copyInto(sets: SetAccess[], predictions: ReturnType<typeof toAnnotation>[]) {
    if (!predictions.length) return;
    for (const set of sets) {
      // Grouped by who asked for the run: a copy is made on their behalf, as the original was.
      const byAuthor = new Map<string, OpInput[]>();
      for (const p of predictions) {
        const id = derivedId('task-copy', set.setId, p.id);
        const op: OpInput = {
          type: 'create', clientId: serverClientId(id, 'pc'), clientSeq: 1,
          annotation: { id, labelId: p.labelId, schemaVersion: p.schemaVersion, geometry: p.geometry, attributes: p.attributes, source: 'model',
            score: p.score, predictionId: p.predictionId ?? p.id, zIndex: p.zIndex, groupId: p.groupId },
        };
        byAuthor.set(p.createdBy, [...(byAuthor.get(p.createdBy) ?? []), op]);
      }
      for (const [author, ops] of byAuthor) settled(await this.annotations.commit(set, { source: 'model', onBehalfOf: author }, ops));
    }
  }
}

/** A commit the server could not make now (unavailable, throttled) is the job's to retry; a refused copy is simply not made. */
function settled(results: OpResult[]) {
  for (const r of results) if (r.status !== 'committed' && (r.code === 'unavailable' || r.code === 'throttled')) throw new Error(`the commit was refused for now (${r.message})`);
}
