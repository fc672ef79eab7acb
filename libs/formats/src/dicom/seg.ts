import { createHash } from 'node:crypto';
import { TS, nums, parsePart10, str, writePart10, type Dataset, type Element } from '@tessera/dicom';
import type { ExportAnnotation, ExportItem, ExportOptions, ExportReport, ExportSource, FileTree, PeerItem, PeerSegmentGeometry } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { collect } from '../io/zip-writer';
import { bitmapFromRle } from '../geometry/rle';
import { stem } from '../export-support';
import { seriesAxes } from './placement';
import { S, segmentTerms, type CodedTerm } from './seg-dictionary';

const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const utf8 = (vr: string, s: string): Element => ({ vr, value: Buffer.from(s, 'utf8') });
const us = (...v: number[]): Element => ({ vr: 'US', value: Buffer.from(new Uint16Array(v).buffer) });
const ul = (...v: number[]): Element => ({ vr: 'UL', value: Buffer.from(new Uint32Array(v).buffer) });
const at = (t: number): Element => ({ vr: 'AT', value: Buffer.from(new Uint16Array([t >>> 16, t & 0xffff]).buffer) });
const decimals = (...v: number[]) => utf8('DS', v.map((x) => { const s = String(Number(x.toPrecision(12))); return s.length <= 16 ? s : x.toExponential(8); }).join('\\'));
const seq = (...items: [number, Element][][]): Element => ({ vr: 'SQ', items: items.map((i) => new Map(i)) });
const code = (c: CodedTerm): [number, Element][] => [[S.CodeValue, utf8('SH', c.value)], [S.CodingSchemeDesignator, utf8('SH', c.scheme)], [S.CodeMeaning, utf8('LO', c.meaning)]];

