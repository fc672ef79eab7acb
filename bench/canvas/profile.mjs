#!/usr/bin/env node
// Profiles the image editor's open in headless Chromium (CDP Profiler), for
// docs/performance.md: where the main thread's time goes from navigation to
// data-annotator-ready, as self time per function and per script, plus the
// long tasks (> 50 ms) seen. Needs a built dist/apps/web (npm run build:web).
//   node bench/canvas/profile.mjs [objects=10000] [--out profile.cpuprofile]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePicture, PICTURE } from '../canvas.bench.mjs';
import { freePort, staticServer } from '../support.mjs';

const root = process.env.BENCH_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : null;
const objects = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
// The picture downloaded, as the bench's pages do.
const query = new URLSearchParams({ objects: String(objects), vertices: '20', width: '4000', height: '3000', seed: '1', picture: PICTURE });
// --room: with one object selected and a peer in the room (the bench's page); --after MS: profile MS after ready instead of the open.
const room = args.includes('--room');
const afterAt = args.indexOf('--after');
const after = afterAt >= 0 ? Number(args[afterAt + 1]) : 0;

const pictureDir = await mkdtemp(join(tmpdir(), 'tessera-profile-picture-'));
const server = staticServer([
  { prefix: '/picture/', dir: pictureDir, spa: false },
  { prefix: '/', dir: join(root, 'dist/apps/web'), spa: true },
]);
const port = await freePort();
await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
const { chromium } = await import('playwright-core');
const launch = () => chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu-vsync', '--disable-frame-rate-limit'] });
await makePicture(root, pictureDir, `http://127.0.0.1:${port}`, launch);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => [Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  if (!after) await cdp.send('Profiler.start');
  await page.goto(`http://127.0.0.1:${port}/playground/image-annotator?${query}${room ? '&select=1&peer=1' : ''}`);
  await page.waitForFunction(() => document.documentElement.dataset.annotatorReady === 'true', null, { timeout: 120_000, polling: 50 });
  const readyAt = await page.evaluate(() => performance.now());
  await page.waitForTimeout(300);
  if (after) {
    await page.evaluate(() => (window.__longTasks = []));
    await cdp.send('Profiler.start');
    if (args.includes('--wheel')) {
      // A wheel notch in, then out, each followed by time to settle (as the bench's settle probe).
      const box = await page.locator('[data-testid="annotator-stage"]').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let t = 0, i = 0; t < after; t += 700, i++) {
        await page.mouse.wheel(0, i % 2 ? 100 : -100);
        await page.waitForTimeout(700);
      }
    } else await page.waitForTimeout(after);
  }
  const { profile } = await cdp.send('Profiler.stop');
  const longTasks = await page.evaluate(() => window.__longTasks);
  if (out) await writeFile(out, JSON.stringify(profile));
  // Self time per node → per function and per script.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0) / 1000);
  const fn = new Map();
  for (const [id, ms] of self) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
  }
  // Inclusive time per function name (each sample counted once per distinct function on its stack).
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  for (const [id, ms] of self) {
    const seen = new Set();
    for (let n = id; n != null; n = parent.get(n)) {
      const f = byId.get(n).callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + ms);
    }
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`).join('\n');
  console.log(`objects ${objects}: ready at ${readyAt.toFixed(0)} ms after navigation`);
  console.log(`long tasks [start, duration]: ${JSON.stringify(longTasks)}`);
  console.log(`\nself time, top 25:\n${top(fn, 25)}`);
  console.log(`\ninclusive time, top 40:\n${top(incl, 40)}`);
} finally {
  await browser.close();
  server.close();
  await rm(pictureDir, { recursive: true, force: true });
}
