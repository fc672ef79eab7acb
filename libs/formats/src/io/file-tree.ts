import { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { FormatError, type FileTree, type Problem } from '../model';

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Uncompressed/compressed past this, for entries over 1 MiB, is a bomb. */
  maxRatio: number;
}
export const ZIP_LIMITS: ZipLimits = { maxEntries: 200_000, maxEntryBytes: 2 * 1024 ** 3, maxTotalBytes: 16 * 1024 ** 3, maxRatio: 200 };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Unix zip tools keep the file's mode in the high 16 bits of the external attributes; a link has type S_IFLNK. */
export function isSymlinkEntry(externalAttributes: number): boolean {
  return ((externalAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

/**
 * Whether an archive entry's name would climb out of the archive or lie about where it is: absolute
 * (`/` or `\`, either separator, since zips made on Windows use both), a drive (`C:`), a `..` step,
 * or a NUL byte (C-string code would read a different, shorter name). The one check for every reader
 * of archives: the import reader here and the upload's unzip (libs/server/assets).
 */
export function unsafeEntryPath(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || name.split(/[\\/]/).includes('..') || name.includes('\0');
}

/** Whether an entry name would climb out of the archive (absolute, a drive, `..`), or is a link. */
export function unsafeEntry(name: string, externalAttributes = 0): string | null {
  if (isSymlinkEntry(externalAttributes)) return 'a symbolic link; links inside archives are not followed';
  if (unsafeEntryPath(name)) return 'an unsafe path (absolute, or climbing out of the archive)';
  return null;
}

/** A single uploaded file as a tree of one. */
export function singleFile(name: string, open: () => Promise<Readable>): FileTree {
  return { paths: () => [name], open: async (p) => (p === name ? open() : Promise.reject(new Error(`no file ${p}`))) };
}

/** Files in memory (tests, small uploads). */
export function memoryTree(files: Record<string, Buffer | string>): FileTree {
  return {
    paths: () => Object.keys(files),
    open: async (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`no file ${p}`);
      return Readable.from([Buffer.isBuffer(f) ? f : Buffer.from(f)]);
    },
  };
}

export interface OpenedZip {
  tree: FileTree;
  /** Entries refused (unsafe paths, links, bombs): the import names them. */
  problems: Problem[];
  close(): void;
}

/**
 * A zip archive as a file tree: the central directory is read once, entries are
 * opened on demand. Entries with unsafe paths, links, and bombs are not in the
 * tree; each is a problem with its name. yauzl checks the bytes it inflates
 * against the declared sizes, so a lying header does not get past the limits.
 */
export async function openZip(source: Buffer | string, limits: ZipLimits = ZIP_LIMITS): Promise<OpenedZip> {
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) => {
      const opts = { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, autoClose: false };
      const done = (err: Error | null, z?: ZipFile) => (err || !z ? reject(err ?? new Error('no archive')) : resolve(z));
      if (typeof source === 'string') yauzl.open(source, opts, done);
      else yauzl.fromBuffer(source, opts, done);
    });
  } catch (e) {
    throw new FormatError('archive', `not a readable zip archive (${(e as Error).message})`);
  }
  const entries = new Map<string, Entry>();
  const problems: Problem[] = [];
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('error', (e: Error) => reject(new FormatError('archive', `the archive is damaged (${e.message})`)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      const name = (entry.fileName as unknown as Buffer).toString('utf8');
      const refuse = (message: string) => problems.push({ where: name, message });
      if (entries.size + problems.length >= limits.maxEntries) {
        refuse(`more than ${limits.maxEntries} entries; the rest were not read`);
        return resolve();
      }
      if (!name.endsWith('/')) {
        const unsafe = unsafeEntry(name, entry.externalFileAttributes);
        const base = name.split('/').pop() ?? '';
        if (unsafe) refuse(unsafe);
        else if (name.startsWith('__MACOSX/') || base.startsWith('.')) {
          // resource forks and hidden files are not data
        } else if (entry.uncompressedSize > limits.maxEntryBytes) refuse(`larger than ${limits.maxEntryBytes} bytes`);
        else if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
          refuse(`compressed ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1, which only a decompression bomb does`);
        } else if ((total += entry.uncompressedSize) > limits.maxTotalBytes) refuse(`the archive expands past ${limits.maxTotalBytes} bytes`);
        else entries.set(name, entry);
      }
      zip.readEntry();
    });
    zip.readEntry();
  });
  const tree: FileTree = {
    paths: () => [...entries.keys()],
    open: (path) =>
      new Promise((resolve, reject) => {
        const entry = entries.get(path);
        if (!entry) return reject(new Error(`no entry ${path}`));
        zip.openReadStream(entry, (err, stream) => (err ? reject(new FormatError(path, `unreadable entry (${err.message})`)) : resolve(stream)));
      }),
  };
  return { tree, problems, close: () => zip.close() };
}
