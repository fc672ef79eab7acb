import { createHmac } from 'node:crypto';
import { T, groupOf, registerVr, tag } from './dictionary';
import { str, type Dataset, type DicomFile, type Element } from './part10';

/**
 * Actions of DICOM PS3.15 Annex E, Table E.1-1, Basic Application Level
 * Confidentiality Profile (the whole table of the 2025 edition): D dummy,
 * Z zero-length, X remove, K keep (its items are still cleaned), U replace UID.
 * VRs are the dictionary's, for reading implicit-VR files; UN where the
 * attribute is newer than the dictionary we took them from.
 *
 * Compound actions are reduced to one, the strictest that keeps the dataset
 * valid: X/Z and X/Z/D → Z (the attribute may be Type 2); X/D → X; Z/D → Z;
 * X/Z/U* on reference sequences → K, so the sequence stays and the UIDs
 * inside it are replaced like every other UID. C (clean) is treated as D.
 * A few choices are stricter than the table: sequences it gives D (Content
 * Sequence, Verifying Observer Sequence, …) are removed, as are Verifying
 * Organization and Digital Signature UID; a D on a UID is a new UID.
 */
export type ProfileAction = 'D' | 'Z' | 'X' | 'K' | 'U';
type Action = ProfileAction;
const RULES: [number, number, string, Action][] = [
  [0x0000, 0x1000, 'UI', 'X'], [0x0000, 0x1001, 'UI', 'U'], [0x0002, 0x0003, 'UI', 'U'], [0x0004, 0x1511, 'UI', 'U'],
  [0x0008, 0x0012, 'DA', 'X'], [0x0008, 0x0013, 'TM', 'X'], [0x0008, 0x0014, 'UI', 'U'], [0x0008, 0x0015, 'DT', 'X'],
  [0x0008, 0x0017, 'UI', 'U'], [0x0008, 0x0018, 'UI', 'U'], [0x0008, 0x0019, 'UI', 'U'], [0x0008, 0x0020, 'DA', 'Z'],
  [0x0008, 0x0021, 'DA', 'X'], [0x0008, 0x0022, 'DA', 'Z'], [0x0008, 0x0023, 'DA', 'Z'], [0x0008, 0x0024, 'DA', 'X'],
  [0x0008, 0x0025, 'DA', 'X'], [0x0008, 0x002a, 'DT', 'Z'], [0x0008, 0x0030, 'TM', 'Z'], [0x0008, 0x0031, 'TM', 'X'],
  [0x0008, 0x0032, 'TM', 'Z'], [0x0008, 0x0033, 'TM', 'Z'], [0x0008, 0x0034, 'TM', 'X'], [0x0008, 0x0035, 'TM', 'X'],
  [0x0008, 0x0050, 'SH', 'Z'], [0x0008, 0x0054, 'AE', 'X'], [0x0008, 0x0055, 'AE', 'X'], [0x0008, 0x0058, 'UI', 'U'],
  [0x0008, 0x0080, 'LO', 'Z'], [0x0008, 0x0081, 'ST', 'X'], [0x0008, 0x0082, 'SQ', 'Z'], [0x0008, 0x0090, 'PN', 'Z'],
  [0x0008, 0x0092, 'ST', 'X'], [0x0008, 0x0094, 'SH', 'X'], [0x0008, 0x0096, 'SQ', 'X'], [0x0008, 0x009c, 'PN', 'Z'],
  [0x0008, 0x009d, 'SQ', 'X'], [0x0008, 0x0106, 'DT', 'D'], [0x0008, 0x0107, 'DT', 'D'], [0x0008, 0x010d, 'UI', 'U'],
  [0x0008, 0x0201, 'SH', 'X'], [0x0008, 0x1000, 'AE', 'X'], [0x0008, 0x1010, 'SH', 'Z'], [0x0008, 0x1030, 'LO', 'X'],
  [0x0008, 0x103e, 'LO', 'X'], [0x0008, 0x1040, 'LO', 'X'], [0x0008, 0x1041, 'SQ', 'X'], [0x0008, 0x1048, 'PN', 'X'],
  [0x0008, 0x1049, 'SQ', 'X'], [0x0008, 0x1050, 'PN', 'X'], [0x0008, 0x1052, 'SQ', 'X'], [0x0008, 0x1060, 'PN', 'X'],
  [0x0008, 0x1062, 'SQ', 'X'], [0x0008, 0x1070, 'PN', 'Z'], [0x0008, 0x1072, 'SQ', 'X'], [0x0008, 0x1080, 'LO', 'X'],
  [0x0008, 0x1084, 'SQ', 'X'], [0x0008, 0x1088, 'UN', 'X'], [0x0008, 0x1110, 'SQ', 'Z'], [0x0008, 0x1111, 'SQ', 'X'],
  [0x0008, 0x1120, 'SQ', 'X'], [0x0008, 0x1140, 'SQ', 'K'], [0x0008, 0x1155, 'UI', 'U'], [0x0008, 0x1195, 'UI', 'U'],
  [0x0008, 0x1301, 'UN', 'X'], [0x0008, 0x1302, 'UN', 'X'], [0x0008, 0x1303, 'UN', 'X'], [0x0008, 0x1304, 'UN', 'X'],
  [0x0008, 0x2111, 'ST', 'X'], [0x0008, 0x2112, 'SQ', 'K'], [0x0008, 0x3010, 'UI', 'U'], [0x0008, 0x4000, 'LT', 'X'],
  [0x0008, 0x9123, 'UI', 'U'], [0x0010, 0x0010, 'PN', 'Z'], [0x0010, 0x0011, 'UN', 'X'], [0x0010, 0x0012, 'UN', 'X'],
  [0x0010, 0x0013, 'UN', 'X'], [0x0010, 0x0014, 'UN', 'X'], [0x0010, 0x0015, 'UN', 'X'], [0x0010, 0x0016, 'UN', 'X'],
  [0x0010, 0x0020, 'LO', 'Z'], [0x0010, 0x0021, 'LO', 'X'], [0x0010, 0x0022, 'CS', 'X'], [0x0010, 0x0024, 'SQ', 'X'],
  [0x0010, 0x0030, 'DA', 'Z'], [0x0010, 0x0032, 'TM', 'X'], [0x0010, 0x0040, 'CS', 'Z'], [0x0010, 0x0041, 'UN', 'X'],
  [0x0010, 0x0042, 'UN', 'X'], [0x0010, 0x0043, 'UN', 'X'], [0x0010, 0x0044, 'UN', 'X'], [0x0010, 0x0045, 'UN', 'X'],
  [0x0010, 0x0046, 'UN', 'X'], [0x0010, 0x0047, 'UN', 'X'], [0x0010, 0x0050, 'SQ', 'X'], [0x0010, 0x0101, 'SQ', 'X'],
  [0x0010, 0x0102, 'SQ', 'X'], [0x0010, 0x1000, 'LO', 'X'], [0x0010, 0x1001, 'PN', 'X'], [0x0010, 0x1002, 'SQ', 'X'],
  [0x0010, 0x1005, 'PN', 'X'], [0x0010, 0x1010, 'AS', 'X'], [0x0010, 0x1020, 'DS', 'X'], [0x0010, 0x1030, 'DS', 'X'],
  [0x0010, 0x1040, 'LO', 'X'], [0x0010, 0x1050, 'LO', 'X'], [0x0010, 0x1060, 'PN', 'X'], [0x0010, 0x1080, 'LO', 'X'],
  [0x0010, 0x1081, 'LO', 'X'], [0x0010, 0x1090, 'LO', 'X'], [0x0010, 0x1100, 'SQ', 'X'], [0x0010, 0x2000, 'LO', 'X'],
  [0x0010, 0x2110, 'LO', 'X'], [0x0010, 0x2150, 'LO', 'X'], [0x0010, 0x2152, 'LO', 'X'], [0x0010, 0x2154, 'SH', 'X'],
  [0x0010, 0x2155, 'LT', 'X'], [0x0010, 0x2160, 'SH', 'X'], [0x0010, 0x2161, 'UN', 'X'], [0x0010, 0x2162, 'UN', 'X'],
  [0x0010, 0x2180, 'SH', 'X'], [0x0010, 0x21a0, 'CS', 'X'], [0x0010, 0x21b0, 'LT', 'X'], [0x0010, 0x21c0, 'US', 'X'],
  [0x0010, 0x21d0, 'DA', 'X'], [0x0010, 0x21f0, 'LO', 'X'], [0x0010, 0x2203, 'CS', 'Z'], [0x0010, 0x2297, 'PN', 'X'],
  [0x0010, 0x2299, 'LO', 'X'], [0x0010, 0x4000, 'LT', 'X'], [0x0012, 0x0010, 'LO', 'D'], [0x0012, 0x0020, 'LO', 'D'],
  [0x0012, 0x0021, 'LO', 'Z'], [0x0012, 0x0022, 'UN', 'X'], [0x0012, 0x0023, 'UN', 'X'], [0x0012, 0x0030, 'LO', 'Z'],
  [0x0012, 0x0031, 'LO', 'Z'], [0x0012, 0x0032, 'UN', 'X'], [0x0012, 0x0040, 'LO', 'D'], [0x0012, 0x0041, 'UN', 'X'],
  [0x0012, 0x0042, 'LO', 'D'], [0x0012, 0x0043, 'UN', 'X'], [0x0012, 0x0050, 'LO', 'Z'], [0x0012, 0x0051, 'ST', 'X'],
  [0x0012, 0x0055, 'UN', 'X'], [0x0012, 0x0060, 'LO', 'Z'], [0x0012, 0x0071, 'LO', 'X'], [0x0012, 0x0072, 'LO', 'X'],
  [0x0012, 0x0073, 'UN', 'X'], [0x0012, 0x0081, 'LO', 'D'], [0x0012, 0x0082, 'LO', 'X'], [0x0012, 0x0086, 'DA', 'X'],
  [0x0012, 0x0087, 'DA', 'X'], [0x0014, 0x407c, 'TM', 'X'], [0x0014, 0x407e, 'DA', 'X'], [0x0016, 0x002b, 'OB', 'X'],
  [0x0016, 0x004b, 'OB', 'X'], [0x0016, 0x004d, 'UT', 'X'], [0x0016, 0x004e, 'DS', 'X'], [0x0016, 0x004f, 'UT', 'X'],
  [0x0016, 0x0050, 'UT', 'X'], [0x0016, 0x0051, 'UT', 'X'], [0x0016, 0x0070, 'OB', 'X'], [0x0016, 0x0071, 'CS', 'X'],
  [0x0016, 0x0072, 'DS', 'X'], [0x0016, 0x0073, 'CS', 'X'], [0x0016, 0x0074, 'DS', 'X'], [0x0016, 0x0075, 'US', 'X'],
  [0x0016, 0x0076, 'DS', 'X'], [0x0016, 0x0077, 'DT', 'X'], [0x0016, 0x0078, 'UT', 'X'], [0x0016, 0x0079, 'CS', 'X'],
  [0x0016, 0x007a, 'CS', 'X'], [0x0016, 0x007b, 'DS', 'X'], [0x0016, 0x007c, 'CS', 'X'], [0x0016, 0x007d, 'DS', 'X'],
  [0x0016, 0x007e, 'CS', 'X'], [0x0016, 0x007f, 'DS', 'X'], [0x0016, 0x0080, 'CS', 'X'], [0x0016, 0x0081, 'DS', 'X'],
  [0x0016, 0x0082, 'UT', 'X'], [0x0016, 0x0083, 'CS', 'X'], [0x0016, 0x0084, 'DS', 'X'], [0x0016, 0x0085, 'CS', 'X'],
  [0x0016, 0x0086, 'DS', 'X'], [0x0016, 0x0087, 'CS', 'X'], [0x0016, 0x0088, 'DS', 'X'], [0x0016, 0x0089, 'CS', 'X'],
  [0x0016, 0x008a, 'DS', 'X'], [0x0016, 0x008b, 'OB', 'X'], [0x0016, 0x008c, 'OB', 'X'], [0x0016, 0x008d, 'DT', 'X'],
  [0x0016, 0x008e, 'IS', 'X'], [0x0018, 0x0010, 'LO', 'Z'], [0x0018, 0x0027, 'TM', 'X'], [0x0018, 0x0035, 'TM', 'X'],
  [0x0018, 0x1000, 'LO', 'Z'], [0x0018, 0x1002, 'UI', 'U'], [0x0018, 0x1004, 'LO', 'X'], [0x0018, 0x1005, 'LO', 'X'],
  [0x0018, 0x1007, 'LO', 'X'], [0x0018, 0x1008, 'LO', 'X'], [0x0018, 0x1009, 'UT', 'X'], [0x0018, 0x100a, 'SQ', 'X'],
  [0x0018, 0x100b, 'UI', 'U'], [0x0018, 0x1012, 'DA', 'X'], [0x0018, 0x1014, 'TM', 'X'], [0x0018, 0x1030, 'LO', 'X'],
  [0x0018, 0x1042, 'TM', 'X'], [0x0018, 0x1043, 'TM', 'X'], [0x0018, 0x1072, 'TM', 'X'], [0x0018, 0x1073, 'TM', 'X'],
  [0x0018, 0x1078, 'DT', 'X'], [0x0018, 0x1079, 'DT', 'X'], [0x0018, 0x11bb, 'LO', 'D'], [0x0018, 0x1200, 'DA', 'X'],
  [0x0018, 0x1201, 'TM', 'X'], [0x0018, 0x1202, 'DT', 'X'], [0x0018, 0x1203, 'DT', 'Z'], [0x0018, 0x1204, 'UN', 'X'],
  [0x0018, 0x1205, 'UN', 'X'], [0x0018, 0x1400, 'LO', 'X'], [0x0018, 0x2042, 'UI', 'U'], [0x0018, 0x4000, 'LT', 'X'],
  [0x0018, 0x5011, 'SQ', 'X'], [0x0018, 0x700a, 'SH', 'X'], [0x0018, 0x700c, 'DA', 'X'], [0x0018, 0x700e, 'TM', 'X'],
  [0x0018, 0x9074, 'DT', 'D'], [0x0018, 0x9151, 'DT', 'D'], [0x0018, 0x9185, 'ST', 'X'], [0x0018, 0x9367, 'UC', 'D'],
  [0x0018, 0x9369, 'DT', 'D'], [0x0018, 0x936a, 'DT', 'D'], [0x0018, 0x9371, 'UC', 'D'], [0x0018, 0x9373, 'ST', 'X'],
  [0x0018, 0x937b, 'UT', 'X'], [0x0018, 0x937f, 'UT', 'X'], [0x0018, 0x9424, 'LT', 'X'], [0x0018, 0x9516, 'DT', 'X'],
  [0x0018, 0x9517, 'DT', 'X'], [0x0018, 0x9623, 'DT', 'D'], [0x0018, 0x9701, 'DT', 'D'], [0x0018, 0x9804, 'DT', 'D'],
  [0x0018, 0x9919, 'DT', 'Z'], [0x0018, 0x9937, 'LO', 'X'], [0x0018, 0xa002, 'DT', 'X'], [0x0018, 0xa003, 'ST', 'X'],
  [0x0020, 0x000d, 'UI', 'U'], [0x0020, 0x000e, 'UI', 'U'], [0x0020, 0x0010, 'SH', 'Z'], [0x0020, 0x0027, 'UN', 'X'],
  [0x0020, 0x0052, 'UI', 'U'], [0x0020, 0x0200, 'UI', 'U'], [0x0020, 0x3401, 'CS', 'X'], [0x0020, 0x3403, 'DA', 'X'],
  [0x0020, 0x3404, 'LO', 'X'], [0x0020, 0x3405, 'TM', 'X'], [0x0020, 0x3406, 'LO', 'X'], [0x0020, 0x4000, 'LT', 'X'],
  [0x0020, 0x9158, 'LT', 'X'], [0x0020, 0x9161, 'UI', 'U'], [0x0020, 0x9164, 'UI', 'U'], [0x0028, 0x1199, 'UI', 'U'],
  [0x0028, 0x1214, 'UI', 'U'], [0x0028, 0x4000, 'LT', 'X'], [0x0032, 0x0012, 'LO', 'X'], [0x0032, 0x0032, 'DA', 'X'],
  [0x0032, 0x0033, 'TM', 'X'], [0x0032, 0x0034, 'DA', 'X'], [0x0032, 0x0035, 'TM', 'X'], [0x0032, 0x1000, 'DA', 'X'],
  [0x0032, 0x1001, 'TM', 'X'], [0x0032, 0x1010, 'DA', 'X'], [0x0032, 0x1011, 'TM', 'X'], [0x0032, 0x1020, 'LO', 'X'],
  [0x0032, 0x1021, 'AE', 'X'], [0x0032, 0x1030, 'LO', 'X'], [0x0032, 0x1032, 'PN', 'X'], [0x0032, 0x1033, 'LO', 'X'],
  [0x0032, 0x1040, 'DA', 'X'], [0x0032, 0x1041, 'TM', 'X'], [0x0032, 0x1050, 'DA', 'X'], [0x0032, 0x1051, 'TM', 'X'],
  [0x0032, 0x1060, 'LO', 'X'], [0x0032, 0x1064, 'SQ', 'X'], [0x0032, 0x1066, 'UT', 'X'], [0x0032, 0x1067, 'SQ', 'X'],
  [0x0032, 0x1070, 'LO', 'X'], [0x0032, 0x4000, 'LT', 'X'], [0x0034, 0x0001, 'SQ', 'D'], [0x0034, 0x0002, 'OB', 'D'],
  [0x0034, 0x0005, 'OB', 'D'], [0x0034, 0x0007, 'OB', 'D'], [0x0038, 0x0004, 'SQ', 'X'], [0x0038, 0x0010, 'LO', 'X'],
  [0x0038, 0x0011, 'LO', 'X'], [0x0038, 0x0014, 'SQ', 'X'], [0x0038, 0x001a, 'DA', 'X'], [0x0038, 0x001b, 'TM', 'X'],
  [0x0038, 0x001c, 'DA', 'X'], [0x0038, 0x001d, 'TM', 'X'], [0x0038, 0x001e, 'LO', 'X'], [0x0038, 0x0020, 'DA', 'X'],
  [0x0038, 0x0021, 'TM', 'X'], [0x0038, 0x0030, 'DA', 'X'], [0x0038, 0x0032, 'TM', 'X'], [0x0038, 0x0040, 'LO', 'X'],
  [0x0038, 0x0050, 'LO', 'X'], [0x0038, 0x0060, 'LO', 'X'], [0x0038, 0x0061, 'LO', 'X'], [0x0038, 0x0062, 'LO', 'X'],
  [0x0038, 0x0064, 'SQ', 'X'], [0x0038, 0x0300, 'LO', 'X'], [0x0038, 0x0400, 'LO', 'X'], [0x0038, 0x0500, 'LO', 'X'],
  [0x0038, 0x4000, 'LT', 'X'], [0x003a, 0x0310, 'UI', 'U'], [0x003a, 0x0314, 'DT', 'D'], [0x003a, 0x0329, 'UN', 'X'],
  [0x003a, 0x032b, 'UN', 'X'], [0x0040, 0x0001, 'AE', 'X'], [0x0040, 0x0002, 'DA', 'X'], [0x0040, 0x0003, 'TM', 'X'],
  [0x0040, 0x0004, 'DA', 'X'], [0x0040, 0x0005, 'TM', 'X'], [0x0040, 0x0006, 'PN', 'X'], [0x0040, 0x0007, 'LO', 'X'],
  [0x0040, 0x0009, 'SH', 'X'], [0x0040, 0x000b, 'SQ', 'X'], [0x0040, 0x0010, 'SH', 'X'], [0x0040, 0x0011, 'SH', 'X'],
  [0x0040, 0x0012, 'LO', 'X'], [0x0040, 0x0035, 'CS', 'X'], [0x0040, 0x0036, 'SQ', 'X'], [0x0040, 0x0241, 'AE', 'X'],
  [0x0040, 0x0242, 'SH', 'X'], [0x0040, 0x0243, 'SH', 'X'], [0x0040, 0x0244, 'DA', 'X'], [0x0040, 0x0245, 'TM', 'X'],
  [0x0040, 0x0250, 'DA', 'X'], [0x0040, 0x0251, 'TM', 'X'], [0x0040, 0x0253, 'SH', 'X'], [0x0040, 0x0254, 'LO', 'X'],
  [0x0040, 0x0275, 'SQ', 'X'], [0x0040, 0x0280, 'ST', 'X'], [0x0040, 0x0310, 'ST', 'X'], [0x0040, 0x050a, 'LO', 'X'],
  [0x0040, 0x0512, 'LO', 'D'], [0x0040, 0x0513, 'SQ', 'Z'], [0x0040, 0x051a, 'LO', 'X'], [0x0040, 0x0551, 'LO', 'D'],
  [0x0040, 0x0554, 'UI', 'U'], [0x0040, 0x0555, 'SQ', 'X'], [0x0040, 0x0562, 'SQ', 'Z'], [0x0040, 0x0600, 'LO', 'X'],
  [0x0040, 0x0602, 'UT', 'X'], [0x0040, 0x0610, 'SQ', 'Z'], [0x0040, 0x06fa, 'LO', 'X'], [0x0040, 0x1001, 'SH', 'X'],
  [0x0040, 0x1002, 'LO', 'X'], [0x0040, 0x1004, 'LO', 'X'], [0x0040, 0x1005, 'LO', 'X'], [0x0040, 0x100a, 'SQ', 'X'],
  [0x0040, 0x1010, 'PN', 'X'], [0x0040, 0x1011, 'SQ', 'X'], [0x0040, 0x1101, 'SQ', 'X'], [0x0040, 0x1102, 'ST', 'X'],
  [0x0040, 0x1103, 'LO', 'X'], [0x0040, 0x1104, 'LT', 'X'], [0x0040, 0x1400, 'LT', 'X'], [0x0040, 0x2001, 'LO', 'X'],
  [0x0040, 0x2004, 'DA', 'X'], [0x0040, 0x2005, 'TM', 'X'], [0x0040, 0x2008, 'PN', 'X'], [0x0040, 0x2009, 'SH', 'X'],
  [0x0040, 0x2010, 'SH', 'X'], [0x0040, 0x2011, 'LT', 'X'], [0x0040, 0x2016, 'LO', 'Z'], [0x0040, 0x2017, 'LO', 'Z'],
  [0x0040, 0x2400, 'LT', 'X'], [0x0040, 0x3001, 'LO', 'X'], [0x0040, 0x4005, 'DT', 'X'], [0x0040, 0x4008, 'DT', 'X'],
  [0x0040, 0x4010, 'DT', 'X'], [0x0040, 0x4011, 'DT', 'X'], [0x0040, 0x4023, 'UI', 'U'], [0x0040, 0x4025, 'SQ', 'X'],
  [0x0040, 0x4027, 'SQ', 'X'], [0x0040, 0x4028, 'SQ', 'X'], [0x0040, 0x4030, 'SQ', 'X'], [0x0040, 0x4034, 'SQ', 'X'],
  [0x0040, 0x4035, 'SQ', 'X'], [0x0040, 0x4036, 'LO', 'X'], [0x0040, 0x4037, 'PN', 'X'], [0x0040, 0x4050, 'DT', 'X'],
  [0x0040, 0x4051, 'DT', 'X'], [0x0040, 0x4052, 'DT', 'X'], [0x0040, 0xa023, 'DA', 'X'], [0x0040, 0xa024, 'TM', 'X'],
  [0x0040, 0xa027, 'LO', 'X'], [0x0040, 0xa030, 'DT', 'D'], [0x0040, 0xa032, 'DT', 'X'], [0x0040, 0xa033, 'DT', 'X'],
  [0x0040, 0xa034, 'UN', 'X'], [0x0040, 0xa035, 'UN', 'X'], [0x0040, 0xa073, 'SQ', 'X'], [0x0040, 0xa075, 'PN', 'D'],
  [0x0040, 0xa078, 'SQ', 'X'], [0x0040, 0xa07a, 'SQ', 'X'], [0x0040, 0xa07c, 'SQ', 'X'], [0x0040, 0xa082, 'DT', 'Z'],
  [0x0040, 0xa088, 'SQ', 'Z'], [0x0040, 0xa110, 'DA', 'X'], [0x0040, 0xa112, 'TM', 'X'], [0x0040, 0xa120, 'DT', 'D'],
  [0x0040, 0xa121, 'DA', 'D'], [0x0040, 0xa122, 'TM', 'D'], [0x0040, 0xa123, 'PN', 'D'], [0x0040, 0xa124, 'UI', 'U'],
  [0x0040, 0xa13a, 'DT', 'D'], [0x0040, 0xa171, 'UI', 'U'], [0x0040, 0xa172, 'UI', 'U'], [0x0040, 0xa192, 'DA', 'X'],
  [0x0040, 0xa193, 'TM', 'X'], [0x0040, 0xa307, 'PN', 'X'], [0x0040, 0xa352, 'PN', 'X'], [0x0040, 0xa353, 'ST', 'X'],
  [0x0040, 0xa354, 'LO', 'X'], [0x0040, 0xa358, 'SQ', 'X'], [0x0040, 0xa402, 'UI', 'U'], [0x0040, 0xa730, 'SQ', 'X'],
  [0x0040, 0xb034, 'UN', 'X'], [0x0040, 0xb036, 'UN', 'X'], [0x0040, 0xb03b, 'UN', 'X'], [0x0040, 0xb03f, 'UN', 'X'],
  [0x0040, 0xdb06, 'DT', 'X'], [0x0040, 0xdb07, 'DT', 'X'], [0x0040, 0xdb0c, 'UI', 'U'], [0x0040, 0xdb0d, 'UI', 'U'],
  [0x0040, 0xe004, 'DT', 'X'], [0x0042, 0x0011, 'OB', 'D'], [0x0044, 0x0004, 'DT', 'X'], [0x0044, 0x000b, 'DT', 'X'],
  [0x0044, 0x0010, 'DT', 'X'], [0x0044, 0x0104, 'DT', 'D'], [0x0044, 0x0105, 'DT', 'X'], [0x0050, 0x001b, 'LO', 'X'],
  [0x0050, 0x0020, 'LO', 'X'], [0x0050, 0x0021, 'ST', 'X'], [0x0062, 0x0021, 'UI', 'U'], [0x0064, 0x0003, 'UI', 'U'],
  [0x0068, 0x6226, 'DT', 'D'], [0x0068, 0x6270, 'DT', 'D'], [0x006a, 0x0003, 'UI', 'U'], [0x006a, 0x0005, 'LO', 'D'],
  [0x006a, 0x0006, 'UT', 'X'], [0x0070, 0x0001, 'SQ', 'X'], [0x0070, 0x0082, 'DA', 'X'], [0x0070, 0x0083, 'TM', 'X'],
  [0x0070, 0x0084, 'PN', 'Z'], [0x0070, 0x0086, 'SQ', 'X'], [0x0070, 0x031a, 'UI', 'U'], [0x0070, 0x1101, 'UI', 'U'],
  [0x0070, 0x1102, 'UI', 'U'], [0x0072, 0x000a, 'DT', 'D'], [0x0072, 0x005e, 'AE', 'D'], [0x0072, 0x005f, 'AS', 'D'],
  [0x0072, 0x0061, 'DA', 'D'], [0x0072, 0x0063, 'DT', 'D'], [0x0072, 0x0065, 'OB', 'D'], [0x0072, 0x0066, 'LO', 'D'],
  [0x0072, 0x0068, 'LT', 'D'], [0x0072, 0x006a, 'PN', 'D'], [0x0072, 0x006b, 'TM', 'D'], [0x0072, 0x006c, 'SH', 'D'],
  [0x0072, 0x006d, 'UN', 'D'], [0x0072, 0x006e, 'ST', 'D'], [0x0072, 0x0070, 'UT', 'D'], [0x0072, 0x0071, 'UR', 'D'],
  [0x0074, 0x1234, 'AE', 'X'], [0x0074, 0x1236, 'AE', 'X'], [0x0088, 0x0140, 'UI', 'U'], [0x0088, 0x0200, 'SQ', 'X'],
  [0x0088, 0x0904, 'LO', 'X'], [0x0088, 0x0906, 'ST', 'X'], [0x0088, 0x0910, 'LO', 'X'], [0x0088, 0x0912, 'LO', 'X'],
  [0x0100, 0x0420, 'DT', 'X'], [0x0400, 0x0100, 'UI', 'X'], [0x0400, 0x0105, 'DT', 'D'], [0x0400, 0x0115, 'OB', 'D'],
  [0x0400, 0x0310, 'OB', 'X'], [0x0400, 0x0402, 'SQ', 'X'], [0x0400, 0x0403, 'SQ', 'X'], [0x0400, 0x0404, 'OB', 'X'],
  [0x0400, 0x0550, 'SQ', 'X'], [0x0400, 0x0551, 'SQ', 'X'], [0x0400, 0x0552, 'OB', 'X'], [0x0400, 0x0561, 'SQ', 'X'],
  [0x0400, 0x0562, 'DT', 'D'], [0x0400, 0x0563, 'LO', 'D'], [0x0400, 0x0564, 'LO', 'Z'], [0x0400, 0x0565, 'CS', 'D'],
  [0x0400, 0x0600, 'CS', 'X'], [0x2030, 0x0020, 'LO', 'X'], [0x2100, 0x0040, 'DA', 'X'], [0x2100, 0x0050, 'TM', 'X'],
  [0x2100, 0x0070, 'AE', 'X'], [0x2100, 0x0140, 'AE', 'D'], [0x2200, 0x0002, 'UT', 'Z'], [0x2200, 0x0005, 'LT', 'Z'],
  [0x3002, 0x0121, 'UN', 'X'], [0x3002, 0x0123, 'UN', 'X'], [0x3006, 0x0002, 'SH', 'D'], [0x3006, 0x0004, 'LO', 'X'],
  [0x3006, 0x0006, 'ST', 'X'], [0x3006, 0x0008, 'DA', 'Z'], [0x3006, 0x0009, 'TM', 'Z'], [0x3006, 0x0024, 'UI', 'U'],
  [0x3006, 0x0026, 'LO', 'Z'], [0x3006, 0x0028, 'ST', 'X'], [0x3006, 0x002d, 'UN', 'X'], [0x3006, 0x002e, 'UN', 'X'],
  [0x3006, 0x0038, 'LO', 'X'], [0x3006, 0x004d, 'UN', 'X'], [0x3006, 0x004e, 'UN', 'X'], [0x3006, 0x0085, 'SH', 'X'],
  [0x3006, 0x0088, 'ST', 'X'], [0x3006, 0x00a6, 'PN', 'Z'], [0x3006, 0x00c2, 'UI', 'U'], [0x3008, 0x0024, 'DA', 'D'],
  [0x3008, 0x0025, 'TM', 'D'], [0x3008, 0x0054, 'DA', 'X'], [0x3008, 0x0056, 'DA', 'X'], [0x3008, 0x0105, 'LO', 'Z'],
  [0x3008, 0x0162, 'DA', 'D'], [0x3008, 0x0164, 'TM', 'D'], [0x3008, 0x0166, 'DA', 'D'], [0x3008, 0x0168, 'TM', 'D'],
  [0x3008, 0x0250, 'DA', 'X'], [0x3008, 0x0251, 'TM', 'X'], [0x300a, 0x0002, 'SH', 'D'], [0x300a, 0x0003, 'LO', 'X'],
  [0x300a, 0x0004, 'ST', 'X'], [0x300a, 0x0006, 'DA', 'X'], [0x300a, 0x0007, 'TM', 'X'], [0x300a, 0x000b, 'LO', 'X'],
  [0x300a, 0x000e, 'ST', 'X'], [0x300a, 0x0013, 'UI', 'U'], [0x300a, 0x0016, 'LO', 'X'], [0x300a, 0x0054, 'UI', 'U'],
  [0x300a, 0x0072, 'LO', 'X'], [0x300a, 0x0083, 'UI', 'U'], [0x300a, 0x00b2, 'SH', 'Z'], [0x300a, 0x00c3, 'ST', 'X'],
  [0x300a, 0x00dd, 'ST', 'X'], [0x300a, 0x0196, 'ST', 'X'], [0x300a, 0x01a6, 'ST', 'X'], [0x300a, 0x01b2, 'ST', 'X'],
  [0x300a, 0x0216, 'LO', 'X'], [0x300a, 0x022c, 'DA', 'D'], [0x300a, 0x022e, 'TM', 'D'], [0x300a, 0x02eb, 'LT', 'X'],
  [0x300a, 0x0608, 'LO', 'D'], [0x300a, 0x0609, 'UI', 'U'], [0x300a, 0x0611, 'LO', 'Z'], [0x300a, 0x0615, 'LO', 'Z'],
  [0x300a, 0x0619, 'LO', 'D'], [0x300a, 0x0623, 'LO', 'D'], [0x300a, 0x062a, 'LO', 'D'], [0x300a, 0x0650, 'UI', 'U'],
  [0x300a, 0x0676, 'ST', 'X'], [0x300a, 0x067c, 'SH', 'D'], [0x300a, 0x067d, 'ST', 'Z'], [0x300a, 0x0700, 'UI', 'U'],
  [0x300a, 0x0734, 'ST', 'D'], [0x300a, 0x0736, 'DT', 'D'], [0x300a, 0x073a, 'DT', 'D'], [0x300a, 0x0741, 'DT', 'D'],
  [0x300a, 0x0742, 'ST', 'D'], [0x300a, 0x0760, 'DT', 'D'], [0x300a, 0x0783, 'ST', 'D'], [0x300a, 0x0785, 'UI', 'U'],
  [0x300a, 0x078e, 'LT', 'X'], [0x300a, 0x0792, 'LT', 'X'], [0x300a, 0x0794, 'LT', 'X'], [0x300a, 0x079a, 'LO', 'X'],
  [0x300c, 0x0113, 'LO', 'X'], [0x300c, 0x0127, 'DT', 'D'], [0x300e, 0x0004, 'DA', 'Z'], [0x300e, 0x0005, 'TM', 'Z'],
  [0x300e, 0x0008, 'PN', 'Z'], [0x3010, 0x0006, 'UI', 'U'], [0x3010, 0x000b, 'UI', 'U'], [0x3010, 0x000f, 'ST', 'Z'],
  [0x3010, 0x0013, 'UI', 'U'], [0x3010, 0x0015, 'UI', 'U'], [0x3010, 0x0017, 'ST', 'Z'], [0x3010, 0x001b, 'UC', 'Z'],
  [0x3010, 0x002d, 'LO', 'D'], [0x3010, 0x0031, 'UI', 'U'], [0x3010, 0x0033, 'SH', 'D'], [0x3010, 0x0034, 'LO', 'D'],
  [0x3010, 0x0035, 'SH', 'D'], [0x3010, 0x0036, 'LO', 'X'], [0x3010, 0x0037, 'ST', 'X'], [0x3010, 0x0038, 'LO', 'D'],
  [0x3010, 0x003b, 'UI', 'U'], [0x3010, 0x0043, 'ST', 'Z'], [0x3010, 0x004c, 'DA', 'X'], [0x3010, 0x004d, 'DA', 'X'],
  [0x3010, 0x0054, 'LO', 'D'], [0x3010, 0x0056, 'LO', 'X'], [0x3010, 0x005a, 'UT', 'Z'], [0x3010, 0x005c, 'ST', 'Z'],
  [0x3010, 0x0061, 'UT', 'X'], [0x3010, 0x006e, 'UI', 'U'], [0x3010, 0x006f, 'UI', 'U'], [0x3010, 0x0077, 'LO', 'X'],
  [0x3010, 0x007a, 'UT', 'Z'], [0x3010, 0x007b, 'UT', 'Z'], [0x3010, 0x007f, 'UT', 'Z'], [0x3010, 0x0081, 'SQ', 'Z'],
  [0x3010, 0x0085, 'TM', 'X'], [0x4000, 0x0010, 'LT', 'X'], [0x4000, 0x4000, 'LT', 'X'], [0x4008, 0x0040, 'SH', 'X'],
  [0x4008, 0x0042, 'LO', 'X'], [0x4008, 0x0100, 'DA', 'X'], [0x4008, 0x0101, 'TM', 'X'], [0x4008, 0x0102, 'PN', 'X'],
  [0x4008, 0x0108, 'DA', 'X'], [0x4008, 0x0109, 'TM', 'X'], [0x4008, 0x010a, 'PN', 'X'], [0x4008, 0x010b, 'ST', 'X'],
  [0x4008, 0x010c, 'PN', 'X'], [0x4008, 0x0111, 'SQ', 'X'], [0x4008, 0x0112, 'DA', 'X'], [0x4008, 0x0113, 'TM', 'X'],
  [0x4008, 0x0114, 'PN', 'X'], [0x4008, 0x0115, 'LT', 'X'], [0x4008, 0x0118, 'SQ', 'X'], [0x4008, 0x0119, 'PN', 'X'],
  [0x4008, 0x011a, 'LO', 'X'], [0x4008, 0x0200, 'SH', 'X'], [0x4008, 0x0202, 'LO', 'X'], [0x4008, 0x0300, 'ST', 'X'],
  [0x4008, 0x4000, 'ST', 'X'], [0xfffa, 0xfffa, 'SQ', 'X'], [0xfffc, 0xfffc, 'OB', 'X'],
];

