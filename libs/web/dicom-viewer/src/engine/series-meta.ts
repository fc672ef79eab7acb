import { metaData } from '@cornerstonejs/core';
import type { DicomInstanceGeometry } from '@tessera/contracts';

/** The plane and pixel format of slices not loaded yet, by image id (what the API's file list gave). */
const known = new Map<string, { g: DicomInstanceGeometry; modality: string }>();
let registered = false;

/**
 * Cornerstone's modules for a slice from the file list's geometry: enough for
 * `createAndCacheVolume` to size, sort and allocate the volume (and for the
 * volume to ask its slices with the right scaling) before their files arrive.
 * Below the DICOM loader's own provider, which answers from the file itself
 * once a slice is loaded.
 */
function provider(type: string, imageId: string): unknown {
  const entry = known.get(imageId);
  if (!entry) return undefined;
  const { g, modality } = entry;
  switch (type) {
    case 'imagePlaneModule':
      return {
        rows: g.rows, columns: g.columns, imageOrientationPatient: g.orientation, rowCosines: g.orientation.slice(0, 3), columnCosines: g.orientation.slice(3, 6),
        imagePositionPatient: g.position, sliceThickness: g.sliceThickness ?? undefined, pixelSpacing: g.pixelSpacing,
        rowPixelSpacing: g.pixelSpacing[0], columnPixelSpacing: g.pixelSpacing[1], usingDefaultValues: false,
      };
    case 'imagePixelModule':
      return {
        samplesPerPixel: g.samplesPerPixel, photometricInterpretation: g.photometricInterpretation, rows: g.rows, columns: g.columns,
        bitsAllocated: g.bitsAllocated, bitsStored: g.bitsStored, highBit: g.highBit, pixelRepresentation: g.pixelRepresentation,
      };
    case 'modalityLutModule':
      return { rescaleSlope: g.rescaleSlope, rescaleIntercept: g.rescaleIntercept };
    case 'generalSeriesModule':
      return modality ? { modality } : undefined;
    default:
      return undefined;
  }
}

/**
 * Makes the slices' geometry known to Cornerstone; true when every slice has
 * it (only then can the volume be built before the files arrive). PET and
 * dose series are left out: their scaling needs the files' own tags.
 */
export function rememberGeometry(imageIds: readonly string[], geometry: readonly (DicomInstanceGeometry | null | undefined)[] | undefined, modality: string): boolean {
  if (!geometry || geometry.length !== imageIds.length || modality === 'PT' || modality === 'RTDOSE') return false;
  if (!geometry.every((g): g is DicomInstanceGeometry => !!g)) return false;
  if (!registered) {
    // Lower than the DICOM loader's (0): the file's own tags win once it is loaded.
    metaData.addProvider(provider, -100);
    registered = true;
  }
  imageIds.forEach((id, i) => known.set(id, { g: geometry[i]!, modality }));
  return true;
}

export function forgetGeometry(imageIds: readonly string[]) {
  for (const id of imageIds) known.delete(id);
}
