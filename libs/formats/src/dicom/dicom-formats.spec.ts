import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parsePart10, syntheticSeries, nums, str } from '@tessera/dicom';
import { exportDicomSeg, readDicomSeg } from './seg';
import { exportNifti, readNifti } from './nifti';
import { exportDicomCsv, readDicomCsv } from './measurements-csv';
import { seriesInfo } from './series-info';
import { S } from './seg-dictionary';
import { mapPeerItem } from '../mapping';
import { rleFromBitmap } from '../geometry/rle';
import { dirTree, exportToTree, fixture, memorySource, readAll, schemaFor, expectSameAnnotations } from '../testing/support';
import { ann } from '../testing/items';
import type { ExportItem, SeriesInfo } from '../model';

const PY = '/usr/bin/python3';
const schema = schemaFor('dicom', ['Liver', 'Lesion', 'Kidney']);
const series = seriesInfo(syntheticSeries({ slices: 6, size: 32 }).map((b) => parsePart10(b).dataset));

function sphere(cx: number, cy: number, cz: number, r: number) {
  const slices: Record<string, ReturnType<typeof rleFromBitmap>> = {};
  for (let k = 0; k < series.instances.length; k++) {
    const data = new Uint8Array(series.rows * series.columns);
    for (let y = 0; y < series.rows; y++) for (let x = 0; x < series.columns; x++) data[y * series.columns + x] = (x - cx) ** 2 + (y - cy) ** 2 + ((k - cz) * 3) ** 2 <= r * r ? 1 : 0;
    if (data.some((v) => v)) slices[String(k)] = rleFromBitmap({ width: series.columns, height: series.rows, data });
  }
  return slices;
}

function items(): ExportItem[] {
  const p = (k: number, x: number, y: number): [number, number, number] => [series.instances[k].position![0] + x, series.instances[k].position![1] + y, series.instances[k].position![2]];
  return [{
    asset: { id: 'ct1', kind: 'dicom', name: 'CT abdomen', fileName: 'ct-abdomen', externalId: null, width: 32, height: 32 },
    series,
    annotations: [
      ann('l0', { type: 'segment', slices: sphere(14, 15, 2.5, 9) }),
      ann('l1', { type: 'segment', slices: sphere(20, 20, 3, 4) }, { source: 'model', score: 0.8 }),
      ann('l1', { type: 'length', sliceIndex: 2, points: [p(2, 1, 2), p(2, 11.5, 2)] }),
      ann('l0', { type: 'bidirectional', sliceIndex: 3, points: [p(3, 0, 0), p(3, 10, 0), p(3, 5, -2), p(3, 5, 2)] }, { attributes: {} }),
      ann('l2', { type: 'classification', scope: 'series' }),
    ],
  }];
}

