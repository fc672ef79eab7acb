import fc from 'fast-check';
import { ACTION_TABLE_SIZE, TESSERA_IMPLEMENTATION, DicomParseError, fileHeader, T, TS, deidentify, hex, nums, parsePart10, remapUid, seriesGeometry, str, syntheticSeries, tag, writePart10, type Dataset } from './index';

const SECRET = 'org-secret-for-tests';
/** Every identifying value the synthetic series carries. */
const IDENTIFYING = ['Roe^Jane', 'Jane Roe', 'MRN-00042', '19610214', 'ACC-778812', 'Saint Example Hospital', '1 Hospital Road', 'Doctor^Referring', 'CT-ROOM-3', 'Operator^Olga', '42 Elm Street', '555-0142', 'OTHER-ID-9', 'SN-PHANTOM-7', 'STUDY-17', '20240307', '1.2.826.0.1.3680043.8.498.10001', 'ACME PRIVATE', 'Portal venous'];

function deidentified(buf: Buffer, secret = SECRET) {
  const file = parsePart10(buf);
  const report = deidentify(file, secret);
  return { bytes: writePart10(file), report, file };
}

describe('Part-10 reading and writing', () => {
  it('round-trips a file: parse, write, parse gives the same elements', () => {
    const [first] = syntheticSeries({ slices: 2, size: 16 });
    const a = parsePart10(first);
    const b = parsePart10(writePart10(a));
    expect(str(b.dataset.get(T.PatientName))).toBe('Roe^Jane');
    expect([...b.dataset.keys()]).toEqual([...a.dataset.keys()].sort((x, y) => x - y));
    const seq = b.dataset.get(T.ReferencedImageSequence);
    expect(seq && 'items' in seq && str(seq.items[0].get(T.ReferencedSOPInstanceUID))).toBe('1.2.826.0.1.3680043.8.498.10001.1.2');
    expect((b.dataset.get(T.PixelData) as { value: Buffer }).value.length).toBe(16 * 16 * 2);
  });

  it('reads implicit VR little endian and writes it back as explicit', () => {
    const file = parsePart10(syntheticSeries({ slices: 1, size: 8 })[0]);
    const implicit = toImplicit(file.meta, file.dataset);
    const parsed = parsePart10(implicit);
    expect(parsed.transferSyntax).toBe(TS.implicitLE);
    expect(str(parsed.dataset.get(T.PatientID))).toBe('MRN-00042');
    const seq = parsed.dataset.get(T.ReferencedImageSequence);
    expect(seq && 'items' in seq && seq.items).toHaveLength(1);
    expect(parsePart10(writePart10(parsed)).transferSyntax).toBe(TS.explicitLE);
  });

  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 31) % 256))],
    ['a truncated file', syntheticSeries({ slices: 1, size: 16 })[0].subarray(0, 700)],
    ['a length past the end', (() => { const b = Buffer.from(syntheticSeries({ slices: 1, size: 8 })[0]); const i = b.indexOf('Roe^Jane'); b.writeUInt16LE(0xfff0, i - 2); return b; })()],
    ['no file meta', Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([8, 0, 0x16, 0, 0x55, 0x49, 2, 0, 0x31, 0])])],
    ['sequences nested without end', deepNesting(40)],
  ])('refuses %s with DicomParseError', (_what, buf) => {
    expect(() => parsePart10(buf)).toThrow(DicomParseError);
  });

  it('never throws anything but DicomParseError, and never hangs, on mangled files', () => {
    const good = syntheticSeries({ slices: 1, size: 8 })[0];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), fc.nat(good.length), (edits, cut) => {
        const b = Buffer.from(good.subarray(0, Math.max(cut, 140)));
        for (const [at, v] of edits) if (at < b.length) b[at] = v;
        try {
          parsePart10(b);
        } catch (e) {
          if (!(e instanceof DicomParseError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('de-identification (PS3.15 Basic Profile)', () => {
  const series = syntheticSeries({ slices: 4, size: 16 });

  it('has an action table of well over a hundred attributes', () => {
    expect(ACTION_TABLE_SIZE).toBeGreaterThan(200);
  });

  it('leaves no identifying value anywhere in the bytes, the preamble included', () => {
    for (const original of series) {
      for (const value of IDENTIFYING) expect(original.includes(value)).toBe(true);
      const { bytes } = deidentified(original);
      for (const value of IDENTIFYING) expect([value, bytes.includes(value)]).toEqual([value, false]);
      expect(bytes.subarray(0, 128).equals(Buffer.alloc(128))).toBe(true);
    }
  });

  it('applies the table: Z empties, X removes, private tags and overlays go, markers are set', () => {
    const { file, report } = deidentified(series[0]);
    const ds = file.dataset;
    expect(str(ds.get(T.PatientName))).toBe('');
    expect(str(ds.get(T.PatientID))).toBe('');
    expect(ds.has(tag(0x0010, 0x1040))).toBe(false); // address
    expect(ds.has(T.InstitutionName) && str(ds.get(T.InstitutionName))).toBe('');
    expect([...ds.keys()].filter((t) => (t >>> 16) & 1).map(hex)).toEqual([]);
    expect(ds.has(tag(0x5000, 0x3000)) || ds.has(tag(0x6000, 0x4000))).toBe(false);
    expect(str(ds.get(T.PatientIdentityRemoved))).toBe('YES');
    expect(str(ds.get(T.DeidentificationMethod))).toMatch(/Basic Application Level Confidentiality Profile/);
    const code = ds.get(T.DeidentificationMethodCodeSequence);
    expect(code && 'items' in code && str(code.items[0].get(T.CodeValue))).toBe('113100');
    // What images need survives.
    expect(str(ds.get(T.Modality))).toBe('CT');
    expect(nums(ds.get(T.PixelSpacing))).toEqual([0.8, 0.8]);
    expect((ds.get(T.PixelData) as { value: Buffer }).value.equals((parsePart10(series[0]).dataset.get(T.PixelData) as { value: Buffer }).value)).toBe(true);
    expect(report.counts.private).toBe(2);
    expect(report.counts.overlay).toBe(2);
    expect(report.quarantine).toEqual([]);
  });

  it.each([
    ['explicit VR', (meta: Dataset, ds: Dataset) => writePart10({ meta, dataset: ds, transferSyntax: TS.explicitLE })],
    ['implicit VR', (meta: Dataset, ds: Dataset) => toImplicit(meta, ds)],
  ])('applies the whole current table, newer attributes too (%s)', (_how, encode) => {
    const file = parsePart10(series[0]);
    const text = (t: number, vr: string, v: string) => file.dataset.set(t, { vr, value: Buffer.from(v, 'latin1') });
    text(tag(0x0008, 0x009c), 'PN', 'Doctor^Consulting'); // Consulting Physician's Name: Z
    text(tag(0x0016, 0x0072), 'DS', '51.5072'); // GPS Latitude: X
    text(tag(0x0012, 0x0040), 'LO', 'SUBJ-ROE-42'); // Clinical Trial Subject ID: D
    text(tag(0x0038, 0x0040), 'LO', 'Discharged to 42 Elm Street'); // Discharge Diagnosis Description: X
    text(tag(0x0062, 0x0021), 'UI', '1.2.3.4.5.6.7'); // Tracking UID: U
    const { bytes, file: after } = deidentified(encode(file.meta, file.dataset));
    for (const value of ['Consulting', '51.5072', 'SUBJ-ROE-42', 'Elm Street', '1.2.3.4.5.6.7']) expect([value, bytes.includes(value)]).toEqual([value, false]);
    const ds = after.dataset;
    expect(str(ds.get(tag(0x0008, 0x009c)))).toBe('');
    expect(ds.has(tag(0x0016, 0x0072)) || ds.has(tag(0x0038, 0x0040))).toBe(false);
    expect(str(ds.get(tag(0x0012, 0x0040)))).toBe('ANONYMIZED');
    expect(str(ds.get(tag(0x0062, 0x0021)))).toBe(remapUid(SECRET, '1.2.3.4.5.6.7'));
  });

  it('rewrites the file meta group: no AE titles or private information survive, and it names Tessera and the new instance', () => {
    const file = parsePart10(series[0]);
    const meta = (t: number, vr: string, s: string) => file.meta.set(t, { vr, value: Buffer.from(s, 'latin1') });
    meta(tag(0x0002, 0x0016), 'AE', 'ROE_JANE_WS');
    meta(tag(0x0002, 0x0017), 'AE', 'SAINT_EX_PACS');
    meta(tag(0x0002, 0x0018), 'AE', 'RECEIVER_42');
    meta(tag(0x0002, 0x0100), 'UI', '1.2.3.999');
    meta(tag(0x0002, 0x0102), 'OB', 'Roe^Jane private ');
    meta(T.ImplementationVersionName, 'SH', 'VENDOR_PACS_9');
    const { bytes, file: after } = deidentified(writePart10(file));
    for (const value of ['ROE_JANE_WS', 'SAINT_EX_PACS', 'RECEIVER_42', '1.2.3.999', 'VENDOR_PACS_9', 'TESSERA_SYNTH', '1.2.826.0.1.3680043.8.498.1\0']) {
      expect([value, bytes.includes(value)]).toEqual([value, false]);
    }
    const reread = parsePart10(bytes);
    expect([...reread.meta.keys()].map(hex).sort()).toEqual(
      [T.FileMetaInformationGroupLength, T.FileMetaInformationVersion, T.MediaStorageSOPClassUID, T.MediaStorageSOPInstanceUID, T.TransferSyntaxUID, T.ImplementationClassUID, T.ImplementationVersionName].map(hex).sort(),
    );
    expect(str(reread.meta.get(T.MediaStorageSOPInstanceUID))).toBe(str(after.dataset.get(T.SOPInstanceUID)));
    expect(str(reread.meta.get(T.MediaStorageSOPClassUID))).toBe(str(after.dataset.get(T.SOPClassUID)));
    expect(str(reread.meta.get(T.ImplementationClassUID))).toBe(TESSERA_IMPLEMENTATION.classUid);
    expect(str(reread.meta.get(T.ImplementationVersionName))).toBe(TESSERA_IMPLEMENTATION.versionName);
  });

  it('replaces UIDs consistently: same study stays one study, references stay intact, across uploads', () => {
    const a = series.map((b) => deidentified(b).file);
    const again = syntheticSeries({ slices: 4, size: 16 }).map((b) => deidentified(b).file);
    const study = a.map((f) => str(f.dataset.get(T.StudyInstanceUID)));
    expect(new Set(study).size).toBe(1);
    expect(study[0]).toMatch(/^2\.25\.\d+$/);
    expect(study[0]!.length).toBeLessThanOrEqual(64);
    expect(again.map((f) => str(f.dataset.get(T.SOPInstanceUID)))).toEqual(a.map((f) => str(f.dataset.get(T.SOPInstanceUID))));
    // Instance 1 refers to instance 2: after remapping it still does.
    const ref = a[0].dataset.get(T.ReferencedImageSequence);
    expect(ref && 'items' in ref && str(ref.items[0].get(T.ReferencedSOPInstanceUID))).toBe(str(a[1].dataset.get(T.SOPInstanceUID)));
    expect(str(a[0].meta.get(T.MediaStorageSOPInstanceUID))).toBe(str(a[0].dataset.get(T.SOPInstanceUID)));
    // Another organisation's secret gives other UIDs.
    const other = deidentified(series[0], 'another-org').file;
    expect(str(other.dataset.get(T.SOPInstanceUID))).not.toBe(str(a[0].dataset.get(T.SOPInstanceUID)));
  });

  it.each([
    ['implicit VR', (meta: Dataset, ds: Dataset) => toImplicit(meta, ds)],
    ['explicit VR, as UN', (meta: Dataset, ds: Dataset) => writePart10({ meta, dataset: ds, transferSyntax: TS.explicitLE })],
  ])('reads sequences the dictionary does not know (%s, defined lengths) and de-identifies inside them', (_how, encode) => {
    const file = parsePart10(series[0]);
    const uid = '1.2.826.0.1.3680043.8.498.10001.1.2';
    // Inner sequence (0054,0300), unknown: a patient ID and a private tag.
    const inner = implicitSequence(tag(0x0054, 0x0300), [[[T.PatientID, 'MRN-00042'], [tag(0x0029, 0x1010), 'Roe^Jane private']]]);
    // Outer sequence (0054,0016), unknown: a name, a UID and the inner one.
    const outer = implicitSequence(tag(0x0054, 0x0016), [[[T.PatientName, 'Roe^Jane'], [T.ReferencedSOPInstanceUID, uid]]], inner);
    file.dataset.set(tag(0x0054, 0x0016), { vr: 'UN', value: outer.subarray(8) });
    // Looks like a sequence, but its item runs past the end: it cannot be cleaned, so it must go.
    const broken = Buffer.concat([implicitSequence(tag(0x0054, 0x0017), [[[T.PatientName, 'Roe^Jane']]]).subarray(8, 20), Buffer.from('Roe^Jane')]);
    file.dataset.set(tag(0x0054, 0x0017), { vr: 'UN', value: broken });
    const input = encode(file.meta, file.dataset);
    expect(input.includes('Roe^Jane') && input.includes('MRN-00042')).toBe(true);

    const { bytes, file: after } = deidentified(input);
    for (const value of ['Roe^Jane', 'MRN-00042']) expect([value, bytes.includes(value)]).toEqual([value, false]);
    expect(after.dataset.has(tag(0x0054, 0x0017))).toBe(false);
    const seq = parsePart10(bytes).dataset.get(tag(0x0054, 0x0016));
    if (!seq || !('items' in seq)) throw new Error(`(0054,0016) is not a sequence: ${JSON.stringify(seq)}`);
    expect(seq.items).toHaveLength(1);
    expect(str(seq.items[0].get(T.PatientName))).toBe('');
    expect(str(seq.items[0].get(T.ReferencedSOPInstanceUID))).toBe(remapUid(SECRET, uid));
    const nested = seq.items[0].get(tag(0x0054, 0x0300));
    if (!nested || !('items' in nested)) throw new Error('(0054,0300) is not a sequence');
    expect(str(nested.items[0].get(T.PatientID))).toBe('');
    expect(nested.items[0].has(tag(0x0029, 0x1010))).toBe(false);
  });

  it('is a valid UID for any input', () => {
    fc.assert(fc.property(fc.string(), (uid) => /^2\.25\.(0|[1-9]\d*)$/.test(remapUid(SECRET, uid)) && remapUid(SECRET, uid).length <= 64));
  });

  it('flags burned-in annotation and screen-capture modalities for quarantine', () => {
    expect(deidentified(syntheticSeries({ slices: 1, size: 8, burnedIn: true })[0]).report.quarantine).toEqual(['BurnedInAnnotation is YES']);
    expect(deidentified(syntheticSeries({ slices: 1, size: 8, modality: 'US' })[0]).report.quarantine[0]).toMatch(/modality US/);
  });

  it.each(['CR', 'DX', 'XA', 'US', 'SC', 'OT'])('quarantines %s by default: projection and capture images often carry burned-in text', (modality) => {
    expect(deidentified(syntheticSeries({ slices: 1, size: 8, modality })[0]).report.quarantine).toEqual([expect.stringContaining(`modality ${modality}`)]);
  });

  it.each(['CT', 'MR', 'PT', 'NM'])('does not hold back %s for its modality', (modality) => {
    expect(deidentified(syntheticSeries({ slices: 1, size: 8, modality })[0]).report.quarantine).toEqual([]);
  });
});

describe('series geometry', () => {
  const parsed = syntheticSeries({ slices: 6, size: 8, spacing: 2.5 }).map((b) => parsePart10(b).dataset);
  const numberOf = (ds: Dataset) => Number(str(ds.get(T.InstanceNumber)));

  it('orders shuffled slices along the normal and finds the spacing', () => {
    const shuffled = [parsed[3], parsed[0], parsed[5], parsed[1], parsed[4], parsed[2]];
    const g = seriesGeometry(shuffled, (d) => d);
    expect(g.volume).toBe(true);
    expect(g.ordered.map(numberOf)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(g.sliceSpacing).toBeCloseTo(2.5);
    expect([g.rows, g.columns, g.pixelSpacing]).toEqual([8, 8, [0.8, 0.8]]);
  });

  const edit = (ds: Dataset, t: number, value: string) => new Map(ds).set(t, { vr: 'DS', value: Buffer.from(value) });
  it.each([
    ['mixed orientation', () => [parsed[0], edit(parsed[1], T.ImageOrientationPatient, '0\\1\\0\\0\\0\\-1'), parsed[2]], /different orientations/],
    ['duplicate positions', () => [parsed[0], parsed[1], edit(parsed[2], T.ImagePositionPatient, '-80\\-80\\2.50')], /share a position/],
    ['irregular spacing', () => [parsed[0], parsed[1], parsed[4]], /not evenly spaced/],
    ['missing geometry', () => [parsed[0], new Map([...parsed[1]].filter(([t]) => t !== T.ImagePositionPatient))], /no position/],
  ])('says a series with %s is a stack, and why', (_what, make, reason) => {
    const g = seriesGeometry(make(), (d) => d);
    expect(g.volume).toBe(false);
    expect(g.reason).toMatch(reason);
    expect(g.ordered).toHaveLength(make().length);
  });
});

/** Re-encodes a dataset as implicit VR little endian, the way many older scanners write. */
function toImplicit(meta: Dataset, dataset: Dataset): Buffer {
  const out: Buffer[] = [];
  const el = (t: number, body: Buffer, length = body.length) => {
    const h = Buffer.alloc(8);
    h.writeUInt16LE(t >>> 16, 0);
    h.writeUInt16LE(t & 0xffff, 2);
    h.writeUInt32LE(length >>> 0, 4);
    out.push(h, body);
  };
  const write = (ds: Dataset) => {
    for (const t of [...ds.keys()].sort((a, b) => a - b)) {
      const e = ds.get(t)!;
      if ('items' in e) {
        el(t, Buffer.alloc(0), 0xffffffff);
        for (const item of e.items) {
          el(T.Item, Buffer.alloc(0), 0xffffffff);
          write(item);
          el(T.ItemDelimitation, Buffer.alloc(0), 0);
        }
        el(T.SequenceDelimitation, Buffer.alloc(0), 0);
      } else if ('value' in e) el(t, e.value.length % 2 ? Buffer.concat([e.value, Buffer.from([0])]) : e.value);
    }
  };
  write(dataset);
  return Buffer.concat([fileHeader(meta, TS.implicitLE), Buffer.concat(out)]);
}

/** An implicit-VR sequence with defined lengths throughout (as Part 5 encodes a UN sequence): its items' text elements, then `extra` raw bytes in the first item. */
function implicitSequence(t: number, items: [number, string][][], extra: Buffer = Buffer.alloc(0)): Buffer {
  const el = (x: number, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.writeUInt16LE(x >>> 16, 0);
    h.writeUInt16LE(x & 0xffff, 2);
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body]);
  };
  const even = (v: string) => Buffer.from(v.length % 2 ? `${v}\0` : v, 'latin1');
  const body = items.map((elements, i) => el(T.Item, Buffer.concat([...elements.map(([x, v]) => el(x, even(v))), i === 0 ? extra : Buffer.alloc(0)])));
  return el(t, Buffer.concat(body));
}

function deepNesting(depth: number): Buffer {
  const [base] = syntheticSeries({ slices: 1, size: 4 });
  const parts: Buffer[] = [];
  for (let i = 0; i < depth; i++) {
    const h = Buffer.alloc(20);
    h.writeUInt16LE(0x0008, 0);
    h.writeUInt16LE(0x1140, 2);
    h.write('SQ', 4, 'latin1');
    h.writeUInt32LE(0xffffffff, 8);
    h.writeUInt16LE(0xfffe, 12);
    h.writeUInt16LE(0xe000, 14);
    h.writeUInt32LE(0xffffffff, 16);
    parts.push(h);
  }
  const metaEnd = parsePart10(base) && base.indexOf(Buffer.from([0x08, 0x00, 0x05, 0x00]));
  return Buffer.concat([base.subarray(0, metaEnd), ...parts]);
}
