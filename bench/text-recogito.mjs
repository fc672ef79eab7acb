// The `text` benchmark's comparison: @recogito/text-annotator (a devDependency of bench, loaded from
// node_modules, nothing fetched at run time) on the same document and spans as Tessera's editor, timed
// the same way: navigation until the annotations are set and two frames made, then the view scrolled
// top to bottom in equal steps, each step's frame timed. It has no relations to draw (the library marks
// spans only), so it gets the spans alone.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Past this, a step is given up and recorded as 60,000 ms (the rule). */
export const RECOGITO_LIMIT_MS = 60_000;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>@recogito/text-annotator: text benchmark</title>
<link rel="stylesheet" href="text-annotator.css">
<style>
html, body { margin: 0; height: 100%; overflow: hidden; }
#doc { height: 100vh; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; padding: 0 16px 0 64px; box-sizing: border-box;
  font: 14px/24px ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', monospace; }
</style>
</head>
<body>
<div id="doc"></div>
<script>window.process = { env: { NODE_ENV: 'production' } }; // the UMD build reads process.env, as a bundler would have replaced it</script>
<script src="text-annotator.umd.js"></script>
<script>
(async () => {
  const data = await (await fetch('doc.json')).json();
  const el = document.getElementById('doc');
  el.textContent = data.text;
  const colors = data.colors;
  const anno = RecogitoJS.createTextAnnotator(el, {
    style: (a) => ({ fill: colors[a.bodies[0]?.value] ?? '#8c8c8c', fillOpacity: 0.25, underlineColor: colors[a.bodies[0]?.value], underlineThickness: 2 }),
  });
  anno.setAnnotations(data.annotations);
  requestAnimationFrame(() => requestAnimationFrame(() => (window.__benchReadyAt = performance.now())));
})().catch((e) => (window.__benchError = String(e && e.stack || e)));
</script>
</body>
</html>
`;

/** Writes the page, the library and the document (its spans in the library's own model) into a folder to serve. */
export async function recogitoSite(doc) {
  // This checkout's document generator and library (BENCH_ROOT may point at another checkout's build only).
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const require = createRequire(join(root, 'bench', 'package.json'));
  // The package exports its UMD build to require() and its stylesheet by name.
  const umd = require.resolve('@recogito/text-annotator');
  const css = require.resolve('@recogito/text-annotator/text-annotator.css');
  const { makeDocument, DOCUMENT_LABELS } = await import(pathToFileURL(join(root, 'libs/web/text-annotator/src/playground/document.ts')).href);
  const { text, annotations } = makeDocument(doc);
  const spans = annotations.filter((a) => a.geometry.type === 'span');
  const dir = mkdtempSync(join(tmpdir(), 'text-bench-recogito-'));
  mkdirSync(dir, { recursive: true });
  copyFileSync(umd, join(dir, 'text-annotator.umd.js'));
  copyFileSync(css, join(dir, 'text-annotator.css'));
  const version = JSON.parse(readFileSync(join(dirname(umd), '..', 'package.json'), 'utf8')).version;
  writeFileSync(join(dir, 'index.html'), PAGE);
  const body = {
    text,
    colors: Object.fromEntries(DOCUMENT_LABELS.map((l) => [l.id, l.color])),
    annotations: spans.map((a) => ({
      id: a.id,
      bodies: [{ id: `${a.id}-b`, annotation: a.id, purpose: 'tagging', value: a.labelId }],
      target: { annotation: a.id, selector: [{ quote: text.slice(a.geometry.start, a.geometry.end), start: a.geometry.start, end: a.geometry.end }] },
    })),
  };
  writeFileSync(join(dir, 'doc.json'), JSON.stringify(body));
  return { dir, version, spans: spans.length, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** In the page: scrolls #doc top to bottom in equal steps, timing each; stops at the time limit. */
async function scrollRecogito({ steps, limit }) {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const view = document.getElementById('doc');
  const started = performance.now();
  view.scrollTop = 0;
  await frame();
  const step = (view.scrollHeight - view.clientHeight) / steps;
  const out = [];
  for (let i = 1; i <= steps; i++) {
    if (performance.now() - started > limit) return { ms: out, timedOut: true };
    await frame();
    const t0 = performance.now();
    view.scrollTop = Math.round(i * step);
    await frame();
    await frame();
    out.push(performance.now() - t0);
  }
  return { ms: out, timedOut: false, height: view.scrollHeight };
}

/** One run on a fresh context: open and scroll times, each 60,000 when it did not finish within 60 s. */
export async function measureRecogito(browser, url, { viewport, steps, pct, cpu }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cdp = await context.newCDPSession(page);
    const cpu0 = await cpu(cdp);
    await page.goto(url, { waitUntil: 'commit' });
    let openMs = RECOGITO_LIMIT_MS;
    let openTimedOut = false;
    try {
      await page.waitForFunction(() => window.__benchReadyAt > 0 || window.__benchError, null, { polling: 100, timeout: RECOGITO_LIMIT_MS });
      const error = await page.evaluate(() => window.__benchError);
      if (error) throw new Error(`@recogito/text-annotator page: ${error}`);
      openMs = await page.evaluate(() => window.__benchReadyAt);
    } catch (e) {
      if (!String(e).includes('Timeout')) throw e;
      openTimedOut = true;
    }
    const openCpu = (await cpu(cdp)) - cpu0;
    if (openTimedOut) return { openMs, openTimedOut, openCpu, scrollP95: RECOGITO_LIMIT_MS, scrollTimedOut: true, scrollCpu: 0, errors };
    await page.waitForTimeout(500);
    const cpu1 = await cpu(cdp);
    const scroll = await page.evaluate(scrollRecogito, { steps, limit: RECOGITO_LIMIT_MS });
    const scrollCpu = (await cpu(cdp)) - cpu1;
    return { openMs, openTimedOut, openCpu, scrollP95: scroll.timedOut ? RECOGITO_LIMIT_MS : pct(scroll.ms, 95), scrollTimedOut: scroll.timedOut, scrollCpu, errors };
  } finally {
    await context.close();
  }
}
