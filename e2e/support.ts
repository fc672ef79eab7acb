import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import type { ProjectRole } from '@tessera/contracts';
import { api, TEST_PASSWORD, type TestServer } from '@tessera/server/testing';
import { liverCtSeries } from '@tessera/seeds';

/** Debian's Chromium, headless, with nothing that would reach the network on its own. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/** WebGL in software (SwiftShader), for pages that render with it (the DICOM viewer). */
export const SOFTWARE_WEBGL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/** Waits until antd's transitions (a dialog's opening, a drawer's slide) have finished, not halfway through; endless ones
 * (spinners) do not count. Before a screenshot, and before clicking in a dialog that is still zooming in: a click there
 * can land on the mask behind it. */
export async function settle(page: Page, ms = 30000): Promise<void> {
  type Anim = { playState: string; effect: { getTiming(): { iterations?: number } } | null };
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { getAnimations(): Anim[] } }).document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: ms },
  );
}

/** After `n` of the page's animation frames: a layout change (a banner taking room) has been measured and drawn by then. */
export async function frames(page: Page, n = 2): Promise<void> {
  await page.evaluate(async (count) => {
    const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame;
    for (let i = 0; i < count; i++) await new Promise<void>((r) => raf(() => r()));
  }, n);
}

/** Polls `check` until it holds; the error says what was awaited, with `context()` (the server's log, say). */
export async function waitUntil(check: () => Promise<boolean>, what: string, context: () => string = () => '', ms = 30000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}\n${context()}`);
}

/** Reads a value until `ok` holds of it, and answers it; the error says what was awaited, the last value, and `context()`. */
export async function pollUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, context: () => string = () => '', ms = 30000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v)}\n${context()}`);
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}

/** Where a pixel (column, row) of the slice the DICOM viewer shows is on the page. */
export async function viewerPoint(page: Page, col: number, row: number): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(([c, r]) => (globalThis as unknown as { __dicomViewer: { pagePointOf(c: number, r: number): { x: number; y: number } | null } }).__dicomViewer.pagePointOf(c, r), [col, row]);
  if (!p) throw new Error('the viewer has no image to point at');
  return p;
}

/** The colour the DICOM viewer shows at a page point, read from Cornerstone's on-screen canvas after two frames. */
export async function shownColour(page: Page, point: { x: number; y: number }): Promise<number[]> {
  type Canvas = {
    width: number;
    height: number;
    getBoundingClientRect(): { left: number; top: number; width: number; height: number };
    getContext(type: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
  };
  await frames(page);
  return page.locator('[data-testid="dicom-viewport"] canvas.cornerstone-canvas').evaluate((el, { x, y }) => {
    const canvas = el as unknown as Canvas;
    const box = canvas.getBoundingClientRect();
    const px = Math.round(((x - box.left) * canvas.width) / box.width);
    const py = Math.round(((y - box.top) * canvas.height) / box.height);
    return [...canvas.getContext('2d').getImageData(px, py, 1, 1).data.slice(0, 3)];
  }, point);
}

/** Makes each user a member of the project with their role, as `token` (a manager's), through the API. */
export async function addMembers(server: TestServer, token: string, projectId: string, members: readonly { userId: string; role: ProjectRole }[]): Promise<void> {
  for (const m of members) {
    const res = await api(server.url, 'POST', `/api/v1/projects/${projectId}/members`, { token, body: m });
    if (res.status !== 201) throw new Error(`adding ${m.role} ${m.userId} to project ${projectId} answered ${res.status}: ${JSON.stringify(res.json)}`);
  }
}

/**
 * Uploads the demo CT phantom (`liverCtSeries` at `spec`) to a DICOM project as `token` and waits for the real
 * worker's ingest (de-identification, ordering, the volume decision): the ready asset's id. The error of a
 * failed or slow ingest carries the server's log.
 */
export async function uploadCtSeries(server: TestServer, token: string, projectId: string, spec: { slices: number; size: number }, ms = 120000): Promise<string> {
  const form = new FormData();
  for (const f of liverCtSeries(spec)) form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  if (res.status >= 300) throw new Error(`the series upload answered ${res.status}: ${await res.text()}`);
  const { dicomRunId } = (await res.json()) as { dicomRunId: string };
  const logs = () => server.logs().slice(-3000);
  const state = await pollUntil(async () => (await api(server.url, 'GET', `/api/v1/job-runs/${dicomRunId}`, { token })).json.state as string, (s) => s === 'succeeded' || s === 'failed', 'the DICOM ingest', logs, ms);
  if (state === 'failed') throw new Error(`the DICOM ingest failed\n${logs()}`);
  const assets = (await api(server.url, 'GET', `/api/v1/projects/${projectId}/assets`, { token })).json.items as { id: string; status: string }[];
  const ready = assets.find((a) => a.status === 'ready');
  if (!ready) throw new Error(`no ready asset after the DICOM ingest: ${JSON.stringify(assets)}`);
  return ready.id;
}

/** Opens an asset's live page with the DICOM viewer and waits for the first image, then for every slice and the labelmap, then for the sync socket. */
export async function openDicomViewer(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-testid="dicom-viewport"][data-ready="true"]').waitFor({ timeout: 150000 }).catch((e: Error) => {
    throw new Error(`the viewer never drew: ${pageErrors(page).join('; ')} ${e.message}`);
  });
  await page.locator('[data-testid="dicom-viewport"][data-segmentation="ready"]').waitFor({ timeout: 150000 });
  await page.locator('[data-testid="annotator-status"][data-status="online"]').waitFor({ timeout: 30000 });
}

