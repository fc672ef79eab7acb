import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { openZip, ZipWriter } from '@tessera/formats';

/** Pictures a release may carry (with `includeMedia`); everything else passes through byte for byte. */
const IMAGE = /\.(jpe?g|png|webp|tiff?)$/i;
/** The same bound ingest keeps: a picture larger than this is not decoded here either. */
const PIXEL_LIMIT = 100_000_000;

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Draws `text` in a dark band across the bottom of the picture, in the
 * picture's own format: visible to anyone who looks at it, so a leaked copy
 * names whose copy it was. The rest of the picture is left as it was (a PNG
 * keeps every other pixel exactly; a JPEG is encoded again).
 */
export async function watermarkImage(bytes: Buffer, text: string): Promise<Buffer> {
  const image = sharp(bytes, { limitInputPixels: PIXEL_LIMIT });
  const { width = 0, height = 0, format, hasAlpha } = await image.metadata();
  if (!width || !height) return bytes;
  const band = Math.min(height, Math.max(12, Math.round(height * 0.06)));
  const size = Math.max(8, Math.round(band * 0.6));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${band}">`
    + `<rect width="${width}" height="${band}" fill="#000" fill-opacity="0.55"/>`
    + `<text x="${width - Math.round(size / 2)}" y="${Math.round(band * 0.72)}" text-anchor="end" font-family="DejaVu Sans, Arial, sans-serif" font-size="${size}" fill="#fff">${xml(text)}</text></svg>`;
  const composed = await image.composite([{ input: Buffer.from(svg), left: 0, top: height - band }]).raw().toBuffer({ resolveWithObject: true });
  // Compositing adds an alpha channel; a picture that had none keeps none.
  let marked = sharp(composed.data, { raw: { width: composed.info.width, height: composed.info.height, channels: composed.info.channels } });
  if (!hasAlpha && composed.info.channels === 4) marked = marked.removeAlpha();
  switch (format) {
    case 'png': return marked.png().toBuffer();
    case 'webp': return marked.webp({ quality: 90 }).toBuffer();
    case 'tiff': return marked.tiff().toBuffer();
    default: return marked.jpeg({ quality: 92, chromaSubsampling: '4:4:4' }).toBuffer();
  }
}

/**
 * A consumer's copy of a release archive with every picture watermarked with
 * `text`, streamed as it is made. Every other entry, the manifest included,
 * is the release's own; `watermark.json` lists the pictures that differ from
 * the manifest, with both checksums, so the consumer can still verify
 * everything else.
 */
export async function watermarkedArchive(archive: Readable, at: Date, text: string): Promise<Readable> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-watermark-'));
  const path = join(dir, 'release.zip');
  try {
    await pipeline(archive, createWriteStream(path));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const zip = await openZip(path);
  const out = new ZipWriter(at);
  void (async () => {
    try {
      const changed: { path: string; sha256: string; releasedSha256: string }[] = [];
      for (const p of zip.tree.paths()) {
        const entry = await zip.tree.open(p);
        if (!IMAGE.test(p)) {
          await out.add(p, entry);
          continue;
        }
        const original = Buffer.concat(await entry.toArray());
        const marked = await watermarkImage(original, text);
        changed.push({ path: p, sha256: sha256(marked), releasedSha256: sha256(original) });
        await out.add(p, marked, { compress: false });
      }
      await out.add('watermark.json', JSON.stringify({ watermark: text, note: 'These pictures carry a visible watermark; every other file is as the manifest lists it.', files: changed }, null, 2) + '\n');
      await out.finish();
    } catch (e) {
      out.abort(e as Error);
    } finally {
      zip.close();
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return out.output;
}
