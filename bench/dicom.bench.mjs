// dicom: the DICOM viewer (libs/web/dicom-viewer) in headless Chromium with
// WebGL in software, on the demo CT's phantom (seeds/src/liver-ct.ts) at 300
// slices of 512 × 512, through the real system: the bundled API and worker
// ingest the upload (de-identification, ordering, the volume decision), and
// the asset's live page opens it through the signed-URL delivery, as a user
// does. BENCH_DICOM_REPEATS=n changes the repeat count (3).
//
// dicom.first_image_ms: navigation to the live page (signed in) until the
// viewer has drawn the middle slice (data-ready on its element) and two frames.
// dicom.volume_ready_ms: the same navigation until MPR is ready (MPR asked for
// with V as soon as the first image shows; ready = every slice in the volume
// and the three views drawn).
// dicom.scroll_frame_p95_ms: 100 ArrowDown presses, each from the keydown to
// the new slice drawn (data-slice) and a frame.
// dicom.brush_frame_p95_ms: a brush stroke of 60 pointer moves, each move to
// the next frame. dicom.seg_bytes_per_stroke: the JSON bytes of the ops the
// stroke sends (one slice's RLE).
// dicom.big_series_heap_mb: the page's JS heap (performance.memory) once a
// 1,000-slice 256 × 256 series has every slice loaded and MPR open.
// dicom.bare_cornerstone_first_image_ms: in the same run, a page with
// Cornerstone3D only (bench/dicom/bare-page.ts, built with Vite) opening the
// same signed URLs on the same origin, navigation to two frames after its
// first image.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { build as esbuild } from 'esbuild';
import { freePort, median, pct, round, sleep, startStack } from './support.mjs';

const REPEATS = Math.max(1, Number(process.env.BENCH_DICOM_REPEATS) || 3);
const DB = process.env.BENCH_DICOM_DB ?? 'tessera_bench_dicom';
const SERIES = { slices: 300, size: 512 };
const BIG = { slices: 1000, size: 256 };
const VIEWPORT = { width: 1600, height: 900 };
const TARGETS = { first: 1000, volume: 4000, scroll: 33, brush: 33 };
const MANAGER = 'manager@demo.local';
/** Each wait in the page gives up after this long (a stuck step fails the run rather than the whole bench hanging). */
const STEP_MS = Number(process.env.BENCH_DICOM_STEP_MS) || 180_000;
const started = Date.now();
const step = (what) => process.env.BENCH_DICOM_VERBOSE && console.log(`    [${round((Date.now() - started) / 1000, 1)} s] ${what}`);
const LABELS = [
  { id: 'liver', name: 'Liver', color: '#a0522d', tools: ['segment', 'rectangle', 'ellipse'] },
  { id: 'lesion', name: 'Lesion', color: '#ff4d4f', tools: ['segment', 'length', 'bidirectional'] },
];
const ARGS = [
  '--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu-vsync',
  '--disable-frame-rate-limit', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--enable-precise-memory-info',
];

