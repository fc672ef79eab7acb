import { inflateRawSync, deflateRawSync } from 'node:zlib';
import { T, hex, vrOf } from './dictionary';

/** Machine codes of DICOM refusals (a subset of the ingest error codes in libs/contracts). */
export type DicomErrorCode = 'dicom.not_dicom' | 'dicom.unreadable' | 'dicom.unsupported' | 'dicom.no_uid' | 'dicom.no_pixel_data' | 'dicom.too_complex';

/** The file cannot be read as DICOM (or not by us): its reason, and a code for translation. */
export class DicomParseError extends Error {
  constructor(message: string, readonly code: DicomErrorCode = 'dicom.unreadable') {
    super(message);
  }
}

/** An element: its VR and value — bytes, items of a sequence, or fragments of encapsulated pixel data. */
export type Element =
  | { vr: string; value: Buffer }
  | { vr: 'SQ'; items: Dataset[] }
  | { vr: 'OB' | 'OW'; fragments: Buffer[] };
export type Dataset = Map<number, Element>;

export interface DicomFile {
  meta: Dataset;
  dataset: Dataset;
  transferSyntax: string;
}

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
} as const;

/** VRs whose explicit encoding has 2 reserved bytes and a 4-byte length. */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const MAX_DEPTH = 16;
const VR_RE = /^[A-Z]{2}$/;