const PAGE_ERRORS = new WeakMap<Page, string[]>();

/** Collects the page's uncaught errors, so a test can check that there were none (pageErrors). */
export function watchErrors(page: Page): Page {
  const errors: string[] = [];
  PAGE_ERRORS.set(page, errors);
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

export function pageErrors(page: Page): string[] {
  return PAGE_ERRORS.get(page) ?? [];
}

/** A browser context whose app starts in `language` (read from localStorage; a language chosen in the page since is kept over reloads). */
export async function languageContext(browser: Browser, language: 'en' | 'zh-CN', viewport = { width: 1400, height: 900 }): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport, locale: language === 'zh-CN' ? 'zh-CN' : 'en-US' });
  await ctx.addInitScript((lng) => {
    const storage = (globalThis as unknown as { localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } }).localStorage;
    if (!storage.getItem('tessera.language')) storage.setItem('tessera.language', lng);
  }, language);
  return ctx;
}

/** Signs in through the login form (antd names its inputs after the form's fields, whatever the language) on a new page, its errors watched. */
export async function signIn(ctx: BrowserContext, baseUrl: string, email: string, timeoutMs = 30000): Promise<Page> {
  const page = watchErrors(await ctx.newPage());
  page.setDefaultTimeout(timeoutMs);
  await page.goto(`${baseUrl}/login`);
  await page.locator('input#email').fill(email);
  await page.locator('input#password').fill(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
  return page;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/**
 * WCAG 2.0 and 2.1, levels A and AA: every rule axe-core tags with them (2.1 AA is what
 * EN 301 549 and most procurement ask for). 2.2's one extra AA rule, target-size, is not in
 * the gate yet: antd's small icon buttons (a password field's eye, a tag's close) fail it.
 */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string; html: string }[];
}

/**
 * The accessibility gate: runs axe-core's WCAG 2 A and AA rules on the page as it
 * stands, looks for icons read out by their file names (`iconsReadByName`) and for
 * controls antd names in English in every language (`namedInEnglishByAntd`), and
 * fails with every violation, naming the page. Every browser test calls
 * it on each page (and each state of a page worth a look: an open drawer, a modal)
 * it visits. It waits for animations to finish first, since a fading-in element
 * has a contrast it will not keep.
 *
 * `exclude` takes CSS selectors of regions whose content is not ours to judge
 * (a user's own picture on a canvas, say); use it sparingly and say why.
 */
export async function expectAccessible(page: Page, where: string, options: { exclude?: string[] } = {}): Promise<void> {
  await page.evaluate(settled, 3000);
  // page.evaluate is not subject to the page's Content-Security-Policy, which refuses inline scripts.
  if (!(await page.evaluate('typeof globalThis.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ tags, exclude }) => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
      const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : (globalThis as unknown as { document: unknown }).document;
      const result = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })) }));
    },
    { tags: WCAG_TAGS, exclude: options.exclude ?? [] },
  );
  const readByName = await page.evaluate(iconsReadByName, options.exclude ?? []);
  const inEnglish = await page.evaluate(namedInEnglishByAntd, ANTD_ENGLISH_NAMES);
  if (!violations.length && !readByName.length && !inEnglish.length) return;
  const lines = violations.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s), ${v.helpUrl}`,
    ...v.nodes.slice(0, 10).map((n) => `    ${JSON.stringify(n.target)} ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`),
  ]);
  if (readByName.length) lines.push(`icons read out by their file names (${readByName.length}): mark them aria-hidden, or label them in the page's language`, ...readByName.slice(0, 10).map((html) => `    ${html}`));
  if (inEnglish.length) lines.push(`controls antd names in English in every language (${inEnglish.length}): see ANTD_ENGLISH_NAMES`, ...inEnglish.slice(0, 10).map((html) => `    ${html}`));
  throw new Error(`accessibility: ${violations.length} WCAG 2 A/AA rule(s) violated, ${readByName.length} icon(s) read by name and ${inEnglish.length} control(s) named in English by antd on ${where} (${page.url()}):\n${lines.join('\n')}`);
}

