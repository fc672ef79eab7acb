import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { IngestErrorCode } from '@tessera/contracts';
import { isSymlinkEntry, unsafeEntryPath } from '@tessera/formats';
import { IngestError } from './ingest-error';

export interface ArchiveLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Uncompressed/compressed beyond this, for entries over 1 MiB, is a bomb, not a document. */
  maxRatio: number;
}

/** An entry left out, why (for people) and its code (for translation). */
export interface Skipped {
  name: string;
  reason: string;
  code: IngestErrorCode;
}

export const ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxEntryBytes: 512 * 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024 * 1024, maxRatio: 200 };

/** Unix zip tools keep the file's mode in the high 16 bits of the external attributes; a link has type S_IFLNK. */
export function isSymlink(entry: Pick<Entry, 'externalFileAttributes'>): boolean {
  return isSymlinkEntry(entry.externalFileAttributes);
}

/** Writes a stream to a new file; a failure of either fails the whole. */
export async function spoolTo(path: string, stream: Readable) {
  await pipeline(stream, createWriteStream(path, { flags: 'wx' }));
}

/**
 * Walks a zip archive entry by entry, handing each acceptable file's stream to
 * `take`, and names every entry it skips. Sizes are checked against the
 * declared values before reading, and yauzl checks the actual bytes against
 * them while reading, so neither a lying header nor a bomb gets through.
 * Entry names are only ever labels: nothing is written under them.
 */
export async function walkArchive(
  path: string,
  limits: ArchiveLimits,
  take: (name: string, stream: Readable) => Promise<void>,
): Promise<{ taken: number; skipped: Skipped[] }> {
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false }, (err, z) => (err ? reject(err) : resolve(z))),
    );
  } catch (e) {
    throw new IngestError('zip.unreadable', `not a readable zip archive (${(e as Error).message})`);
  }
  const skipped: Skipped[] = [];
  let taken = 0;
  let entries = 0;
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const next = () => zip.readEntry();
      zip.on('error', (e) => reject(new IngestError('zip.damaged', `the archive is damaged (${e.message})`)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        // Raw names, decoded here, so an odd one is reported for its entry instead of failing the archive.
        const name = (entry.fileName as unknown as Buffer).toString('utf8');
        const skip = (code: IngestErrorCode, reason: string) => {
          skipped.push({ name, reason, code });
          next();
        };
        if (++entries > limits.maxEntries) {
          skipped.push({ name: '…', reason: `more than ${limits.maxEntries} entries; the rest were not read`, code: 'zip.too_many_entries' });
          return resolve();
        }
        if (name.endsWith('/')) return next();
        // A symlink entry's "content" is a path on the machine that made the archive: never data of ours.
        if (isSymlink(entry)) return skip('zip.symlink', 'a symbolic link; links inside archives are not followed');
        const base = name.split('/').pop() ?? '';
        if (name.startsWith('__MACOSX/') || base.startsWith('.')) return next();
        // Names are only labels here, but an archive that tries to climb out of itself is not trusted with the entry.
        // The same check as the import reader's (libs/formats), so the two cannot drift apart.
        if (unsafeEntryPath(name)) return skip('zip.unsafe_path', 'unsafe path in the archive');
        if (entry.uncompressedSize > limits.maxEntryBytes) return skip('zip.too_large', `larger than ${limits.maxEntryBytes} bytes`);
        if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
          return skip('zip.bomb', `compressed ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1, which only a decompression bomb does`);
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) {
          skipped.push({ name, reason: `the archive expands past ${limits.maxTotalBytes} bytes; the rest were not read`, code: 'zip.too_large' });
          return resolve();
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err) return skip('zip.damaged_entry', `unreadable entry (${err.message})`);
          let broken: Error | undefined;
          stream.on('error', (e) => (broken = e));
          take(name, stream).then(
            () => {
              taken++;
              next();
            },
            // The entry's own bytes were bad (sizes that lie, corrupt data): skip it, keep the rest.
            (e) => (broken ? skip('zip.damaged_entry', `damaged entry (${broken.message})`) : reject(e)),
          );
        });
      });
      next();
    });
  } finally {
    zip.close();
  }
  return { taken, skipped };
}
