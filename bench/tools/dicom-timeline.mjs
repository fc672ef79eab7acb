#!/usr/bin/env node
// Where the DICOM viewer's first image goes: the dicom bench's set-up (the
// real API and worker, the demo CT phantom at 300 slices of 512²), then the
// asset's live page opened RUNS times (2), each printed as a timeline from the
// navigation: the scripts, every API call, the socket's messages, the signed
// files fetched before the first image, long main-thread tasks, and the
// viewer's own performance marks (`tessera:dicom:*`). Run after
// `npm run build:server && npm run build:web`:
//   BENCH_DB_SUFFIX=<branch> node bench/tools/dicom-timeline.mjs
// DICOM_TIMELINE_MPR=1: after the first image, MPR is asked for with V at once, as the bench does, and the time
// to MPR ready (every slice in the volume, three views drawn), the renderer's CPU to it and each Chromium process's CPU
// from V to ready are printed.
// DICOM_TIMELINE_SLICES / _SIZE change the series; DICOM_TIMELINE_PROFILE=1 adds the page's CPU profile
// (=file.json also keeps it, for Chrome's DevTools); DICOM_TIMELINE_WEB=dir serves another build of the web app
// (a saved copy of main's, for before/after runs taken alternately); DICOM_TIMELINE_EXTRA=1 first ingests the
// bench's 1,000-slice series in another project, as the bench does; DICOM_TIMELINE_TRACE=file.zip keeps a Playwright trace of the last run.
// DICOM_TIMELINE_SCREENSHOT=file.png keeps the last run's page at its first image; DICOM_TIMELINE_CSS=rules adds a
// style sheet to the page (hide a part of it to see what its drawing costs the first image); DICOM_TIMELINE_TWICE=1
// opens the page once, untimed, before the timed open in the same browser (its caches and compiled pipelines warm).
// DICOM_TIMELINE_FRAMES=file.json keeps Chromium's own trace (compositor, GPU) of the last run: frames swapped, GL waits.
// DICOM_TIMELINE_INIT=file.js adds a script to the page before its own (a probe: wrap a WebGL call, count what it
// sees into `window.__probe`), whose `window.__probe` is printed as JSON once MPR is ready (with DICOM_TIMELINE_MPR).
// DICOM_TIMELINE_DOM=1 prints the running animations as they change and the DOM changes per half-second (by nearest
// test id); off by default, as its polling and observer take the page's time too.
// The page opens in Chromium with its usual frame cap, as the bench times its first image; DICOM_TIMELINE_UNCAPPED=1
// opens it without the cap (--disable-gpu-vsync --disable-frame-rate-limit), as the bench times its frames.
// DICOM_TIMELINE_BRUSH=1: once every slice is in, a brush stroke of 60 pointer moves, each timed to the next frame as the
// bench times them; with DICOM_TIMELINE_PROFILE the profile then covers the stroke only, not the open.
// The set-up (series, project, browser, sign-in, the first-image probe) is the bench's: bench/dicom/setup.mjs.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumCpuMs, ingest, launchChromium, livePath, loadSeeds, MANAGER, readyProbe, scrollSlices, signedIn, strokePoints, timedScroll, timedStroke, warmUp } from '../dicom/setup.mjs';
import { median, pct, round, startStack } from '../support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.DICOM_TIMELINE_RUNS) || 2;
const SPEC = { slices: Number(process.env.DICOM_TIMELINE_SLICES) || 300, size: Number(process.env.DICOM_TIMELINE_SIZE) || 512 };

/** In the page, before anything: long tasks (the first image is marked by the bench's readyProbe). */
function longTaskProbe() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
  } catch { /* no long tasks here */ }
}

/**
 * In the page: when running animations start and stop, and on what, and the DOM's changes per half-second. In
 * software compositing an animation, however small, has the GPU process redraw the page at every frame (about a
 * core here), and each DOM change may be a frame to draw.
 */
