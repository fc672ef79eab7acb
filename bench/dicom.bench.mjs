// dicom: the DICOM viewer (libs/web/dicom-viewer) in headless Chromium with
// WebGL in software, on the demo CT's phantom at 300 slices of 512 × 512
// (seeds/src/liver-ct.ts), written as Part-10 files into a temporary folder
// and served over HTTP beside the web build; the playground page opens them
// through Cornerstone's wadouri loader, as the task page opens signed URLs.
//
// dicom.first_image_ms: navigation start until the viewer has drawn the
// middle slice (data-ready on its element) and two frames later.
// dicom.scroll_frame_p95_ms: 100 ArrowDown presses, each from the keydown to
// the new slice drawn (IMAGE_RENDERED shows as data-slice) and a frame.
// dicom.brush_frame_p95_ms: a brush stroke of 60 pointer moves, each move to
// the next frame. dicom.seg_bytes_per_stroke: the JSON bytes of the ops a
// stroke sends (one slice's RLE). dicom.big_series_heap_mb: the page's JS heap
// (performance.memory) once every slice of a 1,000-slice 256 × 256 series has
// loaded.
//
// Not measured yet: the series through the real API (signed URLs, ingest),
// dicom.volume_ready_ms (no MPR yet) and dicom.bare_cornerstone_first_image_ms
// (no bare page yet). BENCH_DICOM_REPEATS=n changes the repeat count (3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { staticServer } from './canvas.bench.mjs';
import { freePort, median, pct, round } from './support.mjs';

const REPEATS = Math.max(1, Number(process.env.BENCH_DICOM_REPEATS) || 3);
const SERIES = { slices: 300, size: 512 };
const BIG = { slices: 1000, size: 256 };
const VIEWPORT = { width: 1600, height: 900 };
const TARGETS = { first: 1000, scroll: 33, brush: 33 };
const ARGS = [
  '--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu-vsync',
  '--disable-frame-rate-limit', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--enable-precise-memory-info',
];

