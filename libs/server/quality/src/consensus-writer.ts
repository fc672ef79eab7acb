import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OpInput } from '@tessera/contracts';
import { ServerAnnotations, serverClientId, type SetAccess } from '@tessera/server/annotations';
import type { ConsensusObject, Item } from '@tessera/quality';

/** What accepting a consensus object needs of it (the result row keeps no more). */
export type AcceptedObject = Pick<ConsensusObject, 'id' | 'labelId' | 'geometry' | 'attributes'>;
import { itemsOfSets } from './quality-rows';

/**
 * Writes an asset's consensus into its working set (the set without a task,
 * the asset's result) as `consensus` annotations, through the committer
 * people's edits go through. What an earlier consensus wrote and this one
 * no longer has is deleted; people's own annotations there are left alone.
 * The ops' identity comes from what the consensus was computed from, so a
 * retried job or a second acceptance of the same consensus commits nothing twice.
 * A gold asset's working set holds its reference answers: never written.
 */
@Injectable()
export class ConsensusWriter {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly server: ServerAnnotations) {}

  async write(orgId: string, assetId: string, input: string, objects: AcceptedObject[], onBehalfOf: string | null): Promise<number> {
    return this.writeMany(orgId, [{ assetId, input, objects }], onBehalfOf);
  }

  /**
   * Many assets' consensus (a job's round): read with a fixed number of statements whatever their
   * number, and committed side by side so that their ops meet in the committer's group commit.
   * Answers the number of ops committed.
   */
  async writeMany(orgId: string, items: { assetId: string; input: string; objects: AcceptedObject[] }[], onBehalfOf: string | null): Promise<number> {
    if (!items.length) return 0;
    const rows = await this.db.query<{ id: string; gold: boolean; author: string | null }[]>(
      `SELECT a.id, EXISTS (SELECT 1 FROM gold_assets g WHERE g.asset_id = a.id) AS gold,
              coalesce($3::uuid, p.created_by, (SELECT m.user_id FROM memberships m WHERE m.org_id = a.org_id AND m.role = 'owner' ORDER BY m.created_at LIMIT 1)) AS author
         FROM assets a JOIN projects p ON p.id = a.project_id WHERE a.id = ANY($1::uuid[]) AND a.org_id = $2`, [items.map((i) => i.assetId), orgId, onBehalfOf]);
    const byAsset = new Map(rows.map((r) => [r.id, r]));
    const writable = items.filter((i) => {
      const a = byAsset.get(i.assetId);
      return a && !a.gold && a.author;
    });
    if (!writable.length) return 0;
    const sets = await this.server.assetSets(orgId, writable.map((i) => i.assetId));
    const current = await itemsOfSets(this.db, [...sets.values()].map((s) => s.setId), 'consensus');
    const counts = await Promise.all(writable.map((i) => {
      const set = sets.get(i.assetId)!;
      return this.commit(set, byAsset.get(i.assetId)!.author!, i.input, i.objects, current.get(set.setId) ?? []);
    }));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async commit(set: SetAccess, author: string, input: string, objects: AcceptedObject[], current: Item[]): Promise<number> {
    const wanted = new Map(objects.map((o) => [o.id, o]));
    const had = new Map(current.map((a) => [a.id, a]));
    const clientId = serverClientId(createHash('sha256').update(input).digest('hex').slice(0, 32), 'consensus');
    const ops: OpInput[] = [];
    const next = () => ({ clientId, clientSeq: ops.length + 1 });
    for (const a of current) if (!wanted.has(a.id)) ops.push({ type: 'delete', ...next(), id: a.id });
    for (const o of objects) {
      const before = had.get(o.id);
      const body = { labelId: o.labelId, geometry: o.geometry as never, attributes: o.attributes as never };
      if (!before) ops.push({ type: 'create', ...next(), annotation: { id: o.id, ...body } });
      else if (JSON.stringify([before.labelId, before.geometry, before.attributes]) !== JSON.stringify([o.labelId, o.geometry, o.attributes])) {
        const removed = Object.fromEntries(Object.keys(before.attributes).filter((k) => !(k in o.attributes)).map((k) => [k, null]));
        ops.push({ type: 'update', ...next(), id: o.id, patch: { labelId: o.labelId, geometry: o.geometry as never, attributes: { ...removed, ...o.attributes } as never } });
      }
    }
    if (!ops.length) return 0;
    // The committer takes at most 500 ops a call.
    let committed = 0;
    for (let i = 0; i < ops.length; i += 500) {
      const results = await this.server.commit(set, { source: 'consensus', onBehalfOf: author }, ops.slice(i, i + 500));
      const refused = results.filter((r) => r.status === 'rejected');
      if (refused.some((r) => r.status === 'rejected' && r.code === 'unavailable')) throw new Error('the consensus could not be committed just now');
      committed += results.length - refused.length;
    }
    return committed;
  }
}
