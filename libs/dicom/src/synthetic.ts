import { T, tag } from './dictionary';
import { createDeflateRaw } from 'node:zlib';
import { TS, fileHeader, writePart10, type Dataset, type Element } from './part10';

const txt = (vr: string, s: string): Element => ({ vr, value: Buffer.from(s, 'latin1') });
const fmt = (n: number) => String(Math.round(n * 100) / 100);
const us = (n: number): Element => ({ vr: 'US', value: Buffer.from(new Uint16Array([n]).buffer) });

export interface SyntheticSeriesOptions {
  slices?: number;
  size?: number;
  patientName?: string;
  patientId?: string;
  studyUid?: string;
  seriesUid?: string;
  modality?: string;
  burnedIn?: boolean;
  /** mm between slices */
  spacing?: number;
  /** mm between pixel centres in a row and in a column */
  pixelSpacing?: number;
  patientBirthDate?: string;
  patientSex?: 'F' | 'M' | 'O';
  institutionName?: string;
  studyDescription?: string;
  seriesDescription?: string;
  /**
   * The stored pixel values of one slice (size × size, row-major; HU = stored − 1024).
   * Without it, the small default phantom: a liver-like ellipse with a bright lesion.
   */
  pixels?: (slice: number, slices: number, size: number) => Int16Array;
}

/**
 * A small CT series with realistic identifying attributes and a phantom in
 * the pixels (a liver-like ellipse with a bright lesion), for tests and demos.
 * Every file is a valid Part-10, explicit VR little endian.
 */
export function syntheticSeries(o: SyntheticSeriesOptions = {}): Buffer[] {
  const slices = o.slices ?? 12;
  const size = o.size ?? 64;
  const spacing = o.spacing ?? 2.5;
  const studyUid = o.studyUid ?? '1.2.826.0.1.3680043.8.498.10001';
  const seriesUid = o.seriesUid ?? `${studyUid}.1`;
  const patientName = o.patientName ?? 'Roe^Jane';
  const [family, given] = patientName.split('^');
  const person = given ? `${given} ${family}` : family; // how a name turns up in free text
  const patientId = o.patientId ?? 'MRN-00042';
  const pixelSpacing = o.pixelSpacing ?? 0.8;
  // The first pixel's centre in patient space: centred on the table axis when the spacing is given, else where it always was.
  const origin = o.pixelSpacing === undefined ? -80 : -((size - 1) * pixelSpacing) / 2;
  const files: Buffer[] = [];
  for (let s = 0; s < slices; s++) {
    const sopUid = `${seriesUid}.${s + 1}`;
    const pixels = o.pixels?.(s, slices, size) ?? defaultPhantom(s, slices, size, spacing);
    const dataset: Dataset = new Map<number, Element>([
      [T.SpecificCharacterSet, txt('CS', 'ISO_IR 100')],
      [T.ImageType, txt('CS', 'ORIGINAL\\PRIMARY\\AXIAL')],
      [T.SOPClassUID, txt('UI', '1.2.840.10008.5.1.4.1.1.2')],
      [T.SOPInstanceUID, txt('UI', sopUid)],
      [T.StudyDate, txt('DA', '20240307')],
      [T.StudyTime, txt('TM', '101530')],
      [T.AccessionNumber, txt('SH', 'ACC-778812')],
      [T.Modality, txt('CS', o.modality ?? 'CT')],
      [T.Manufacturer, txt('LO', 'Tessera Phantom Works')],
      [T.InstitutionName, txt('LO', o.institutionName ?? 'Saint Example Hospital')],
      [tag(0x0008, 0x0081), txt('ST', '1 Hospital Road, Springfield')],
      [T.ReferringPhysicianName, txt('PN', 'Doctor^Referring')],
      [tag(0x0008, 0x1010), txt('SH', 'CT-ROOM-3')],
      [T.StudyDescription, txt('LO', o.studyDescription ?? `CT ABDOMEN for ${person}`)],
      [T.SeriesDescription, txt('LO', o.seriesDescription ?? 'Portal venous 2.5mm')],
      [tag(0x0008, 0x1070), txt('PN', 'Operator^Olga')],
      // An observer's name (Basic Profile action D: replaced with a dummy, not emptied).
      [tag(0x0040, 0xa075), txt('PN', 'Verifier^Victor')],
      [T.ReferencedImageSequence, { vr: 'SQ', items: [new Map<number, Element>([
        [T.ReferencedSOPClassUID, txt('UI', '1.2.840.10008.5.1.4.1.1.2')],
        [T.ReferencedSOPInstanceUID, txt('UI', `${seriesUid}.${((s + 1) % slices) + 1}`)],
      ])] }],
      [T.PatientName, txt('PN', patientName)],
      [T.PatientID, txt('LO', patientId)],
      [T.PatientBirthDate, txt('DA', o.patientBirthDate ?? '19610214')],
      [T.PatientSex, txt('CS', o.patientSex ?? 'F')],
      [tag(0x0010, 0x1010), txt('AS', '063Y')],
      [tag(0x0010, 0x1040), txt('LO', '42 Elm Street, Springfield')],
      [tag(0x0010, 0x2154), txt('SH', '555-0142')],
      [tag(0x0010, 0x1000), txt('LO', 'OTHER-ID-9')],
      [T.SliceThickness, txt('DS', String(spacing))],
      [tag(0x0018, 0x1000), txt('LO', 'SN-PHANTOM-7')],
      [T.StudyInstanceUID, txt('UI', studyUid)],
      [T.SeriesInstanceUID, txt('UI', seriesUid)],
      [T.StudyID, txt('SH', 'STUDY-17')],
      [T.SeriesNumber, txt('IS', '3')],
      [T.InstanceNumber, txt('IS', String(s + 1))],
      [T.ImagePositionPatient, txt('DS', `${fmt(origin)}\\${fmt(origin)}\\${(s * spacing).toFixed(2)}`)],
      [T.ImageOrientationPatient, txt('DS', '1\\0\\0\\0\\1\\0')],
      [T.FrameOfReferenceUID, txt('UI', `${studyUid}.99`)],
      [T.SamplesPerPixel, us(1)],
      [T.PhotometricInterpretation, txt('CS', 'MONOCHROME2')],
      [T.Rows, us(size)],
      [T.Columns, us(size)],
      [T.PixelSpacing, txt('DS', `${pixelSpacing}\\${pixelSpacing}`)],
      [T.BitsAllocated, us(16)],
      [T.BitsStored, us(16)],
      [T.HighBit, us(15)],
      [T.PixelRepresentation, us(1)],
      [T.WindowCenter, txt('DS', '40')],
      [T.WindowWidth, txt('DS', '400')],
      [T.RescaleIntercept, txt('DS', '-1024')],
      [T.RescaleSlope, txt('DS', '1')],
      [T.PixelData, { vr: 'OW', value: Buffer.from(pixels.buffer) }],
      // A vendor's private block, with a name in it.
      [tag(0x0029, 0x0010), txt('LO', 'ACME PRIVATE')],
      [tag(0x0029, 0x1010), txt('LO', `${patientName} scanned by Olga`)],
      // A curve and overlay comments (retired, still found in the wild).
      [tag(0x5000, 0x3000), { vr: 'OW', value: Buffer.from(`curve data ${patientId}`) }],
      [tag(0x6000, 0x4000), txt('LT', `${person} overlay note`)],
    ]);
    if (o.burnedIn) dataset.set(T.BurnedInAnnotation, txt('CS', 'YES'));
    const meta: Dataset = new Map<number, Element>([
      [T.MediaStorageSOPClassUID, txt('UI', '1.2.840.10008.5.1.4.1.1.2')],
      [T.MediaStorageSOPInstanceUID, txt('UI', sopUid)],
      [T.TransferSyntaxUID, txt('UI', TS.explicitLE)],
      [T.ImplementationClassUID, txt('UI', '1.2.826.0.1.3680043.8.498.1')],
      [T.ImplementationVersionName, txt('SH', 'TESSERA_SYNTH')],
    ]);
    const file = writePart10({ meta, dataset, transferSyntax: TS.explicitLE });
    // A real scanner's preamble is not always zero; ours says who made it, so de-identification must clear it.
    file.write(`PREAMBLE ${person} ${patientId}`, 0, 'latin1');
    files.push(file);
  }
  return files;
}

