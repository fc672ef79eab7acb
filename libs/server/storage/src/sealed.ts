import { createCipheriv, createDecipheriv, createHmac, randomBytes, type DecipherGCM } from 'node:crypto';
import { Transform } from 'node:stream';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 256-bit key for one purpose, derived from a deployment secret (HMAC as the KDF). */
export const deriveKey = (secret: string, purpose: string) => createHmac('sha256', secret).update(`tessera:${purpose}`).digest();

/**
 * AES-256-GCM as a stream: IV, ciphertext, then the authentication tag.
 * Used for data that must rest encrypted (raw DICOM before de-identification,
 * kept originals).
 */
export function sealStream(key: Buffer): Transform {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _e, done) {
      if (!started) {
        this.push(iv);
        started = true;
      }
      done(null, cipher.update(chunk));
    },
    flush(done) {
      if (!started) this.push(iv);
      this.push(cipher.final());
      done(null, cipher.getAuthTag());
    },
  });
}

/** Opens what sealStream wrote; throws if a single byte was changed. */
export function openSealed(key: Buffer, all: Buffer): Buffer {
  if (all.length < IV_BYTES + TAG_BYTES) throw new Error('sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, all.subarray(0, IV_BYTES));
  decipher.setAuthTag(all.subarray(all.length - TAG_BYTES));
  const opened = decipher.update(all.subarray(IV_BYTES, all.length - TAG_BYTES));
  // GCM's final() checks the tag and adds no bytes: no second copy of the whole file for nothing.
  const rest = decipher.final();
  return rest.length ? Buffer.concat([opened, rest]) : opened;
}

/**
 * Opens what sealStream wrote, as a stream, for data too large to hold in
 * memory (an archive spooled to disk). The tag is checked at the end: a
 * changed byte fails the stream there, so whoever consumes it must throw
 * away what it wrote when the stream fails.
 */
export function openSealedStream(key: Buffer): Transform {
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let decipher: DecipherGCM | null = null;
  return new Transform({
    transform(chunk: Buffer, _e, done) {
      try {
        let data = chunk;
        if (!decipher) {
          head = Buffer.concat([head, chunk]);
          if (head.length < IV_BYTES) return done();
          decipher = createDecipheriv('aes-256-gcm', key, head.subarray(0, IV_BYTES));
          data = head.subarray(IV_BYTES);
        }
        // The last TAG_BYTES seen so far may be the tag: held back until the next chunk or the end.
        const all = tail.length ? Buffer.concat([tail, data]) : data;
        const cut = Math.max(0, all.length - TAG_BYTES);
        tail = Buffer.from(all.subarray(cut));
        done(null, decipher.update(all.subarray(0, cut)));
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done) {
      try {
        if (!decipher || tail.length < TAG_BYTES) return done(new Error('sealed data is too short'));
        decipher.setAuthTag(tail);
        done(null, decipher.final());
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

/** A short value (a signing secret, a credential) sealed with AES-256-GCM as base64: IV, tag, ciphertext. */
export function sealString(key: Buffer, value: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens what sealString wrote; throws if it was changed or sealed under another key. */
export function openString(key: Buffer, sealed: string): string {
  const buf = Buffer.from(sealed, 'base64');
  if (buf.length < IV_BYTES + TAG_BYTES) throw new Error('sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES));
  decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
