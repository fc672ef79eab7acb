import { createHmac } from 'node:crypto';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { IMAGE_FORMATS } from '@tessera/contracts';
import { METRIC_VERSIONS, phash, PHASH_INPUT } from '@tessera/quality';

import { IngestError } from './ingest-error';
import { decodeBmp } from './bmp';

export { IngestError };

export interface ImageFacts {
  format: (typeof IMAGE_FORMATS)[number];
  contentType: string;
  /** As displayed, after the EXIF orientation is applied. */
  width: number;
  height: number;
  thumbnail: Buffer;
  /**
   * Includes `phash` (16 hex digits) and `phashVersion`: the perceptual hash, made from the thumbnail's
   * decode, that the `quality.fingerprint` job would otherwise decode the original again for.
   */
  metadata: Record<string, unknown>;
}

/** libwebp effort (0–6, default 4) for thumbnails. */
export const THUMBNAIL_EFFORT = 1;
/** Thumbnails fit a square of this side. */
const THUMBNAIL_SIDE = 256;

type Pixels = { data: Buffer; info: Pick<OutputInfo, 'width' | 'height' | 'channels'> };

/**
 * The image upright and shrunk to fit the thumbnail, as 8-bit pixels: the one
 * decode that both the thumbnail and the perceptual hash are made from.
 * Resizing straight after decoding lets libjpeg shrink while it decodes
 * (unless an EXIF turn must come first).
 */
async function shrunk(image: Sharp, fastShrinkOnLoad = true): Promise<Pixels> {
  return image.rotate().resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad }).raw().toBuffer({ resolveWithObject: true });
}

const fromPixels = (p: Pixels) => sharp(p.data, { raw: { width: p.info.width, height: p.info.height, channels: p.info.channels } });

/** A low WebP effort is plenty for a 256 px preview and costs a third of the default's encoding time. */
const thumbnailOf = (p: Pixels) => fromPixels(p).webp({ quality: 80, effort: THUMBNAIL_EFFORT }).toBuffer();

/**
 * The pHash of the thumbnail-sized pixels (alpha dropped, greyscale, 32 × 32).
 * Ingest and the fingerprint job's fallback both hash from the same shrink, so
 * an image hashes the same whichever of them hashed it.
 */
const phashOf = async (p: Pixels) => phash(await fromPixels(p).removeAlpha().greyscale().resize(PHASH_INPUT, PHASH_INPUT, { fit: 'fill' }).raw().toBuffer());

/**
 * The perceptual hash of a stored image, for an asset ingested before ingest
 * kept it (`metadata.phash`): decoded and shrunk as ingest does.
 */
export async function imagePhash(bytes: Buffer, maxPixels: number): Promise<string> {
  if (bytes.toString('latin1', 0, 2) === 'BM') {
    const raw = decodeBmp(bytes, maxPixels);
    return phashOf(await shrunk(sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } }), false));
  }
  return phashOf(await shrunk(sharp(bytes, { limitInputPixels: maxPixels, sequentialRead: true })));
}

const CONTENT_TYPES: Record<(typeof IMAGE_FORMATS)[number], string> = {
  bmp: 'image/bmp',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  tiff: 'image/tiff',
};

/** How many bytes `startsLikeImage` needs. */
export const IMAGE_SIGNATURE_BYTES = 12;

/**
 * Whether the file begins as every JPEG, PNG, WebP, TIFF (classic or big) and BMP file does: a file that does not
 * cannot be one of the accepted images, whatever else it is, and need not be read whole to find that out.
 */
