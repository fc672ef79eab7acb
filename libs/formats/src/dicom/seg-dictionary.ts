import { registerVr, tag } from '@tessera/dicom';

/** The attributes a Segmentation object uses (PS3.3 A.51, C.8.20), with their VRs for reading implicit-VR files. */
export const S = {
  ImageType: tag(0x0008, 0x0008),
  SOPClassUID: tag(0x0008, 0x0016),
  SOPInstanceUID: tag(0x0008, 0x0018),
  StudyDate: tag(0x0008, 0x0020),
  ContentDate: tag(0x0008, 0x0023),
  StudyTime: tag(0x0008, 0x0030),
  ContentTime: tag(0x0008, 0x0033),
  AccessionNumber: tag(0x0008, 0x0050),
  Modality: tag(0x0008, 0x0060),
  Manufacturer: tag(0x0008, 0x0070),
  ReferringPhysicianName: tag(0x0008, 0x0090),
  CodeValue: tag(0x0008, 0x0100),
  CodingSchemeDesignator: tag(0x0008, 0x0102),
  CodeMeaning: tag(0x0008, 0x0104),
  SeriesDescription: tag(0x0008, 0x103e),
  ManufacturerModelName: tag(0x0008, 0x1090),
  ReferencedSeriesSequence: tag(0x0008, 0x1115),
  ReferencedInstanceSequence: tag(0x0008, 0x114a),
  ReferencedSOPClassUID: tag(0x0008, 0x1150),
  ReferencedSOPInstanceUID: tag(0x0008, 0x1155),
  SourceImageSequence: tag(0x0008, 0x2112),
  DerivationImageSequence: tag(0x0008, 0x9124),
  DerivationCodeSequence: tag(0x0008, 0x9215),
  SpecificCharacterSet: tag(0x0008, 0x0005),
  PatientName: tag(0x0010, 0x0010),
  PatientID: tag(0x0010, 0x0020),
  PatientBirthDate: tag(0x0010, 0x0030),
  PatientSex: tag(0x0010, 0x0040),
  SliceThickness: tag(0x0018, 0x0050),
  SpacingBetweenSlices: tag(0x0018, 0x0088),
  DeviceSerialNumber: tag(0x0018, 0x1000),
  SoftwareVersions: tag(0x0018, 0x1020),
  StudyInstanceUID: tag(0x0020, 0x000d),
  SeriesInstanceUID: tag(0x0020, 0x000e),
  StudyID: tag(0x0020, 0x0010),
  SeriesNumber: tag(0x0020, 0x0011),
  InstanceNumber: tag(0x0020, 0x0013),
  ImagePositionPatient: tag(0x0020, 0x0032),
  ImageOrientationPatient: tag(0x0020, 0x0037),
  FrameOfReferenceUID: tag(0x0020, 0x0052),
  PositionReferenceIndicator: tag(0x0020, 0x1040),
  FrameContentSequence: tag(0x0020, 0x9111),
  PlanePositionSequence: tag(0x0020, 0x9113),
  PlaneOrientationSequence: tag(0x0020, 0x9116),
  DimensionIndexValues: tag(0x0020, 0x9157),
  DimensionOrganizationUID: tag(0x0020, 0x9164),
  DimensionIndexPointer: tag(0x0020, 0x9165),
  FunctionalGroupPointer: tag(0x0020, 0x9167),
  DimensionOrganizationSequence: tag(0x0020, 0x9221),
  DimensionIndexSequence: tag(0x0020, 0x9222),
  DimensionDescriptionLabel: tag(0x0020, 0x9421),
  SamplesPerPixel: tag(0x0028, 0x0002),
  PhotometricInterpretation: tag(0x0028, 0x0004),
  NumberOfFrames: tag(0x0028, 0x0008),
  Rows: tag(0x0028, 0x0010),
  Columns: tag(0x0028, 0x0011),
  PixelSpacing: tag(0x0028, 0x0030),
  BitsAllocated: tag(0x0028, 0x0100),
  BitsStored: tag(0x0028, 0x0101),
  HighBit: tag(0x0028, 0x0102),
  PixelRepresentation: tag(0x0028, 0x0103),
  LossyImageCompression: tag(0x0028, 0x2110),
  PixelMeasuresSequence: tag(0x0028, 0x9110),
  PurposeOfReferenceCodeSequence: tag(0x0040, 0xa170),
  SegmentationType: tag(0x0062, 0x0001),
  SegmentSequence: tag(0x0062, 0x0002),
  SegmentedPropertyCategoryCodeSequence: tag(0x0062, 0x0003),
  SegmentNumber: tag(0x0062, 0x0004),
  SegmentLabel: tag(0x0062, 0x0005),
  SegmentDescription: tag(0x0062, 0x0006),
  SegmentAlgorithmType: tag(0x0062, 0x0008),
  SegmentAlgorithmName: tag(0x0062, 0x0009),
  SegmentIdentificationSequence: tag(0x0062, 0x000a),
  ReferencedSegmentNumber: tag(0x0062, 0x000b),
  RecommendedDisplayCIELabValue: tag(0x0062, 0x000d),
  MaximumFractionalValue: tag(0x0062, 0x000e),
  SegmentedPropertyTypeCodeSequence: tag(0x0062, 0x000f),
  SegmentationFractionalType: tag(0x0062, 0x0010),
  ContentLabel: tag(0x0070, 0x0080),
  ContentDescription: tag(0x0070, 0x0081),
  ContentCreatorName: tag(0x0070, 0x0084),
  SharedFunctionalGroupsSequence: tag(0x5200, 0x9229),
  PerFrameFunctionalGroupsSequence: tag(0x5200, 0x9230),
  PixelData: tag(0x7fe0, 0x0010),
} as const;

