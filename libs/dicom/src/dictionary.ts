/**
 * Value representations of the attributes this library reads, writes or
 * de-identifies, needed to read implicit-VR files (which carry no VR). Any
 * other tag reads as UN and is written back unchanged.
 */
export const tag = (group: number, element: number) => ((group << 16) | element) >>> 0;
export const groupOf = (t: number) => t >>> 16;
export const hex = (t: number) => `(${groupOf(t).toString(16).padStart(4, '0').toUpperCase()},${(t & 0xffff).toString(16).padStart(4, '0').toUpperCase()})`;

export const T = {
  FileMetaInformationGroupLength: tag(0x0002, 0x0000),
  FileMetaInformationVersion: tag(0x0002, 0x0001),
  MediaStorageSOPClassUID: tag(0x0002, 0x0002),
  MediaStorageSOPInstanceUID: tag(0x0002, 0x0003),
  TransferSyntaxUID: tag(0x0002, 0x0010),
  ImplementationClassUID: tag(0x0002, 0x0012),
  ImplementationVersionName: tag(0x0002, 0x0013),
  SpecificCharacterSet: tag(0x0008, 0x0005),
  ImageType: tag(0x0008, 0x0008),
  SOPClassUID: tag(0x0008, 0x0016),
  SOPInstanceUID: tag(0x0008, 0x0018),
  StudyDate: tag(0x0008, 0x0020),
  SeriesDate: tag(0x0008, 0x0021),
  StudyTime: tag(0x0008, 0x0030),
  AccessionNumber: tag(0x0008, 0x0050),
  Modality: tag(0x0008, 0x0060),
  Manufacturer: tag(0x0008, 0x0070),
  InstitutionName: tag(0x0008, 0x0080),
  ReferringPhysicianName: tag(0x0008, 0x0090),
  StudyDescription: tag(0x0008, 0x1030),
  SeriesDescription: tag(0x0008, 0x103e),
  ReferencedImageSequence: tag(0x0008, 0x1140),
  ReferencedSOPClassUID: tag(0x0008, 0x1150),
  ReferencedSOPInstanceUID: tag(0x0008, 0x1155),
  PatientName: tag(0x0010, 0x0010),
  PatientID: tag(0x0010, 0x0020),
  PatientBirthDate: tag(0x0010, 0x0030),
  PatientSex: tag(0x0010, 0x0040),
  PatientIdentityRemoved: tag(0x0012, 0x0062),
  DeidentificationMethod: tag(0x0012, 0x0063),
  DeidentificationMethodCodeSequence: tag(0x0012, 0x0064),
  SliceThickness: tag(0x0018, 0x0050),
  StudyInstanceUID: tag(0x0020, 0x000d),
  SeriesInstanceUID: tag(0x0020, 0x000e),
  StudyID: tag(0x0020, 0x0010),
  SeriesNumber: tag(0x0020, 0x0011),
  InstanceNumber: tag(0x0020, 0x0013),
  ImagePositionPatient: tag(0x0020, 0x0032),
  ImageOrientationPatient: tag(0x0020, 0x0037),
  FrameOfReferenceUID: tag(0x0020, 0x0052),
  SamplesPerPixel: tag(0x0028, 0x0002),
  PhotometricInterpretation: tag(0x0028, 0x0004),
  Rows: tag(0x0028, 0x0010),
  Columns: tag(0x0028, 0x0011),
  PixelSpacing: tag(0x0028, 0x0030),
  BitsAllocated: tag(0x0028, 0x0100),
  BitsStored: tag(0x0028, 0x0101),
  HighBit: tag(0x0028, 0x0102),
  PixelRepresentation: tag(0x0028, 0x0103),
  BurnedInAnnotation: tag(0x0028, 0x0301),
  WindowCenter: tag(0x0028, 0x1050),
  WindowWidth: tag(0x0028, 0x1051),
  RescaleIntercept: tag(0x0028, 0x1052),
  RescaleSlope: tag(0x0028, 0x1053),
  CodeValue: tag(0x0008, 0x0100),
  CodingSchemeDesignator: tag(0x0008, 0x0102),
  CodeMeaning: tag(0x0008, 0x0104),
  PixelData: tag(0x7fe0, 0x0010),
  Item: tag(0xfffe, 0xe000),
  ItemDelimitation: tag(0xfffe, 0xe00d),
  SequenceDelimitation: tag(0xfffe, 0xe0dd),
} as const;

const VRS: Record<number, string> = {
  [T.FileMetaInformationGroupLength]: 'UL', [T.FileMetaInformationVersion]: 'OB', [T.MediaStorageSOPClassUID]: 'UI',
  [T.MediaStorageSOPInstanceUID]: 'UI', [T.TransferSyntaxUID]: 'UI', [T.ImplementationClassUID]: 'UI', [T.ImplementationVersionName]: 'SH',
  [T.SpecificCharacterSet]: 'CS', [T.ImageType]: 'CS', [T.SOPClassUID]: 'UI', [T.SOPInstanceUID]: 'UI', [T.StudyDate]: 'DA',
  [T.SeriesDate]: 'DA', [T.StudyTime]: 'TM', [T.AccessionNumber]: 'SH', [T.Modality]: 'CS', [T.Manufacturer]: 'LO',
  [T.InstitutionName]: 'LO', [T.ReferringPhysicianName]: 'PN', [T.StudyDescription]: 'LO', [T.SeriesDescription]: 'LO',
  [T.ReferencedImageSequence]: 'SQ', [T.ReferencedSOPClassUID]: 'UI', [T.ReferencedSOPInstanceUID]: 'UI', [T.PatientName]: 'PN',
  [T.PatientID]: 'LO', [T.PatientBirthDate]: 'DA', [T.PatientSex]: 'CS', [T.PatientIdentityRemoved]: 'CS',
  [T.DeidentificationMethod]: 'LO', [T.DeidentificationMethodCodeSequence]: 'SQ', [T.SliceThickness]: 'DS',
  [T.StudyInstanceUID]: 'UI', [T.SeriesInstanceUID]: 'UI', [T.StudyID]: 'SH', [T.SeriesNumber]: 'IS', [T.InstanceNumber]: 'IS',
  [T.ImagePositionPatient]: 'DS', [T.ImageOrientationPatient]: 'DS', [T.FrameOfReferenceUID]: 'UI', [T.SamplesPerPixel]: 'US',
  [T.PhotometricInterpretation]: 'CS', [T.Rows]: 'US', [T.Columns]: 'US', [T.PixelSpacing]: 'DS', [T.BitsAllocated]: 'US',
  [T.BitsStored]: 'US', [T.HighBit]: 'US', [T.PixelRepresentation]: 'US', [T.BurnedInAnnotation]: 'CS', [T.WindowCenter]: 'DS',
  [T.WindowWidth]: 'DS', [T.RescaleIntercept]: 'DS', [T.RescaleSlope]: 'DS', [T.CodeValue]: 'SH', [T.CodingSchemeDesignator]: 'SH',
  [T.CodeMeaning]: 'LO', [T.PixelData]: 'OW',
};

/** The VR for a tag when the file does not say (implicit VR); de-identification rules add theirs. */
export function vrOf(t: number): string | undefined {
  return VRS[t];
}
export function registerVr(t: number, vr: string) {
  VRS[t] ??= vr;
}