/** A UID under 2.25 (a UUID as a number), the same for the same parts. */
export function uidOf(...parts: string[]): string {
  return `2.25.${BigInt(`0x${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`).toString()}`;
}

/** CIELab (DICOM's scaled form) of an sRGB colour, for the segment's display colour. */
function cielab(hex: string): number[] {
  const lin = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const [x, y, z] = [
    (lin[0] * 0.4124 + lin[1] * 0.3576 + lin[2] * 0.1805) / 0.95047,
    lin[0] * 0.2126 + lin[1] * 0.7152 + lin[2] * 0.0722,
    (lin[0] * 0.0193 + lin[1] * 0.1192 + lin[2] * 0.9505) / 1.08883,
  ].map((t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116));
  const L = 116 * y - 16;
  const a = 500 * (x - y);
  const b = 200 * (y - z);
  return [Math.round((L / 100) * 65535), Math.round(((a + 128) / 255) * 65535), Math.round(((b + 128) / 255) * 65535)];
}

/**
 * One binary DICOM Segmentation of a series (PS3.3 A.51): a segment per
 * segment annotation, named and coded from its label, a frame per segment and
 * slice it covers, each frame referencing its de-identified source instance
 * and position; patient and study as the de-identified series carries them.
 */
export function segFor(item: ExportItem, segments: { a: ExportAnnotation; name: string; color: string }[]): Buffer {
  const s = item.series!;
  const sopUid = uidOf('seg', item.asset.id, ...segments.map((x) => x.a.id + JSON.stringify(x.a.geometry)));
  const seriesUid = uidOf('seg-series', item.asset.id);
  const frames: { segment: number; slice: number; bits: Uint8Array }[] = [];
  segments.forEach((x, k) => {
    if (x.a.geometry.type !== 'segment') return;
    for (const [key, rle] of Object.entries(x.a.geometry.slices).sort((p, q) => Number(p[0]) - Number(q[0]))) {
      frames.push({ segment: k + 1, slice: Number(key), bits: bitmapFromRle(rle).data });
    }
  });
  const px = s.rows * s.columns;
  const packed = Buffer.alloc(Math.ceil((px * frames.length) / 8) + (Math.ceil((px * frames.length) / 8) % 2));
  frames.forEach((f, i) => {
    for (let p = 0; p < px; p++) if (f.bits[p]) { const bit = i * px + p; packed[bit >> 3] |= 1 << (bit & 7); }
  });
  const { axes } = seriesAxes(s);
  const now = new Date();
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const time = now.toISOString().slice(11, 19).replace(/:/g, '');
  const orgUid = uidOf('dimensions', item.asset.id);
  const referenced = [...new Set(frames.map((f) => f.slice))].map((k) => s.instances[k]);
  const ds: Dataset = new Map<number, Element>([
    [S.SpecificCharacterSet, utf8('CS', 'ISO_IR 192')],
    [S.ImageType, utf8('CS', 'DERIVED\\PRIMARY')],
    [S.SOPClassUID, utf8('UI', SEG_SOP_CLASS)],
    [S.SOPInstanceUID, utf8('UI', sopUid)],
    [S.StudyDate, utf8('DA', s.study.date)],
    [S.ContentDate, utf8('DA', date)],
    [S.StudyTime, utf8('TM', s.study.time)],
    [S.ContentTime, utf8('TM', time)],
    [S.AccessionNumber, utf8('SH', s.study.accessionNumber)],
    [S.Modality, utf8('CS', 'SEG')],
    [S.Manufacturer, utf8('LO', 'Tessera')],
    [S.ReferringPhysicianName, utf8('PN', s.study.referringPhysician)],
    [S.SeriesDescription, utf8('LO', 'Tessera segmentation')],
    [S.ManufacturerModelName, utf8('LO', 'Tessera')],
    [S.ReferencedSeriesSequence, seq([[S.ReferencedInstanceSequence, seq(...referenced.map((r) => [[S.ReferencedSOPClassUID, utf8('UI', r.sopClassUid)], [S.ReferencedSOPInstanceUID, utf8('UI', r.sopInstanceUid)]] as [number, Element][]))], [S.SeriesInstanceUID, utf8('UI', s.seriesUid)]])],
    [S.PatientName, utf8('PN', s.patient.name)],
    [S.PatientID, utf8('LO', s.patient.id)],
    [S.PatientBirthDate, utf8('DA', s.patient.birthDate)],
    [S.PatientSex, utf8('CS', s.patient.sex)],
    [S.DeviceSerialNumber, utf8('LO', '1')],
    [S.SoftwareVersions, utf8('LO', '1.0')],
    [S.StudyInstanceUID, utf8('UI', s.studyUid)],
    [S.SeriesInstanceUID, utf8('UI', seriesUid)],
    [S.StudyID, utf8('SH', s.study.id)],
    [S.SeriesNumber, utf8('IS', '300')],
    [S.InstanceNumber, utf8('IS', '1')],
    [S.FrameOfReferenceUID, utf8('UI', s.frameOfReferenceUid ?? uidOf('frame-of-reference', s.seriesUid))],
    [S.PositionReferenceIndicator, utf8('LO', '')],
    [S.DimensionOrganizationSequence, seq([[S.DimensionOrganizationUID, utf8('UI', orgUid)]])],
    [S.DimensionIndexSequence, seq(
      [[S.DimensionOrganizationUID, utf8('UI', orgUid)], [S.DimensionIndexPointer, at(S.ReferencedSegmentNumber)], [S.FunctionalGroupPointer, at(S.SegmentIdentificationSequence)], [S.DimensionDescriptionLabel, utf8('LO', 'ReferencedSegmentNumber')]],
      [[S.DimensionOrganizationUID, utf8('UI', orgUid)], [S.DimensionIndexPointer, at(S.ImagePositionPatient)], [S.FunctionalGroupPointer, at(S.PlanePositionSequence)], [S.DimensionDescriptionLabel, utf8('LO', 'ImagePositionPatient')]],
    )],
    [S.SamplesPerPixel, us(1)],
    [S.PhotometricInterpretation, utf8('CS', 'MONOCHROME2')],
    [S.NumberOfFrames, utf8('IS', String(frames.length))],
    [S.Rows, us(s.rows)],
    [S.Columns, us(s.columns)],
    [S.BitsAllocated, us(1)],
    [S.BitsStored, us(1)],
    [S.HighBit, us(0)],
    [S.PixelRepresentation, us(0)],
    [S.LossyImageCompression, utf8('CS', '00')],
    [S.SegmentationType, utf8('CS', 'BINARY')],
    [S.SegmentSequence, seq(...segments.map((x, k) => {
      const terms = segmentTerms(x.name);
      const model = x.a.source === 'model';
      return [
        [S.SegmentedPropertyCategoryCodeSequence, seq(code(terms.category))],
        [S.SegmentNumber, us(k + 1)],
        [S.SegmentLabel, utf8('LO', x.name.slice(0, 64))],
        [S.SegmentAlgorithmType, utf8('CS', model ? 'AUTOMATIC' : 'MANUAL')],
        ...(model ? [[S.SegmentAlgorithmName, utf8('LO', 'Tessera model')] as [number, Element]] : []),
        [S.RecommendedDisplayCIELabValue, us(...cielab(x.color))],
        [S.SegmentedPropertyTypeCodeSequence, seq(code(terms.type))],
      ] as [number, Element][];
    }))],
    [S.ContentLabel, utf8('CS', 'TESSERA')],
    [S.ContentDescription, utf8('LO', 'Segmentation exported by Tessera')],
    [S.ContentCreatorName, utf8('PN', 'Tessera^Export')],
    [S.SharedFunctionalGroupsSequence, seq([
      [S.PixelMeasuresSequence, seq([[S.SliceThickness, decimals(s.sliceThickness ?? Math.hypot(...axes[2]))], [S.SpacingBetweenSlices, decimals(Math.hypot(...axes[2]))], [S.PixelSpacing, decimals(...s.pixelSpacing)]])],
      [S.PlaneOrientationSequence, seq([[S.ImageOrientationPatient, decimals(...s.orientation)]])],
    ])],
    [S.PerFrameFunctionalGroupsSequence, seq(...frames.map((f) => {
      const inst = s.instances[f.slice];
      const pos = inst.position ?? axes[2].map((v, i) => seriesAxes(s).origin[i] + v * f.slice);
      return [
        [S.DerivationImageSequence, seq([
          [S.SourceImageSequence, seq([[S.ReferencedSOPClassUID, utf8('UI', inst.sopClassUid)], [S.ReferencedSOPInstanceUID, utf8('UI', inst.sopInstanceUid)], [S.PurposeOfReferenceCodeSequence, seq(code({ value: '121322', scheme: 'DCM', meaning: 'Source image for image processing operation' }))]])],
          [S.DerivationCodeSequence, seq(code({ value: '113076', scheme: 'DCM', meaning: 'Segmentation' }))],
        ])],
        [S.FrameContentSequence, seq([[S.DimensionIndexValues, ul(f.segment, f.slice + 1)]])],
        [S.PlanePositionSequence, seq([[S.ImagePositionPatient, decimals(...pos)]])],
        [S.SegmentIdentificationSequence, seq([[S.ReferencedSegmentNumber, us(f.segment)]])],
      ] as [number, Element][];
    }))],
    [S.PixelData, { vr: 'OB', value: packed }],
  ]);
  const meta: Dataset = new Map<number, Element>([
    [0x00020002, utf8('UI', SEG_SOP_CLASS)],
    [0x00020003, utf8('UI', sopUid)],
    [0x00020012, utf8('UI', '1.2.826.0.1.3680043.8.498.1')],
    [0x00020013, utf8('SH', 'TESSERA')],
  ]);
  return writePart10({ meta, dataset: ds, transferSyntax: TS.explicitLE });
}

/** One SEG file per series, `<series>.seg.dcm`; measurements and classifications go to the CSV format. */
export async function exportDicomSeg(src: ExportSource, zip: ArchiveSink, _opts: ExportOptions, report: ExportReport): Promise<void> {
  const labels = new Map(src.schema.labels.map((l) => [l.id, l]));
  let done = 0;
  for (const split of src.splits) {
    for await (const item of src.items(split)) {
      const segments: { a: ExportAnnotation; name: string; color: string }[] = [];
      for (const a of item.annotations) {
        const l = labels.get(a.labelId);
        if (a.geometry.type !== 'segment' || !l) report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: DICOM SEG holds segments (measurements go to the CSV format)`);
        else if (!Object.keys(a.geometry.slices).length) report.skipped(item.asset.fileName, `segment ${a.id}: it is empty`);
        else segments.push({ a, name: l.name, color: l.color });
      }
      if (segments.length && item.series) await zip.add(`${split === 'default' ? '' : `${split}/`}${stem(item.asset.fileName)}.seg.dcm`, segFor(item, segments));
      else if (segments.length) report.skipped(item.asset.fileName, 'the series has no geometry to reference');
      await report.progress(++done);
    }
  }
}

const items = (el: Element | undefined) => (el && 'items' in el ? el.items : []);
const first = (ds: Dataset | undefined, t: number) => (ds ? items(ds.get(t))[0] : undefined);

/**
 * Reads DICOM Segmentation objects, BINARY and FRACTIONAL (a fraction of at
 * least half counts), implicit or explicit VR: a segment per SegmentSequence
 * item, named by its label, each frame placed by the instance it derives
 * from or by its position. The series is the one the SEG references.
 */
export async function* readDicomSeg(tree: FileTree): AsyncGenerator<PeerItem> {
  for (const path of tree.paths().filter((p) => /\.(dcm|seg)$/i.test(p) || !p.includes('.'))) {
    const where = path;
    let ds: Dataset;
    try {
      ds = parsePart10(await collect(await tree.open(path))).dataset;
    } catch (e) {
      yield { where, ref: {}, annotations: [], problems: [{ where, message: `not a readable DICOM file (${(e as Error).message})` }] };
      continue;
    }
    const bad = (message: string): PeerItem => ({ where, ref: {}, annotations: [], problems: [{ where, message }] });
    if (str(ds.get(S.SOPClassUID)) !== SEG_SOP_CLASS) {
      yield bad('not a DICOM Segmentation (SOP Class 1.2.840.10008.5.1.4.1.1.66.4)');
      continue;
    }
    const rows = (ds.get(S.Rows) as { value: Buffer } | undefined)?.value.readUInt16LE(0) ?? 0;
    const columns = (ds.get(S.Columns) as { value: Buffer } | undefined)?.value.readUInt16LE(0) ?? 0;
    const frames = Number(str(ds.get(S.NumberOfFrames)) ?? '1');
    const bitsAllocated = (ds.get(S.BitsAllocated) as { value: Buffer } | undefined)?.value.readUInt16LE(0) ?? 1;
    const type = str(ds.get(S.SegmentationType));
    const pixel = ds.get(S.PixelData);
    if (!pixel || !('value' in pixel)) {
      yield bad('the segmentation has no (uncompressed) pixel data');
      continue;
    }
    if (type !== 'BINARY' && type !== 'FRACTIONAL') {
      yield bad(`segmentation type ${type} is not read (BINARY and FRACTIONAL are)`);
      continue;
    }
    const px = rows * columns;
    const needed = bitsAllocated === 1 ? Math.ceil((px * frames) / 8) : px * frames;
    if (pixel.value.length < needed) {
      yield bad(`the pixel data holds ${pixel.value.length} bytes, ${frames} frames of ${rows}×${columns} need ${needed}`);
      continue;
    }
    const max = (ds.get(S.MaximumFractionalValue) as { value: Buffer } | undefined)?.value.readUInt16LE(0) ?? 255;
    const seriesUid = str(first(ds, S.ReferencedSeriesSequence)?.get(S.SeriesInstanceUID));
    const segments = new Map<number, { name: string; frames: PeerSegmentGeometry['frames'] }>();
    for (const seg of items(ds.get(S.SegmentSequence))) {
      const n = (seg.get(S.SegmentNumber) as { value: Buffer } | undefined)?.value.readUInt16LE(0);
      const name = str(seg.get(S.SegmentLabel)) || str(first(seg, S.SegmentedPropertyTypeCodeSequence)?.get(S.CodeMeaning)) || String(n);
      if (n !== undefined) segments.set(n, { name, frames: [] });
    }
    const perFrame = items(ds.get(S.PerFrameFunctionalGroupsSequence));
    const shared = first(ds, S.SharedFunctionalGroupsSequence);
    const problems: PeerItem['problems'] = [];
    for (let f = 0; f < frames; f++) {
      const fg = perFrame[f];
      const segNo = (first(fg, S.SegmentIdentificationSequence) ?? first(shared, S.SegmentIdentificationSequence))?.get(S.ReferencedSegmentNumber) as { value: Buffer } | undefined;
      const seg = segNo && segments.get(segNo.value.readUInt16LE(0));
      if (!seg) {
        problems.push({ where: `${where}: frame ${f + 1}`, message: 'the frame names no segment of the SegmentSequence' });
        continue;
      }
      const source = first(first(fg, S.DerivationImageSequence), S.SourceImageSequence);
      const sop = str(source?.get(S.ReferencedSOPInstanceUID));
      const pos = nums(first(fg, S.PlanePositionSequence)?.get(S.ImagePositionPatient));
      const mask = new Uint8Array(px);
      for (let p = 0; p < px; p++) {
        const i = f * px + p;
        mask[p] = bitsAllocated === 1 ? (pixel.value[i >> 3] >> (i & 7)) & 1 : pixel.value[i] * 2 >= max ? 1 : 0;
      }
      if (!mask.some((v) => v)) continue;
      seg.frames.push({ sopInstanceUid: sop, position: pos.length === 3 ? (pos as [number, number, number]) : undefined, rows, columns, mask });
    }
    yield {
      where,
      ref: { seriesUid, name: stem(path.split('/').pop()!).replace(/\.seg$/i, '') },
      annotations: [...segments.entries()].filter(([, s]) => s.frames.length).map(([n, s]) => ({ category: s.name, geometry: { type: 'peer-segment', frames: s.frames }, where: `${where}: segment ${n}` })),
      problems,
    };
  }
}
