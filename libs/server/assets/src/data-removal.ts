import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssetDeletion } from '@tessera/contracts';
import { AuditLog, type AuditEntry } from '@tessera/server/audit';
import { AccessChanges, type Actor } from '@tessera/server/auth';
import { conflict, notFound, reason } from '@tessera/server/http';
import { ProjectsService } from '@tessera/server/projects';
import { WebhookOutbox } from '@tessera/server/webhooks';
import { AssetsService, assetChoiceSql } from './assets.service';
import { DroppedBlobs, assetKeysSql } from './dropped-blobs';

/** Ids in one `assets.deleted` webhook event: a delete of 100,000 assets sends a hundred events, not one of 3.7 MB. */
const WEBHOOK_IDS_PER_EVENT = 1000;

interface Removed { assets: number; taskIds: string[]; deliveries: string[] }

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Deleting data for good: an asset, many of a project's at once, or a whole project. The rows go in one
 * transaction, everything made of them cascading (annotation sets and their ops, tasks and their comments, gold
 * marks, scores, DICOM instances; for a project also its batches, releases, schema versions, members and quality
 * figures), and the same transaction writes down the blobs they held (DroppedBlobs), which the worker deletes once
 * no row anywhere names them, and the webhook deliveries that tell of it.
 */
@Injectable()
export class DataRemoval {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly assets: AssetsService,
    private readonly projects: ProjectsService,
    private readonly dropped: DroppedBlobs,
    private readonly audit: AuditLog,
    private readonly access: AccessChanges,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /** An asset; whoever has its tasks open in an editor is told at once. A release already cut keeps its own copy. */
  async asset(actor: Actor, id: string): Promise<void> {
    const a = await this.assets.getEntity(actor, id, 'assets.delete');
    const removed = await this.db.transaction(async (em) => {
      const r = await this.removeAssets(em, actor, a.projectId, [a.id]);
      // Deleted meanwhile by someone else: theirs was the delete.
      if (!r.assets) throw notFound('asset');
      return r;
    });
    await this.tell(actor, removed);
  }

  /**
   * The assets of a project a person chose at once (one by one, or all those the list's filters match), as one
   * transaction; refused, with nothing deleted, when the choice now names another number than the person saw.
   */
  async assetsOf(actor: Actor, projectId: string, choice: AssetDeletion): Promise<number> {
    if (!(await this.projects.reaches(actor, projectId, 'assets.delete'))) throw notFound('project');
    const removed = await this.db.transaction(async (em) => {
      const params: unknown[] = [actor.orgId, projectId];
      // Held until the end, so that what is counted is what is deleted.
      const ids = (await em.query<{ id: string }[]>(
        `SELECT a.id FROM assets a WHERE a.org_id = $1 AND a.project_id = $2 AND ${assetChoiceSql(choice, params)} FOR UPDATE`, params)).map((r) => r.id);
      if (ids.length !== choice.expected) {
        throw conflict(`The choice names ${ids.length} assets now, not the ${choice.expected} expected; nothing was deleted.`, reason('selection_changed', { matched: String(ids.length) }));
      }
      return this.removeAssets(em, actor, projectId, ids);
    });
    await this.tell(actor, removed);
    return removed.assets;
  }

