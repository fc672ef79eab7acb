import { syntheticSeries } from '@tessera/dicom';
import { CT_SLICES, CT_SIZE, CT_SPACING, CT_PIXEL_SPACING, CT_PATIENT, CT_STUDY_UID, CT_PHANTOM, slicePixels } from '@tessera/web/dicom-viewer/phantom';

/**
 * A synthetic abdominal CT series for the *Liver CT* demo project: 120 axial
 * slices of 512 × 512, 2.5 mm apart, 0.7 mm pixels, in Hounsfield units
 * (stored = HU + 1024, signed 16-bit). The body is an ellipse of fat around
 * soft tissue, with a vertebra (cortical rim, cancellous core, spinal canal),
 * a contrast-filled aorta in front of it, the liver on the patient's right
 * (the image's left) with a hypodense lesion, kidneys, and a gas bubble in the
 * stomach. The headers carry a made-up patient (name, id, birth date,
 * institution, addresses, a private tag and the preamble) so de-identification
 * has something to remove.
 *
 * Written with libs/dicom's own Part-10 writer (explicit VR little endian),
 * which the DICOM tests already read back; the issue said dcmjs, but one writer
 * that we test is better than two.
 */

/** The phantom lives with the viewer's playground, which draws the same anatomy in the browser. */
export { CT_SLICES, CT_SIZE, CT_SPACING, CT_PIXEL_SPACING, CT_PATIENT, CT_STUDY_UID, CT_PHANTOM, huAt, slicePixels } from '@tessera/web/dicom-viewer/phantom';

export interface CtFile {
  name: string;
  bytes: Buffer;
}

/** The series as Part-10 files, one per slice, named in slice order. */
export function liverCtSeries(opts: { slices?: number; size?: number } = {}): CtFile[] {
  const slices = opts.slices ?? CT_SLICES;
  const size = opts.size ?? CT_SIZE;
  return syntheticSeries({
    ...CT_PATIENT,
    slices,
    size,
    spacing: CT_SPACING,
    pixelSpacing: (CT_PIXEL_SPACING * CT_SIZE) / size,
    studyUid: CT_STUDY_UID,
    seriesUid: `${CT_STUDY_UID}.2`,
    studyDescription: 'CT ABDOMEN LIVER PROTOCOL for John Doe',
    seriesDescription: 'Portal venous 2.5mm',
    pixels: slicePixels,
  }).map((bytes, i) => ({ name: `liver-ct-${String(i + 1).padStart(3, '0')}.dcm`, bytes }));
}

export function liverCtSidecar() {
  return {
    generator: 'seeds/src/liver-ct.ts',
    conventions: 'pixel coordinates of a 512 x 512 slice (x to the patient\'s left, y posterior); HU = stored value - 1024; z fractions from the first slice (0) to the last (1)',
    slices: CT_SLICES,
    size: CT_SIZE,
    sliceSpacingMm: CT_SPACING,
    pixelSpacingMm: CT_PIXEL_SPACING,
    patient: CT_PATIENT,
    phantom: CT_PHANTOM,
  };
}
