import { T, nums, str, u16, type Dataset } from '@tessera/dicom';
import type { SeriesInfo } from '../model';

/**
 * A series' geometry and identifiers from its (de-identified) instances,
 * ordered along the slice normal: what the DICOM exporters reference and the
 * readers place frames on.
 */
export function seriesInfo(datasets: Dataset[]): SeriesInfo {
  if (!datasets.length) throw new Error('a series needs at least one instance');
  const d0 = datasets[0];
  const o = nums(d0.get(T.ImageOrientationPatient));
  const orientation = (o.length === 6 ? o : [1, 0, 0, 0, 1, 0]) as SeriesInfo['orientation'];
  const normal = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
  const instances = datasets
    .map((d) => {
      const p = nums(d.get(T.ImagePositionPatient));
      return {
        sopInstanceUid: str(d.get(T.SOPInstanceUID)) ?? '',
        sopClassUid: str(d.get(T.SOPClassUID)) ?? '',
        position: p.length === 3 ? (p as [number, number, number]) : null,
        order: p.length === 3 ? p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2] : Number(str(d.get(T.InstanceNumber)) ?? 0),
      };
    })
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...i }) => i);
  const spacing = nums(d0.get(T.PixelSpacing));
  const thickness = Number(str(d0.get(T.SliceThickness)));
  return {
    studyUid: str(d0.get(T.StudyInstanceUID)) ?? '',
    seriesUid: str(d0.get(T.SeriesInstanceUID)) ?? '',
    frameOfReferenceUid: str(d0.get(T.FrameOfReferenceUID)) ?? null,
    rows: u16(d0.get(T.Rows)) ?? 0,
    columns: u16(d0.get(T.Columns)) ?? 0,
    pixelSpacing: (spacing.length === 2 ? spacing : [1, 1]) as [number, number],
    sliceThickness: Number.isFinite(thickness) && thickness > 0 ? thickness : null,
    orientation,
    instances,
    patient: { name: str(d0.get(T.PatientName)) ?? '', id: str(d0.get(T.PatientID)) ?? '', birthDate: str(d0.get(T.PatientBirthDate)) ?? '', sex: str(d0.get(T.PatientSex)) ?? '' },
    study: {
      date: str(d0.get(T.StudyDate)) ?? '', time: str(d0.get(T.StudyTime)) ?? '', id: str(d0.get(T.StudyID)) ?? '',
      accessionNumber: str(d0.get(T.AccessionNumber)) ?? '', referringPhysician: str(d0.get(T.ReferringPhysicianName)) ?? '', description: str(d0.get(T.StudyDescription)) ?? '',
    },
  };
}