function animationAndDomProbe() {
  window.__animations = [];
  // DOM changes (each may be a frame to draw): counted by the nearest element with a test id, or the changed element's class.
  window.__mutations = {};
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const key = el?.closest('[data-testid]')?.getAttribute('data-testid') ?? String(el?.className ?? '?').split(' ')[0];
      const at = Math.floor(performance.now() / 500) * 500;
      window.__mutations[`${at}|${key}`] = (window.__mutations[`${at}|${key}`] ?? 0) + 1;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  let last = '';
  setInterval(() => {
    const running = document.getAnimations().filter((a) => a.playState === 'running')
      .map((a) => {
        const t = a.effect?.target;
        if (!t) return '?';
        const chain = [];
        for (let e = t.parentElement; e && chain.length < 8; e = e.parentElement) chain.push(`${e.tagName.toLowerCase()}${e.dataset?.testid ? `[${e.dataset.testid}]` : ''}.${String(e.className).split(' ')[0]}`);
        return `${t.tagName.toLowerCase()}.${String(t.className?.baseVal ?? t.className).split(' ')[0]} (in ${chain.join(' < ')})`;
      });
    const now = [...new Set(running)].sort().join(' ');
    if (now !== last) window.__animations.push([performance.now(), now ? `animations running: ${now}` : 'no animation running']);
    last = now;
  }, 20);
}

/** CPU ms the whole machine has been busy (every core), from /proc/stat: to see what else ran beside Chromium. */
function machineBusyMs() {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / 100;
}

/** What each of Chromium's process types spent since `before` (chromiumCpuMs), in CPU ms. */
const cpuSpent = (before) => Object.entries(chromiumCpuMs()).map(([type, ms]) => `${type} ${round(ms - (before[type] ?? 0), 0)}`).join(', ');

