import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@tessera/server/audit';
import { AccessChanges, type Actor } from '@tessera/server/auth';
import { conflict, notFound, reason } from '@tessera/server/http';
import { ProjectsService } from '@tessera/server/projects';
import { AssetsService } from './assets.service';
import { DroppedBlobs, assetKeysSql } from './dropped-blobs';

/**
 * Deleting data for good: an asset, or a whole project. The rows go in one transaction, everything made of them
 * cascading (annotation sets and their ops, tasks and their comments, gold marks, scores, DICOM instances; for a
 * project also its batches, releases, schema versions, members and quality figures), and the same transaction
 * writes down the blobs they held (DroppedBlobs), which the worker deletes once no row anywhere names them.
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
  ) {}

  /** An asset; whoever has its tasks open in an editor is told at once. A release already cut keeps its own copy. */
  async asset(actor: Actor, id: string): Promise<void> {
    const a = await this.assets.getEntity(actor, id, 'assets.delete');
    const taskIds = await this.db.transaction(async (em) => {
      const tasks = (await em.query<{ id: string }[]>(`SELECT id FROM tasks WHERE asset_id = $1`, [a.id])).map((t) => t.id);
      await this.dropped.drop(em, assetKeysSql('a.id = $1'), [a.id]);
      const gone = await em.query<unknown[]>(`DELETE FROM assets WHERE id = $1 AND org_id = $2 RETURNING id`, [a.id, actor.orgId]);
      // Deleted meanwhile by someone else: theirs was the delete.
      if (!gone.length) throw notFound('asset');
      // No name: a DICOM series' or a file's may be a patient's.
      await this.record(actor, 'asset.deleted', 'asset', a.id, { projectId: a.projectId, kind: a.kind, status: a.status, sha256: a.sha256, tasks: tasks.length }, em);
      return tasks;
    });
    await this.access.tasksChanged(taskIds).catch(() => undefined);
  }

  /**
   * A project, once archived (nobody works in it then, and deleting is a second, deliberate step), with all its
   * data; its exports' and releases' files go too (their runs then answer that the file was deleted), since they are
   * copies of it.
   */
  async project(actor: Actor, id: string): Promise<void> {
    if (!(await this.projects.reaches(actor, id, 'projects.delete'))) throw notFound('project');
    const members = await this.db.transaction(async (em) => {
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
      await this.record(actor, 'project.deleted', 'project', id, { name: p.name, mediaType: p.media_type, assets: held.assets }, em);
      return held.members;
    });
    // Its members' open editors decide again, and find the project gone.
    for (const userId of members) await this.access.personChanged(userId).catch(() => undefined);
  }

  private record(actor: Actor, action: string, resourceType: string, resourceId: string, details: Record<string, unknown>, em: EntityManager) {
    return this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action, resourceType, resourceId, origin: actor.origin, details }, em);
  }
}
