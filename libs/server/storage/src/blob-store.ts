import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, access, constants } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredBlob {
  /** `sha256/<hex>`: the content names the blob, so the same bytes are stored once. */
  key: string;
  sha256: string;
  size: number;
}

/** Where bytes live. Local disk now; the S3-compatible driver implements the same. */
export interface BlobStore {
  put(content: Readable): Promise<StoredBlob>;
  get(key: string): Promise<Readable>;
  /** The whole blob in memory: only for blobs the caller knows to be small enough (a DICOM instance, a thumbnail). */
  read(key: string): Promise<Buffer>;
  size(key: string): Promise<number>;
  /** Removes a blob; gone already is fine. Only for blobs nothing else can point at (sealed, single-use). */
  delete(key: string): Promise<void>;
  /**
   * Deletes a blob nothing points at any more (the caller checked), unless it was written within `freshMs`: a put
   * of the same bytes rewrites (or touches) the blob before its row is written, so a fresh blob may be on its way
   * to a new owner. Answers false when it kept the blob for that; gone already counts as deleted.
   */
  deleteUnlessFresh(key: string, freshMs: number): Promise<boolean>;
  /** For readiness: can we write? */
  check(): Promise<void>;
  /**
   * Removes what writers left half-done longer ago than `olderThanMs` (a process killed mid-put leaves
   * its temporary file); returns how many. Stores that leave nothing behind need not have it.
   */
  sweepTemporary?(olderThanMs: number): Promise<number>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

const KEY = /^sha256\/([0-9a-f]{64})$/;

/**
 * Bytes gathered before a write. A small blob (a DICOM instance, a thumbnail, an uploaded photo) is
 * written at once, a large one a mebibyte at a time: each write is a round trip to libuv's threads,
 * which cost more CPU than the bytes (docs/performance.md, Ingest, "Blobs written in one go").
 */
const WRITE_BYTES = 1024 * 1024;

/** Writes a stream to a new file while hashing it, in gathered writes through one handle; the caller removes the file if this throws. */
export async function writeHashed(content: Readable, path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const file = await open(path, 'wx');
  try {
    for await (const piece of content as AsyncIterable<Buffer | string>) {
      // A stream of strings (Readable.from(['…'])) is taken as UTF-8, as a byte stream's writer would.
      const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      hash.update(chunk);
      size += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= WRITE_BYTES) {
        await file.writev(pending);
        [pending, pendingBytes] = [[], 0];
      }
    }
    if (pending.length) await file.writev(pending);
  } finally {
    await file.close();
  }
  return { sha256: hash.digest('hex'), size };
}

export class LocalBlobStore implements BlobStore {
  private readonly root: string;
  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'blobs');
  }

  /** Directories known to exist: ingest stores thousands of blobs, and two recursive mkdirs each add up. */
  private readonly made = new Set<string>();
  private async ensureDir(dir: string) {
    if (this.made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.made.add(dir);
  }

  /** Writes to a temporary file while hashing, then renames into place: a crash leaves no half blob. */
  async put(content: Readable): Promise<StoredBlob> {
    const tmpDir = join(this.root, 'tmp');
    await this.ensureDir(tmpDir);
    const tmp = join(tmpDir, randomUUID());
    try {
      const { sha256, size } = await writeHashed(content, tmp);
      const key = `sha256/${sha256}`;
      const target = this.pathOf(key);
      await this.ensureDir(dirname(target));
      try {
        await rename(tmp, target);
      } catch (e) {
        // Removed behind our back (an operator cleaning up): make it again, once.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        this.made.clear();
        await this.ensureDir(tmpDir);
        await this.ensureDir(dirname(target));
        await rename(tmp, target);
      }
      return { key, sha256, size };
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    await access(path, constants.R_OK);
    return createReadStream(path);
  }

  async read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async size(key: string): Promise<number> {
    return (await stat(this.pathOf(key))).size;
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /**
   * Moved aside first, then judged by its time: a put that lands after the move writes a new file in its place,
   * and one that landed before shows in the moved file's time, which puts it back. Checking the time in place and
   * then deleting would lose a put landing between the two.
   */
  async deleteUnlessFresh(key: string, freshMs: number): Promise<boolean> {
    const path = this.pathOf(key);
    const tmpDir = join(this.root, 'tmp');
    await this.ensureDir(tmpDir);
    const aside = join(tmpDir, `${randomUUID()}.dropped`);
    try {
      await rename(path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw e;
    }
    if (Date.now() - (await stat(aside)).mtimeMs < freshMs) {
      // Over a put made since, if any: the same bytes.
      await rename(aside, path);
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }

  async sweepTemporary(olderThanMs: number): Promise<number> {
    const tmpDir = join(this.root, 'tmp');
    const names = await readdir(tmpDir).catch(() => [] as string[]);
    const before = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      const path = join(tmpDir, name);
      // Another process's write still under way touches its file; only an abandoned one is this old.
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && info.mtimeMs < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Only well-formed keys map to paths, so no key can walk out of the store. */
  private pathOf(key: string): string {
    const m = KEY.exec(key);
    if (!m) throw new Error(`not a blob key: ${key}`);
    return join(this.root, m[1].slice(0, 2), m[1].slice(2, 4), m[1]);
  }
}
