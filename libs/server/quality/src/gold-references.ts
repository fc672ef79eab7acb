import { annotationsOf } from './quality-rows';
import type { Queryable } from '@tessera/server/annotations';
import type { Annotation } from '@tessera/contracts';

/**
 * Where a gold asset's reference answers are read from: its gold set (`purpose = 'gold'`), which
 * marking an asset gold makes of its working set, and which only those who keep gold reach (as the
 * asset's own set). No annotator or reviewer reaches it. This is the one place that reads it.
 */
export async function goldReference(db: Queryable, orgId: string, assetId: string): Promise<{ setId: string | null; seq: number; annotations: Annotation[] } | null> {
  const [gold] = await db.query<{ set_id: string | null; seq: number }[]>(
    `SELECT s.id AS set_id, coalesce(s.last_seq, 0)::int AS seq
       FROM gold_assets g LEFT JOIN annotation_sets s ON s.asset_id = g.asset_id AND s.purpose = 'gold'
      WHERE g.asset_id = $1 AND g.org_id = $2`,
    [assetId, orgId],
  );
  if (!gold) return null;
  return { setId: gold.set_id, seq: Number(gold.seq), annotations: await annotationsOf(db, gold.set_id) };
}
