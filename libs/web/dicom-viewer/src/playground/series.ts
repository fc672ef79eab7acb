import { CT_PIXEL_SPACING, CT_SIZE, CT_SLICES, CT_SPACING, CT_STUDY_UID, slicePixels } from './phantom';
import { writePart10, type Part10Element } from './part10';

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';

export interface PlaygroundSeriesSpec {
  slices: number;
  size: number;
}

/** `?slices=120&size=256`: the demo CT's anatomy at any size (the page's default is smaller than the seed's, to open quickly). */
export function seriesFromQuery(search: string): PlaygroundSeriesSpec {
  const q = new URLSearchParams(search);
  const int = (k: string, d: number, max: number) => Math.max(1, Math.min(max, Math.round(Number(q.get(k) ?? d)) || d));
  return { slices: int('slices', CT_SLICES, 1000), size: int('size', 256, CT_SIZE) };
}

/** One slice of the phantom as a Part-10 file, de-identified already (nothing about a person in it). */
export function playgroundSlice(spec: PlaygroundSeriesSpec, s: number): Uint8Array {
  const { slices, size } = spec;
  const pixelSpacing = (CT_PIXEL_SPACING * CT_SIZE) / size;
  const origin = -((size - 1) * pixelSpacing) / 2;
  const fmt = (n: number) => String(Math.round(n * 100) / 100);
  const seriesUid = `${CT_STUDY_UID}.9`;
  const sop = `${seriesUid}.${s + 1}`;
  const pixels = slicePixels(s, slices, size);
  const dataset: Part10Element[] = [
    [0x0008, 0x0008, 'CS', 'ORIGINAL\\PRIMARY\\AXIAL'],
    [0x0008, 0x0016, 'UI', CT_IMAGE],
    [0x0008, 0x0018, 'UI', sop],
    [0x0008, 0x0060, 'CS', 'CT'],
    [0x0008, 0x103e, 'LO', 'Portal venous 2.5mm'],
    [0x0010, 0x0010, 'PN', 'ANONYMOUS'],
    [0x0018, 0x0050, 'DS', String(CT_SPACING)],
    [0x0020, 0x000d, 'UI', CT_STUDY_UID],
    [0x0020, 0x000e, 'UI', seriesUid],
    [0x0020, 0x0011, 'IS', '2'],
    [0x0020, 0x0013, 'IS', String(s + 1)],
    [0x0020, 0x0032, 'DS', `${fmt(origin)}\\${fmt(origin)}\\${(s * CT_SPACING).toFixed(2)}`],
    [0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0'],
    [0x0020, 0x0052, 'UI', `${CT_STUDY_UID}.99`],
    [0x0028, 0x0002, 'US', 1],
    [0x0028, 0x0004, 'CS', 'MONOCHROME2'],
    [0x0028, 0x0010, 'US', size],
    [0x0028, 0x0011, 'US', size],
    [0x0028, 0x0030, 'DS', `${fmt(pixelSpacing)}\\${fmt(pixelSpacing)}`],
    [0x0028, 0x0100, 'US', 16],
    [0x0028, 0x0101, 'US', 16],
    [0x0028, 0x0102, 'US', 15],
    [0x0028, 0x0103, 'US', 1],
    [0x0028, 0x1050, 'DS', '40'],
    [0x0028, 0x1051, 'DS', '400'],
    [0x0028, 0x1052, 'DS', '-1024'],
    [0x0028, 0x1053, 'DS', '1'],
    [0x7fe0, 0x0010, 'OW', new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength)],
  ];
  return writePart10(dataset, CT_IMAGE, sop);
}

/** The series as object URLs, in slice order (the caller revokes them). */
export function playgroundSeries(spec: PlaygroundSeriesSpec): string[] {
  return Array.from({ length: spec.slices }, (_, s) => URL.createObjectURL(new Blob([playgroundSlice(spec, s) as Uint8Array<ArrayBuffer>], { type: 'application/dicom' })));
}