/** Names antd's parts give in English whatever the page's language, and where ours are given instead. */
const ANTD_ENGLISH_NAMES = [
  'Increase Value', // an InputNumber's steppers: NumberInput in libs/web/editor-ui
  'Decrease Value',
  'segmented control', // a Segmented's group: give it an aria-label
];

/** Runs in the page: the elements, not hidden from assistive technology, that carry one of `names` as their name. */
function namedInEnglishByAntd(names: string[]): string[] {
  interface Element {
    getAttribute(name: string): string | null;
    closest(selector: string): Element | null;
    outerHTML: string;
  }
  const doc = (globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<Element> } }).document;
  return [...doc.querySelectorAll('[aria-label]')]
    .filter((element) => names.includes(element.getAttribute('aria-label') ?? '') && !element.closest('[aria-hidden=true]'))
    .map((element) => element.outerHTML.slice(0, 240));
}

/**
 * antd's icons label themselves with their file names ("check-square", "question-circle"), which a screen reader reads
 * out before the text beside them, in English on a Chinese page; axe takes any label for a good one. An icon passes
 * when it is hidden from assistive technology, labelled otherwise (by us, in the page's language), inside a control
 * whose own label replaces its content, or inside a progress bar (whose content is not read). Runs in the page;
 * returns the rest, as HTML.
 */
function iconsReadByName(exclude: string[]): string[] {
  interface Element {
    getAttribute(name: string): string | null;
    closest(selector: string): Element | null;
    checkVisibility(options: { visibilityProperty: boolean }): boolean;
    classList: { contains(name: string): boolean };
    parentElement: Element | null;
    outerHTML: string;
  }
  const doc = (globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<Element> } }).document;
  const CONTROL = 'button, a[href], [role=button], [role=link], [role=menuitem], [role=tab], [role=option], [role=switch], [role=checkbox], [role=radio]';
  return [...doc.querySelectorAll('.anticon[role=img][aria-label]')]
    .filter((icon) => {
      if (!icon.checkVisibility({ visibilityProperty: true }) || icon.closest('[aria-hidden=true]') || icon.closest('[role=progressbar]') || exclude.some((s) => icon.closest(s))) return false;
      if (!icon.classList.contains(`anticon-${icon.getAttribute('aria-label')}`)) return false;
      const control = icon.parentElement?.closest(CONTROL);
      return !(control?.getAttribute('aria-label') || control?.getAttribute('aria-labelledby'));
    })
    .map((icon) => (icon.parentElement ?? icon).outerHTML.slice(0, 240));
}

/** Resolves once no finite animation or transition is running (spinners go on forever and are ignored), or after `ms`. */
async function settled(ms: number) {
  interface Running {
    playState: string;
    effect: { getTiming(): { iterations?: number } } | null;
    finished: Promise<unknown>;
  }
  const doc = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document;
  const deadline = Date.now() + ms;
  for (;;) {
    const running = doc.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity);
    if (!running.length || Date.now() > deadline) return;
    await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => undefined))), new Promise((r) => setTimeout(r, 100))]);
  }
}

/**
 * The context's /sync sockets through the test: `cut()` closes them and refuses new ones (the page sees a
 * dropped connection), `restore()` lets it connect again. Set up before the page opens its socket.
 */
export async function syncLink(context: BrowserContext) {
  let up = true;
  const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  await context.routeWebSocket(/\/sync\/\?/, (ws) => {
    if (!up) return void ws.close({ code: 4000, reason: 'cut by the test' });
    const pair = { page: ws, server: ws.connectToServer() };
    open.add(pair);
    ws.onClose(() => open.delete(pair));
  });
  return {
    cut: async () => {
      up = false;
      for (const pair of open) {
        await pair.server.close();
        await pair.page.close({ code: 4000, reason: 'cut by the test' });
      }
      open.clear();
    },
    restore: () => {
      up = true;
    },
  };
}
