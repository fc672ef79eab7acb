// Reads the web build's manifest (dist/apps/web/.vite/manifest.json) to say
// which scripts a page needs before it can run, and what they weigh on the
// wire. The bundle budget test (e2e/web-delivery.e2e.ts) and the web
// benchmark both ask it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The login page's first script may weigh this much, gzipped (issue 12: ≤ 350 kB). */
export const INITIAL_JS_BUDGET_KB_GZIP = 350;

export function readManifest(dist) {
  const path = join(dist, '.vite', 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build:web\` first`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A file's size as sent: the precompressed variant when the build wrote one, else the file itself. */
function wire(dist, file, ext, make) {
  const variant = join(dist, `${file}.${ext}`);
  return existsSync(variant) ? statSync(variant).size : make(readFileSync(join(dist, file))).length;
}

/**
 * The scripts the browser fetches before the entry runs: the entry chunk and
 * everything it imports statically (index.html preloads exactly these). Chunks
 * behind dynamic imports are not counted; they come when a page asks.
 */
export function initialScripts(dist, entry = 'index.html') {
  const manifest = readManifest(dist);
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no chunk ${key}`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit(entry);
  return [...seen].map((key) => {
    const file = manifest[key].file;
    return {
      key,
      file,
      bytes: statSync(join(dist, file)).size,
      gzipBytes: wire(dist, file, 'gz', (b) => gzipSync(b, { level: 9 })),
      brotliBytes: wire(dist, file, 'br', (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
    };
  });
}

/** Totals of `initialScripts`, in kB (1024 bytes). */
export function initialScriptWeight(dist, entry) {
  const scripts = initialScripts(dist, entry);
  const kb = (n) => Math.round((n / 1024) * 10) / 10;
  const sum = (f) => scripts.reduce((s, x) => s + x[f], 0);
  return { scripts, kb: kb(sum('bytes')), kbGzip: kb(sum('gzipBytes')), kbBrotli: kb(sum('brotliBytes')) };
}
