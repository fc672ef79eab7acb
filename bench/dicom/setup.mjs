// What the dicom bench (bench/dicom.bench.mjs) and the timeline tool
// (bench/tools/dicom-timeline.mjs) both set up: the demo CT phantom bundled
// from seeds/, a DICOM project with a series uploaded and ingested by the real
// API and worker, the browsers they open it in, a signed-in page, and the
// first-image probe both time by.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { DEMO_PASSWORD, EXTRA_CHROMIUM_ARGS, round, sleep } from '../support.mjs';

export const MANAGER = 'manager@demo.local';
export const VIEWPORT = { width: 1600, height: 900 };

/**
 * CPU milliseconds so far of this machine's Chromium processes, by process type (Linux's /proc): in software WebGL
 * a frame's drawing is done in the GPU process, which the page's own profile does not show.
 */
export function chromiumCpuMs() {
  const byType = {};
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const type = cmd.match(/--type=([a-z-]+)/)?.[1] ?? 'browser';
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      byType[type] = (byType[type] ?? 0) + ((Number(stat[11]) + Number(stat[12])) * 1000) / 100;
    } catch { /* the process ended */ }
  }
  return byType;
}

export const LABELS = [
  { id: 'liver', name: 'Liver', color: '#a0522d', tools: ['segment', 'rectangle', 'ellipse'] },
  { id: 'lesion', name: 'Lesion', color: '#ff4d4f', tools: ['segment', 'length', 'bidirectional'] },
];

/** Headless Chromium with WebGL in software (SwiftShader) and performance.memory's exact figures. */
const ARGS = [
  '--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--enable-precise-memory-info',
];
/** Frames not held to the display's rate, so frame times under 16 ms can be seen. */
const UNCAPPED = ['--disable-gpu-vsync', '--disable-frame-rate-limit'];

/**
 * Chromium for the DICOM pages. `capped` (the default): the usual frame cap, as people have it; what loading
 * time is measured in. Uncapped: frames as fast as the compositor can make them, for per-frame figures only —
 * while the app shows antd's loading spinner, an uncapped compositor draws it without pause and its threads
 * take about a core from the page on two cores.
 */
export async function launchChromium({ capped = true } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, ...(capped ? [] : UNCAPPED), ...EXTRA_CHROMIUM_ARGS] });
}

/** A WebGL context made, drawn and read back in a blank page of `browser`, so its GPU process and SwiftShader are up before a timed page. */
export async function warmUp(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const ok = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return false;
      gl.clearColor(0.5, 0.5, 0.5, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      return true;
    });
    if (!ok) throw new Error('no WebGL2 in the bench browser');
  } finally {
    await context.close();
  }
}

/** seeds is TypeScript; bundle its CT generator (liverCtSeries) into `dir` for these scripts. */
export async function loadSeeds(root, dir) {
  const out = join(dir, 'seeds.cjs');
  await esbuild({ entryPoints: [join(root, 'seeds/src/liver-ct.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, tsconfig: join(root, 'tsconfig.base.json'), logLevel: 'error' });
  return createRequire(import.meta.url)(out);
}

/** One JSON call to the API as `token`; throws on a status ≥ 300. */
export async function api(stack, token, method, path, body) {
  const res = await fetch(`${stack.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * A DICOM project named `name` with the phantom at `spec` ({ slices, size }) uploaded and ingested: its project
 * and asset ids and whether ingest made it a volume (one project per series: the seed's series share their UIDs).
 */
export async function ingest(stack, token, seeds, name, spec) {
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

/** A new context of `browser` signed in as the manager on the app's login page: the context and its page. */
export async function signedIn(browser, stack, timeoutMs) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  await page.goto(`${stack.url}/login`);
  await page.locator('input#email').fill(MANAGER);
  await page.locator('input#password').fill(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
  return { context, page };
}

/** The asset's live page, where the viewer opens it. */
export const livePath = (series) => `/projects/${series.projectId}/assets/${series.assetId}/live`;

/** Init script: when the viewer has drawn its first image (data-ready on its element), note the time two frames later in `__benchReadyAt`. */
export function readyProbe() {
  const mark = () => {
    const el = document.querySelector('[data-testid="dicom-viewport"][data-ready="true"]');
    if (el && window.__benchReadyAt === undefined) {
      window.__benchReadyAt = -1;
      requestAnimationFrame(() => requestAnimationFrame(() => (window.__benchReadyAt = performance.now())));
    }
  };
  new MutationObserver(mark).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
}

/** In the page (page.evaluate): `count` ArrowDown presses, each timed from the key to the new slice shown (data-slice) and a frame. */
export async function scrollSlices(count) {
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

/**
 * `count` slice steps timed in the page by `scroll` (scrollSlices, or the bare page's own), with what they cost
 * Chromium's GPU process and renderer per step and the size of the canvas each step draws: in software WebGL a
 * step's drawing is the GPU process's work, which the page's own clock only sees as waiting.
 */
export async function timedScroll(page, scroll, count) {
  const before = chromiumCpuMs();
  const steps = await page.evaluate(scroll, count);
  const after = chromiumCpuMs();
  const perStep = (type) => ((after[type] ?? 0) - (before[type] ?? 0)) / count;
  const canvas = await page.evaluate(() => {
    const c = document.querySelector('canvas.cornerstone-canvas');
    return c ? `${c.width}×${c.height}` : '?';
  });
  return { steps, gpuMsPerStep: perStep('gpu-process'), rendererMsPerStep: perStep('renderer'), canvas };
}

/** The bench's brush stroke across the liver, in page points: 61 of them, from the slice's pixels. */
export const strokePoints = (page) => page.evaluate(() => Array.from({ length: 61 }, (_, i) => globalThis.__dicomViewer.pagePointOf(150 + i * 2, 220 + Math.sin(i / 6) * 20)));

/** Strokes through `pts` with the button down, each move timed (ms) to the next frame. */
export async function timedStroke(page, pts) {
  await page.mouse.move(pts[0].x, pts[0].y);
  await page.mouse.down();
  const moves = [];
  for (const p of pts.slice(1)) {
    const t0 = Date.now();
    await page.mouse.move(p.x, p.y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    moves.push(Date.now() - t0);
  }
  await page.mouse.up();
  return moves;
}