/** The default phantom: a liver-like ellipse with a bright lesion in a water-like body, stored values (HU + 1024). */
function defaultPhantom(s: number, slices: number, size: number, spacing: number): Int16Array {
  const pixels = new Int16Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const liver = ((x - size * 0.45) / (size * 0.3)) ** 2 + ((y - size * 0.5) / (size * 0.22)) ** 2 <= 1;
      const lesion = (x - size * 0.5) ** 2 + (y - size * 0.5) ** 2 + ((s - slices / 2) * spacing) ** 2 <= (size * 0.08) ** 2;
      pixels[y * size + x] = lesion ? 1200 : liver ? 1060 : x > 4 && x < size - 4 && y > 4 && y < size - 4 ? 1000 : 0;
    }
  }
  return pixels;
}

/**
 * A deflated-transfer-syntax file whose dataset is one Pixel Data element of `inflated` zero bytes:
 * a few hundred kilobytes on disk. Deflated in 1 MiB steps, so making it costs no more memory.
 */
export async function deflateBomb(inflated: number): Promise<Buffer> {
  const meta: Dataset = new Map([
    [T.MediaStorageSOPClassUID, { vr: 'UI', value: Buffer.from('1.2.840.10008.5.1.4.1.1.2\0', 'latin1') }],
    [T.MediaStorageSOPInstanceUID, { vr: 'UI', value: Buffer.from('1.2.3.4\0', 'latin1') }],
  ]);
  const head = Buffer.alloc(12);
  head.writeUInt16LE(0x7fe0, 0);
  head.writeUInt16LE(0x0010, 2);
  head.write('OB', 4, 'latin1');
  head.writeUInt32LE(inflated, 8);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((r) => deflate.on('end', r));
  deflate.write(head);
  const zeros = Buffer.alloc(1024 * 1024);
  for (let left = inflated; left > 0; left -= zeros.length) {
    if (!deflate.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat([fileHeader(meta, TS.deflatedLE), ...out]);
}