/** seeds is TypeScript; bundle its CT generator for this script. */
async function loadSeeds(root, dir) {
  const out = join(dir, 'seeds.cjs');
  await esbuild({ entryPoints: [join(root, 'seeds/src/liver-ct.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, tsconfig: join(root, 'tsconfig.base.json'), logLevel: 'error' });
  return createRequire(import.meta.url)(out);
}

/** The bare Cornerstone page, built by Vite (it bundles the DICOM loader's worker and codecs as the app's build does). */
async function buildBarePage(root, dir) {
  const { build } = await import('vite');
  const outDir = join(dir, 'bare');
  await build({ root: join(root, 'bench/dicom'), base: '/bare/', logLevel: 'error', build: { outDir, emptyOutDir: true, rollupOptions: { input: join(root, 'bench/dicom/bare.html') } } });
  return outDir;
}

async function api(stack, token, method, path, body) {
  const res = await fetch(`${stack.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** A DICOM project with the series uploaded and ingested: its project and asset ids (one project per series: the seed's series share their UIDs). */
async function ingest(stack, token, seeds, name, spec) {
  const project = await api(stack, token, 'POST', '/projects', { name, mediaType: 'dicom' });
  await api(stack, token, 'PUT', `/projects/${project.id}/label-schema`, { basedOnVersion: project.schemaVersion, labelSchema: { labels: LABELS } });
  const form = new FormData();
  for (const f of seeds.liverCtSeries(spec)) form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
  const t0 = Date.now();
  const res = await fetch(`${stack.url}/api/v1/projects/${project.id}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  if (res.status >= 300) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const { dicomRunId } = await res.json();
  for (;;) {
    const run = await api(stack, token, 'GET', `/job-runs/${dicomRunId}`);
    if (run.state === 'failed') throw new Error(`ingest of ${name} failed: ${JSON.stringify(run).slice(0, 500)}`);
    if (run.state === 'succeeded') break;
    await sleep(500);
  }
  const assets = (await api(stack, token, 'GET', `/projects/${project.id}/assets`)).items;
  const asset = assets.find((a) => a.status === 'ready');
  if (!asset) throw new Error(`no ready asset in ${name}: ${JSON.stringify(assets).slice(0, 500)}`);
  console.log(`  ${name}: ${spec.slices} slices of ${spec.size}² uploaded and ingested in ${round((Date.now() - t0) / 1000, 1)} s; volume: ${asset.metadata?.volume}`);
  return { projectId: project.id, assetId: asset.id, volume: asset.metadata?.volume === true };
}

/**
 * One origin for the bare page and the API: /bare/ from the Vite build, the
 * rest passed to the API, so the signed URLs load as they do on Tessera's page.
 */
function bareOrigin(bareDir, apiUrl) {
  const target = new URL(apiUrl);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/bare/')) {
      const file = normalize(join(bareDir, path.slice('/bare/'.length) || 'bare.html'));
      if (!file.startsWith(bareDir) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
      return;
    }
    const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
}

/** Init script: when the viewer has drawn its first image, note the time two frames later. */
function readyProbe() {
  const mark = () => {
    const el = document.querySelector('[data-testid="dicom-viewport"][data-ready="true"]');
    if (el && window.__benchReadyAt === undefined) {
      window.__benchReadyAt = -1;
      requestAnimationFrame(() => requestAnimationFrame(() => (window.__benchReadyAt = performance.now())));
    }
  };
  new MutationObserver(mark).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
}

/** In the page: `count` ArrowDown presses, each timed from the key to the new slice shown and a frame. */
async function scrollSlices(count) {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const el = document.querySelector('[data-testid="dicom-viewport"]');
  const out = [];
  for (let i = 0; i < count; i++) {
    const before = Number(el.dataset.slice);
    const t0 = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', code: 'ArrowDown', bubbles: true, cancelable: true }));
    while (Number(el.dataset.slice) === before && performance.now() - t0 < 2000) await frame();
    await frame();
    out.push(performance.now() - t0);
  }
  return out;
}

async function signedIn(browser, stack) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  await page.goto(`${stack.url}/login`);
  await page.locator('input#email').fill(MANAGER);
  await page.locator('input#password').fill(process.env.TESSERA_DEMO_PASSWORD || 'demo-password');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
  return { context, page };
}

const keydown = (page, key) => page.evaluate((k) => window.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: k.length === 1 ? `Key${k.toUpperCase()}` : k, bubbles: true, cancelable: true })), key);

async function measure(browser, stack, series) {
  const { context, page } = await signedIn(browser, stack);
  try {
    await context.addInitScript(readyProbe);
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${stack.url}/projects/${series.projectId}/assets/${series.assetId}/live`, { waitUntil: 'commit' });
    step('live page opening');
    await page.waitForFunction(() => window.__benchReadyAt > 0, null, { polling: 50 });
    const firstMs = await page.evaluate(() => window.__benchReadyAt);
    step(`first image at ${round(firstMs)} ms; MPR asked for`);
    // MPR asked for at once: it is ready when every slice is in and its three views have drawn.
    await page.getByTestId('dicom-stage').focus();
    await keydown(page, 'v');
    await page.locator('[data-testid="dicom-viewport"][data-mpr-state="ready"]').waitFor();
    const volumeMs = await page.evaluate(() => performance.now());
    step(`MPR ready at ${round(volumeMs)} ms`);
    const mprDrawn = await page.evaluate(() => ['axial', 'sagittal', 'coronal'].every((v) => !!document.querySelector(`[data-testid="dicom-mpr-${v}"] canvas`)));
    await keydown(page, 'v');
    await page.locator('[data-testid="dicom-viewport"][data-segmentation="ready"]').waitFor();
    await keydown(page, 'Home');
    await page.waitForTimeout(300);
    step('scrolling');
    const scroll = await page.evaluate(scrollSlices, 100);
    step('brushing');

    // A brush stroke across the liver, each pointer move timed to the next frame.
    await keydown(page, 'b');
    const pts = await page.evaluate(() => {
      const v = globalThis.__dicomViewer;
      return Array.from({ length: 61 }, (_, i) => v.pagePointOf(150 + i * 2, 220 + Math.sin(i / 6) * 20));
    });
    await page.mouse.move(pts[0].x, pts[0].y);
    await page.mouse.down();
    const brush = [];
    for (const p of pts.slice(1)) {
      const t0 = Date.now();
      await page.mouse.move(p.x, p.y);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
      brush.push(Date.now() - t0);
    }
    await page.mouse.up();
    await page.waitForFunction(() => globalThis.__dicomViewer.lastStroke !== null);
    const stroke = await page.evaluate(() => globalThis.__dicomViewer.lastStroke);
    if (problems.length) console.log(`  page errors: ${problems.slice(0, 3).join('; ')}`);
    const r = { firstMs, volumeMs, mprDrawn, scrollP95: pct(scroll, 95), scrollMedian: median(scroll), brushP95: pct(brush, 95), brushMedian: median(brush), segBytes: stroke.bytes, strokeSlices: stroke.slices.length };
    console.log(`  Tessera: first image ${round(firstMs)} ms, MPR ready ${round(volumeMs)} ms (three views drawn: ${mprDrawn}); scroll frame median ${round(r.scrollMedian, 2)} p95 ${round(r.scrollP95, 2)} ms; brush frame median ${round(r.brushMedian, 2)} p95 ${round(r.brushP95, 2)} ms; ${r.segBytes} bytes for a stroke over ${r.strokeSlices} slice(s)`);
    return r;
  } finally {
    await context.close();
  }
}

/** The bare page on the same signed URLs (fetched for it, as Tessera's page fetches them). */
async function bare(browser, stack, token, bareBase, series) {
  const files = await api(stack, token, 'GET', `/assets/${series.assetId}/files`);
  const urls = files.items.filter((f) => f.kind === 'instance').map((f) => {
    const u = new URL(f.url, stack.url);
    return `${u.pathname}${u.search}`;
  });
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await context.addInitScript((list) => (window.__bareUrls = list), urls);
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    await page.goto(`${bareBase}/bare/bare.html`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bareFirstImageAt > 0 || window.__bareError, null, { polling: 50 });
    const error = await page.evaluate(() => window.__bareError);
    if (error) throw new Error(`bare page: ${error}`);
    const ms = await page.evaluate(() => window.__bareFirstImageAt);
    console.log(`  bare Cornerstone3D: first image ${round(ms)} ms`);
    return ms;
  } finally {
    await context.close();
  }
}

async function bigHeap(browser, stack, series) {
  const { context, page } = await signedIn(browser, stack);
  try {
    page.setDefaultTimeout(600_000);
    await page.goto(`${stack.url}/projects/${series.projectId}/assets/${series.assetId}/live`);
    await page.locator('[data-testid="dicom-viewport"][data-segmentation="ready"]').waitFor();
    const stackHeap = await page.evaluate(() => performance.memory.usedJSHeapSize / 1024 / 1024);
    let mprHeap = null;
    if (series.volume) {
      await page.getByTestId('dicom-stage').focus();
      await keydown(page, 'v');
      await page.locator('[data-testid="dicom-viewport"][data-mpr-state="ready"]').waitFor();
      await page.waitForTimeout(1000);
      mprHeap = await page.evaluate(() => performance.memory.usedJSHeapSize / 1024 / 1024);
    }
    return { stackHeap, mprHeap };
  } finally {
    await context.close();
  }
}

export async function run({ root }) {
  const web = join(root, 'dist/apps/web');
  if (!process.env.BENCH_DICOM_NO_BUILD) {
    const b = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0 || !existsSync(join(web, 'index.html'))) throw new Error('npm run build:web failed');
  }
  const dir = await mkdtemp(join(tmpdir(), 'tessera-dicom-bench-'));
  const stack = await startStack({ root, db: DB, worker: true, env: { WEB_DIST: web } });
  let browser;
  let proxy;
  try {
    const seeds = await loadSeeds(root, dir);
    const bareDir = await buildBarePage(root, dir);
    const token = await stack.login(MANAGER);
    const ct = await ingest(stack, token, seeds, 'Bench CT 300', SERIES);
    const big = await ingest(stack, token, seeds, 'Bench CT 1000', BIG);
    proxy = bareOrigin(bareDir, stack.url);
    const port = await freePort();
    await new Promise((ok, fail) => proxy.once('error', fail).listen(port, '127.0.0.1', ok));
    const bareBase = `http://127.0.0.1:${port}`;
    const { chromium } = await import('playwright-core');
    const load = [loadavg()[0]];
    const runs = [];
    let version = '';
    for (let i = 0; i < REPEATS; i++) {
      console.log(`  run ${i + 1}/${REPEATS}`);
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
      version = browser.version();
      try {
        const r = await measure(browser, stack, ct);
        r.bareMs = await bare(browser, stack, token, bareBase, ct);
        runs.push(r);
      } finally {
        await browser.close();
        browser = undefined;
      }
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    const heap = await bigHeap(browser, stack, big);
    await browser.close();
    browser = undefined;
    load.push(loadavg()[0]);
    const m = (k) => median(runs.map((r) => r[k]));
    const metrics = {
      'dicom.first_image_ms': round(m('firstMs')),
      'dicom.volume_ready_ms': round(m('volumeMs')),
      'dicom.scroll_frame_p95_ms': round(m('scrollP95'), 2),
      'dicom.brush_frame_p95_ms': round(m('brushP95'), 2),
      'dicom.seg_bytes_per_stroke': m('segBytes'),
      'dicom.big_series_heap_mb': round(heap.mprHeap ?? heap.stackHeap),
      'dicom.bare_cornerstone_first_image_ms': round(m('bareMs')),
    };
    const per = (k, d = 1) => runs.map((r) => round(r[k], d)).join(' / ');
    const met = (v, t) => (v <= t ? 'met' : 'NOT met');
    const notes = [
      `per run: first image ${per('firstMs')} ms; MPR ready ${per('volumeMs')} ms; bare Cornerstone first image ${per('bareMs')} ms; scroll frame p95 ${per('scrollP95', 2)} ms; brush frame p95 ${per('brushP95', 2)} ms`,
      `targets: first image ≤ ${TARGETS.first}: ${met(metrics['dicom.first_image_ms'], TARGETS.first)}; MPR ready ≤ ${TARGETS.volume}: ${met(metrics['dicom.volume_ready_ms'], TARGETS.volume)}; scroll frame p95 ≤ ${TARGETS.scroll}: ${met(metrics['dicom.scroll_frame_p95_ms'], TARGETS.scroll)}; brush frame p95 ≤ ${TARGETS.brush}: ${met(metrics['dicom.brush_frame_p95_ms'], TARGETS.brush)}`,
      `1,000-slice ${BIG.size}² series (volume: ${big.volume}): JS heap ${round(heap.stackHeap)} MB with every slice loaded, ${heap.mprHeap === null ? 'no MPR' : `${round(heap.mprHeap)} MB with MPR open`} (performance.memory; pixel buffers outside the JS heap are not in it)`,
      `series: the demo CT phantom, ${SERIES.slices} slices of ${SERIES.size}×${SERIES.size}, uploaded to and ingested by the real API and worker, opened on the asset's live page through signed URLs (first image and MPR times are from the navigation, signed in); the bare page gets the same signed URLs on the same origin (through a pass-through proxy) and no app; viewport ${VIEWPORT.width}×${VIEWPORT.height}, headless Chromium ${version} with SwiftShader WebGL; load average ${load.map((x) => round(x, 2)).join(' → ')} on ${cpus().length} CPUs`,
    ];
    return { metrics, notes };
  } finally {
    await browser?.close();
    if (proxy) await new Promise((ok) => proxy.close(() => ok()));
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
