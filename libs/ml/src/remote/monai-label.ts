import { gzipSync } from 'node:zlib';
import type { Geometry, Rle } from '@tessera/contracts';
import { parseNifti, rleFromBitmap } from '@tessera/formats';
import type { ModelBackend, ModelInput, ModelPrediction, PredictOptions, VolumeInput } from '../backend';
import { RemoteClient, RemoteModelError, type RemoteOptions } from './http';

/**
 * A MONAI Label client: `GET /info` names the server's models and their
 * labels; `POST /infer/{model}?output=image` takes the series as a NIfTI
 * upload (multipart `file`, with `params` as JSON) and answers a labelmap
 * NIfTI on the same voxel grid, which becomes one `segment` per label value.
 */
export type MonaiLabelOptions = RemoteOptions & {
  /** The model's name on the MONAI Label server (a key of /info's `models`). */
  model: string;
  /** Extra inference parameters, sent as the `params` form field. */
  params?: Record<string, unknown>;
};

type ModelInfo = { type?: string; labels?: Record<string, number> | string[]; dimension?: number; description?: string };
export type MonaiInfo = { name?: string; version?: string; labels?: unknown; models?: Record<string, ModelInfo> };

export class MonaiLabelBackend implements ModelBackend {
  readonly kind = 'monai-label';
  readonly media = 'dicom' as const;
  readonly client: RemoteClient;
  private labels: Promise<Map<number, string>> | null = null;

  constructor(private readonly o: MonaiLabelOptions) {
    if (!/^[\w.-]{1,128}$/.test(o.model)) throw new RemoteModelError('remote_input', `"${o.model}" is not a MONAI Label model name`);
    this.client = new RemoteClient(o);
  }

  async info(signal?: AbortSignal): Promise<MonaiInfo> {
    const body = await this.client.json<MonaiInfo>('/info/', { method: 'GET', signal });
    if (!body || typeof body !== 'object') throw new RemoteModelError('remote_response', '/info did not answer an object');
    return body;
  }

  /** Label value → name, from /info's entry for the model (a name → value map, or a list numbered from 1). */
  private labelMap(signal?: AbortSignal): Promise<Map<number, string>> {
    this.labels ??= this.info(signal).then(
      (info) => {
        const m = info.models?.[this.o.model];
        if (!m) throw new RemoteModelError('remote_input', `the MONAI Label server has no model "${this.o.model}" (it has ${Object.keys(info.models ?? {}).join(', ') || 'none'})`);
        const out = new Map<number, string>();
        if (Array.isArray(m.labels)) m.labels.forEach((name, i) => out.set(i + 1, String(name)));
        else for (const [name, v] of Object.entries(m.labels ?? {})) if (Number.isInteger(v) && v > 0) out.set(v, name);
        return out;
      },
      (e) => {
        this.labels = null;
        throw e;
      },
    );
    return this.labels;
  }

  async classes(): Promise<string[]> {
    return [...(await this.labelMap()).values()];
  }

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    if (input.media !== 'dicom') throw new RemoteModelError('remote_input', `MONAI Label takes DICOM series, not ${input.media}`);
    const [cols, rows, slices] = input.dims;
    if (input.voxels.length !== cols * rows * slices) throw new RemoteModelError('remote_input', `the volume has ${input.voxels.length} voxels, not ${cols}×${rows}×${slices}`);
    const labels = await this.labelMap(options.signal);
    const form = () => {
      const f = new FormData();
      f.set('params', JSON.stringify(this.o.params ?? {}));
      f.set('file', new Blob([new Uint8Array(niftiVolume(input))], { type: 'application/octet-stream' }), 'image.nii.gz');
      return f;
    };
    const res = await this.client.call(`/infer/${encodeURIComponent(this.o.model)}?output=image`, { method: 'POST', body: form(), signal: options.signal });
    const raw = Buffer.from(await res.arrayBuffer());
    if (raw.length > 132 && raw.toString('latin1', 128, 132) === 'DICM') throw new RemoteModelError('remote_response', 'the server answered DICOM SEG; Tessera asks for NIfTI (output=image) and reads that');
    const nifti = parseNifti(raw);
    if (typeof nifti === 'string') throw new RemoteModelError('remote_response', `the result is not a labelmap: ${nifti}`);
    if (nifti.dims.join() !== input.dims.join()) throw new RemoteModelError('remote_response', `the labelmap is ${nifti.dims.join('×')}, the series ${input.dims.join('×')}`);
    return segments(nifti.voxel, input.dims, labels)
      .filter((p) => p.score >= options.scoreThreshold)
      .slice(0, options.maxObjects);
  }
}

/** Each label value's voxels as a segment: slice index → that slice's mask (COCO RLE, rows × columns). */
function segments(voxel: (i: number) => number, [cols, rows, slices]: [number, number, number], labels: Map<number, string>): ModelPrediction[] {
  const per = new Map<number, Record<string, Rle>>();
  const plane = cols * rows;
  for (let k = 0; k < slices; k++) {
    const masks = new Map<number, Uint8Array>();
    for (let i = 0; i < plane; i++) {
      const v = Math.round(voxel(k * plane + i));
      if (v <= 0) continue;
      let m = masks.get(v);
      if (!m) masks.set(v, (m = new Uint8Array(plane)));
      m[i] = 1;
    }
    for (const [v, data] of masks) {
      let s = per.get(v);
      if (!s) per.set(v, (s = {}));
      s[String(k)] = rleFromBitmap({ width: cols, height: rows, data });
    }
  }
  return [...per.entries()]
    .sort(([a], [b]) => a - b)
    .map(([v, slicesOf]) => ({ modelClass: labels.get(v) ?? String(v), score: 1, geometry: { type: 'segment', slices: slicesOf } as Geometry }));
}

/** The volume as a gzipped NIfTI-1 file: int16 or float32, voxel spacing on the diagonal of the affine. */
export function niftiVolume(v: VolumeInput): Buffer {
  const HEADER = 348;
  const OFFSET = 352;
  const isInt = v.voxels instanceof Int16Array;
  const bytes = isInt ? 2 : 4;
  const [nx, ny, nz] = v.dims;
  const buf = Buffer.alloc(OFFSET + nx * ny * nz * bytes);
  buf.writeInt32LE(HEADER, 0);
  buf.writeInt16LE(3, 40);
  [nx, ny, nz, 1, 1, 1, 1].forEach((d, i) => buf.writeInt16LE(d, 42 + 2 * i));
  buf.writeInt16LE(isInt ? 4 : 16, 70); // datatype: INT16 or FLOAT32
  buf.writeInt16LE(bytes * 8, 72);
  [1, ...v.spacing, 1, 1, 1, 1].forEach((p, i) => buf.writeFloatLE(p, 76 + 4 * i));
  buf.writeFloatLE(OFFSET, 108);
  buf.writeFloatLE(1, 112); // scl_slope
  buf.writeUInt8(2, 123); // xyzt_units: millimetres
  buf.write('Tessera series', 148, 'latin1');
  buf.writeInt16LE(0, 252); // qform_code
  buf.writeInt16LE(1, 254); // sform_code: scanner
  const [sx, sy, sz] = v.spacing;
  [[sx, 0, 0, 0], [0, sy, 0, 0], [0, 0, sz, 0]].forEach((row, r) => row.forEach((x, c) => buf.writeFloatLE(x, 280 + 16 * r + 4 * c)));
  buf.write('n+1\0', 344, 'latin1');
  const data = Buffer.from(v.voxels.buffer, v.voxels.byteOffset, v.voxels.byteLength);
  data.copy(buf, OFFSET);
  return gzipSync(buf, { level: 1 });
}
