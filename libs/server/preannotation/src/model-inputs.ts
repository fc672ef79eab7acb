import { T, parsePart10, type Dataset } from '@tessera/dicom';
import type { ModelInput, VolumeInput } from '@tessera/ml';
import type { BlobStore } from '@tessera/server/storage';

interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

export interface AssetForModel {
  id: string;
  kind: 'image' | 'text' | 'dicom';
  width: number | null;
  height: number | null;
  blob_key: string;
}

/** Why an asset could not be given to a model: a permanent, per-item failure. */
export class UnreadableAsset extends Error {}

const bytesOf = (blobs: BlobStore, key: string) => blobs.read(key);

function text(ds: Dataset, tag: number): string | null {
  const e = ds.get(tag);
  return e && 'value' in e ? e.value.toString('latin1').replace(/[\0 ]+$/, '').trim() : null;
}
function uint16(ds: Dataset, tag: number): number | null {
  const e = ds.get(tag);
  return e && 'value' in e && e.value.length >= 2 ? e.value.readUInt16LE(0) : null;
}
const numbers = (s: string | null) => (s ? s.split('\\').map(Number) : []);

/**
 * A series as one volume in modality units (HU for CT), slices in the order
 * ingest settled (the order annotations' slice indexes count in), read from
 * the de-identified instances the annotators see.
 */
export async function loadVolume(db: Queryable, blobs: BlobStore, assetId: string): Promise<VolumeInput> {
  const rows = await db.query<{ blob_key: string; position: number[] | null }[]>(
    `SELECT i.blob_key, i.position FROM dicom_instances i
      WHERE i.asset_id = $1
      ORDER BY array_position(ARRAY(SELECT jsonb_array_elements_text(a.metadata->'order') FROM assets a WHERE a.id = $1)::uuid[], i.id), i.instance_number, i.id`,
    [assetId]);
  if (!rows.length) throw new UnreadableAsset('the series has no instances');
  let dims: [number, number, number] | null = null;
  let voxels: Int16Array | Float32Array | null = null;
  let modality = '';
  let pixelSpacing: [number, number] = [1, 1];
  for (let z = 0; z < rows.length; z++) {
    const ds = parsePart10(await bytesOf(blobs, rows[z].blob_key)).dataset;
    const r = uint16(ds, T.Rows);
    const c = uint16(ds, T.Columns);
    if (!r || !c) throw new UnreadableAsset(`slice ${z} has no rows or columns`);
    if (!dims) {
      dims = [c, r, rows.length];
      // CT's usual rescale (slope 1, whole intercept) fits 16 bits: half the memory of floats for a big series.
      const whole = (Number(text(ds, T.RescaleSlope) ?? 1) || 1) === 1 && Number.isInteger(Number(text(ds, T.RescaleIntercept) ?? 0));
      voxels = whole ? new Int16Array(c * r * rows.length) : new Float32Array(c * r * rows.length);
      modality = text(ds, T.Modality) ?? '';
      const ps = numbers(text(ds, T.PixelSpacing));
      // Pixel Spacing is [between rows, between columns]; the volume's is [column spacing, row spacing].
      if (ps.length === 2 && ps.every((v) => v > 0)) pixelSpacing = [ps[1], ps[0]];
    } else if (dims[0] !== c || dims[1] !== r) throw new UnreadableAsset(`slice ${z} is ${c}×${r}, not ${dims[0]}×${dims[1]} like the first`);
    const px = ds.get(T.PixelData);
    if (!px || !('value' in px)) throw new UnreadableAsset(`slice ${z} has no uncompressed pixel data`);
    if ((uint16(ds, T.BitsAllocated) ?? 16) !== 16) throw new UnreadableAsset('only 16-bit pixel data is read');
    const signed = uint16(ds, T.PixelRepresentation) === 1;
    const slope = Number(text(ds, T.RescaleSlope) ?? 1) || 1;
    const intercept = Number(text(ds, T.RescaleIntercept) ?? 0) || 0;
    const plane = c * r;
    if (px.value.length < plane * 2) throw new UnreadableAsset(`slice ${z} has too little pixel data`);
    const out = voxels!;
    const base = z * plane;
    const clamp = out instanceof Int16Array ? (v: number) => Math.max(-32768, Math.min(32767, Math.round(v))) : (v: number) => v;
    for (let i = 0; i < plane; i++) out[base + i] = clamp((signed ? px.value.readInt16LE(i * 2) : px.value.readUInt16LE(i * 2)) * slope + intercept);
  }
  const p0 = rows[0].position;
  const p1 = rows[1]?.position;
  const between = p0?.length === 3 && p1?.length === 3 ? Math.hypot(p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]) : 0;
  return { media: 'dicom', voxels: voxels!, dims: dims!, spacing: [pixelSpacing[0], pixelSpacing[1], between > 0 ? between : 1], modality };
}

/** One asset as a model reads it. */
export async function loadInput(db: Queryable, blobs: BlobStore, asset: AssetForModel): Promise<ModelInput> {
  if (asset.kind === 'text') return { media: 'text', text: (await bytesOf(blobs, asset.blob_key)).toString('utf8') };
  if (asset.kind === 'image') {
    if (!asset.width || !asset.height) throw new UnreadableAsset('the image has no size');
    return { media: 'image', data: new Uint8Array(await bytesOf(blobs, asset.blob_key)), width: asset.width, height: asset.height };
  }
  return loadVolume(db, blobs, asset.id);
}