const ACTIONS = new Map<number, Action>();
for (const [g, e, vr, action] of RULES) {
  ACTIONS.set(tag(g, e), action);
  if (vr !== 'UN') registerVr(tag(g, e), vr);
}
export const ACTION_TABLE_SIZE = ACTIONS.size;
/** The action the table gives a (public) tag; undefined means the profile keeps it. */
export const profileAction = (t: number): ProfileAction | undefined => ACTIONS.get(t);

const DUMMY: Record<string, string> = { PN: 'ANONYMIZED', DA: '19000101', TM: '000000', DT: '19000101000000', AS: '000Y' };
/** The dummy value action D writes for a VR. */
export const dummyValue = (vr: string): string => DUMMY[vr] ?? 'ANONYMIZED';

/**
 * Modalities whose pixels often carry burned-in text: quarantine them until an
 * admin looks. Screen captures and ultrasound draw the patient's name on the
 * image; radiographs (CR, DX) and angiography (XA, RF) often have markers,
 * names and dates exposed or stamped into the pixels. No pixel check: text
 * detection good enough to clear a radiograph needs OCR, so a person decides.
 */
const BURNED_IN_MODALITIES = new Set(['US', 'SC', 'OT', 'CR', 'DX', 'XA', 'RF']);

export interface DeidReport {
  counts: Record<Action | 'private' | 'overlay', number>;
  /** Reasons to hold the series back until an admin releases it. */
  quarantine: string[];
}

