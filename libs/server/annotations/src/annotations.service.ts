import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { utf16ToCodePoints } from '@tessera/formats';
import { MAX_CATCHUP_OPS, type AnnotationHistory, type AnnotationSnapshot, type CommittedOp, type CommittedOpBody, type OpBatchResult } from '@tessera/contracts';
import type { Actor } from '@tessera/server/auth';
import { notFound } from '@tessera/server/http';
import { AnnotationSets, toAnnotation, type AnnotationRow, type SetAccess } from './annotation-sets';
import { OpCommitter } from './op-committer';

interface OpRow { server_seq: string; actor_id: string; committed_at: Date; op: CommittedOpBody }
const toCommitted = (r: OpRow): CommittedOp => ({ serverSeq: Number(r.server_seq), actorId: r.actor_id, at: r.committed_at.toISOString(), op: r.op });

/** Reading annotation sets and their op logs; writing goes through the committer, for REST and socket alike. */
@Injectable()
export class AnnotationsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly sets: AnnotationSets,
    private readonly committer: OpCommitter,
  ) {}

  /** Every annotation of the set and the server_seq they reflect, read in one snapshot. */
  async snapshot(set: SetAccess): Promise<AnnotationSnapshot> {
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const [s] = await em.query<{ last_seq: string }[]>(`SELECT last_seq FROM annotation_sets WHERE id = $1`, [set.setId]);
      const rows = await em.query<AnnotationRow[]>(`SELECT * FROM annotations WHERE set_id = $1 ORDER BY z_index, created_at, id`, [set.setId]);
      return { setId: set.setId, assetId: set.assetId, serverSeq: Number(s.last_seq), annotations: rows.map(toAnnotation) };
    });
  }

  /**
   * The snapshot as the REST reads give it: each text span also with its text and its offsets in code points
   * (the stored ones stay UTF-16 code units, as the editors and the contracts count).
   */
  async read(set: SetAccess): Promise<AnnotationSnapshot> {
    const snap = await this.snapshot(set);
    const spans = snap.annotations.flatMap((a) => (a.geometry.type === 'span' ? [{ a, g: a.geometry }] : []));
    const text = spans.length ? await this.sets.text(set.assetId) : null;
    if (text === null) return snap;
    const cps = utf16ToCodePoints(text, spans.flatMap(({ g }) => [g.start, g.end]));
    const reading = new Map(spans.map(({ a, g }, i) => [a.id, { text: text.slice(g.start, g.end), codePointStart: cps[2 * i], codePointEnd: cps[2 * i + 1] }]));
    return { ...snap, annotations: snap.annotations.map((a) => (reading.has(a.id) ? { ...a, span: reading.get(a.id) } : a)) };
  }

  async serverSeq(setId: string): Promise<number> {
    const [s] = await this.db.query<{ last_seq: string }[]>(`SELECT last_seq FROM annotation_sets WHERE id = $1`, [setId]);
    return Number(s?.last_seq ?? 0);
  }

  /** Committed ops after a server_seq, in order, at most `limit`. */
  async opsAfter(set: SetAccess, after: number, limit = MAX_CATCHUP_OPS): Promise<{ ops: CommittedOp[]; serverSeq: number; more: boolean }> {
    const serverSeq = await this.serverSeq(set.setId);
    const rows = await this.db.query<OpRow[]>(
      `SELECT server_seq, actor_id, committed_at, op FROM annotation_ops WHERE set_id = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3`,
      [set.setId, after, limit + 1],
    );
    const more = rows.length > limit;
    return { ops: rows.slice(0, limit).map(toCommitted), serverSeq, more };
  }

  async applyBatch(actor: Actor, set: SetAccess, ops: unknown[]): Promise<OpBatchResult> {
    const results = await this.committer.submit(set, { kind: 'person', userId: actor.userId }, ops);
    return { setId: set.setId, serverSeq: await this.serverSeq(set.setId), results };
  }

  /** Who changed what of one annotation, and when, oldest first. */
  async history(actor: Actor, annotationId: string): Promise<AnnotationHistory> {
    const [first] = await this.db.query<{ set_id: string }[]>(
      `SELECT set_id FROM annotation_ops WHERE annotation_id = $1 AND org_id = $2 LIMIT 1`, [annotationId, actor.orgId]);
    if (!first) throw notFound('annotation');
    // The set's asset decides who may read its history, as it decides who may read the annotation.
    await this.sets.openById(actor, first.set_id).catch(() => {
      throw notFound('annotation');
    });
    const rows = await this.db.query<(OpRow & { name: string })[]>(
      `SELECT o.server_seq, o.actor_id, o.committed_at, o.op, u.name FROM annotation_ops o JOIN users u ON u.id = o.actor_id
        WHERE o.annotation_id = $1 AND o.set_id = $2 ORDER BY o.server_seq`,
      [annotationId, first.set_id],
    );
    return {
      items: rows.map((r) => ({
        serverSeq: Number(r.server_seq),
        type: r.op.type,
        actor: { id: r.actor_id, name: r.name },
        at: r.committed_at.toISOString(),
        changes: r.op.type === 'create' ? { ...r.op.annotation } : r.op.type === 'update' ? { ...r.op.patch } : {},
      })),
    };
  }
}
