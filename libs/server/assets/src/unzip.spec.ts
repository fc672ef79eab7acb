import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unsafeEntry } from '@tessera/formats';
import { zip } from '@tessera/server/testing';
import { ARCHIVE_LIMITS, walkArchive } from './unzip';

/** The upload's unzip and the import reader (libs/formats) refuse the same entry names. */
const UNSAFE = ['/etc/passwd.png', '\\windows\\evil.png', '\\\\host\\share\\x.png', 'C:evil.png', 'c:\\evil.png', '../up.png', 'a/../../up.png', 'a\\..\\..\\up.png', 'ok.png\0.exe', 'dir/\0hidden.png'];
const SAFE = ['photo.png', 'a/b/c.png', 'a\\b.png', 'dots..png', 'x/..y/z.png'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-unzip-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('skips every entry whose name the import reader calls unsafe, a leading backslash and a NUL byte included, and takes the rest', async () => {
  const path = join(dir, 'mixed.zip');
  await writeFile(path, zip([...UNSAFE, ...SAFE].map((name) => ({ name, data: `bytes of ${name}` }))));
  const taken: string[] = [];
  const { skipped } = await walkArchive(path, ARCHIVE_LIMITS, async (name, stream) => {
    taken.push(name);
    stream.resume();
    await new Promise((r) => stream.once('end', r));
  });
  expect(taken.sort()).toEqual([...SAFE].sort());
  expect(skipped.map((s) => [s.name, s.code]).sort()).toEqual(UNSAFE.map((n) => [n, 'zip.unsafe_path']).sort());
  // One rule in both places.
  for (const name of UNSAFE) expect(unsafeEntry(name)).toMatch(/unsafe path/);
  for (const name of SAFE) expect(unsafeEntry(name)).toBeNull();
});
