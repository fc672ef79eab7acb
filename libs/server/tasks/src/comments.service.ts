import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Comment } from '@tessera/contracts';
import type { Actor } from '@tessera/server/auth';
import { badRequest, notFound } from '@tessera/server/http';
import { TasksService } from './tasks.service';

interface CommentRow {
  id: string; task_id: string; parent_id: string | null; annotation_id: string | null; point: Comment['point']; body: string;
  author_id: string | null; author_name: string | null; resolved_at: Date | null; created_at: Date;
}
const toComment = (r: CommentRow): Comment => ({
  id: r.id, taskId: r.task_id, parentId: r.parent_id, annotationId: r.annotation_id, point: r.point, body: r.body,
  author: { id: r.author_id ?? '00000000-0000-0000-0000-000000000000', name: r.author_name ?? '' },
  resolvedAt: r.resolved_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
});
const COMMENT_VIEW = `c.*, u.name AS author_name FROM task_comments c LEFT JOIN users u ON u.id = c.author_id`;

/**
 * Review comments, pinned to an object or a place, threaded and resolvable.
 * They belong to the work (the annotate task): posted on a review task they
 * land on the task it reviews, so the annotator finds them where they work.
 */
@Injectable()
export class CommentsService {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly tasks: TasksService) {}

  private async workOf(actor: Actor, taskId: string): Promise<{ id: string; orgId: string }> {
    const t = await this.tasks.get(actor, taskId);
    return { id: t.reviewOf ?? t.id, orgId: actor.orgId };
  }

  async list(actor: Actor, taskId: string) {
    const work = await this.workOf(actor, taskId);
    const rows = await this.db.query<CommentRow[]>(`SELECT ${COMMENT_VIEW} WHERE c.task_id = $1 AND c.org_id = $2 ORDER BY c.created_at, c.id`, [work.id, actor.orgId]);
    return { items: rows.map(toComment) };
  }

  async create(actor: Actor, taskId: string, req: { body: string; annotationId?: string; point?: Comment['point']; parentId?: string }) {
    const work = await this.workOf(actor, taskId);
    if (req.parentId) {
      const [parent] = await this.db.query<{ id: string }[]>(`SELECT id FROM task_comments WHERE id = $1 AND task_id = $2`, [req.parentId, work.id]);
      if (!parent) throw badRequest('A reply answers a comment of the same task.', [{ path: 'parentId', message: 'no such comment on this task' }]);
    }
    if (req.annotationId) {
      const [a] = await this.db.query<{ id: string }[]>(
        `SELECT a.id FROM annotations a JOIN annotation_sets s ON s.id = a.set_id JOIN tasks t ON t.id = $2 WHERE a.id = $1 AND s.asset_id = t.asset_id`,
        [req.annotationId, work.id]);
      if (!a) throw badRequest('A comment is pinned to an object of this asset.', [{ path: 'annotationId', message: 'no such annotation on this asset' }]);
    }
    const [{ id }] = await this.db.query<{ id: string }[]>(
      `INSERT INTO task_comments (org_id, task_id, parent_id, annotation_id, point, body, author_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [actor.orgId, work.id, req.parentId ?? null, req.annotationId ?? null, req.point ? JSON.stringify(req.point) : null, req.body, actor.userId],
    );
    return this.one(actor, id);
  }

  async resolve(actor: Actor, commentId: string, resolved: boolean) {
    const [c] = await this.db.query<{ task_id: string }[]>(`SELECT task_id FROM task_comments WHERE id = $1 AND org_id = $2`, [commentId, actor.orgId]);
    if (!c) throw notFound('comment');
    await this.workOf(actor, c.task_id).catch(() => {
      throw notFound('comment');
    });
    await this.db.query(`UPDATE task_comments SET resolved_at = CASE WHEN $2 THEN now() END, resolved_by = CASE WHEN $2 THEN $3::uuid END WHERE id = $1`, [commentId, resolved, actor.userId]);
    return this.one(actor, commentId);
  }

  private async one(actor: Actor, id: string) {
    const [row] = await this.db.query<CommentRow[]>(`SELECT ${COMMENT_VIEW} WHERE c.id = $1 AND c.org_id = $2`, [id, actor.orgId]);
    return toComment(row);
  }
}
