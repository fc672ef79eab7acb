import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under a folder (of a test server's data directory), by path, as it rests now. The server renames and
 * removes files while this reads (a blob's temporary file, an expired upload): one gone between the listing and its
 * reading is not there. A folder that does not exist holds nothing.
 */
export async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (folder: string) => {
    for (const e of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      const path = join(folder, e.name);
      if (e.isDirectory()) await walk(path);
      else {
        const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return null;
          throw err;
        });
        if (bytes) out.set(path, bytes);
      }
    }
  };
  await walk(dir);
  return out;
}