const VR: Partial<Record<keyof typeof S, string>> = {
  ReferencedSeriesSequence: 'SQ', ReferencedInstanceSequence: 'SQ', SourceImageSequence: 'SQ', DerivationImageSequence: 'SQ',
  DerivationCodeSequence: 'SQ', FrameContentSequence: 'SQ', PlanePositionSequence: 'SQ', PlaneOrientationSequence: 'SQ',
  DimensionOrganizationSequence: 'SQ', DimensionIndexSequence: 'SQ', PixelMeasuresSequence: 'SQ', PurposeOfReferenceCodeSequence: 'SQ',
  SegmentSequence: 'SQ', SegmentedPropertyCategoryCodeSequence: 'SQ', SegmentIdentificationSequence: 'SQ', SegmentedPropertyTypeCodeSequence: 'SQ',
  SharedFunctionalGroupsSequence: 'SQ', PerFrameFunctionalGroupsSequence: 'SQ',
  ContentDate: 'DA', ContentTime: 'TM', ManufacturerModelName: 'LO', SpacingBetweenSlices: 'DS', DeviceSerialNumber: 'LO', SoftwareVersions: 'LO',
  PositionReferenceIndicator: 'LO', DimensionIndexValues: 'UL', DimensionOrganizationUID: 'UI', DimensionIndexPointer: 'AT', FunctionalGroupPointer: 'AT',
  DimensionDescriptionLabel: 'LO', NumberOfFrames: 'IS', LossyImageCompression: 'CS', SegmentationType: 'CS', SegmentNumber: 'US', SegmentLabel: 'LO',
  SegmentDescription: 'ST', SegmentAlgorithmType: 'CS', SegmentAlgorithmName: 'LO', ReferencedSegmentNumber: 'US', RecommendedDisplayCIELabValue: 'US',
  MaximumFractionalValue: 'US', SegmentationFractionalType: 'CS', ContentLabel: 'CS', ContentDescription: 'LO', ContentCreatorName: 'PN',
};
for (const [k, vr] of Object.entries(VR)) registerVr(S[k as keyof typeof S], vr!);

/** SNOMED CT terms for the structures people label most, matched by label name (English or Chinese); anything else is "Tissue". */
const ANATOMY: [RegExp, string, string][] = [
  [/liver|肝/i, '10200004', 'Liver'], [/kidney|肾/i, '64033007', 'Kidney'], [/spleen|脾/i, '78961009', 'Spleen'],
  [/aorta|主动脉/i, '15825003', 'Aorta'], [/lung|肺/i, '39607008', 'Lung'], [/heart|心脏|心/i, '80891009', 'Heart'],
  [/pancrea|胰/i, '15776009', 'Pancreas'], [/bladder|膀胱/i, '89837001', 'Urinary bladder'], [/brain|脑/i, '12738006', 'Brain'],
  [/spine|vertebra|脊/i, '421060004', 'Spine'], [/bone|骨/i, '272673000', 'Bone'], [/prostate|前列腺/i, '41216001', 'Prostate'],
];
const LESION: [RegExp, string, string][] = [[/lesion|tumou?r|mass|nodule|病灶|肿瘤|结节/i, '52988006', 'Lesion']];

export interface CodedTerm {
  value: string;
  scheme: string;
  meaning: string;
}
export function segmentTerms(labelName: string): { category: CodedTerm; type: CodedTerm } {
  const lesion = LESION.find(([re]) => re.test(labelName));
  if (lesion) return { category: { value: '49755003', scheme: 'SCT', meaning: 'Morphologically Altered Structure' }, type: { value: lesion[1], scheme: 'SCT', meaning: lesion[2] } };
  const organ = ANATOMY.find(([re]) => re.test(labelName));
  if (organ) return { category: { value: '123037004', scheme: 'SCT', meaning: 'Anatomical Structure' }, type: { value: organ[1], scheme: 'SCT', meaning: organ[2] } };
  return { category: { value: '85756007', scheme: 'SCT', meaning: 'Tissue' }, type: { value: '85756007', scheme: 'SCT', meaning: 'Tissue' } };
}