/** seeds is TypeScript; bundle its CT generator for this script. */
async function loadSeeds(root, dir) {
  const out = join(dir, 'seeds.cjs');
  await build({ entryPoints: [join(root, 'seeds/src/liver-ct.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, tsconfig: join(root, 'tsconfig.base.json'), logLevel: 'error' });
  return createRequire(import.meta.url)(out);
}

function writeSeries(seeds, dir, name, spec) {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const urls = [];
  for (const f of seeds.liverCtSeries(spec)) {
    writeFileSync(join(folder, f.name), f.bytes);
    urls.push(`/series/${name}/${f.name}`);
  }
  writeFileSync(join(folder, 'list.json'), JSON.stringify(urls));
  return `/series/${name}/list.json`;
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

async function measure(browser, base, list) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await context.addInitScript(readyProbe);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.setDefaultTimeout(180_000);
    await page.goto(`${base}/playground/dicom-viewer?series=${encodeURIComponent(list)}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__benchReadyAt > 0, null, { polling: 50 });
    const firstMs = await page.evaluate(() => window.__benchReadyAt);
    await page.locator('[data-testid="dicom-viewport"][data-segmentation="ready"]').waitFor();
    const allLoadedMs = await page.evaluate(() => performance.now());
    await page.getByTestId('dicom-stage').focus();
    await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', code: 'Home', bubbles: true, cancelable: true })));
    await page.waitForTimeout(300);
    const scroll = await page.evaluate(scrollSlices, 100);

    // A brush stroke across the liver, each pointer move timed to the next frame.
    await page.keyboard.press('b');
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
    const r = { firstMs, allLoadedMs, scrollP95: pct(scroll, 95), scrollMedian: median(scroll), brushP95: pct(brush, 95), brushMedian: median(brush), segBytes: stroke.bytes, strokeSlices: stroke.slices.length };
    console.log(`  first image ${round(firstMs)} ms, every slice ${round(allLoadedMs)} ms; scroll frame median ${round(r.scrollMedian, 2)} p95 ${round(r.scrollP95, 2)} ms; brush frame median ${round(r.brushMedian, 2)} p95 ${round(r.brushP95, 2)} ms; ${r.segBytes} bytes for a stroke over ${r.strokeSlices} slice(s)`);
    return r;
  } finally {
    await context.close();
  }
}

async function bigHeap(browser, base, list) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`${base}/playground/dicom-viewer?series=${encodeURIComponent(list)}`);
    await page.locator('[data-testid="dicom-viewport"][data-segmentation="ready"]').waitFor();
    await page.waitForTimeout(1000);
    return page.evaluate(() => performance.memory.usedJSHeapSize / 1024 / 1024);
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
  const server = staticServer([{ prefix: '/series/', dir }, { prefix: '/', dir: web, spa: true }]);
  let browser;
  try {
    const seeds = await loadSeeds(root, dir);
    const list = writeSeries(seeds, dir, 'ct300', SERIES);
    const bigList = writeSeries(seeds, dir, 'ct1000', BIG);
    const port = await freePort();
    await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${port}`;
    const { chromium } = await import('playwright-core');
    const load = [loadavg()[0]];
    const runs = [];
    let version = '';
    for (let i = 0; i < REPEATS; i++) {
      console.log(`  run ${i + 1}/${REPEATS}`);
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
      version = browser.version();
      try {
        runs.push(await measure(browser, base, list));
      } finally {
        await browser.close();
        browser = undefined;
      }
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    const heap = await bigHeap(browser, base, bigList);
    await browser.close();
    browser = undefined;
    load.push(loadavg()[0]);
    const m = (k) => median(runs.map((r) => r[k]));
    const metrics = {
      'dicom.first_image_ms': round(m('firstMs')),
      'dicom.scroll_frame_p95_ms': round(m('scrollP95'), 2),
      'dicom.brush_frame_p95_ms': round(m('brushP95'), 2),
      'dicom.seg_bytes_per_stroke': m('segBytes'),
      'dicom.big_series_heap_mb': round(heap),
    };
    const per = (k, d = 1) => runs.map((r) => round(r[k], d)).join(' / ');
    const met = (v, t) => (v <= t ? 'met' : 'NOT met');
    const notes = [
      `per run: first image ${per('firstMs')} ms; every slice loaded ${per('allLoadedMs')} ms; scroll frame p95 ${per('scrollP95', 2)} ms; brush frame p95 ${per('brushP95', 2)} ms`,
      `targets: dicom.first_image_ms ≤ ${TARGETS.first}: ${met(metrics['dicom.first_image_ms'], TARGETS.first)}; dicom.scroll_frame_p95_ms ≤ ${TARGETS.scroll}: ${met(metrics['dicom.scroll_frame_p95_ms'], TARGETS.scroll)}; dicom.brush_frame_p95_ms ≤ ${TARGETS.brush}: ${met(metrics['dicom.brush_frame_p95_ms'], TARGETS.brush)}`,
      `series: the demo CT phantom, ${SERIES.slices} slices of ${SERIES.size}×${SERIES.size} (and ${BIG.slices} of ${BIG.size}×${BIG.size} for the heap), served over HTTP from a folder beside the web build; viewport ${VIEWPORT.width}×${VIEWPORT.height}, headless Chromium ${version} with SwiftShader WebGL; load average ${load.map((x) => round(x, 2)).join(' → ')} on ${cpus().length} CPUs`,
      'not measured yet: the series through the real API and its signed URLs, dicom.volume_ready_ms (no MPR yet), dicom.bare_cornerstone_first_image_ms (no bare Cornerstone page yet)',
    ];
    return { metrics, notes };
  } finally {
    await browser?.close();
    await new Promise((ok) => server.close(() => ok()));
    await rm(dir, { recursive: true, force: true });
  }
}
