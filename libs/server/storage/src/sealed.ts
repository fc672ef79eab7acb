import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';

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
export async function openSealed(key: Buffer, sealed: Readable): Promise<Buffer> {
  const all = Buffer.concat(await sealed.toArray());
  if (all.length < IV_BYTES + TAG_BYTES) throw new Error('sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, all.subarray(0, IV_BYTES));
  decipher.setAuthTag(all.subarray(all.length - TAG_BYTES));
  return Buffer.concat([decipher.update(all.subarray(IV_BYTES, all.length - TAG_BYTES)), decipher.final()]);
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
