import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OpInput } from '@tessera/contracts';
import { ServerAnnotations, serverClientId } from '@tessera/server/annotations';
import type { ConsensusObject } from '@tessera/quality';
import { annotationsOf } from './quality-rows';

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

  async write(orgId: string, assetId: string, input: string, objects: ConsensusObject[], onBehalfOf: string | null): Promise<number> {
    const [asset] = await this.db.query<{ gold: boolean; author: string | null }[]>(
      `SELECT EXISTS (SELECT 1 FROM gold_assets g WHERE g.asset_id = a.id) AS gold,
              coalesce($3::uuid, p.created_by, (SELECT m.user_id FROM memberships m WHERE m.org_id = a.org_id AND m.role = 'owner' ORDER BY m.created_at LIMIT 1)) AS author
         FROM assets a JOIN projects p ON p.id = a.project_id WHERE a.id = $1 AND a.org_id = $2`, [assetId, orgId, onBehalfOf]);
    if (!asset || asset.gold || !asset.author) return 0;
    const set = await this.server.assetSet(orgId, assetId);
    const current = (await annotationsOf(this.db, set.setId)).filter((a) => a.source === 'consensus');
    const wanted = new Map(objects.map((o) => [o.id, o]));
    const clientId = serverClientId(createHash('sha256').update(input).digest('hex').slice(0, 32), 'consensus');
    const ops: OpInput[] = [];
    const next = () => ({ clientId, clientSeq: ops.length + 1 });
    for (const a of current) if (!wanted.has(a.id)) ops.push({ type: 'delete', ...next(), id: a.id });
    for (const o of objects) {
      const had = current.find((a) => a.id === o.id);
      const body = { labelId: o.labelId, geometry: o.geometry as never, attributes: o.attributes as never };
      if (!had) ops.push({ type: 'create', ...next(), annotation: { id: o.id, ...body } });
      else if (JSON.stringify([had.labelId, had.geometry, had.attributes]) !== JSON.stringify([o.labelId, o.geometry, o.attributes])) {
        const removed = Object.fromEntries(Object.keys(had.attributes).filter((k) => !(k in o.attributes)).map((k) => [k, null]));
        ops.push({ type: 'update', ...next(), id: o.id, patch: { labelId: o.labelId, geometry: o.geometry as never, attributes: { ...removed, ...o.attributes } as never } });
      }
    }
    if (!ops.length) return 0;
    // The committer takes at most 500 ops a call.
    let committed = 0;
    for (let i = 0; i < ops.length; i += 500) {
      const results = await this.server.commit(set, { source: 'consensus', onBehalfOf: asset.author }, ops.slice(i, i + 500));
      const refused = results.filter((r) => r.status === 'rejected');
      if (refused.some((r) => r.status === 'rejected' && r.code === 'unavailable')) throw new Error('the consensus could not be committed just now');
      committed += results.length - refused.length;
    }
    return committed;
  }
}
