import { lstat, opendir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { forbidden, badRequest } from '@tessera/server/http';

export const MAX_IMPORT_FILES = 100_000;

/**
 * Resolves a requested folder inside the allowlisted roots, following
 * symlinks only to check where they really lead: a path that ends outside
 * every root is refused, however it was spelled.
 */
export async function resolveImportFolder(roots: string[], requested: string): Promise<string> {
  if (!roots.length) throw forbidden('No server folders are open for import; an administrator sets IMPORT_ROOTS.');
  const candidates = isAbsolute(requested) ? [requested] : roots.map((r) => join(r, requested));
  for (const candidate of candidates) {
    let real: string;
    try {
      real = await realpath(resolve(candidate));
    } catch {
      continue;
    }
    for (const root of roots) {
      const realRoot = await realpath(root).catch(() => null);
      if (!realRoot) continue;
      const rel = relative(realRoot, real);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..'))) {
        if (!(await lstat(real)).isDirectory()) throw badRequest('The import path is not a folder.');
        return real;
      }
    }
  }
  throw forbidden('That folder is not under an allowlisted import root, or does not exist.');
}

/**
 * Regular files under a folder, depth first, in a stable order. Symlinks are
 * not followed (they could lead out of the root), hidden files are skipped.
 */
export async function* walkFolder(root: string, limit = MAX_IMPORT_FILES): AsyncGenerator<{ path: string; relative: string; size: number }> {
  let seen = 0;
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    const entries: { name: string; isDir: boolean; isFile: boolean }[] = [];
    for await (const e of await opendir(dir)) entries.push({ name: e.name, isDir: e.isDirectory(), isFile: e.isFile() });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    const subfolders: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (e.isDir) subfolders.push(path);
      else if (e.isFile) {
        if (++seen > limit) return;
        yield { path, relative: relative(root, path), size: (await lstat(path)).size };
      }
    }
    stack.push(...subfolders.reverse());
  }
}
