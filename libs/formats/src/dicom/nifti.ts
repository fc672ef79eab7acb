import { gunzipSync, gzipSync } from 'node:zlib';
import type { ExportItem, ExportOptions, ExportReport, ExportSource, FileTree, PeerItem } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { collect } from '../io/zip-writer';
import { bitmapFromRle } from '../geometry/rle';
import { stem } from '../export-support';
import { seriesAxes } from './placement';

const HEADER = 348;
const MAX_LABELS = 255;

/** The series' voxel-to-RAS affine (4×4, row-major): DICOM's LPS with x and y turned round. */
export function rasAffine(item: ExportItem): number[] {
  const { origin, axes } = seriesAxes(item.series!);
  const flip = [-1, -1, 1];
  const m: number[] = [];
  for (let r = 0; r < 3; r++) m.push(flip[r] * axes[0][r], flip[r] * axes[1][r], flip[r] * axes[2][r], flip[r] * origin[r]);
  return [...m, 0, 0, 0, 1];
}

/** NIfTI's quaternion form of an affine's rotation (nifti1_io's mat44_to_quatern, for orthogonal axes). */
function quatern(a: number[]): { b: number; c: number; d: number; qfac: number; pixdim: [number, number, number] } {
  const col = (j: number) => [a[j], a[4 + j], a[8 + j]];
  const len = (v: number[]) => Math.hypot(v[0], v[1], v[2]) || 1;
  const cols = [0, 1, 2].map(col);
  const pixdim = cols.map(len) as [number, number, number];
  const R = cols.map((c, j) => c.map((v) => v / pixdim[j]));
  const det = R[0][0] * (R[1][1] * R[2][2] - R[2][1] * R[1][2]) - R[1][0] * (R[0][1] * R[2][2] - R[2][1] * R[0][2]) + R[2][0] * (R[0][1] * R[1][2] - R[1][1] * R[0][2]);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) R[2] = R[2].map((v) => -v);
  // R[j][i] is column j, row i: r_ij = R[j][i]
  const r = (i: number, j: number) => R[j][i];
  let aq = r(0, 0) + r(1, 1) + r(2, 2) + 1;
  let b: number, c: number, d: number;
  if (aq > 0.5) {
    aq = 0.5 * Math.sqrt(aq);
    b = (0.25 * (r(2, 1) - r(1, 2))) / aq;
    c = (0.25 * (r(0, 2) - r(2, 0))) / aq;
    d = (0.25 * (r(1, 0) - r(0, 1))) / aq;
  } else {
    const xd = 1 + r(0, 0) - (r(1, 1) + r(2, 2));
    const yd = 1 + r(1, 1) - (r(0, 0) + r(2, 2));
    const zd = 1 + r(2, 2) - (r(0, 0) + r(1, 1));
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd); c = (0.25 * (r(0, 1) + r(1, 0))) / b; d = (0.25 * (r(0, 2) + r(2, 0))) / b; aq = (0.25 * (r(2, 1) - r(1, 2))) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd); b = (0.25 * (r(0, 1) + r(1, 0))) / c; d = (0.25 * (r(1, 2) + r(2, 1))) / c; aq = (0.25 * (r(0, 2) - r(2, 0))) / c;
    } else {
      d = 0.5 * Math.sqrt(zd); b = (0.25 * (r(0, 2) + r(2, 0))) / d; c = (0.25 * (r(1, 2) + r(2, 1))) / d; aq = (0.25 * (r(1, 0) - r(0, 1))) / d;
    }
    if (aq < 0) { b = -b; c = -c; d = -d; }
  }
  return { b, c, d, qfac, pixdim };
}

/** A NIfTI-1 single file (`.nii`) of a labelmap: uint8 (uint16 past 255 labels), x fastest, with qform and sform (scanner). */
export function niftiLabelmap(dims: [number, number, number], affine: number[], data: Uint8Array | Uint16Array, description: string): Buffer {
  const h = Buffer.alloc(HEADER + 4);
  h.writeInt32LE(HEADER, 0);
  h.write('r', 38, 'latin1'); // regular
  [3, ...dims, 1, 1, 1, 1].forEach((v, i) => h.writeInt16LE(v, 40 + 2 * i));
  h.writeInt16LE(1002, 68); // NIFTI_INTENT_LABEL
  const u16 = data instanceof Uint16Array;
  h.writeInt16LE(u16 ? 512 : 2, 70);
  h.writeInt16LE(u16 ? 16 : 8, 72);
  const q = quatern(affine);
  [q.qfac, ...q.pixdim, 0, 0, 0, 0].forEach((v, i) => h.writeFloatLE(v, 76 + 4 * i));
  h.writeFloatLE(HEADER + 4, 108); // vox_offset
  h.writeFloatLE(1, 112); // scl_slope
  h.writeFloatLE(0, 116);
  h.writeUInt8(2, 123); // xyzt_units: mm
  h.write(description.slice(0, 79), 148, 'latin1');
  h.writeInt16LE(1, 252); // qform_code: scanner anatomical
  h.writeInt16LE(1, 254); // sform_code
  [q.b, q.c, q.d, affine[3], affine[7], affine[11]].forEach((v, i) => h.writeFloatLE(v, 256 + 4 * i));
  affine.slice(0, 12).forEach((v, i) => h.writeFloatLE(v, 280 + 4 * i));
  h.write('n+1\0', 344, 'latin1');
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([h, body]);
}