/** What De-identification Method (0012,0063) says: the profile's name, within LO's 64 characters. */
export const DEID_METHOD = 'Tessera: Basic Application Level Confidentiality Profile';

/** A UID of the `2.25.` (UUID-derived) form from an HMAC of the original: the same in, the same out, per organisation. */
export function remapUid(secret: string, uid: string): string {
  const digest = createHmac('sha256', secret).update(uid).digest();
  const n = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  return `2.25.${n.toString(10)}`;
}

const bytes = (s: string) => Buffer.from(s, 'latin1');

function clean(ds: Dataset, secret: string, report: DeidReport) {
  for (const [t, el] of [...ds]) {
    const g = groupOf(t);
    if (g & 1) {
      ds.delete(t);
      report.counts.private++;
      continue;
    }
    // Curves (50xx) and overlay data and comments (60xx,3000 / 60xx,4000) can carry text and drawings.
    if ((g & 0xff00) === 0x5000 || ((g & 0xff00) === 0x6000 && ((t & 0xffff) === 0x3000 || (t & 0xffff) === 0x4000))) {
      ds.delete(t);
      report.counts.overlay++;
      continue;
    }
    // Group lengths (retired outside the file meta) would be wrong once anything in their group changed.
    if ((t & 0xffff) === 0) {
      ds.delete(t);
      report.counts.X++;
      continue;
    }
    const action = ACTIONS.get(t) ?? 'K';
    report.counts[action]++;
    applyAction(ds, t, el, action, secret, report);
  }
}