/** Self and total time per function (name, file, line:column) of a CPU profile, the top ones. */
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const key = (n) => {
    const f = n.callFrame;
    return `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  const dts = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (dts[i + 1] ?? 0) / 1000;
    let n = byId.get(profile.samples[i]);
    self.set(key(n), (self.get(key(n)) ?? 0) + dt);
    const seen = new Set();
    for (; n; n = byId.get(parent.get(n.id))) {
      const k = key(n);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  }
  const top = (m, n) => [...m].filter(([k]) => !/^\((idle|program|root)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log('  CPU profile, self ms:');
  for (const [k, v] of top(self, 25)) console.log(`    ${String(round(v, 0)).padStart(7)}  ${k}`);
  console.log('  CPU profile, total ms:');
  for (const [k, v] of top(total, 45)) console.log(`    ${String(round(v, 0)).padStart(7)}  ${k}`);
}

const dir = await mkdtemp(join(tmpdir(), 'tessera-dicom-timeline-'));
const stack = await startStack({ root, db: 'tessera_dicom_timeline', worker: true, env: { WEB_DIST: process.env.DICOM_TIMELINE_WEB || join(root, 'dist/apps/web') } });
try {
  const seeds = await loadSeeds(root, dir);
  const token = await stack.login(MANAGER);
  // DICOM_TIMELINE_EXTRA=1: first another project with the bench's 1,000-slice 256² series, as the bench has.
  if (process.env.DICOM_TIMELINE_EXTRA) await ingest(stack, token, seeds, 'Timeline CT 1000', { slices: 1000, size: 256 });
  const series = await ingest(stack, token, seeds, 'Timeline CT', SPEC);
  const capped = !process.env.DICOM_TIMELINE_UNCAPPED;
  for (let run = 1; run <= RUNS; run++) {
    const browser = await launchChromium({ capped });
    // As the bench does: SwiftShader's start is not the page's.
    await warmUp(browser);
    const { context, page } = await signedIn(browser, stack, 300_000);
    if (process.env.DICOM_TIMELINE_TWICE) {
      await page.goto(`${stack.url}${livePath(series)}`);
      await page.locator('[data-testid="dicom-viewport"][data-ready="true"]').waitFor({ timeout: 300_000 });
      await page.waitForTimeout(1000);
      await page.goto(`${stack.url}/projects`);
      await page.waitForTimeout(1000);
    }
    await context.addInitScript(longTaskProbe);
    if (process.env.DICOM_TIMELINE_DOM) await context.addInitScript(animationAndDomProbe);
    const css = [
      process.env.DICOM_TIMELINE_NO_ANIMATION ? '*, *::before, *::after { animation: none !important; transition: none !important; }' : '',
      process.env.DICOM_TIMELINE_CSS ?? '',
    ].join('\n').trim();
    if (css) {
      await context.addInitScript((css) => document.addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style');
        style.textContent = css;
        document.head.appendChild(style);
      }), css);
    }
    page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.log(`  console error: ${m.text().slice(0, 300)}`));
    // Every signed file in the resource timeline, not the first 250.
    await context.addInitScript(() => performance.setResourceTimingBufferSize(2000));
    await context.addInitScript(readyProbe);
    if (process.env.DICOM_TIMELINE_INIT) await context.addInitScript({ path: process.env.DICOM_TIMELINE_INIT });
    const trace = process.env.DICOM_TIMELINE_TRACE && run === RUNS;
    if (trace) await context.tracing.start({ screenshots: false, snapshots: false });
    // DICOM_TIMELINE_FRAMES=file.json: Chromium's own trace of the compositor and GPU (frames drawn, GL work), kept.
    const framesTrace = process.env.DICOM_TIMELINE_FRAMES && run === RUNS;
    if (framesTrace) await browser.startTracing(page, { path: process.env.DICOM_TIMELINE_FRAMES, categories: ['viz', 'cc', 'gpu', 'disabled-by-default-devtools.timeline.frame', 'devtools.timeline', 'toplevel'] });
    // The socket's frames, timed in the page's clock (its timeOrigin is read once the page exists).
    const frames = [];
    page.on('websocket', (ws) => {
      const at = Date.now();
      frames.push([at, `ws open ${ws.url().replace(/\?.*/, '')}`]);
      ws.on('framesent', (f) => frames.push([Date.now(), `ws → ${String(f.payload).slice(0, 70)}`]));
      ws.on('framereceived', (f) => frames.push([Date.now(), `ws ← ${String(f.payload).slice(0, 70)} (${String(f.payload).length} B)`]));
    });
    // DICOM_TIMELINE_PROFILE=1: the page's main-thread CPU profile up to the first image, summed by function.
    const cdp = process.env.DICOM_TIMELINE_PROFILE ? await context.newCDPSession(page) : null;
    const metrics = process.env.DICOM_TIMELINE_MPR ? await context.newCDPSession(page) : null;
    const cpuMs = async () => {
      const m = Object.fromEntries((await metrics.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
      return (m.ProcessTime ?? m.TaskDuration ?? 0) * 1000;
    };
    if (metrics) await metrics.send('Performance.enable');
    const cpu0 = metrics ? await cpuMs() : 0;
    const brushing = !!process.env.DICOM_TIMELINE_BRUSH;
    const startProfile = async () => {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
    };
    if (cdp && !brushing) await startProfile();
    const load = loadavg()[0];
    const navCpu0 = chromiumCpuMs();
    const busy0 = machineBusyMs();
    // The GPU process's and the renderer's CPU in each 250 ms from here (in software WebGL, drawing is the GPU process's).
    const cpuSeries = [];
    const sampler = setInterval(() => cpuSeries.push([Date.now(), chromiumCpuMs()]), 250);
    await page.goto(`${stack.url}${livePath(series)}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__benchReadyAt > 0, null, { polling: 50 });
    if (process.env.DICOM_TIMELINE_SCREENSHOT && run === RUNS) await page.screenshot({ path: process.env.DICOM_TIMELINE_SCREENSHOT });
    const navCpu = `${cpuSpent(navCpu0)}; the machine ${round(machineBusyMs() - busy0, 0)}`;
    clearInterval(sampler);
    const r = await page.evaluate(() => ({
      timeOrigin: performance.timeOrigin,
      ready: window.__benchReadyAt,
      nav: performance.getEntriesByType('navigation').map((e) => ({ name: 'document', start: e.startTime, end: e.responseEnd, dcl: e.domContentLoadedEventEnd })),
      res: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, reqStart: e.requestStart, resStart: e.responseStart, end: e.responseEnd, size: e.encodedBodySize, type: e.initiatorType })),
      marks: performance.getEntriesByType('mark').map((e) => ({ name: e.name, at: e.startTime })),
      measures: performance.getEntriesByType('measure').map((e) => ({ name: e.name, start: e.startTime, dur: e.duration })),
      longTasks: window.__longTasks,
      animations: window.__animations,
      mutations: window.__mutations,
    }));
    let mpr = '';
    if (metrics) {
      const firstCpu = (await cpuMs()) - cpu0;
      await page.getByTestId('dicom-stage').focus();
      const processCpu0 = chromiumCpuMs();
      await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'v', code: 'KeyV', bubbles: true, cancelable: true })));
      await page.locator('[data-testid="dicom-viewport"][data-mpr-state="ready"]').waitFor({ timeout: 600_000 });
      const processCpu = cpuSpent(processCpu0);
      const mprMs = await page.evaluate(() => performance.now());
      const viewsSet = await page.evaluate(() => performance.getEntriesByName('tessera:dicom:mpr-views-set')[0]?.startTime ?? null);
      const files = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/files/'))
        .map((e) => [e.startTime, e.requestStart, e.responseStart, e.responseEnd]));
      const waits = files.map((f) => f[2] - f[1]).sort((a, b) => a - b);
      if (process.env.DICOM_TIMELINE_INIT) console.log(`  probe: ${JSON.stringify(await page.evaluate(() => window.__probe))}`);
      mpr = `MPR views set ${viewsSet === null ? '(no mark: this build sets them when ready)' : `at ${round(viewsSet)} ms`}, ready at ${round(mprMs)} ms (renderer CPU ${round((await cpuMs()) - cpu0)} ms; ${round(firstCpu)} ms of it to the first image), load ${round(loadavg()[0], 2)}; `
        + `${files.length} signed files, the last done at ${round(Math.max(...files.map((f) => f[3])))} ms, waiting for the first byte median ${round(waits[waits.length >> 1])} ms; `
        + `CPU ms in Chromium's processes from V to ready: ${processCpu}`;
    }
    // DICOM_TIMELINE_ALL=1: on until every slice is in (the labelmap made) and through 30 slice steps (DICOM_TIMELINE_STEPS), timed as the
    // bench times them, with their renders and what each cost Chromium's GPU process and renderer.
    let after = '';
    if (process.env.DICOM_TIMELINE_ALL) {
      await page.locator('[data-testid="dicom-viewport"][data-segmentation="ready"]').waitFor();
      const allMs = await page.evaluate(() => performance.now());
      await page.getByTestId('dicom-stage').focus();
      const n = Number(process.env.DICOM_TIMELINE_STEPS) || 30;
      // The page at rest first: what Chromium's processes spend in 2 s while nothing is asked of it.
      await page.waitForTimeout(1000);
      const idle0 = chromiumCpuMs();
      await page.waitForTimeout(2000);
      const idle = cpuSpent(idle0);
      await page.evaluate(() => {
        window.__renders = 0;
        globalThis.__dicomViewer.element.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => window.__renders++);
      });
      const { steps, gpuMsPerStep, rendererMsPerStep, canvas } = await timedScroll(page, scrollSlices, n);
      const renders = await page.evaluate(() => window.__renders);
      after = `every slice in at ${round(allMs)} ms; CPU ms in 2 s at rest: ${idle}; ${n} slice steps: median ${round(median(steps))} ms, p95 ${round(pct(steps, 95))} ms, max ${round(Math.max(...steps))} ms, ${renders} renders; `
        + `CPU a step: GPU process ${round(gpuMsPerStep)} ms, renderer ${round(rendererMsPerStep)} ms (canvas ${canvas})`;
    }
    if (brushing) {
      await page.locator('[data-testid="dicom-viewport"][data-segmentation="ready"]').waitFor({ timeout: 600_000 });
      await page.getByTestId('dicom-stage').focus();
      await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', code: 'KeyB', bubbles: true, cancelable: true })));
      await page.locator('[data-testid="dicom-viewport"][data-tool="brush"]').waitFor();
      const pts = await strokePoints(page);
      if (cdp) await startProfile();
      const cpu0 = chromiumCpuMs();
      const moves = await timedStroke(page, pts);
      const spent = cpuSpent(cpu0);
      moves.sort((a, b) => a - b);
      after += `${after ? '; ' : ''}brush stroke of 60 moves: median ${round(moves[30])} ms, p95 ${round(moves[56])} ms, max ${round(moves[59])} ms; CPU ms in Chromium's processes during it: ${spent}`;
    }
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      printProfile(profile);
      if (process.env.DICOM_TIMELINE_PROFILE.endsWith('.json')) await writeFile(process.env.DICOM_TIMELINE_PROFILE, JSON.stringify(profile));
    }
    if (trace) await context.tracing.stop({ path: process.env.DICOM_TIMELINE_TRACE });
    if (framesTrace) await browser.stopTracing();
    const rows = [];
    for (const n of r.nav) rows.push([n.start, n.end, `document (DOMContentLoaded ${round(n.dcl)})`]);
    const files = r.res.filter((e) => e.name.includes('/api/v1/files/'));
    for (const e of r.res.filter((x) => !x.name.includes('/api/v1/files/'))) {
      const u = new URL(e.name);
      rows.push([e.start, e.end, `${e.type} ${u.pathname}${u.search.length > 40 ? '' : u.search} ${e.size ? `${round(e.size / 1024)} KiB` : ''} (waiting ${round(e.resStart - e.reqStart)})`]);
    }
    const before = files.filter((f) => f.end <= r.ready);
    if (files.length) {
      rows.push([files[0].start, files[0].end, `first signed file (waiting ${round(files[0].resStart - files[0].reqStart)}, ${round(files[0].size / 1024)} KiB)`]);
      rows.push([before[0]?.start ?? 0, before.at(-1)?.end ?? 0, `${before.length} signed files done before the first image (of ${files.length} started by then)`]);
    }
    for (const m of r.marks) rows.push([m.at, m.at, `mark ${m.name}`]);
    for (const [at, what] of r.animations ?? []) rows.push([at, at, what]);
    const byHalfSecond = new Map();
    for (const [k, n] of Object.entries(r.mutations ?? {})) {
      const [at, where] = k.split('|');
      byHalfSecond.set(Number(at), [...(byHalfSecond.get(Number(at)) ?? []), `${where} ${n}`]);
    }
    for (const [at, list] of byHalfSecond) rows.push([at, at, `DOM changes in the next 500 ms: ${list.join(', ').slice(0, 300)}`]);
    for (let i = 1; i < cpuSeries.length; i++) {
      const [t, c] = cpuSeries[i];
      const d = (type) => round((c[type] ?? 0) - (cpuSeries[i - 1][1][type] ?? 0), 0);
      rows.push([t - r.timeOrigin, t - r.timeOrigin, `cpu in the last 250 ms: gpu-process ${d('gpu-process')}, renderer ${d('renderer')}`]);
    }
    for (const m of r.measures) rows.push([m.start, m.start + m.dur, `measure ${m.name}`]);
    for (const [at, what] of frames) rows.push([at - r.timeOrigin, at - r.timeOrigin, what]);
    rows.push([r.ready, r.ready, 'FIRST IMAGE (two frames after data-ready)']);
    rows.sort((a, b) => a[0] - b[0]);
    console.log(`\nrun ${run}: first image ${round(r.ready)} ms (${capped ? 'usual frame cap' : 'no frame cap'}), load ${round(load, 2)} → ${round(loadavg()[0], 2)}; `
      + `CPU ms in Chromium's processes to it: ${navCpu}`);
    for (const [s, e, what] of rows.filter((x) => x[0] <= r.ready + 1)) console.log(`  ${String(round(s)).padStart(8)} → ${String(round(e)).padStart(8)}  ${what}`);
    const buckets = new Map();
    for (const [s, d] of r.longTasks) buckets.set(Math.floor(s / 1000), (buckets.get(Math.floor(s / 1000)) ?? 0) + d);
    if (mpr) console.log(`  ${mpr}`);
    if (after) console.log(`  ${after}`);
    console.log(`  long tasks (ms busy per second of the timeline): ${[...buckets].sort((a, b) => a[0] - b[0]).map(([s, d]) => `${s}s:${round(d, 0)}`).join(' ')}`);
    await browser.close();
  }
} finally {
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
