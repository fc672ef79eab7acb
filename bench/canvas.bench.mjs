// canvas: the image editor with a big scene, 10,000 polygons of 20 vertices on
// a 4000×3000 picture, in headless Chromium. How long it takes to open (until
// the editor says every object is drawn), and how long each frame takes while
// panning and zooming; the same scene in @annotorious/annotorious 3 (the
// vanilla image annotator in a CSS-transform zoom container) the same way, in
// the same run.
//
// The open is timed in a browser with its usual frame cap; the frames in a
// second one without it (see measure()).
//
// Frame time, per interaction step, inside the page: await a rAF, t0, dispatch
// the step's synthetic event (a 20 px pointermove of a middle-button drag, or a
// wheel of deltaY ±100 at the cursor), await two rAFs, now − t0. Chromium runs
// without vsync and frame-rate limit, so rAF is not quantised to 16.7 ms, and
// the second rAF comes only once the frame the first one produced is done
// (SVG pays in style, layout and paint after the rAF callbacks). A 1 px ticker
// keeps frames coming back to back (see drive()); the idle step, nothing sent,
// is reported as the floor.
//
// Tessera's page has one object selected and one other person in the room
// (the playground's select=1&peer=1: a peer cursor moving at 20 Hz, another
// object selected). A second scene of 50,000 polygons (tessera_50k, metrics
// suffixed _50k) is run on Tessera only: SVG at that count takes minutes.
//
// canvas.bare_open_ms, with Tessera's side: the same scene drawn once with
// nothing else (bench/canvas/bare-page.ts), opened the same way: the floor of
// the open on this machine's browser, as the dicom bench's bare page is the
// floor of its first image.
//
// Settle: after the steps, six single wheel notches at the centre (in, in,
// in, out, out, out: it ends at fit), each followed by 700 ms in which the
// editor redraws its settled bitmap; the longest main-thread task seen then
// (PerformanceObserver 'longtask': tasks over 50 ms, 0 when none) is
// canvas.settle_longest_task_ms. Long tasks during the open and the steps
// are noted too.
//
// The picture: made once per run by the playground's own generator
// (bench/canvas/picture-page.ts), served as a JPEG file, and downloaded by every
// page (?picture=), as an annotator's task page downloads its asset. Until
// 2026-12-05 each page made the 12-megapixel picture itself while it opened
// (drawn and encoded in a worker): far more CPU than a download, on the same
// two cores. BENCH_CANVAS_PICTURE=made measures that way again, for comparison.
//
// BENCH_CANVAS_SIDES=annotorious (or tessera, tessera_50k, comma-separated)
// runs some sides only; BENCH_CANVAS_REPEATS=n changes the repeat count (3).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTRA_CHROMIUM_ARGS, freePort, isFile, median, pct, round, sleep, staticServer } from './support.mjs';

const SCENE = { objects: 10_000, vertices: 20, width: 4000, height: 3000, seed: 1 };
const SCENE_50K = { ...SCENE, objects: 50_000 };
const PICTURE_MADE = process.env.BENCH_CANVAS_PICTURE === 'made';
/** Where the pages download the scene's picture from (both scenes share it: same size and seed). */
export const PICTURE = '/picture/scene.jpg';
const query = (scene) =>
  new URLSearchParams([...Object.entries(scene).map(([k, v]) => [k, String(v)]), ...(PICTURE_MADE ? [] : [['picture', PICTURE]])]).toString();
const QUERY = query(SCENE);
const ROOM = 'select=1&peer=1';
const REPEATS = Math.max(1, Number(process.env.BENCH_CANVAS_REPEATS) || 3);
const SIDES = (process.env.BENCH_CANVAS_SIDES ?? 'tessera,annotorious,tessera_50k').split(',').map((s) => s.trim()).filter(Boolean);
const VIEWPORT = { width: 1600, height: 900 };
const READY_TIMEOUT_MS = 120_000;
/** Measured steps stop after this long in one run (SVG at 10k objects can be slow per step). */
const STEP_BUDGET_MS = 60_000;
const LONG_FRAME_MS = 50;
const TARGET_MEDIAN_MS = 16;
const TARGET_P95_MS = 33;
const TARGET_OPEN_MS = 700;

