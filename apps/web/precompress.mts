import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|wasm|map)$/;

async function* files(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    // .vite holds the manifest, which the server reads but never serves.
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(e.name)) yield path;
  }
}

/**
 * Writes `name.br` and `name.gz` beside every text file of the build, at the
 * strongest settings (paid once here, not per request), so the API's static
 * serving picks the variant the browser accepts. A variant that would not be
 * smaller than the file is not written, and the file is sent as it is.
 */
export function precompress({ minBytes = 1024 } = {}): Plugin {
  let outDir = '';
  return {
    name: 'tessera:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const jobs: Promise<void>[] = [];
      for await (const path of files(outDir)) {
        jobs.push(
          (async () => {
            const raw = await readFile(path);
            if (raw.length < minBytes) return;
            const [br, gzipped] = await Promise.all([
              brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
              gz(raw, { level: constants.Z_BEST_COMPRESSION }),
            ]);
            if (br.length < raw.length) await writeFile(`${path}.br`, br);
            if (gzipped.length < raw.length) await writeFile(`${path}.gz`, gzipped);
          })(),
        );
      }
      await Promise.all(jobs);
    },
  };
}