/**
 * A gzipped NIfTI-1 labelmap per series, `<series>.nii.gz`: voxel value k is
 * the schema's label k (labels.json names them); the affine is the series'
 * geometry turned from DICOM's LPS into NIfTI's RAS. Overlapping segments of
 * different labels cannot share a voxel: the later one keeps it, and it is
 * reported.
 */
export async function exportNifti(src: ExportSource, zip: ArchiveSink, _opts: ExportOptions, report: ExportReport): Promise<void> {
  const labels = src.schema.labels;
  const value = new Map(labels.map((l, i) => [l.id, i + 1]));
  await zip.add('labels.json', JSON.stringify(Object.fromEntries(labels.map((l, i) => [i + 1, { name: l.name, color: l.color }])), null, 2) + '\n');
  let done = 0;
  for (const split of src.splits) {
    for await (const item of src.items(split)) {
      const s = item.series;
      const segs = item.annotations.filter((a) => {
        if (a.geometry.type === 'segment') return true;
        report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: NIfTI holds segments (measurements go to the CSV format)`);
        return false;
      });
      if (segs.length && s) {
        const dims: [number, number, number] = [s.columns, s.rows, s.instances.length];
        const plane = s.rows * s.columns;
        const data = labels.length > MAX_LABELS ? new Uint16Array(plane * dims[2]) : new Uint8Array(plane * dims[2]);
        let overwritten = 0;
        for (const a of segs) {
          if (a.geometry.type !== 'segment') continue;
          const v = value.get(a.labelId) ?? 0;
          for (const [k, rle] of Object.entries(a.geometry.slices)) {
            const bits = bitmapFromRle(rle).data;
            const off = Number(k) * plane;
            for (let p = 0; p < plane; p++) {
              if (!bits[p]) continue;
              if (data[off + p] && data[off + p] !== v) overwritten++;
              data[off + p] = v;
            }
          }
        }
        if (overwritten) report.skipped(item.asset.fileName, `${overwritten} voxels lie in segments of two labels; a labelmap keeps the later one`);
        const nii = niftiLabelmap(dims, rasAffine(item), data, `tessera:${s.seriesUid}`);
        await zip.add(`${split === 'default' ? '' : `${split}/`}${stem(item.asset.fileName)}.nii.gz`, gzipSync(nii, { level: 6 }), { compress: false });
      }
      await report.progress(++done);
    }
  }
}

const TYPES: Record<number, [number, (b: Buffer, o: number, le: boolean) => number]> = {
  2: [1, (b, o) => b.readUInt8(o)],
  256: [1, (b, o) => b.readInt8(o)],
  4: [2, (b, o, le) => (le ? b.readInt16LE(o) : b.readInt16BE(o))],
  512: [2, (b, o, le) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o))],
  8: [4, (b, o, le) => (le ? b.readInt32LE(o) : b.readInt32BE(o))],
  768: [4, (b, o, le) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o))],
  16: [4, (b, o, le) => (le ? b.readFloatLE(o) : b.readFloatBE(o))],
  64: [8, (b, o, le) => (le ? b.readDoubleLE(o) : b.readDoubleBE(o))],
};

/** A NIfTI-1 file's voxels and affine, or why it cannot be read. */
export function parseNifti(raw: Buffer): { dims: [number, number, number]; affine: number[]; voxel: (i: number) => number; description: string } | string {
  let buf = raw;
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: 2 * 1024 ** 3 });
    } catch (e) {
      return `the gzip stream cannot be read (${(e as Error).message})`;
    }
  }
  if (buf.length < HEADER + 4) return 'too short for a NIfTI-1 header';
  const le = buf.readInt32LE(0) === HEADER;
  if (!le && buf.readInt32BE(0) !== HEADER) return 'not a NIfTI-1 file (sizeof_hdr is not 348)';
  const i16 = (o: number) => (le ? buf.readInt16LE(o) : buf.readInt16BE(o));
  const f32 = (o: number) => (le ? buf.readFloatLE(o) : buf.readFloatBE(o));
  const magic = buf.toString('latin1', 344, 347);
  if (magic !== 'n+1') return magic === 'ni1' ? 'a two-file NIfTI (.hdr/.img) is not read; convert it to .nii' : 'not a NIfTI-1 file (no n+1 magic)';
  const dim = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => i16(40 + 2 * k));
  if (dim[0] < 3 || dim[0] > 7 || dim.slice(4, dim[0] + 1).some((d) => d !== 1)) return `a labelmap has 3 dimensions (this file has ${dim[0]}: ${dim.slice(1, dim[0] + 1).join('×')})`;
  const dims: [number, number, number] = [dim[1], dim[2], dim[3]];
  const type = TYPES[i16(70)];
  if (!type) return `data type ${i16(70)} is not read`;
  const offset = Math.max(HEADER + 4, Math.round(f32(108)));
  const count = dims[0] * dims[1] * dims[2];
  if (offset + count * type[0] > buf.length) return `the file holds fewer voxels than its ${dims.join('×')} dimensions`;
  const pix = [1, 2, 3].map((k) => f32(76 + 4 * k));
  const qfac = f32(76) < 0 ? -1 : 1;
  let affine: number[];
  if (i16(254) > 0) affine = [...Array.from({ length: 12 }, (_, k) => f32(280 + 4 * k)), 0, 0, 0, 1];
  else if (i16(252) > 0) {
    const [b, c, d] = [f32(256), f32(260), f32(264)];
    const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
    const R = [
      [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
      [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
      [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
    ];
    const off = [f32(268), f32(272), f32(276)];
    affine = [0, 1, 2].flatMap((r) => [R[r][0] * pix[0], R[r][1] * pix[1], R[r][2] * pix[2] * qfac, off[r]]).concat([0, 0, 0, 1]);
  } else affine = [pix[0], 0, 0, 0, 0, pix[1], 0, 0, 0, 0, pix[2], 0, 0, 0, 0, 1];
  const [size, read] = type;
  return { dims, affine, voxel: (i) => read(buf, offset + i * size, le), description: buf.toString('latin1', 148, 228).replace(/\0.*$/s, '') };
}

/**
 * Reads NIfTI-1 labelmaps (`.nii`, `.nii.gz`, either byte order): each value
 * other than 0 is a category, named by a labels.json beside it when there is
 * one; the voxels are placed on the series by the affine (mapping.ts). A
 * volume with more than 255 values is an image, not a labelmap, and is refused.
 */
export async function* readNifti(tree: FileTree): AsyncGenerator<PeerItem> {
  const paths = tree.paths();
  const namesPath = paths.find((p) => /(^|\/)labels\.json$/i.test(p));
  const names = new Map<number, string>();
  if (namesPath) {
    try {
      for (const [k, v] of Object.entries(JSON.parse((await collect(await tree.open(namesPath))).toString('utf8')) as Record<string, { name?: string } | string>)) {
        names.set(Number(k), typeof v === 'string' ? v : String(v.name ?? k));
      }
    } catch {
      // a labels.json that is not ours: values keep their numbers as names
    }
  }
  for (const path of paths.filter((p) => /\.nii(\.gz)?$/i.test(p)).sort()) {
    const nii = parseNifti(await collect(await tree.open(path)));
    const name = (path.split('/').pop() ?? path).replace(/\.nii(\.gz)?$/i, '');
    if (typeof nii === 'string') {
      yield { where: path, ref: { name }, annotations: [], problems: [{ where: path, message: nii }] };
      continue;
    }
    const count = nii.dims[0] * nii.dims[1] * nii.dims[2];
    const values = new Map<number, Uint8Array>();
    let refused = false;
    for (let i = 0; i < count; i++) {
      const v = nii.voxel(i);
      if (!v) continue;
      let m = values.get(v);
      if (!m) {
        if (values.size >= MAX_LABELS || !Number.isInteger(v)) {
          refused = true;
          break;
        }
        values.set(v, (m = new Uint8Array(count)));
      }
      m[i] = 1;
    }
    if (refused) {
      yield { where: path, ref: { name }, annotations: [], problems: [{ where: path, message: `not a labelmap: more than ${MAX_LABELS} distinct values, or values that are not whole numbers (an image?)` }] };
      continue;
    }
    const uid = /^tessera:([\d.]+)$/.exec(nii.description)?.[1];
    yield {
      where: path,
      ref: { name, seriesUid: uid },
      annotations: [...values.keys()].sort((a, b) => a - b).map((v) => ({ category: names.get(v) ?? String(v), geometry: { type: 'peer-volume', affine: nii.affine, dims: nii.dims, mask: values.get(v)! }, where: `${path}: value ${v}` })),
      problems: [],
    };
  }
}
