import { FileStore } from '@tus/file-store';
import { ERRORS, type Upload } from '@tus/server';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readdir, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Length (4), IV, tag: what a frame adds to the bytes it seals. */
const FRAME_OVERHEAD = 4 + IV_BYTES + TAG_BYTES;
/** Plaintext per frame: big enough that finding the offset of a huge upload reads few headers. */
const FRAME_BYTES = 4 * 1024 * 1024;
/** tus upload ids as @tus/server makes them; nothing else names a file here. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;

function seal(key: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(plain.length);
  return Buffer.concat([length, iv, body, cipher.getAuthTag()]);
}

/**
 * tus's FileStore with the upload's bytes sealed at rest: each PATCH is
 * written as frames of [plaintext length, IV, AES-256-GCM ciphertext, tag],
 * so a half-sent upload on the API's disk is as unreadable as a sealed blob.
 * The offset tus reports is the plaintext in whole frames; a frame cut short
 * by a crash is not counted, and is cut off before the next PATCH writes, so
 * the client resends those bytes. Uploads not written to for the expiry
 * period are deleted by `deleteExpired`.
 */
export class SealedFileStore extends FileStore {
  constructor(private readonly options: { directory: string; key: Buffer; expiryMs: number }) {
    super({ directory: options.directory, expirationPeriodInMilliseconds: options.expiryMs });
  }

  private path(id: string): string {
    if (!UPLOAD_ID.test(id)) throw ERRORS.FILE_NOT_FOUND;
    return join(this.options.directory, id);
  }

  /** The plaintext held in whole frames, and where the last whole frame ends. */
  private async frames(path: string): Promise<{ plain: number; end: number }> {
    const file = await open(path, 'r');
    try {
      const size = (await file.stat()).size;
      const header = Buffer.alloc(4);
      let [plain, end] = [0, 0];
      while (end + FRAME_OVERHEAD <= size) {
        await file.read(header, 0, 4, end);
        const length = header.readUInt32LE(0);
        if (end + FRAME_OVERHEAD + length > size) break;
        plain += length;
        end += FRAME_OVERHEAD + length;
      }
      return { plain, end };
    } finally {
      await file.close();
    }
  }

  override async getUpload(id: string): Promise<Upload> {
    const upload = await super.getUpload(id);
    upload.offset = (await this.frames(this.path(id))).plain;
    return upload;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const path = this.path(id);
    const { plain, end } = await this.frames(path);
    if (plain !== offset) throw ERRORS.INVALID_OFFSET;
    // A frame a crash cut short holds bytes the client was never told were taken.
    await truncate(path, end);
    const key = this.options.key;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let written = 0;
    const frame = (self: Transform) => {
      if (!pendingBytes) return;
      const plainBytes = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      written += plainBytes.length;
      self.push(seal(key, plainBytes));
    };
    const sealer = new Transform({
      transform(chunk: Buffer, _e, done) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= FRAME_BYTES) frame(this);
        done();
      },
      flush(done) {
        frame(this);
        done();
      },
    });
    try {
      await pipeline(readable, sealer, createWriteStream(path, { flags: 'r+', start: end }) as Writable);
    } catch {
      // What reached the disk in whole frames counts: the client asks for the offset and resends the rest.
      throw ERRORS.FILE_WRITE_ERROR;
    }
    return offset + written;
  }

  /** The upload's plaintext, frame by frame; a changed byte fails the stream. */
  plaintextOf(id: string): Readable {
    return Readable.from(this.plaintext(this.path(id)));
  }

  private async *plaintext(path: string): AsyncGenerator<Buffer> {
    const file = await open(path, 'r');
    try {
      const { end } = await this.frames(path);
      const header = Buffer.alloc(4);
      for (let pos = 0; pos < end;) {
        await file.read(header, 0, 4, pos);
        const length = header.readUInt32LE(0);
        const frame = Buffer.alloc(FRAME_OVERHEAD - 4 + length);
        await file.read(frame, 0, frame.length, pos + 4);
        const decipher = createDecipheriv('aes-256-gcm', this.options.key, frame.subarray(0, IV_BYTES));
        decipher.setAuthTag(frame.subarray(frame.length - TAG_BYTES));
        yield Buffer.concat([decipher.update(frame.subarray(IV_BYTES, frame.length - TAG_BYTES)), decipher.final()]);
        pos += FRAME_OVERHEAD + length;
      }
    } finally {
      await file.close();
    }
  }

  /** Deletes the uploads nobody has written to for the expiry period; says how many. */
  override async deleteExpired(): Promise<number> {
    const before = Date.now() - this.options.expiryMs;
    let deleted = 0;
    for (const name of await readdir(this.options.directory)) {
      if (!UPLOAD_ID.test(name)) continue;
      const path = join(this.options.directory, name);
      const touched = await stat(path).then((s) => s.mtimeMs, () => null);
      if (touched === null || touched >= before) continue;
      await this.remove(name).catch(() => undefined);
      deleted++;
    }
    return deleted;
  }
}