const SIDE = {
  tessera: { label: 'Tessera', path: `/playground/image-annotator?${QUERY}&${ROOM}`, prefix: '', suffix: '', tessera: true, scene: SCENE },
  annotorious: { label: 'annotorious', path: `/annotorious/?${QUERY}`, prefix: 'annotorious_', suffix: '', tessera: false, scene: SCENE },
  tessera_50k: { label: 'Tessera 50k', path: `/playground/image-annotator?${query(SCENE_50K)}&${ROOM}`, prefix: '', suffix: '_50k', tessera: true, scene: SCENE_50K },
};

// ---- the interaction script ---------------------------------------------------
// Ops: wheel {fx, fy, deltaY} at a point given as a fraction of the stage;
// down {fx, fy} presses the middle button there, move {dx, dy} drags by pixels,
// up releases. `measure` marks the steps whose frame time counts.

const wheel = (at, deltaY, n, measure) => Array.from({ length: n }, () => ({ op: 'wheel', fx: at[0], fy: at[1], deltaY, measure }));
const drag = (at, d, n, measure) => [
  { op: 'down', fx: at[0], fy: at[1] },
  ...Array.from({ length: n }, () => ({ op: 'move', dx: d[0], dy: d[1], measure })),
  ...Array.from({ length: n }, () => ({ op: 'move', dx: -d[0], dy: -d[1], measure })),
  { op: 'up' },
];

/** Six blocks; each pans at fit, zooms in k notches about a point, pans there, zooms back out: 120 pan and 60 zoom steps, ending where it began. */
function script() {
  const blocks = [
    { k: 4, at: [0.5, 0.5], d: [20, 0] },
    { k: 6, at: [0.35, 0.4], d: [0, 20] },
    { k: 8, at: [0.65, 0.6], d: [-14, 14] },
    { k: 4, at: [0.4, 0.65], d: [-20, 0] },
    { k: 6, at: [0.6, 0.35], d: [0, -20] },
    { k: 2, at: [0.5, 0.45], d: [14, -14] },
  ];
  const steps = [];
  for (const { k, at, d } of blocks) {
    steps.push(...drag(at, d, 5, true));
    steps.push(...wheel(at, -100, k, true));
    steps.push(...drag(at, [d[1], -d[0]], 5, true));
    steps.push(...wheel(at, 100, k, true));
  }
  return steps;
}
const STEPS = script();
const COUNTS = { pan: STEPS.filter((s) => s.op === 'move').length, zoom: STEPS.filter((s) => s.op === 'wheel').length };
// Warm-up in two halves, a screenshot between them proves the view moved.
const WARM_OUT = [...wheel([0.5, 0.5], -100, 3, false), { op: 'down', fx: 0.5, fy: 0.5 }, ...Array.from({ length: 5 }, () => ({ op: 'move', dx: 20, dy: 10 }))];
const WARM_BACK = [...Array.from({ length: 5 }, () => ({ op: 'move', dx: -20, dy: -10 })), { op: 'up' }, ...wheel([0.5, 0.5], 100, 3, false)];
const IDLE = Array.from({ length: 20 }, () => ({ op: 'idle', measure: true }));

/**
 * Runs in the page: sends the ops as synthetic pointer/mouse/wheel events to
 * the element under the cursor inside the stage (they bubble to the stage and
 * the window, as real ones do) and times the measured ones.
 */
