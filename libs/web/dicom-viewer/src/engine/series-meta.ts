import { metaData } from '@cornerstonejs/core';
import type { DicomInstanceGeometry } from '@tessera/contracts';

/** Marks a plane module that came from the file list, not from the slice's file. */
export const FROM_FILE_LIST = 'tesseraFromFileList';

/** The plane and pixel format of slices not loaded yet, by image id (what the API's file list gave). */
const known = new Map<string, { g: DicomInstanceGeometry; modality: string; frameOfReferenceUID?: string }>();
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
  const { g, modality, frameOfReferenceUID } = entry;
  switch (type) {
    case 'imagePlaneModule':
      return {
        rows: g.rows, columns: g.columns, imageOrientationPatient: g.orientation, rowCosines: g.orientation.slice(0, 3), columnCosines: g.orientation.slice(3, 6),
        imagePositionPatient: g.position, sliceThickness: g.sliceThickness ?? undefined, pixelSpacing: g.pixelSpacing,
        rowPixelSpacing: g.pixelSpacing[0], columnPixelSpacing: g.pixelSpacing[1], usingDefaultValues: false,
        // The series' frame of reference once a slice's file gave it (seriesLoaded); until then, what is placed
        // by it (a measurement) waits for the file's own plane.
        frameOfReferenceUID, [FROM_FILE_LIST]: true,
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
    // Below the bridge to Cornerstone 5's typed providers (-1000), which answer from a loaded file: the file's
    // own tags (with its frame of reference) win once it is in.
    metaData.addProvider(provider, -2000);
    registered = true;
  }
  imageIds.forEach((id, i) => known.set(id, { g: geometry[i]!, modality }));
  return true;
}

/** A slice's file is in: its frame of reference (one per series) goes with the slices not loaded yet. */
export function seriesFrameOfReference(imageIds: readonly string[], frameOfReferenceUID: string | undefined) {
  if (!frameOfReferenceUID) return;
  for (const id of imageIds) {
    const entry = known.get(id);
    if (entry) entry.frameOfReferenceUID = frameOfReferenceUID;
  }
}

export function forgetGeometry(imageIds: readonly string[]) {
  for (const id of imageIds) known.delete(id);
}
