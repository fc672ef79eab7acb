import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  method: number;
  flags: number;
  time: number;
  date: number;
}

const MAX32 = 0xffffffff;
/** Files below this are stored, not deflated. */
const SMALL_FILE = 16 * 1024;
const UTF8 = 0x0800;
const DESCRIPTOR = 0x0008;

/** DOS date and time of a moment (zip's own clock, two-second resolution). */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: (Math.max(0, d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** Where exporters put files: a zip, or a folder of one (a release puts each format under its own). */
export interface ArchiveSink {
  add(path: string, content: Buffer | string | AsyncIterable<Buffer | string>, opts?: { compress?: boolean }): Promise<void>;
}

/** A sink that puts every file under `prefix` in another. */
export const under = (sink: ArchiveSink, prefix: string): ArchiveSink => ({ add: (path, content, opts) => sink.add(`${prefix}${path}`, content, opts) });

/** What went into an archive: each file's path, size and SHA-256 (a release's manifest). */
export interface EntryRecord {
  path: string;
  size: number;
  sha256: string;
}

/**
 * A zip archive written as a stream, entry after entry, in constant memory
 * (only the central directory, ~100 bytes an entry, is kept). Streamed
 * entries are deflated and carry a data descriptor; buffers known in full go
 * with their sizes up front and may be stored. ZIP64 records are added where
 * offsets or the entry count pass zip's 32-bit limits. `add` waits for the
 * reader of `output` (backpressure), so a slow blob store slows the exporter
 * instead of filling memory.
 */
export class ZipWriter implements ArchiveSink {
  readonly output = new PassThrough({ highWaterMark: 1 << 20 });
  private readonly entries: CentralEntry[] = [];
  private offset = 0;
  private readonly stamp: { time: number; date: number };
  private busy: Promise<void> = Promise.resolve();
  private failed: Error | null = null;
  /** Every file added so far, with its SHA-256, when `hashEntries` is on. */
  readonly records: EntryRecord[] = [];
  hashEntries = false;

  /** `at` fixes the entries' timestamps, so the same content makes the same bytes. */
  constructor(at: Date = new Date(0)) {
    this.stamp = dosTime(at.getTime() === 0 ? new Date(Date.UTC(1980, 0, 1)) : at);
    this.output.on('error', (e) => (this.failed ??= e));
  }

  /** Adds one file; calls are serialised, so several may be started at once. */
  add(path: string, content: Buffer | string | AsyncIterable<Buffer | string>, opts: { compress?: boolean } = {}): Promise<void> {
    const run = this.busy.then(() => this.write(path, content, opts.compress ?? true));
    this.busy = run.catch(() => undefined);
    return run;
  }

  get bytesWritten(): number {
    return this.offset;
  }

  private async push(chunk: Buffer) {
    if (this.failed) throw this.failed;
    this.offset += chunk.length;
    if (!this.output.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          this.output.off('drain', done);
          this.output.off('close', closed);
          resolve();
        };
        const closed = () => {
          this.output.off('drain', done);
          reject(this.failed ?? new Error('the archive was closed while it was being written'));
        };
        this.output.once('drain', done);
        this.output.once('close', closed);
      });
    }
  }

  private localHeader(name: Buffer, flags: number, method: number, crc: number, compressed: number, size: number): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(flags, 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt32LE(crc >>> 0, 14);
    h.writeUInt32LE(compressed, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(0, 28);
    return Buffer.concat([h, name]);
  }

  private async write(path: string, content: Buffer | string | AsyncIterable<Buffer | string>, compress: boolean) {
    const name = Buffer.from(path.replace(/\\/g, '/').replace(/^\/+/, ''), 'utf8');
    const offset = this.offset;
    if (typeof content === 'string') content = Buffer.from(content, 'utf8');
    if (Buffer.isBuffer(content)) {
      if (this.hashEntries) this.records.push({ path: name.toString('utf8'), size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
      const crc = crc32(content);
      // A file of a few kilobytes (a YOLO label file per image) is stored: a zlib context for each would cost
      // more memory than the file, and thousands of them hold native memory until the collector runs.
      const deflated = compress && content.length >= SMALL_FILE;
      const body = deflated ? (content.length < 1 << 20 ? deflateRawSync(content, { level: constants.Z_BEST_SPEED }) : await deflate(content)) : content;
      const method = deflated ? 8 : 0;
      if (content.length >= MAX32 || body.length >= MAX32) throw new Error(`${path}: an entry of 4 GiB or more is not supported`);
      await this.push(this.localHeader(name, UTF8, method, crc, body.length, content.length));
      await this.push(body);
      this.entries.push({ name, crc, compressed: body.length, size: content.length, offset, method, flags: UTF8, ...this.stamp });
      return;
    }
    const flags = UTF8 | DESCRIPTOR;
    await this.push(this.localHeader(name, flags, 8, 0, 0, 0));
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const hash = this.hashEntries ? createHash('sha256') : null;
    const deflater = createDeflateRaw({ level: constants.Z_BEST_SPEED });
    const drained = (async () => {
      for await (const out of deflater as AsyncIterable<Buffer>) {
        compressed += out.length;
        await this.push(out);
      }
    })();
    try {
      for await (const piece of content) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        crc = crc32(chunk, crc);
        hash?.update(chunk);
        size += chunk.length;
        if (!deflater.write(chunk)) await new Promise((r) => deflater.once('drain', r));
      }
      deflater.end();
      await drained;
    } catch (e) {
      deflater.destroy();
      await drained.catch(() => undefined);
      throw e;
    }
    if (size >= MAX32 || compressed >= MAX32) throw new Error(`${path}: an entry of 4 GiB or more is not supported`);
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(crc >>> 0, 4);
    d.writeUInt32LE(compressed, 8);
    d.writeUInt32LE(size, 12);
    await this.push(d);
    this.entries.push({ name, crc, compressed, size, offset, method: 8, flags, ...this.stamp });
    if (hash) this.records.push({ path: name.toString('utf8'), size, sha256: hash.digest('hex') });
  }

  /** Writes the central directory and ends the stream. */
  async finish(): Promise<void> {
    await this.busy;
    const start = this.offset;
    for (const e of this.entries) {
      const zip64 = e.offset >= MAX32;
      const extra = zip64 ? Buffer.alloc(12) : Buffer.alloc(0);
      if (zip64) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8, 2);
        extra.writeBigUInt64LE(BigInt(e.offset), 4);
      }
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE((3 << 8) | 45, 4); // made by Unix, so the mode below is read as one
      h.writeUInt16LE(zip64 ? 45 : 20, 6);
      h.writeUInt16LE(e.flags, 8);
      h.writeUInt16LE(e.method, 10);
      h.writeUInt16LE(e.time, 12);
      h.writeUInt16LE(e.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt16LE(extra.length, 30);
      h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
      h.writeUInt32LE(zip64 ? MAX32 : e.offset, 42);
      await this.push(Buffer.concat([h, e.name, extra]));
    }
    const cdSize = this.offset - start;
    const count = this.entries.length;
    if (count >= 0xffff || start >= MAX32 || cdSize >= MAX32) {
      const z = Buffer.alloc(56);
      const zipEnd = this.offset;
      z.writeUInt32LE(0x06064b50, 0);
      z.writeBigUInt64LE(44n, 4);
      z.writeUInt16LE(45, 12);
      z.writeUInt16LE(45, 14);
      z.writeBigUInt64LE(BigInt(count), 24);
      z.writeBigUInt64LE(BigInt(count), 32);
      z.writeBigUInt64LE(BigInt(cdSize), 40);
      z.writeBigUInt64LE(BigInt(start), 48);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(0x07064b50, 0);
      loc.writeBigUInt64LE(BigInt(zipEnd), 8);
      loc.writeUInt32LE(1, 16);
      await this.push(Buffer.concat([z, loc]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, 0xffff), 8);
    end.writeUInt16LE(Math.min(count, 0xffff), 10);
    end.writeUInt32LE(Math.min(cdSize, MAX32), 12);
    end.writeUInt32LE(Math.min(start, MAX32), 16);
    await this.push(end);
    this.output.end();
  }

  /** Stops writing: the reader sees the error. */
  abort(e: Error) {
    this.failed ??= e;
    this.output.destroy(e);
  }
}

function deflate(buf: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const d = createDeflateRaw({ level: constants.Z_BEST_SPEED });
    d.on('data', (c: Buffer) => chunks.push(c));
    d.on('end', () => resolve(Buffer.concat(chunks)));
    d.on('error', reject);
    d.end(buf);
  });
}

/** Everything a readable gives, as one buffer (tests, small files). */
export async function collect(stream: Readable | AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}