async function drive({ ops, budgetMs }) {
  const stage = document.querySelector('[data-testid="annotator-stage"]');
  if (!stage) throw new Error('no [data-testid="annotator-stage"] element');
  const rect = stage.getBoundingClientRect();
  const p = (window.__benchPointer ??= { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, buttons: 0, noMouse: false });
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  // Without vsync Chromium makes frames back to back only while something
  // changes; a frame without damage waits ~17 ms. A 1 px composited ticker that
  // changes every frame keeps them coming, on both pages alike.
  if (!window.__benchTicker) {
    const t = (window.__benchTicker = document.createElement('div'));
    t.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;background:#000;pointer-events:none;z-index:2147483647;will-change:opacity';
    document.body.append(t);
    let n = 0;
    const tick = () => {
      t.style.opacity = ++n & 1 ? '0.99' : '1';
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }
  const at = () => {
    const el = document.elementFromPoint(p.x, p.y);
    return el && stage.contains(el) ? el : stage;
  };
  const base = () => ({ bubbles: true, cancelable: true, composed: true, view: window, clientX: p.x, clientY: p.y, screenX: p.x, screenY: p.y, buttons: p.buttons });
  const pointer = (type, button) => {
    const target = at();
    const ok = target.dispatchEvent(new PointerEvent(type, { ...base(), button, pointerId: 1, pointerType: 'mouse', isPrimary: true, width: 1, height: 1, pressure: p.buttons ? 0.5 : 0 }));
    // Compatibility mouse events, unless a cancelled pointerdown suppressed them until pointerup.
    if (type === 'pointerdown' && !ok) p.noMouse = true;
    if (!p.noMouse) target.dispatchEvent(new MouseEvent(type.replace('pointer', 'mouse'), { ...base(), button: Math.max(0, button) }));
    if (type === 'pointerup') p.noMouse = false;
  };
  const send = (s) => {
    if (s.op === 'down') {
      p.x = rect.left + s.fx * rect.width;
      p.y = rect.top + s.fy * rect.height;
      p.buttons = 4;
      pointer('pointerdown', 1);
    } else if (s.op === 'move') {
      p.x += s.dx;
      p.y += s.dy;
      pointer('pointermove', -1);
    } else if (s.op === 'up') {
      p.buttons = 0;
      pointer('pointerup', 1);
    } else if (s.op === 'wheel') {
      p.x = rect.left + s.fx * rect.width;
      p.y = rect.top + s.fy * rect.height;
      at().dispatchEvent(new WheelEvent('wheel', { ...base(), deltaX: 0, deltaY: s.deltaY, deltaMode: 0 }));
    }
  };
  const out = [];
  let skipped = 0;
  const started = performance.now();
  for (const s of ops) {
    if (s.measure && performance.now() - started > budgetMs) {
      skipped++;
      continue;
    }
    await frame();
    const t0 = performance.now();
    send(s);
    await frame();
    await frame();
    if (s.measure) out.push({ kind: s.op, ms: performance.now() - t0 });
  }
  return { steps: out, skipped, elapsedMs: performance.now() - started };
}

/** The renderer main thread's top-level tasks in a Chromium trace: the longest by wall and by CPU time (ms), and how many ran over 50 ms of wall time. */
function mainThreadTasks(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  let longestWall = 0;
  let longestCpu = 0;
  let over50 = 0;
  for (const e of events) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') || !main.has(`${e.pid}:${e.tid}`)) continue;
    const wall = (e.dur ?? 0) / 1000;
    longestWall = Math.max(longestWall, wall);
    longestCpu = Math.max(longestCpu, (e.tdur ?? 0) / 1000);
    if (wall > LONG_FRAME_MS) over50++;
  }
  return { longestWall, longestCpu, over50 };
}

/** Two CSS transforms `translate(Xpx, Ypx) scale(S)` that differ by rounding only. */
function sameView(a, b) {
  const nums = (t) => (t ?? '').match(/-?[\d.]+(e-?\d+)?/g)?.map(Number) ?? [];
  const [x, y] = [nums(a), nums(b)];
  return x.length === y.length && x.every((v, i) => Math.abs(v - y[i]) < 0.5);
}

/** Init script: when the ready flag appears, note the time since navigation start; collect long tasks. */
function readyProbe() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no Long Tasks API */
  }
  const mark = () => {
    const d = document.documentElement;
    if (d && d.dataset.annotatorReady === 'true' && window.__benchReadyAt === undefined) window.__benchReadyAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-annotator-ready'] });
}

