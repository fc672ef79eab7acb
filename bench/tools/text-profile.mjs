// Profiles the text editor's playground in headless Chromium with the CDP
// Profiler: the open, labelling by hotkey, or scrolling (PHASE=open|label|scroll),
// and prints the functions that took the most self time, and their callers'
// totals. Needs a built web app: dist/apps/web, or WEB_DIR, say a build without
// minifying for readable names (npx vite build --config apps/web/vite.config.mts
// --minify false --outDir /tmp/web-unminified).
//   node bench/tools/text-profile.mjs [open|label|scroll] [top=30]
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, staticServer } from '../support.mjs';

const phase = process.argv[2] ?? 'label';
const top = Number(process.argv[3] ?? 30);
const root = join(import.meta.dirname, '../..');
const server = staticServer([{ prefix: '/', dir: process.env.WEB_DIR ?? join(root, 'dist/apps/web'), spa: true }]);
const port = await freePort();
await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu-vsync', '--disable-frame-rate-limit'] });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.setDefaultTimeout(120_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const url = `http://127.0.0.1:${port}/playground/text-annotator?chars=1000000&spans=50000&seed=1`;
  if (phase === 'open') await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.annotatorReady === 'true');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  console.log(`open: ${Date.now() - t0} ms (wall, from goto)`);
  await page.waitForTimeout(500);
  if (phase !== 'open') await cdp.send('Profiler.start');
  const ms = await page.evaluate(async (phase) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const key = (key, code, shiftKey = false) => window.dispatchEvent(new KeyboardEvent('keydown', { key, code, shiftKey, bubbles: true, cancelable: true }));
    const view = document.querySelector('[data-testid="annotator-stage"]');
    const out = [];
    if (phase === 'label') {
      for (let i = 0; i < 40; i++) {
        key('ArrowRight', 'ArrowRight');
        await frame();
        key('ArrowRight', 'ArrowRight', true);
        await frame();
        const t = performance.now();
        key('p', 'KeyP');
        await frame();
        await frame();
        out.push(performance.now() - t);
      }
    } else if (phase === 'scroll') {
      const step = (view.scrollHeight - view.clientHeight) / 100;
      for (let i = 1; i <= 100; i++) {
        await frame();
        const t = performance.now();
        view.scrollTop = Math.round(i * step);
        await frame();
        await frame();
        out.push(performance.now() - t);
      }
    }
    return out.sort((a, b) => a - b);
  }, phase);
  if (ms.length) console.log(`${phase}: median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, p95 ${ms[Math.floor(ms.length * 0.95)].toFixed(1)} ms`);
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  const counts = new Map();
  profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
  const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
  for (const [id, us] of counts) {
    const n = byId.get(id);
    self.set(name(n), (self.get(name(n)) ?? 0) + us);
  }
  // Totals: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map();
  for (const [id, us] of counts) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const all = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`\nself time (of ${(all / 1000).toFixed(0)} ms sampled):`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
  console.log('\ntotal time:');
  for (const [k, us] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
} finally {
  await browser.close();
  server.close();
}
