import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '@tessera/server/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the build's own script (tools/ is no project): the test measures what the build measures.
import { INITIAL_JS_BUDGET_KB_GZIP, initialScriptWeight, readManifest } from '../tools/web-bundle.mjs';

/**
 * How the built web app and the API travel: the login page's first script
 * within its budget, the editors and other pages outside it, every build file
 * precompressed and sent in the encoding the client accepts (bytes equal to
 * the file once decoded), hashed names cached for good and index.html never,
 * API answers compressed on the fly, and the realtime socket offering
 * per-message deflate. Needs `npm run build:web` (npm test runs it first).
 */

const DIST = join(__dirname, '../dist/apps/web');
const IMMUTABLE = 'public, max-age=31536000, immutable';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ web: true });
});
afterAll(() => server?.close());

/** A GET whose body is left as sent: Node's fetch would decode it, and hide what travelled. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (encoding: string | undefined, body: Buffer) =>
  encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;

it('keeps the login page’s first script within its budget, and the editors out of it', () => {
  const weight = initialScriptWeight(DIST);
  // The figure, for whoever reads the test log (the web benchmark records it too).
  console.log(`login page first script: ${weight.scripts.length} files, ${weight.kb} kB, ${weight.kbGzip} kB gzip, ${weight.kbBrotli} kB brotli (budget ${INITIAL_JS_BUDGET_KB_GZIP} kB gzip)`);
  expect(weight.kbGzip).toBeLessThanOrEqual(INITIAL_JS_BUDGET_KB_GZIP);

  const manifest = readManifest(DIST);
  const initial = new Set(weight.scripts.map((s) => s.key));
  const lazyOnes = Object.entries(manifest).filter(([, c]) => c.isDynamicEntry).map(([key]) => key);
  // Every page past the login form and every editor is a chunk of its own, outside the first script.
  for (const page of ['src/tasks/MyTasksPage.tsx', 'src/tasks/TaskPage.tsx', 'src/projects/ProjectEditPage.tsx', 'src/annotations/editors/ImageEditor.tsx']) {
    expect(lazyOnes).toContain(page);
    expect(initial.has(page)).toBe(false);
  }
  // Konva (the image editor's canvas) and zod (the contracts) come with the pages that need them.
  const firstScript = weight.scripts.map((s) => readFileSync(join(DIST, s.file), 'utf8')).join('\n');
  expect(firstScript).not.toMatch(/Konva/);
  expect(firstScript).not.toMatch(/ZodError/);
});

it('serves every build file precompressed in the accepted encoding, equal to the file once decoded', async () => {
  const manifest = readManifest(DIST);
  const files = [...new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]))];
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const original = readFileSync(join(DIST, file));
    for (const [accept, expected] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
      const res = await rawGet(`/${file}`, { 'accept-encoding': accept });
      expect(res.status).toBe(200);
      // Precompressed at build, or (a file under the build's 1 kB floor) compressed as it is sent.
      expect({ file, accept, encoding: res.headers['content-encoding'] }).toEqual({ file, accept, encoding: expected });
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      expect(decode(res.headers['content-encoding'] as string | undefined, res.body).equals(original)).toBe(true);
      if (expected && original.length >= 1024) {
        expect(res.body.length).toBeLessThan(original.length);
        // The variant the build wrote, byte for byte: no work per request.
        expect(res.body.equals(readFileSync(join(DIST, `${file}.${expected === 'br' ? 'br' : 'gz'}`)))).toBe(true);
      }
    }
  }
});

it('sends index.html, for any page of the app, with no-cache and compressed', async () => {
  const original = readFileSync(join(DIST, 'index.html'));
  for (const path of ['/', '/login', '/tasks', '/index.html']) {
    const res = await rawGet(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-encoding']).toBe('br');
    expect(decode('br', res.body).equals(original)).toBe(true);
  }
  // The build's manifest is for the build's readers, not for browsers.
  expect((await rawGet('/.vite/manifest.json')).status).toBe(404);
});

it('compresses API answers on the fly, and leaves them plain for a client that does not ask', async () => {
  const plain = await rawGet('/api/openapi.json');
  expect(plain.headers['content-encoding']).toBeUndefined();
  const document = JSON.parse(plain.body.toString('utf8'));
  expect(document.openapi).toBe('3.1.0');
  for (const encoding of ['br', 'gzip']) {
    const res = await rawGet('/api/openapi.json', { 'accept-encoding': encoding });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.body.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(decode(encoding, res.body).toString('utf8'))).toEqual(document);
  }
  // A problem+json answer too small to gain goes as it is.
  const problem = await rawGet('/api/v1/no-such-thing', { 'accept-encoding': 'br, gzip' });
  expect(problem.status).toBe(404);
  expect(problem.headers['content-encoding']).toBeUndefined();
});

it('offers per-message deflate on the realtime socket', async () => {
  const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
    const req = request(`${server.url}/sync/?EIO=4&transport=websocket`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('tessera-test-key').toString('base64'),
        'sec-websocket-extensions': 'permessage-deflate; client_max_window_bits',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.headers);
    });
    req.on('response', (res) => reject(new Error(`no upgrade: HTTP ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
  expect(String(headers['sec-websocket-extensions'])).toMatch(/permessage-deflate/);
  expect(String(headers['sec-websocket-extensions'])).toMatch(/server_no_context_takeover/);
});