// ---- the comparison pages -------------------------------------------------------

const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>annotorious: canvas benchmark</title>
<link rel="stylesheet" href="page.css">
<style>
html, body { margin: 0; height: 100%; overflow: hidden; background: #1f1f1f; }
#stage { position: fixed; inset: 0; overflow: hidden; touch-action: none; }
#zoom { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
</style>
</head>
<body>
<div id="stage" data-testid="annotator-stage"><div id="zoom"><img id="image" alt="scene"></div></div>
<script type="module" src="page.js"></script>
</body>
</html>
`;

const BARE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The scene drawn once: canvas benchmark</title>
<style>html, body { margin: 0; height: 100%; overflow: hidden; background: #1f1f1f; } #stage { position: fixed; inset: 0; }</style>
</head>
<body>
<div id="stage" data-testid="annotator-stage"></div>
<script type="module" src="page.js"></script>
</body>
</html>
`;

/** A comparison page (bench/canvas/<entry>.ts) bundled by esbuild into `dir`, with its HTML. */
async function buildPage(root, dir, entry, html) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: { page: join(root, `bench/canvas/${entry}.ts`) },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    outdir: dir,
    logLevel: 'warning',
  });
  await writeFile(join(dir, 'index.html'), html);
}

/** The scene's picture as the playground makes it, written once to `dir`/scene.jpg for the pages to download. */
export async function makePicture(root, dir, base, launch) {
  const pageDir = join(dir, 'maker');
  await buildPage(root, pageDir, 'picture-page', '<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>');
  const browser = await launch(false);
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/picture/maker/?${new URLSearchParams(Object.entries(SCENE).map(([k, v]) => [k, String(v)]))}`);
    const dataUrl = await page.evaluate(() => window.scenePictureDataUrl);
    const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('the scene picture is not a JPEG');
    await writeFile(join(dir, 'scene.jpg'), bytes);
    return { bytes: bytes.length };
  } finally {
    await browser.close();
    await rm(pageDir, { recursive: true, force: true });
  }
}

// ---- one run of one side ----------------------------------------------------------

/** `side`'s page (a side's name, or its label and path) opened in a new context of `browser`, once it says it is ready: the page, and the open's time and long tasks. */
async function openPage(browser, base, side, problems) {
  const { label, path } = typeof side === 'string' ? SIDE[side] : side;
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await context.addInitScript(readyProbe);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.setDefaultTimeout(READY_TIMEOUT_MS);
    await page.goto(base + path, { waitUntil: 'commit' });
    // Polls until the flag (or the page's own error) shows; a navigation of the
    // page (a redirect to the login page) ends a wait early, so wait again.
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const left = deadline - Date.now();
      try {
        if (left <= 0) throw new Error('timeout');
        await page.waitForFunction(() => window.__benchReadyAt !== undefined || document.documentElement?.dataset.annotatorError, null, { timeout: left, polling: 250 });
        break;
      } catch (e) {
        if (left > 0 && !/timeout/i.test(`${e?.name} ${e?.message}`)) {
          await sleep(250);
          continue;
        }
        throw new Error(
          `${label}: ${base + path} never set document.documentElement.dataset.annotatorReady = 'true' within ${READY_TIMEOUT_MS / 1000} s (the page is at ${page.url()})${problems.length ? `; ${problems.slice(0, 5).join('; ')}` : ''}`,
        );
      }
    }
    const { readyAt, error } = await page.evaluate(() => ({ readyAt: window.__benchReadyAt, error: document.documentElement.dataset.annotatorError }));
    if (error) throw new Error(`${label}: the page failed: ${error}`);
    if (!(await page.locator('[data-testid="annotator-stage"]').count())) throw new Error(`${label}: no [data-testid="annotator-stage"] element`);
    const openTasks = await page.evaluate(() => window.__longTasks.filter((t) => t.start < window.__benchReadyAt));
    return { context, page, readyAt, openTasks };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/**
 * The open is timed in `capped` (a browser with its usual frame cap, as people have it); the frames in
 * `uncapped`, whose frames are not held to the display's rate, so frame times under 16 ms can be seen.
 * Opened without the cap, the playground's loading spinner made frames as fast as the compositor could,
 * and its threads took a core from the page's own work on two cores (as text.bench.mjs found for the
 * text editor). Both sides are opened the same way.
 */
async function measure(capped, uncapped, base, side) {
  const { label } = SIDE[side];
  const problems = [];
  const opened = await openPage(capped, base, side, problems);
  const { readyAt, openTasks } = opened;
  await opened.context.close();
  const { context, page, readyAt: uncappedOpenMs } = await openPage(uncapped, base, side, problems);
  try {
    // Let whatever the editor does after its first full draw settle.
    await page.waitForTimeout(500);
    const transform = () => page.evaluate(() => document.querySelector('#zoom')?.style.transform ?? null);
    const shot = () => page.locator('[data-testid="annotator-stage"]').screenshot({ animations: 'disabled' });

    const idle = await page.evaluate(drive, { ops: IDLE, budgetMs: Infinity });
    const before = await shot();
    const t0 = await transform();
    await page.evaluate(drive, { ops: WARM_OUT, budgetMs: Infinity });
    const moved = !before.equals(await shot());
    const t1 = await transform();
    await page.evaluate(drive, { ops: WARM_BACK, budgetMs: Infinity });
    const run = await page.evaluate(drive, { ops: STEPS, budgetMs: STEP_BUDGET_MS });
    const t2 = await transform();

    const runTasks = await page.evaluate(() => window.__longTasks.filter((t) => t.start >= window.__benchReadyAt));

    // Settle: one wheel notch, then time for the settled bitmap to be drawn again.
    // A Chromium trace over the same notches gives each main-thread task's CPU time as well as its wall time:
    // on a machine shared by many processes the wall time of a task is mostly time spent waiting for a core.
    const settle = [];
    let settleTrace = null;
    if (SIDE[side].tessera) {
      await uncapped.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
      for (const deltaY of [-100, -100, -100, 100, 100, 100]) {
        await page.evaluate(() => (window.__longTasks = []));
        await page.evaluate(drive, { ops: wheel([0.5, 0.5], deltaY, 1, false), budgetMs: Infinity });
        await page.waitForTimeout(700);
        settle.push(await page.evaluate(() => window.__longTasks.reduce((m, t) => Math.max(m, t.duration), 0)));
      }
      settleTrace = mainThreadTasks(JSON.parse((await uncapped.stopTracing()).toString('utf8')));
    }

    const ms = run.steps.map((s) => s.ms);
    const result = {
      openMs: readyAt,
      uncappedOpenMs,
      median: median(ms),
      p95: pct(ms, 95),
      long: ms.filter((x) => x > LONG_FRAME_MS).length,
      measured: ms.length,
      skipped: run.skipped,
      idle: median(idle.steps.map((s) => s.ms)),
      panMedian: median(run.steps.filter((s) => s.kind === 'move').map((s) => s.ms)),
      zoomMedian: median(run.steps.filter((s) => s.kind === 'wheel').map((s) => s.ms)),
      back: sameView(t0, t2),
      settleLongest: settle.length ? Math.max(...settle) : NaN,
      settleLongestCpu: settleTrace ? settleTrace.longestCpu : NaN,
      settleLongestWall: settleTrace ? settleTrace.longestWall : NaN,
      settleTasksOver50: settleTrace ? settleTrace.over50 : NaN,
      settleEach: settle,
      openLongest: openTasks.reduce((m, t) => Math.max(m, t.duration), 0),
      openLong: openTasks.length,
      runLongest: runTasks.reduce((m, t) => Math.max(m, t.duration), 0),
      runLong: runTasks.length,
    };
    // Not trivially idle: the view moved, and frames cost something.
    if (!moved) throw new Error(`${label}: the stage looks the same after 3 wheel notches and a 100 px middle-button drag: the events were not handled`);
    if (side === 'annotorious' && (t1 === t0 || !t1)) throw new Error(`annotorious: the zoom wrapper's transform did not change (${t0} → ${t1})`);
    if (!(result.median > 0.5)) throw new Error(`${label}: median frame ${round(result.median, 2)} ms: too small to be a drawn frame; are the events handled?`);
    if (problems.length) console.log(`  ${label}: ${problems.slice(0, 5).join('; ')}`);
    console.log(`  ${label}: open ${round(readyAt)} ms, frame median ${round(result.median, 2)} ms, p95 ${round(result.p95, 2)} ms (pan ${round(result.panMedian, 2)}, zoom ${round(result.zoomMedian, 2)}), ${result.long} > ${LONG_FRAME_MS} ms, ${result.measured} steps${result.skipped ? ` (${result.skipped} cut by time)` : ''}, idle ${round(result.idle, 2)} ms; long tasks: open ${result.openLong} (longest ${round(result.openLongest)} ms), steps ${result.runLong} (longest ${round(result.runLongest)} ms)${settle.length ? `, settle longest per notch ${settle.map((x) => round(x)).join(' ')} ms, longest settle task CPU ${round(result.settleLongestCpu)} ms` : ''}`);
    return result;
  } finally {
    await context.close();
  }
}