function applyAction(ds: Dataset, t: number, el: Element, action: Action, secret: string, report: DeidReport) {
  switch (action) {
    case 'X':
      ds.delete(t);
      return;
    case 'Z':
      ds.set(t, 'items' in el ? { vr: 'SQ', items: [] } : { vr: el.vr, value: Buffer.alloc(0) });
      return;
    case 'D':
      if ('items' in el) ds.set(t, { vr: 'SQ', items: [] });
      else ds.set(t, { vr: el.vr, value: bytes(dummyValue(el.vr)) });
      return;
    case 'U': {
      const uids = (str(el) ?? '').split('\\').filter(Boolean).map((u) => remapUid(secret, u));
      ds.set(t, { vr: 'UI', value: bytes(uids.join('\\')) });
      return;
    }
    case 'K':
      if ('items' in el) for (const item of el.items) clean(item, secret, report);
      return;
  }
}

/** Who wrote a de-identified file: Tessera's Implementation Class UID (a UUID-derived root) and version name (SH, at most 16). */
export const TESSERA_IMPLEMENTATION = { classUid: '2.25.227956813001380947040200681700582851593', versionName: 'TESSERA_1' } as const;

/**
 * A new file meta group, not an edited copy: the source, sending and
 * receiving AE titles, private information and the sender's implementation
 * say where a file came from, so only what Part 10 requires is written, and
 * it names the de-identified instance and Tessera as the writer.
 */
