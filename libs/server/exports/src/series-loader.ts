import { parsePart10 } from '@tessera/dicom';
import { seriesInfo, type SeriesInfo } from '@tessera/formats';
import type { BlobStore } from '@tessera/server/storage';

interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/**
 * A DICOM series as the converters see it: its instances in slice order (the
 * order ingest settled) with their positions, and the de-identified patient
 * and study of its first instance (the only file read).
 */
export async function loadSeries(db: Queryable, blobs: BlobStore, assetId: string): Promise<SeriesInfo> {
  const rows = await db.query<{ sop_instance_uid: string; blob_key: string; position: number[] | null }[]>(
    `SELECT i.sop_instance_uid, i.blob_key, i.position FROM dicom_instances i
      WHERE i.asset_id = $1
      ORDER BY array_position(ARRAY(SELECT jsonb_array_elements_text(a.metadata->'order') FROM assets a WHERE a.id = $1)::uuid[], i.id), i.instance_number, i.id`,
    [assetId],
  );
  if (!rows.length) throw new Error(`series ${assetId} has no instances`);
  const first = parsePart10(await blobs.read(rows[0].blob_key)).dataset;
  const info = seriesInfo([first]);
  return {
    ...info,
    instances: rows.map((x) => ({ sopInstanceUid: x.sop_instance_uid, sopClassUid: info.instances[0].sopClassUid, position: x.position?.length === 3 ? (x.position as [number, number, number]) : null })),
  };
}
