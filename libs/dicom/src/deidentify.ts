import { createHmac } from 'node:crypto';
import { T, groupOf, registerVr, tag } from './dictionary';
import { str, type Dataset, type DicomFile, type Element } from './part10';

/**
 * Actions of DICOM PS3.15 Annex E, Table E.1-1, Basic Application Level
 * Confidentiality Profile (2024 editions): D dummy, Z zero-length, X remove,
 * K keep (its items are still cleaned), U replace UID.
 *
 * Compound actions are reduced to one, the strictest that keeps the dataset
 * valid: X/Z and X/Z/D → Z (the attribute may be Type 2); X/D → X; Z/D → Z;
 * X/Z/U* on reference sequences → K, so the sequence stays and the UIDs
 * inside it are replaced like every other UID. C (clean) is treated as D.
 */
export type ProfileAction = 'D' | 'Z' | 'X' | 'K' | 'U';
type Action = ProfileAction;
const RULES: [number, number, string, Action][] = [
  [0x0008, 0x0050, 'SH', 'Z'], [0x0018, 0x4000, 'LT', 'X'], [0x0040, 0x0555, 'SQ', 'X'], [0x0008, 0x0022, 'DA', 'Z'],
  [0x0008, 0x002a, 'DT', 'Z'], [0x0018, 0x1400, 'LO', 'X'], [0x0018, 0x9424, 'LT', 'X'], [0x0008, 0x0032, 'TM', 'Z'],
  [0x0040, 0x4035, 'SQ', 'X'], [0x0010, 0x21b0, 'LT', 'X'], [0x0038, 0x0010, 'LO', 'X'], [0x0038, 0x0020, 'DA', 'X'],
  [0x0008, 0x1084, 'SQ', 'X'], [0x0008, 0x1080, 'LO', 'X'], [0x0038, 0x0021, 'TM', 'X'], [0x0010, 0x2110, 'LO', 'X'],
  [0x4000, 0x0010, 'LT', 'X'], [0x0040, 0xa078, 'SQ', 'X'], [0x0010, 0x1081, 'LO', 'X'], [0x0018, 0x1007, 'LO', 'X'],
  [0x0040, 0x0280, 'ST', 'X'], [0x0020, 0x9161, 'UI', 'U'], [0x0040, 0x3001, 'LO', 'X'], [0x0070, 0x0084, 'PN', 'Z'],
  [0x0070, 0x0086, 'SQ', 'X'], [0x0008, 0x0023, 'DA', 'Z'], [0x0040, 0xa730, 'SQ', 'X'], [0x0008, 0x0033, 'TM', 'Z'],
  [0x0008, 0x010d, 'UI', 'U'], [0x0018, 0x0010, 'LO', 'Z'], [0x0018, 0xa003, 'ST', 'X'], [0x0010, 0x2150, 'LO', 'X'],
  [0x0008, 0x9123, 'UI', 'U'], [0x0038, 0x0300, 'LO', 'X'], [0x0008, 0x0025, 'DA', 'X'], [0x0008, 0x0035, 'TM', 'X'],
  [0x0040, 0xa07c, 'SQ', 'X'], [0xfffa, 0xfffa, 'SQ', 'X'], [0x0400, 0x0100, 'UI', 'X'], [0x0018, 0x700a, 'SH', 'X'],
  [0x0018, 0x1000, 'LO', 'Z'], [0x0018, 0x1002, 'UI', 'U'], [0x0400, 0x0402, 'SQ', 'X'], [0x0008, 0x0058, 'UI', 'U'],
  [0x0070, 0x031a, 'UI', 'U'], [0x0040, 0x2017, 'LO', 'Z'], [0x0020, 0x9158, 'LT', 'X'], [0x0020, 0x0052, 'UI', 'U'],
  [0x0018, 0x1008, 'LO', 'X'], [0x0018, 0x1005, 'LO', 'X'], [0x0070, 0x0001, 'SQ', 'X'], [0x0040, 0x4037, 'PN', 'X'],
  [0x0040, 0x4036, 'LO', 'X'], [0x0088, 0x0200, 'SQ', 'X'], [0x0008, 0x4000, 'LT', 'X'], [0x0020, 0x4000, 'LT', 'X'],
  [0x0028, 0x4000, 'LT', 'X'], [0x0040, 0x2400, 'LT', 'X'], [0x4008, 0x0300, 'ST', 'X'], [0x0008, 0x0014, 'UI', 'U'],
  [0x0008, 0x0081, 'ST', 'X'], [0x0008, 0x0082, 'SQ', 'Z'], [0x0008, 0x0080, 'LO', 'Z'], [0x0008, 0x1040, 'LO', 'X'],
  [0x0010, 0x1050, 'LO', 'X'], [0x0040, 0x1011, 'SQ', 'X'], [0x4008, 0x0111, 'SQ', 'X'], [0x4008, 0x010c, 'PN', 'X'],
  [0x4008, 0x0115, 'LT', 'X'], [0x4008, 0x0202, 'LO', 'X'], [0x4008, 0x0102, 'PN', 'X'], [0x4008, 0x010b, 'ST', 'X'],
  [0x4008, 0x010a, 'PN', 'X'], [0x0008, 0x3010, 'UI', 'U'], [0x0038, 0x0011, 'LO', 'X'], [0x0010, 0x0021, 'LO', 'X'],
  [0x0038, 0x0061, 'LO', 'X'], [0x0028, 0x1214, 'UI', 'U'], [0x0010, 0x21d0, 'DA', 'X'], [0x0400, 0x0404, 'OB', 'X'],
  [0x0002, 0x0003, 'UI', 'U'], [0x0010, 0x2000, 'LO', 'X'], [0x0010, 0x1090, 'LO', 'X'], [0x0010, 0x1080, 'LO', 'X'],
  [0x0400, 0x0550, 'SQ', 'X'], [0x0020, 0x3406, 'LO', 'X'], [0x0020, 0x3401, 'CS', 'X'], [0x0020, 0x3404, 'LO', 'X'],
  [0x0008, 0x1060, 'PN', 'X'], [0x0040, 0x1010, 'PN', 'X'], [0x0010, 0x2180, 'SH', 'X'], [0x0008, 0x1072, 'SQ', 'X'],
  [0x0008, 0x1070, 'PN', 'Z'], [0x0400, 0x0561, 'SQ', 'X'], [0x0040, 0x2010, 'SH', 'X'], [0x0040, 0x2008, 'PN', 'X'],
  [0x0040, 0x2009, 'SH', 'X'], [0x0010, 0x1000, 'LO', 'X'], [0x0010, 0x1002, 'SQ', 'X'], [0x0010, 0x1001, 'PN', 'X'],
  [0x0008, 0x0024, 'DA', 'X'], [0x0008, 0x0034, 'TM', 'X'], [0x0028, 0x1199, 'UI', 'U'], [0x0040, 0xa07a, 'SQ', 'X'],
  [0x0010, 0x1040, 'LO', 'X'], [0x0010, 0x4000, 'LT', 'X'], [0x0010, 0x0020, 'LO', 'Z'], [0x0010, 0x2203, 'CS', 'Z'],
  [0x0038, 0x0500, 'LO', 'X'], [0x0040, 0x1004, 'LO', 'X'], [0x0010, 0x1010, 'AS', 'X'], [0x0010, 0x0030, 'DA', 'Z'],
  [0x0010, 0x1005, 'PN', 'X'], [0x0010, 0x0032, 'TM', 'X'], [0x0038, 0x0400, 'LO', 'X'], [0x0010, 0x0050, 'SQ', 'X'],
  [0x0010, 0x1060, 'PN', 'X'], [0x0010, 0x0010, 'PN', 'Z'], [0x0010, 0x0101, 'SQ', 'X'], [0x0010, 0x0102, 'SQ', 'X'],
  [0x0010, 0x21f0, 'LO', 'X'], [0x0010, 0x0040, 'CS', 'Z'], [0x0010, 0x1020, 'DS', 'X'], [0x0010, 0x2154, 'SH', 'X'],
  [0x0010, 0x1030, 'DS', 'X'], [0x0040, 0x0243, 'SH', 'X'], [0x0040, 0x0254, 'LO', 'X'], [0x0040, 0x0253, 'SH', 'X'],
  [0x0040, 0x0244, 'DA', 'X'], [0x0040, 0x0245, 'TM', 'X'], [0x0040, 0x0241, 'AE', 'X'], [0x0040, 0x4030, 'SQ', 'X'],
  [0x0040, 0x0242, 'SH', 'X'], [0x0040, 0x4028, 'SQ', 'X'], [0x0008, 0x1052, 'SQ', 'X'], [0x0008, 0x1050, 'PN', 'X'],
  [0x0040, 0x1102, 'ST', 'X'], [0x0040, 0x1101, 'SQ', 'X'], [0x0040, 0xa123, 'PN', 'D'], [0x0040, 0x1103, 'LO', 'X'],
  [0x4008, 0x0114, 'PN', 'X'], [0x0008, 0x1062, 'SQ', 'X'], [0x0008, 0x1048, 'PN', 'X'], [0x0008, 0x1049, 'SQ', 'X'],
  [0x0040, 0x2016, 'LO', 'Z'], [0x0018, 0x1004, 'LO', 'X'], [0x0040, 0x0012, 'LO', 'X'], [0x0010, 0x21c0, 'US', 'X'],
  [0x0040, 0x2001, 'LO', 'X'], [0x0032, 0x1030, 'LO', 'X'], [0x0008, 0x1110, 'SQ', 'Z'], [0x0008, 0x1155, 'UI', 'U'],
  [0x0008, 0x1111, 'SQ', 'X'], [0x0008, 0x1120, 'SQ', 'X'], [0x0008, 0x1140, 'SQ', 'K'], [0x0008, 0x1195, 'UI', 'U'],
  [0x0040, 0x4023, 'UI', 'U'], [0x0008, 0x0092, 'ST', 'X'], [0x0008, 0x0096, 'SQ', 'X'], [0x0008, 0x0090, 'PN', 'Z'],
  [0x0008, 0x0094, 'SH', 'X'], [0x0010, 0x2152, 'LO', 'X'], [0x3006, 0x00c2, 'UI', 'U'], [0x0040, 0x0275, 'SQ', 'X'],
  [0x0032, 0x1070, 'LO', 'X'], [0x0040, 0x1400, 'LT', 'X'], [0x0032, 0x1060, 'LO', 'X'], [0x0040, 0x1001, 'SH', 'X'],
  [0x0040, 0x1005, 'LO', 'X'], [0x0032, 0x1032, 'PN', 'X'], [0x0032, 0x1033, 'LO', 'X'], [0x0010, 0x2299, 'LO', 'X'],
  [0x0010, 0x2297, 'PN', 'X'], [0x4008, 0x4000, 'ST', 'X'], [0x4008, 0x0118, 'SQ', 'X'], [0x4008, 0x0042, 'LO', 'X'],
  [0x300e, 0x0008, 'PN', 'Z'], [0x0040, 0x4034, 'SQ', 'X'], [0x0038, 0x001e, 'LO', 'X'], [0x0040, 0x000b, 'SQ', 'X'],
  [0x0040, 0x0006, 'PN', 'X'], [0x0040, 0x0004, 'DA', 'X'], [0x0040, 0x0005, 'TM', 'X'], [0x0040, 0x0007, 'LO', 'X'],
  [0x0040, 0x0011, 'SH', 'X'], [0x0040, 0x0002, 'DA', 'X'], [0x0040, 0x0003, 'TM', 'X'], [0x0040, 0x0001, 'AE', 'X'],
  [0x0040, 0x4027, 'SQ', 'X'], [0x0040, 0x0010, 'SH', 'X'], [0x0040, 0x4025, 'SQ', 'X'], [0x0032, 0x1020, 'LO', 'X'],
  [0x0032, 0x1021, 'AE', 'X'], [0x0008, 0x0021, 'DA', 'X'], [0x0008, 0x103e, 'LO', 'X'], [0x0020, 0x000e, 'UI', 'U'],
  [0x0008, 0x0031, 'TM', 'X'], [0x0038, 0x0062, 'LO', 'X'], [0x0038, 0x0060, 'LO', 'X'], [0x0010, 0x21a0, 'CS', 'X'],
  [0x0008, 0x0018, 'UI', 'U'], [0x0008, 0x2112, 'SQ', 'K'], [0x0038, 0x0050, 'LO', 'X'], [0x0008, 0x1010, 'SH', 'Z'],
  [0x0088, 0x0140, 'UI', 'U'], [0x0032, 0x4000, 'LT', 'X'], [0x0008, 0x0020, 'DA', 'Z'], [0x0008, 0x1030, 'LO', 'X'],
  [0x0020, 0x0010, 'SH', 'Z'], [0x0032, 0x0012, 'LO', 'X'], [0x0020, 0x000d, 'UI', 'U'], [0x0008, 0x0030, 'TM', 'Z'],
  [0x0020, 0x0200, 'UI', 'U'], [0x0040, 0xdb0d, 'UI', 'U'], [0x0040, 0xdb0c, 'UI', 'U'], [0x4000, 0x4000, 'LT', 'X'],
  [0x2030, 0x0020, 'LO', 'X'], [0x0008, 0x0201, 'SH', 'X'], [0x0088, 0x0910, 'LO', 'X'], [0x0088, 0x0912, 'LO', 'X'],
  [0x0088, 0x0906, 'ST', 'X'], [0x0088, 0x0904, 'LO', 'X'], [0x0040, 0xa124, 'UI', 'U'], [0x0040, 0xa088, 'SQ', 'Z'],
  [0x0040, 0xa075, 'PN', 'D'], [0x0040, 0xa073, 'SQ', 'X'], [0x0040, 0xa027, 'LO', 'X'], [0x0038, 0x4000, 'LT', 'X'],
  [0x0018, 0x1030, 'LO', 'X'], [0x0008, 0x0012, 'DA', 'X'], [0x0008, 0x0013, 'TM', 'X'], [0x0010, 0x2160, 'SH', 'X'],
  [0x0010, 0x1100, 'SQ', 'X'], [0x0008, 0x0015, 'DT', 'X'], [0x0018, 0x1009, 'UT', 'X'], [0x0018, 0x100a, 'SQ', 'X'],
  [0x0032, 0x1064, 'SQ', 'X'], [0x0040, 0x0009, 'SH', 'X'], [0x0040, 0x0250, 'DA', 'X'], [0x0040, 0x0251, 'TM', 'X'],
  [0x0008, 0x0082, 'SQ', 'Z'], [0x0010, 0x0022, 'CS', 'X'], [0x0010, 0x0024, 'SQ', 'X'], [0x0010, 0x2155, 'LT', 'X'],
  [0x0040, 0x0035, 'CS', 'X'], [0x0040, 0x0036, 'SQ', 'X'], [0x0038, 0x0014, 'SQ', 'X'], [0x0038, 0x0064, 'SQ', 'X'],
  // Free text about how an image was derived; padding at the end of a file, which can hold leftovers of whatever was there before.
  [0x0008, 0x2111, 'ST', 'X'], [0xfffc, 0xfffc, 'OB', 'X'],
];

const ACTIONS = new Map<number, Action>();
for (const [g, e, vr, action] of RULES) {
  ACTIONS.set(tag(g, e), action);
  registerVr(tag(g, e), vr);
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