function rewrittenMeta(file: DicomFile): Dataset {
  const meta: Dataset = new Map();
  const set = (t: number, vr: string, value: string | undefined) => value && meta.set(t, { vr, value: bytes(value) });
  set(T.MediaStorageSOPClassUID, 'UI', str(file.dataset.get(T.SOPClassUID)) ?? str(file.meta.get(T.MediaStorageSOPClassUID)));
  set(T.MediaStorageSOPInstanceUID, 'UI', str(file.dataset.get(T.SOPInstanceUID)));
  set(T.TransferSyntaxUID, 'UI', file.transferSyntax);
  set(T.ImplementationClassUID, 'UI', TESSERA_IMPLEMENTATION.classUid);
  set(T.ImplementationVersionName, 'SH', TESSERA_IMPLEMENTATION.versionName);
  return meta;
}

/**
 * De-identifies a parsed file in place per the Basic Profile: the action
 * table, private tags removed, curves and overlays removed, UIDs replaced
 * consistently (also inside sequences), the file meta group rewritten, the attributes
 * that record what was done set, and reasons to quarantine reported.
 */
export function deidentify(file: DicomFile, orgSecret: string): DeidReport {
  const report: DeidReport = { counts: { D: 0, Z: 0, X: 0, K: 0, U: 0, private: 0, overlay: 0 }, quarantine: [] };
  const burned = str(file.dataset.get(T.BurnedInAnnotation))?.toUpperCase();
  if (burned === 'YES') report.quarantine.push('BurnedInAnnotation is YES');
  const modality = str(file.dataset.get(T.Modality))?.toUpperCase();
  if (modality && BURNED_IN_MODALITIES.has(modality)) report.quarantine.push(`modality ${modality} often has text burned into the pixels`);

  clean(file.dataset, orgSecret, report);
  file.meta = rewrittenMeta(file);
  file.dataset.set(T.PatientIdentityRemoved, { vr: 'CS', value: bytes('YES') });
  // LO holds at most 64 characters: validators (dciodvfy, pydicom) refuse a longer one.
  file.dataset.set(T.DeidentificationMethod, { vr: 'LO', value: bytes(DEID_METHOD) });
  file.dataset.set(T.DeidentificationMethodCodeSequence, {
    vr: 'SQ',
    items: [new Map<number, Element>([
      [T.CodeValue, { vr: 'SH', value: bytes('113100') }],
      [T.CodingSchemeDesignator, { vr: 'SH', value: bytes('DCM') }],
      [T.CodeMeaning, { vr: 'LO', value: bytes('Basic Application Confidentiality Profile') }],
    ])],
  });
  return report;
}