class Reader {
  constructor(private readonly buf: Buffer, public pos: number, private readonly explicit: boolean) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  need(n: number, what: string) {
    if (this.pos + n > this.buf.length) throw new DicomParseError(`truncated: ${what} at byte ${this.pos} needs ${n} bytes, ${this.buf.length - this.pos} left`);
  }
  u16() {
    this.need(2, 'a 16-bit value');
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32() {
    this.need(4, 'a 32-bit value');
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  tag() {
    const g = this.u16();
    const e = this.u16();
    return ((g << 16) | e) >>> 0;
  }
  bytes(n: number, what: string) {
    this.need(n, what);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Whether nothing but zero bytes is left (checked only where a tag of zero starts). */
  zerosToEnd() {
    if (this.pos + 4 > this.buf.length || this.buf.readUInt32LE(this.pos) !== 0) return false;
    for (let i = this.pos; i < this.buf.length; i++) if (this.buf[i] !== 0) return false;
    return true;
  }

  /** One element header: its tag, VR and length (UNDEFINED for open-ended). */
  header(): { tag: number; vr: string; length: number } {
    const tag = this.tag();
    if (tag === T.Item || tag === T.ItemDelimitation || tag === T.SequenceDelimitation) return { tag, vr: '', length: this.u32() };
    if (!this.explicit) return { tag, vr: vrOf(tag) ?? 'UN', length: this.u32() };
    const vr = this.bytes(2, 'a VR').toString('latin1');
    if (!VR_RE.test(vr)) throw new DicomParseError(`invalid VR "${vr}" for ${hex(tag)} at byte ${this.pos - 2}`);
    if (LONG_VRS.has(vr)) {
      this.u16();
      return { tag, vr, length: this.u32() };
    }
    return { tag, vr, length: this.u16() };
  }

  dataset(end: number, depth: number, untilItemEnd: boolean): Dataset {
    if (depth > MAX_DEPTH) throw new DicomParseError(`sequences nested deeper than ${MAX_DEPTH}`);
    const ds: Dataset = new Map();
    while (this.pos < end) {
      // Files written to fixed-size blocks (from CDs, some PACS exports) end in zero padding after the dataset.
      if (depth === 0 && !untilItemEnd && this.zerosToEnd()) break;
      const { tag, vr, length } = this.header();
      if (tag === T.ItemDelimitation) {
        if (untilItemEnd) return ds;
        throw new DicomParseError(`stray item delimiter at byte ${this.pos - 8}`);
      }
      if (tag === T.Item || tag === T.SequenceDelimitation) throw new DicomParseError(`stray ${hex(tag)} at byte ${this.pos - 8}`);
      const el = this.value(tag, vr, length, depth);
      if (el) ds.set(tag, el);
    }
    if (untilItemEnd) throw new DicomParseError('truncated: an item never ends');
    return ds;
  }

  /** One element's value; null for an opaque sequence that cannot be read (and so could not be de-identified). */
  value(tag: number, vr: string, length: number, depth: number): Element | null {
    if (tag === T.PixelData && length === UNDEFINED) return { vr: vr === 'OW' ? 'OW' : 'OB', fragments: this.fragments() };
    // An open-ended element of unknown type can only be a sequence.
    if (vr === 'SQ' || (length === UNDEFINED && (vr === 'UN' || !this.explicit))) return { vr: 'SQ', items: this.items(length, depth) };
    if (length === UNDEFINED) throw new DicomParseError(`${hex(tag)} (${vr}) has undefined length`);
    const value = this.bytes(length, `the value of ${hex(tag)}`);
    // An attribute of unknown type (implicit VR, or UN) whose value opens with an item is a sequence
    // with defined lengths: its items are read (implicit VR, as Part 5 encodes them) so that what is
    // inside gets de-identified like any other item. One that does not read as items is dropped.
    if (vr === 'UN' && value.length >= 8 && value.readUInt16LE(0) === 0xfffe && value.readUInt16LE(2) === 0xe000) {
      try {
        return { vr: 'SQ', items: new Reader(value, 0, false).items(value.length, depth) };
      } catch (e) {
        if (e instanceof DicomParseError) return null;
        throw e;
      }
    }
    return { vr, value: Buffer.from(value) };
  }

  items(length: number, depth: number): Dataset[] {
    const end = length === UNDEFINED ? Infinity : this.pos + length;
    if (end !== Infinity) this.need(length, 'a sequence');
    const items: Dataset[] = [];
    while (this.pos < end) {
      const { tag, length: itemLength } = this.header();
      if (tag === T.SequenceDelimitation) {
        if (end === Infinity) return items;
        throw new DicomParseError(`sequence delimiter inside a defined-length sequence at byte ${this.pos - 8}`);
      }
      if (tag !== T.Item) throw new DicomParseError(`expected an item, found ${hex(tag)} at byte ${this.pos - 8}`);
      if (itemLength === UNDEFINED) items.push(this.dataset(Infinity, depth + 1, true));
      else {
        this.need(itemLength, 'an item');
        items.push(this.dataset(this.pos + itemLength, depth + 1, false));
      }
      if (end === Infinity && this.done) throw new DicomParseError('truncated: a sequence never ends');
    }
    return items;
  }

  fragments(): Buffer[] {
    const out: Buffer[] = [];
    for (;;) {
      const { tag, length } = this.header();
      if (tag === T.SequenceDelimitation) return out;
      if (tag !== T.Item || length === UNDEFINED) throw new DicomParseError(`bad pixel data fragment ${hex(tag)} at byte ${this.pos - 8}`);
      out.push(Buffer.from(this.bytes(length, 'a pixel data fragment')));
    }
  }
}

export const str = (el: Element | undefined): string | undefined =>
  el && 'value' in el ? el.value.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '') : undefined;
export const nums = (el: Element | undefined): number[] =>
  (str(el) ?? '').split('\\').filter((s) => s.trim() !== '').map(Number);
export const u16 = (el: Element | undefined): number | undefined => (el && 'value' in el && el.value.length >= 2 ? el.value.readUInt16LE(0) : undefined);

/**
 * The most a deflated dataset may inflate to by default. Inflated bytes are Buffers, outside the
 * parsing thread's heap limit, so they are bounded here: a few hundred kilobytes of deflated zeros
 * must not become gigabytes. Ingest may grant less, from its memory budget.
 */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** Whether a Part-10 file announces the deflated transfer syntax (read from its file meta group only). */
export function isDeflatedPart10(buf: Buffer): boolean {
  if (buf.length < 144 || buf.toString('latin1', 128, 132) !== 'DICM') return false;
  const metaEnd = Math.min(buf.length, 144 + buf.readUInt32LE(140));
  return buf.subarray(132, metaEnd).includes(TS.deflatedLE, 0, 'latin1');
}

/** Reads a DICOM Part-10 file. Throws DicomParseError for anything it cannot read, never hangs on a lying length. */
export function parsePart10(buf: Buffer, limits: { maxInflatedBytes?: number } = {}): DicomFile {
  if (buf.length < 132 || buf.toString('latin1', 128, 132) !== 'DICM') throw new DicomParseError('not a DICOM Part-10 file (no DICM marker)', 'dicom.not_dicom');
  const metaReader = new Reader(buf, 132, true);
  const first = metaReader.header();
  if (first.tag !== T.FileMetaInformationGroupLength || first.length !== 4) throw new DicomParseError('the file meta information has no group length');
  const groupLength = metaReader.u32();
  const metaEnd = metaReader.pos + groupLength;
  if (metaEnd > buf.length) throw new DicomParseError('truncated: the file meta information is cut short');
  const meta = metaReader.dataset(metaEnd, 0, false);
  meta.set(T.FileMetaInformationGroupLength, { vr: 'UL', value: Buffer.from(new Uint32Array([groupLength]).buffer) });
  const transferSyntax = str(meta.get(T.TransferSyntaxUID));
  if (!transferSyntax) throw new DicomParseError('no transfer syntax in the file meta information');
  if (transferSyntax === TS.explicitBE) throw new DicomParseError('big-endian DICOM (retired) is not supported', 'dicom.unsupported');
  let body = buf;
  let start = metaEnd;
  if (transferSyntax === TS.deflatedLE) {
    const limit = Math.min(limits.maxInflatedBytes ?? MAX_INFLATED_BYTES, MAX_INFLATED_BYTES);
    try {
      // zlib stops as soon as the output passes the limit, rather than after inflating it all.
      body = inflateRawSync(buf.subarray(metaEnd), { maxOutputLength: Math.max(limit, 1) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
        throw new DicomParseError(`the deflated dataset inflates to more than ${Math.round(limit / 1024 / 1024)} MiB`, 'dicom.too_complex');
      }
      throw new DicomParseError(`the deflated dataset cannot be inflated (${(e as Error).message})`);
    }
    start = 0;
  }
  const reader = new Reader(body, start, transferSyntax !== TS.implicitLE);
  return { meta, dataset: reader.dataset(body.length, 0, false), transferSyntax };
}

function writeDataset(ds: Dataset, out: Buffer[]) {
  for (const t of [...ds.keys()].sort((a, b) => a - b)) writeElement(t, ds.get(t)!, out);
}

function header(t: number, vr: string, length: number): Buffer {
  const long = LONG_VRS.has(vr);
  const b = Buffer.alloc(long ? 12 : 8);
  b.writeUInt16LE(t >>> 16, 0);
  b.writeUInt16LE(t & 0xffff, 2);
  b.write(vr, 4, 'latin1');
  if (long) b.writeUInt32LE(length >>> 0, 8);
  else b.writeUInt16LE(length, 6);
  return b;
}
const marker = (t: number, length: number) => {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(t >>> 16, 0);
  b.writeUInt16LE(t & 0xffff, 2);
  b.writeUInt32LE(length >>> 0, 4);
  return b;
};

function writeElement(t: number, el: Element, out: Buffer[]) {
  if ('items' in el) {
    out.push(header(t, 'SQ', UNDEFINED));
    for (const item of el.items) {
      out.push(marker(T.Item, UNDEFINED));
      writeDataset(item, out);
      out.push(marker(T.ItemDelimitation, 0));
    }
    out.push(marker(T.SequenceDelimitation, 0));
    return;
  }
  if ('fragments' in el) {
    out.push(header(t, el.vr, UNDEFINED));
    for (const f of el.fragments) out.push(marker(T.Item, f.length), f);
    out.push(marker(T.SequenceDelimitation, 0));
    return;
  }
  let value = el.value;
  if (value.length % 2) value = Buffer.concat([value, Buffer.from([el.vr === 'UI' || el.vr === 'OB' || el.vr === 'UN' ? 0 : 0x20])]);
  // A value too long for a short-length VR (read from implicit VR) is written as UN.
  const vr = !LONG_VRS.has(el.vr) && value.length > 0xffff ? 'UN' : el.vr;
  out.push(header(t, vr, value.length), value);
}

/**
 * Writes a Part-10 file: a 128-byte preamble of zeros, explicit VR little
 * endian (implicit VR input is converted; compressed pixel data keeps its
 * transfer syntax; deflated input is written deflated again).
 */
export function writePart10(file: DicomFile): Buffer {
  const ts = file.transferSyntax === TS.implicitLE ? TS.explicitLE : file.transferSyntax;
  const body: Buffer[] = [];
  writeDataset(file.dataset, body);
  const head = fileHeader(file.meta, ts);
  // One copy of the dataset into the file, not two (the pixel data is most of it).
  return ts === TS.deflatedLE ? Buffer.concat([head, deflateRawSync(Buffer.concat(body))]) : Buffer.concat([head, ...body]);
}

/** Preamble (zeros), DICM and the file meta group, announcing the given transfer syntax. */
export function fileHeader(fileMeta: Dataset, ts: string): Buffer {
  const meta: Dataset = new Map(fileMeta);
  meta.delete(T.FileMetaInformationGroupLength);
  meta.set(T.TransferSyntaxUID, { vr: 'UI', value: Buffer.from(ts, 'latin1') });
  meta.set(T.FileMetaInformationVersion, { vr: 'OB', value: Buffer.from([0, 1]) });
  const metaParts: Buffer[] = [];
  writeDataset(meta, metaParts);
  const metaBytes = Buffer.concat(metaParts);
  const groupLength = Buffer.concat([header(T.FileMetaInformationGroupLength, 'UL', 4), Buffer.from(new Uint32Array([metaBytes.length]).buffer)]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), groupLength, metaBytes]);
}