  /**
   * Deletes the assets `ids` of a project of the actor's organisation, writing down their blobs, an `asset.deleted` event for
   * each and their `assets.deleted` webhook deliveries. A work batch left without any task (all its assets deleted)
   * goes too, with a `batch.deleted` event: it would otherwise stay open for good with nothing in it.
   */
  private async removeAssets(em: EntityManager, actor: Actor, projectId: string, ids: string[]): Promise<Removed> {
    const tasks = await em.query<{ id: string; asset_id: string; batch_id: string }[]>(`SELECT id, asset_id, batch_id FROM tasks WHERE asset_id = ANY($1::uuid[])`, [ids]);
    await this.dropped.drop(em, assetKeysSql('a.id = ANY($1::uuid[])'), [ids]);
    // A SELECT around each DELETE: TypeORM answers a bare DELETE … RETURNING with [rows, count].
    const gone = await em.query<{ id: string; kind: string; status: string; sha256: string }[]>(
      `WITH gone AS (DELETE FROM assets WHERE id = ANY($1::uuid[]) AND org_id = $2 AND project_id = $3 RETURNING id, kind, status, sha256) SELECT * FROM gone`, [ids, actor.orgId, projectId]);
    const emptied = await em.query<{ id: string; name: string }[]>(
      `WITH gone AS (DELETE FROM batches b WHERE b.id = ANY($1::uuid[]) AND b.org_id = $2 AND b.purpose = 'work'
          AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.batch_id = b.id)
        RETURNING b.id, b.name) SELECT * FROM gone`, [[...new Set(tasks.map((t) => t.batch_id))], actor.orgId]);
    const tasksOf = new Map<string, number>();
    for (const t of tasks) tasksOf.set(t.asset_id, (tasksOf.get(t.asset_id) ?? 0) + 1);
    await this.audit.recordAll([
      // No name: a DICOM series' or a file's may be a patient's.
      ...gone.map((a) => this.entry(actor, 'asset.deleted', 'asset', a.id, { projectId, kind: a.kind, status: a.status, sha256: a.sha256, tasks: tasksOf.get(a.id) ?? 0 })),
      ...emptied.map((b) => this.entry(actor, 'batch.deleted', 'batch', b.id, { projectId, name: b.name, reason: 'emptied' })),
    ], em);
    const events = chunks(gone.map((a) => a.id), WEBHOOK_IDS_PER_EVENT).map((assetIds) => ({ event: 'assets.deleted' as const, payload: { projectId, assetIds } }));
    return { assets: gone.length, taskIds: tasks.map((t) => t.id), deliveries: await this.webhooks.record(em, actor.orgId, events) };
  }

  /** After the commit: editors holding the deleted assets' tasks decide again, and the webhooks go out. */
  private async tell(actor: Actor, removed: Removed) {
    await this.access.tasksChanged(removed.taskIds).catch(() => undefined);
    // Not queued now (Redis away): the webhook sweep queues them.
    await this.webhooks.dispatch(actor.orgId, removed.deliveries).catch(() => undefined);
  }

  /**
   * A project, once archived (nobody works in it then, and deleting is a second, deliberate step), with all its
   * data; its exports' and releases' files go too (their runs then answer that the file was deleted), since they are
   * copies of it.
   */
  async project(actor: Actor, id: string): Promise<void> {
    if (!(await this.projects.reaches(actor, id, 'projects.delete'))) throw notFound('project');
    const { members, deliveries } = await this.db.transaction(async (em) => {
      const [p] = await em.query<{ name: string; media_type: string; status: string }[]>(
        `SELECT name, media_type, status FROM projects WHERE id = $1 AND org_id = $2 FOR UPDATE`, [id, actor.orgId]);
      if (!p) throw notFound('project');
      if (p.status !== 'archived') throw conflict('Archive the project before deleting it.', reason('project_not_archived'));
      const [held] = await em.query<{ assets: number; members: string[] }[]>(
        `SELECT (SELECT count(*)::int FROM assets WHERE project_id = $1) AS assets, ARRAY(SELECT user_id FROM project_members WHERE project_id = $1) AS members`, [id]);
      await this.dropped.drop(em, `${assetKeysSql('a.project_id = $1')} UNION SELECT blob_key FROM releases WHERE project_id = $1 AND blob_key IS NOT NULL`, [id]);
      // Its exports' and releases' files are copies of its data: their runs let go of them, and say so (downloading answers 410).
      await this.dropped.letGoOfRunFiles(em, `SELECT id FROM job_runs WHERE org_id = $2 AND result ? 'blobKey'
        AND (params->>'projectId' = $1::text OR id IN (SELECT job_run_id FROM releases WHERE project_id = $1::uuid))`, [id, actor.orgId]);
      await em.query(`DELETE FROM projects WHERE id = $1 AND org_id = $2`, [id, actor.orgId]);
      await this.audit.record(this.entry(actor, 'project.deleted', 'project', id, { name: p.name, mediaType: p.media_type, assets: held.assets }), em);
      return { members: held.members, deliveries: await this.webhooks.record(em, actor.orgId, [{ event: 'project.deleted', payload: { projectId: id, name: p.name } }]) };
    });
    // Its members' open editors decide again, and find the project gone.
    for (const userId of members) await this.access.personChanged(userId).catch(() => undefined);
    await this.webhooks.dispatch(actor.orgId, deliveries).catch(() => undefined);
  }

  private entry(actor: Actor, action: string, resourceType: string, resourceId: string, details: Record<string, unknown>): AuditEntry {
    return { orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action, resourceType, resourceId, origin: actor.origin, details };
  }
}