// ---- the bench --------------------------------------------------------------------

export async function run({ root }) {
  const unknown = SIDES.filter((s) => !SIDE[s]);
  if (unknown.length || !SIDES.length) throw new Error(`BENCH_CANVAS_SIDES: unknown side(s) ${unknown.join(', ')}; have tessera, annotorious`);
  const web = join(root, 'dist/apps/web');
  if (SIDES.some((s) => SIDE[s]?.tessera) && !process.env.BENCH_SKIP_BUILD) {
    const build = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0 || !isFile(join(web, 'index.html'))) throw new Error('npm run build:web failed');
  }
  const pageDir = await mkdtemp(join(tmpdir(), 'tessera-bench-canvas-'));
  const bareDir = await mkdtemp(join(tmpdir(), 'tessera-bench-canvas-bare-'));
  const pictureDir = await mkdtemp(join(tmpdir(), 'tessera-bench-canvas-picture-'));
  const bare = SIDES.includes('tessera');
  const server = staticServer([
    { prefix: '/annotorious/', dir: pageDir, spa: false },
    { prefix: '/bare/', dir: bareDir, spa: false },
    { prefix: '/picture/', dir: pictureDir, spa: false },
    { prefix: '/', dir: web, spa: true },
  ]);
  let browser;
  let capped;
  let version = '';
  try {
    if (SIDES.includes('annotorious')) await buildPage(root, pageDir, 'annotorious-page', PAGE_HTML);
    // The floor of the open: the scene drawn once, with nothing else.
    if (bare) await buildPage(root, bareDir, 'bare-page', BARE_HTML);
    const port = await freePort();
    await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${port}`;
    const { chromium } = await import('playwright-core');
    const args = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows', ...EXTRA_CHROMIUM_ARGS];
    // The open in a browser with its usual frame cap; the frames in one without (rAF as fast as frames are made, not at 60 Hz).
    const launch = (uncapped) => chromium.launch({ executablePath: '/usr/bin/chromium', args: uncapped ? [...args, '--disable-gpu-vsync', '--disable-frame-rate-limit'] : args });
    const picture = PICTURE_MADE ? null : await makePicture(root, pictureDir, base, launch);

    // A fresh browser for every run; repeats interleave the sides, so a slow
    // spell of the machine hits both.
    const load = [loadavg()[0]];
    const runs = Object.fromEntries(SIDES.map((s) => [s, []]));
    const bareOpens = [];
    for (let r = 0; r < REPEATS; r++) {
      if (bare) {
        // With Tessera's page: the same scene drawn once with nothing else, opened the same way.
        console.log(`  run ${r + 1}/${REPEATS}: the scene drawn once`);
        capped = await launch(false);
        try {
          const problems = [];
          const opened = await openPage(capped, base, { label: 'bare page', path: `/bare/?${QUERY}` }, problems);
          const marks = await opened.page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
          bareOpens.push({ readyAt: opened.readyAt, pictureIn: marks['bare:picture-in'], decoded: marks['bare:picture-decoded'], drawn: marks['bare:drawn'] });
          await opened.context.close();
        } finally {
          await capped.close();
          capped = undefined;
        }
      }
      for (const side of SIDES) {
        console.log(`  run ${r + 1}/${REPEATS}: ${SIDE[side].label}`);
        capped = await launch(false);
        browser = await launch(true);
        version = browser.version();
        try {
          runs[side].push(await measure(capped, browser, base, side));
        } finally {
          await Promise.all([browser.close(), capped.close()]);
          browser = capped = undefined;
        }
      }
    }
    load.push(loadavg()[0]);

    const metrics = {};
    const notes = [];
    const per = (side, key, d = 1) => runs[side].map((x) => round(x[key], d)).join(' / ');
    for (const side of SIDES) {
      const rs = runs[side];
      const m = (key) => median(rs.map((x) => x[key]));
      const prefix = `canvas.${SIDE[side].prefix}`;
      const sfx = SIDE[side].suffix;
      metrics[`${prefix}open_ms${sfx}`] = round(m('openMs'));
      metrics[`${prefix}frame_median_ms${sfx}`] = round(m('median'), 2);
      metrics[`${prefix}frame_p95_ms${sfx}`] = round(m('p95'), 2);
      if (SIDE[side].tessera) {
        metrics[`${prefix}settle_longest_task_ms${sfx}`] = round(m('settleLongest'));
        metrics[`${prefix}settle_longest_task_cpu_ms${sfx}`] = round(m('settleLongestCpu'));
        notes.push(`${SIDE[side].label} settle (trace of the same notches): longest main-thread task's CPU time per run ${per(side, 'settleLongestCpu')} ms, its wall time ${per(side, 'settleLongestWall')} ms; tasks over ${LONG_FRAME_MS} ms wall ${rs.map((x) => x.settleTasksOver50).join(' / ')}`);
        notes.push(`${SIDE[side].label} settle: longest main-thread task per run ${per(side, 'settleLongest')} ms (0: none over ${LONG_FRAME_MS} ms)`);
      }
      notes.push(`${SIDE[side].label} long tasks (Long Tasks API) per run: during the open ${rs.map((x) => `${x.openLong} (longest ${round(x.openLongest)} ms)`).join(' / ')}; during the steps ${rs.map((x) => `${x.runLong} (longest ${round(x.runLongest)} ms)`).join(' / ')}`);
      const label = SIDE[side].label;
      notes.push(`${label} per run: open ${per(side, 'openMs')} ms; frame median ${per(side, 'median', 2)} ms; p95 ${per(side, 'p95', 2)} ms; pan-step median ${per(side, 'panMedian', 2)} ms, zoom-step median ${per(side, 'zoomMedian', 2)} ms; idle step (nothing sent) ${per(side, 'idle', 2)} ms`);
      notes.push(`${label} long steps (> ${LONG_FRAME_MS} ms) per run: ${rs.map((x) => `${x.long} of ${x.measured}`).join(' / ')}`);
      if (rs.some((x) => x.skipped)) notes.push(`${label}: measuring was capped at ${STEP_BUDGET_MS / 1000} s per run; measured steps per run ${rs.map((x) => x.measured).join(' / ')} of ${STEPS.filter((s) => s.measure).length}, the figures are over those`);
      if (!rs.every((x) => x.back) && side === 'annotorious') notes.push('annotorious: the view did not come back exactly to where it started');
    }
    if (bare) {
      metrics['canvas.bare_open_ms'] = round(median(bareOpens.map((x) => x.readyAt)));
      notes.push(`canvas.bare_open_ms: the same scene drawn once with nothing else (bench/canvas/bare-page.ts: the picture ${PICTURE_MADE ? 'made as the playground makes it' : 'downloaded'}, decoded, drawn fitted into a canvas the window's size, the polygons traced and drawn over it on the main thread, ready a frame after), opened the same way; per run ${bareOpens.map((x) => `${round(x.readyAt)} ms (picture in at ${round(x.pictureIn)}, decoded ${round(x.decoded)}, all drawn ${round(x.drawn)})`).join(' / ')}; Tessera's open ÷ it: ${round(metrics['canvas.open_ms'] / metrics['canvas.bare_open_ms'], 2)}`);
    }
    const target = (name, limit) => (name in metrics ? `${name} ≤ ${limit}: ${metrics[name] <= limit ? 'met' : 'NOT met'} (${metrics[name]})` : null);
    const targets = [
      target('canvas.open_ms', TARGET_OPEN_MS),
      target('canvas.frame_median_ms', TARGET_MEDIAN_MS),
      target('canvas.frame_p95_ms', TARGET_P95_MS),
      target('canvas.settle_longest_task_ms', LONG_FRAME_MS),
      target('canvas.frame_median_ms_50k', TARGET_MEDIAN_MS),
      target('canvas.frame_p95_ms_50k', TARGET_P95_MS),
    ].filter(Boolean);
    if (targets.length) notes.push(`targets: ${targets.join('; ')}`);
    notes.push(`figures are medians of ${REPEATS} repeats (a fresh browser and page each, sides interleaved); frame median/p95 are over the steps of one run`);
    if (SIDES.includes('tessera_50k')) notes.push(`second scene (_50k): ${SCENE_50K.objects} polygons, otherwise the same, Tessera only`);
    notes.push(`Tessera's page: ${ROOM} (one object selected, one peer whose cursor moves at 20 Hz with another object selected)`);
    notes.push(`scene: ${SCENE.objects} polygons × ${SCENE.vertices} vertices on a ${SCENE.width}×${SCENE.height} picture (seed ${SCENE.seed}), both from libs/web/image-annotator/src/playground/scene.ts; viewport ${VIEWPORT.width}×${VIEWPORT.height} at 1×, headless Chromium ${version}: the open with its usual frame cap, the steps without vsync and frame-rate limit; machine load average ${load.map((x) => round(x, 2)).join(' → ')} on ${cpus().length} CPUs`);
    notes.push(`method: per step, await rAF, t0, dispatch one synthetic event (pointermove of 20 px in a middle-button drag, or wheel deltaY ±100 at the cursor), await two rAFs, take now − t0; ${COUNTS.pan} pan and ${COUNTS.zoom} zoom steps after a warm-up, from fit-to-screen to 1.2^8 ≈ 4.3× and back`);
    notes.push(`open in the browser without the frame cap (not a metric; the steps' page), per side and run: ${SIDES.map((side) => `${SIDE[side].label} ${per(side, 'uncappedOpenMs')} ms`).join('; ')}`);
    notes.push(`open_ms: in a browser with its usual frame cap, navigation start until the page sets data-annotator-ready (annotorious: after setAnnotations, once every polygon is in its SVG and two frames have passed); ${picture ? `every page downloads the picture (${PICTURE}, a ${round(picture.bytes / 1e6, 2)} MB JPEG made once by the playground's generator) and decodes it` : 'every page makes the picture itself (BENCH_CANVAS_PICTURE=made: drawn on a canvas and encoded as JPEG in a worker)'}`);
    if (SIDES.includes('annotorious')) notes.push('annotorious page: createImageAnnotator on the picture at natural size inside a wrapper whose CSS transform translate()+scale() the page updates on wheel (×1.2 per notch about the cursor) and middle drag; no will-change, so the SVG is repainted each step as a plain zoom container does; drawing disabled, label colours by a style function');
    return { metrics, notes };
  } finally {
    await Promise.all([browser?.close(), capped?.close()]);
    await new Promise((ok) => server.close(() => ok()));
    await rm(pageDir, { recursive: true, force: true });
    await rm(pictureDir, { recursive: true, force: true });
    await rm(bareDir, { recursive: true, force: true });
  }
}