const python = (script: string, ...args: string[]) => {
  const r = spawnSync(PY, ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

describe('DICOM SEG', () => {
  it('writes a binary SEG that dciodvfy and pydicom accept, and reads it back onto the series', async () => {
    const { tree, skipped } = await exportToTree(exportDicomSeg, memorySource(schema, items()));
    expect(skipped).toHaveLength(3);
    const bytes = await (await tree.open('ct-abdomen.seg.dcm')).toArray().then((c) => Buffer.concat(c));
    const dir = mkdtempSync(join(tmpdir(), 'seg-'));
    const file = join(dir, 'seg.dcm');
    writeFileSync(file, bytes);
    if (existsSync('/usr/bin/dciodvfy')) {
      const out = spawnSync('/usr/bin/dciodvfy', [file], { encoding: 'utf8' });
      const errors = (out.stderr + out.stdout).split('\n').filter((l) => /^Error/.test(l));
      expect(errors).toEqual([]);
    } else console.warn('SKIPPED: dciodvfy is not installed');
    if (existsSync(PY)) {
      const info = JSON.parse(python(`import pydicom, json, sys
d = pydicom.dcmread(sys.argv[1])
a = d.pixel_array
print(json.dumps({"modality": d.Modality, "frames": int(d.NumberOfFrames), "segments": [s.SegmentLabel for s in d.SegmentSequence], "ones": int(a.sum()), "type": d.SegmentSequence[0].SegmentedPropertyTypeCodeSequence[0].CodeMeaning, "ref": d.PerFrameFunctionalGroupsSequence[0].DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID}))`, file));
      const ones = items()[0].annotations.flatMap((a) => (a.geometry.type === 'segment' ? Object.values(a.geometry.slices) : [])).reduce((n, r) => n + r.counts.reduce((m, c, i) => m + (i % 2 ? c : 0), 0), 0);
      expect(info).toMatchObject({ modality: 'SEG', segments: ['Liver', 'Lesion'], ones, type: 'Liver' });
      expect(series.instances.map((i) => i.sopInstanceUid)).toContain(info.ref);
    } else console.warn('SKIPPED: pydicom is not installed');
    const [peer] = await readAll(readDicomSeg, tree);
    expect(peer.ref.seriesUid).toBe(series.seriesUid);
    const m = mapPeerItem(peer, { id: 'ct1', kind: 'dicom', width: 32, height: 32, series }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'd' });
    expect(m.problems).toEqual([]);
    expectSameAnnotations(m.annotations, items()[0].annotations.filter((a) => a.geometry.type === 'segment').map((a) => ({ ...a, attributes: {} })));
  });

  describe('peer files', () => {
    it.each(['seg_image_ct_binary.dcm', 'seg_image_ct_binary_overlap.dcm'])("reads highdicom's %s and places it on the series it references", async (name) => {
      const path = fixture('dicom_seg/highdicom/data/test_files', name);
      if (!path) return;
      const [peer] = await readAll(readDicomSeg, dirTree(path));
      expect(peer.problems).toEqual([]);
      expect(peer.annotations.length).toBeGreaterThan(0);
      // The CT2 images it references are not shipped: make a series of their UIDs and positions from the SEG itself.
      const ds = parsePart10(readFileSync(path)).dataset;
      const frames = (ds.get(S.PerFrameFunctionalGroupsSequence) as { items: Map<number, unknown>[] }).items as never[];
      const refs = new Map<string, [number, number, number]>();
      for (const f of frames as Map<number, { items: Map<number, { items: Map<number, unknown>[] }>[] }>[]) {
        const src = (f.get(S.DerivationImageSequence)!.items[0].get(S.SourceImageSequence)!.items[0]) as Map<number, never>;
        const pos = nums((f.get(S.PlanePositionSequence)!.items[0] as Map<number, never>).get(S.ImagePositionPatient));
        refs.set(str(src.get(S.ReferencedSOPInstanceUID))!, pos as [number, number, number]);
      }
      const target: SeriesInfo = { ...series, rows: 16, columns: 16, instances: [...refs.entries()].sort((a, b) => a[1][2] - b[1][2]).map(([uid, position]) => ({ sopInstanceUid: uid, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', position })) };
      const s = schemaFor('dicom', [...new Set(peer.annotations.map((a) => a.category))]);
      const m = mapPeerItem(peer, { id: 'x', kind: 'dicom', width: 16, height: 16, series: target }, { schema: s, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
      expect(m.problems).toEqual([]);
      expect(m.annotations.length).toBe(peer.annotations.length);
    });
  });
});

describe('NIfTI', () => {
  it('writes a labelmap that nibabel reads with the series geometry in RAS, and reads it back', async () => {
    const { tree } = await exportToTree(exportNifti, memorySource(schema, items()));
    expect(tree.paths().sort()).toEqual(['ct-abdomen.nii.gz', 'labels.json']);
    const gz = Buffer.concat(await (await tree.open('ct-abdomen.nii.gz')).toArray());
    expect(gunzipSync(gz).toString('latin1', 344, 347)).toBe('n+1');
    if (existsSync(PY)) {
      const dir = mkdtempSync(join(tmpdir(), 'nii-'));
      writeFileSync(join(dir, 'l.nii.gz'), gz);
      const info = JSON.parse(python(`import nibabel as nib, json, sys, numpy as np
im = nib.load(sys.argv[1]); a = np.asarray(im.dataobj)
print(json.dumps({"shape": list(a.shape), "affine": im.affine.tolist(), "qform": im.get_qform().tolist(), "codes": [int(im.header['qform_code']), int(im.header['sform_code'])], "values": sorted(int(v) for v in np.unique(a)), "at": int(a[20, 20, 3])}))`, join(dir, 'l.nii.gz')));
      expect(info.shape).toEqual([32, 32, 6]);
      expect(info.values).toEqual([0, 1, 2]);
      expect(info.at).toBe(2);
      expect(info.codes).toEqual([1, 1]);
      // voxel (0,0,0) is the first slice's first pixel; LPS x and y turned round into RAS
      const p0 = series.instances[0].position!;
      expect(info.affine[0][3]).toBeCloseTo(-p0[0], 4);
      expect(info.affine[1][3]).toBeCloseTo(-p0[1], 4);
      expect(info.affine[2][3]).toBeCloseTo(p0[2], 4);
      info.qform.forEach((row: number[], r: number) => row.forEach((v, c) => expect(v).toBeCloseTo(info.affine[r][c], 4)));
    } else console.warn('SKIPPED: nibabel is not installed');
    const [peer] = await readAll(readNifti, tree);
    expect(peer.ref.seriesUid).toBe(series.seriesUid);
    const m = mapPeerItem(peer, { id: 'ct1', kind: 'dicom', width: 32, height: 32, series }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
    expect(m.problems).toEqual([]);
    // Where segments overlap, the labelmap keeps the later label: compare against the same rule.
    const [liver, lesion] = items()[0].annotations;
    expect(m.annotations.map((a) => a.labelId)).toEqual(['l0', 'l1']);
    expect(m.annotations[1].geometry).toEqual(lesion.geometry);
    expect(Object.keys((m.annotations[0].geometry as { slices: object }).slices)).toEqual(Object.keys((liver.geometry as { slices: object }).slices));
  });

  const niftis: [string, number][] = [
    ['nifti/nibabel/nibabel/tests/data/standard.nii.gz', 1],
    ['nifti/nifti-reader-js/data/with_extension.nii.gz', 1],
  ];
  it.each(niftis)('reads %s and places it on a series of its geometry', async (path, values) => {
    const file = fixture(path);
    if (!file) return;
    const [peer] = await readAll(readNifti, dirTree(file));
    expect(peer.problems).toEqual([]);
    expect(peer.annotations).toHaveLength(values);
    const g = peer.annotations[0].geometry as { affine: number[]; dims: [number, number, number] };
    // A series whose LPS geometry is the file's RAS affine turned round.
    const A = g.affine;
    const col = (j: number): [number, number, number] => [-A[j], -A[4 + j], A[8 + j]];
    const len = (v: number[]) => Math.hypot(...v);
    const origin: [number, number, number] = [-A[3], -A[7], A[11]];
    const target: SeriesInfo = {
      ...series, rows: g.dims[1], columns: g.dims[0], pixelSpacing: [len(col(1)), len(col(0))],
      orientation: [...col(0).map((v) => v / len(col(0))), ...col(1).map((v) => v / len(col(1)))] as SeriesInfo['orientation'],
      instances: Array.from({ length: g.dims[2] }, (_, k) => ({ sopInstanceUid: `1.2.${k}`, sopClassUid: '1.2', position: origin.map((o, i) => o + k * col(2)[i]) as [number, number, number] })),
    };
    const s = schemaFor('dicom', peer.annotations.map((a) => a.category));
    const m = mapPeerItem(peer, { id: 'x', kind: 'dicom', width: g.dims[0], height: g.dims[1], series: target }, { schema: s, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
    expect(m.problems).toEqual([]);
  });

  it('refuses a volume that is an image, not a labelmap', async () => {
    const file = fixture('nifti/nibabel/nibabel/tests/data/anatomical.nii');
    if (!file) return;
    const [peer] = await readAll(readNifti, dirTree(file));
    expect(peer.problems[0].message).toMatch(/not a labelmap/);
  });
});

describe('DICOM measurements CSV', () => {
  it('writes each measurement with its value, and reads the points back', async () => {
    const { tree } = await exportToTree(exportDicomCsv, memorySource(schema, items()));
    const csv = Buffer.concat(await (await tree.open('measurements.csv')).toArray()).toString('utf8');
    const rows = csv.trim().split('\r\n');
    expect(rows).toHaveLength(6);
    expect(rows[3]).toContain(',length,2,10.5,,mm,');
    const [peer] = await readAll(readDicomCsv, tree);
    const m = mapPeerItem(peer, { id: 'ct1', kind: 'dicom', width: 32, height: 32, series }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'c' });
    expect(m.problems).toEqual([]);
    expectSameAnnotations(m.annotations, items()[0].annotations.filter((a) => a.geometry.type !== 'segment'));
    void execFileSync;
  });
});