export function startsLikeImage(head: Buffer): boolean {
  const at = (offset: number, ...bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  const ascii = (offset: number, text: string) => head.toString('latin1', offset, offset + text.length) === text;
  return at(0, 0xff, 0xd8, 0xff)
    || at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
    || (ascii(0, 'RIFF') && ascii(8, 'WEBP'))
    || ascii(0, 'II*\0') || ascii(0, 'MM\0*') || ascii(0, 'II+\0') || ascii(0, 'MM\0+')
    || ascii(0, 'BM');
}

/**
 * Decodes the whole image under a pixel limit (a decompression bomb stops
 * here), applies the EXIF orientation and makes a ~256 px WebP thumbnail.
 */
export async function probeImage(bytes: Buffer, maxPixels: number): Promise<ImageFacts> {
  if (bytes.toString('latin1', 0, 2) === 'BM') return probeBmp(bytes, maxPixels);
  const input = () => sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated', sequentialRead: true });
  let meta: Metadata;
  try {
    // The header alone, without the pixel limit, so a bomb is refused with its size rather than a library message.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new IngestError('image.unreadable', `not a readable image (${(e as Error).message})`);
  }
  const format = meta.format as ImageFacts['format'];
  if (!IMAGE_FORMATS.includes(format)) throw new IngestError('image.unsupported_format', `unsupported image format "${meta.format}"; use JPEG, PNG, WebP, TIFF or BMP`);
  if (!meta.width || !meta.height) throw new IngestError('image.no_size', 'the image has no size');
  if (meta.width * meta.height > maxPixels) throw new IngestError('image.too_many_pixels', `the image has ${meta.width}×${meta.height} pixels, more than the limit of ${maxPixels}`);
  let small: Pixels;
  try {
    small = await shrunk(input());
  } catch (e) {
    throw new IngestError('image.damaged', `the image is damaged (${(e as Error).message})`);
  }
  const [thumbnail, hash] = await Promise.all([thumbnailOf(small), phashOf(small)]);
  const turned = (meta.orientation ?? 1) >= 5;
  return {
    format,
    contentType: CONTENT_TYPES[format],
    width: turned ? meta.height : meta.width,
    height: turned ? meta.width : meta.height,
    thumbnail,
    metadata: { format, channels: meta.channels, space: meta.space, depth: meta.depth, orientation: meta.orientation ?? 1, hasAlpha: meta.hasAlpha, density: meta.density, phash: hash, phashVersion: METRIC_VERSIONS.duplicates },
  };
}

async function probeBmp(bytes: Buffer, maxPixels: number): Promise<ImageFacts> {
  const raw = decodeBmp(bytes, maxPixels);
  const small = await shrunk(sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } }), false);
  const [thumbnail, hash] = await Promise.all([thumbnailOf(small), phashOf(small)]);
  return {
    format: 'bmp', contentType: CONTENT_TYPES.bmp, width: raw.width, height: raw.height, thumbnail,
    metadata: { format: 'bmp', channels: raw.channels, orientation: 1, hasAlpha: raw.channels === 4, phash: hash, phashVersion: METRIC_VERSIONS.duplicates },
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict UTF-8 (a BOM is dropped; a bad byte is refused with its line number),
 * no NUL bytes (a binary file with a text name), NFC-normalised.
 */
export function normaliseText(bytes: Buffer, maxBytes: number): string {
  if (bytes.length > maxBytes) throw new IngestError('text.too_large', `the text is ${bytes.length} bytes, more than the limit of ${maxBytes}`);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new IngestError('text.invalid_utf8', `invalid UTF-8 on line ${lineOfInvalidByte(body)}`);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new IngestError('text.binary', `a NUL character on line ${text.slice(0, nul).split('\n').length}: this looks like a binary file`);
  return text.normalize('NFC');
}

function lineOfInvalidByte(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        strictUtf8.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

/** A file name for people: the last path segment, no control characters, bounded. */
export function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean || 'unnamed';
}

/**
 * A stand-in for a file name in a DICOM project, where names are often the
 * patient's ("ROE_JANE_CT.zip"): an HMAC of the name under a key of the
 * organisation's, and the extension. The same name always gives the same
 * stand-in, so a run's errors still tell one file from another.
 */
export function pseudonymousName(key: Buffer, name: string): string {
  const ext = /\.[a-z0-9]{1,8}$/i.exec(name)?.[0].toLowerCase() ?? '';
  return `file-${createHmac('sha256', key).update(name).digest('hex').slice(0, 12)}${ext}`;
}
