import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, frames, launchChromium, syncLink, waitUntil } from './support';

/**
 * The text editor on real text tasks, against the real API, worker and
 * /sync: spans labelled with the mouse and with the keyboard, in an English
 * document and in a Chinese one with emoji, and the offsets the server
 * stored checked against the document's text; a second person sees them.
 * Run `npm run build:web` before running this file on its own.
 */
jest.setTimeout(240_000);

const SHOTS = join(__dirname, 'screenshots');
const EN = 'Alice Smith works for Acme Corp in Paris.\nBob met the press in London on Monday.\n';
const ZH = '张三在北京大学工作。😀👩‍👩‍👧 李四喜欢上海。\n第二行：王五来自深圳👍🏽。\n';
/** Hebrew, Arabic, and a line that starts in English: each line takes the direction of its first strong letter. */
const RTL = 'שלום עולם, זה מסמך בעברית.\nمرحبا بالعالم، هذا نص عربي.\nMixed: English then עברית.\n';
const SCHEMA = {
  labels: [
    { id: 'per', name: 'Person', color: '#f5222d', hotkey: 'p', tools: ['span'] },
    { id: 'org', name: 'Organisation', color: '#1677ff', hotkey: 'o', tools: ['span'] },
    { id: 'loc', name: 'Location', color: '#389e0d', hotkey: 'l', tools: ['span'] },
    { id: 'works', name: 'Works for', color: '#595959', hotkey: 'w', tools: ['relation'] },
    { id: 'same', name: 'Same as', color: '#722ed1', tools: ['relation'], symmetric: true },
    {
      id: 'topic', name: 'Topic', color: '#fa8c16', hotkey: 't', tools: ['doc-label'], attributes: [
        { key: 'value', name: 'Topic', type: 'select', options: ['business', 'politics', 'sport'] },
        { key: 'regions', name: 'Regions', type: 'multiselect', options: ['europe', 'asia'] },
        { key: 'summary', name: 'Summary', type: 'text', maxLength: 500 },
      ],
    },
    { id: 'breaking', name: 'Breaking news', color: '#cf1322', hotkey: 'b', tools: ['doc-label'] },
  ],
};

let server: TestServer;
let browser: Browser;
let org: TestOrg;
const tokens: Record<string, string> = {};
const taskOf: Record<'en' | 'zh' | 'rtl', string> = { en: '', zh: '', rtl: '' };
const assetIdOf: Record<'en' | 'zh' | 'rtl', string> = { en: '', zh: '', rtl: '' };
let projectId = '';

interface Span {
  id: string;
  labelId: string;
  geometry: { type: string; start: number; end: number; from?: string; to?: string };
  attributes: Record<string, unknown>;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  org = await createOrgWithRoles(server.db, 'News Co', 'news-co.test');
  for (const who of ['manager', 'annotator', 'reviewer'] as const) tokens[who] = await server.tokenFor(org.users[who].id, org.orgId);

  const project = await api(server.url, 'POST', '/api/v1/projects', { token: tokens.manager, body: { name: 'News entities', mediaType: 'text', labelSchema: SCHEMA } });
  expect(project.status).toBe(201);
  projectId = project.json.id;
  for (const [who, role] of [['annotator', 'annotator'], ['reviewer', 'reviewer']] as const) {
    expect((await api(server.url, 'POST', `/api/v1/projects/${projectId}/members`, { token: tokens.manager, body: { userId: org.users[who].id, role } })).status).toBe(201);
  }

  const assetOf: Record<string, 'en' | 'zh' | 'rtl'> = {};
  for (const [name, text, lang] of [['english.txt', EN, 'en'], ['chinese.txt', ZH, 'zh'], ['rtl.txt', RTL, 'rtl']] as const) {
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), name);
    const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.manager}` } });
    const body = (await up.json()) as { accepted: { assetId: string }[] };
    expect(body.accepted).toHaveLength(1);
    const assetId = body.accepted[0].assetId;
    assetOf[assetId] = lang;
    assetIdOf[lang] = assetId;
    await until(async () => (await api(server.url, 'GET', `/api/v1/assets/${assetId}`, { token: tokens.manager })).json?.status === 'ready', `${name} ready`);
  }

  const batch = await api(server.url, 'POST', `/api/v1/projects/${projectId}/batches`, { token: tokens.manager, body: { name: 'Week 1', selection: { filter: {} } } });
  expect(batch.status).toBe(201);
  const assigned = await api(server.url, 'POST', `/api/v1/batches/${batch.json.id}/assign`, { token: tokens.manager, body: { mode: 'spread', userIds: [org.users.annotator.id] } });
  expect(assigned.status).toBeLessThan(300);
  const mine = await api(server.url, 'GET', '/api/v1/tasks?mine=true', { token: tokens.annotator });
  for (const t of mine.json.items as { id: string; stage: string; assetId: string }[]) if (t.stage === 'annotate') taskOf[assetOf[t.assetId]] = t.id;
  expect(taskOf.en && taskOf.zh && taskOf.rtl).toBeTruthy();

  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const links = new WeakMap<BrowserContext, Awaited<ReturnType<typeof syncLink>>>();

async function openTask(who: 'manager' | 'annotator' | 'reviewer', taskId: string, lang: 'en' | 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
  await context.addInitScript((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('tessera.language', l), lang);
  links.set(context, await syncLink(context));
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/email|邮箱/i).fill(org.users[who].email);
  await page.getByLabel(/password|密码/i).fill(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
  await page.goto(`${server.url}/tasks/${taskId}`);
  await page.locator('[data-testid="text-annotator"] [data-testid="annotator-stage"][data-ready="true"]').waitFor();
  await page.locator('[data-testid="annotator-status"][data-status="online"]').waitFor();
  return page;
}

/** The screen point in the middle of the character at a document offset, from the row drawn for it. */
async function pointAt(page: Page, offset: number): Promise<[number, number]> {
  const p = await page.evaluate((at) => {
    interface El {
      dataset: Record<string, string>;
      firstChild: unknown;
    }
    const doc = globalThis as unknown as { document: { querySelectorAll(s: string): El[]; createRange(): { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void; getBoundingClientRect(): { left: number; top: number; width: number; height: number } } } };
    for (const el of doc.document.querySelectorAll('[data-testid="annotator-stage"] [data-s]')) {
      const s = Number(el.dataset.s);
      const node = el.firstChild as { textContent: string } | null;
      if (!node || at < s || at >= s + node.textContent.length) continue;
      const r = doc.document.createRange();
      r.setStart(node, at - s);
      r.setEnd(node, at - s + 1);
      const b = r.getBoundingClientRect();
      return [b.left + b.width / 2, b.top + b.height / 2] as [number, number];
    }
    return null;
  }, offset);
  if (!p) throw new Error(`offset ${offset} is not drawn`);
  return p;
}

async function drag(page: Page, from: number, to: number) {
  await page.mouse.move(...(await pointAt(page, from)));
  await page.mouse.down();
  await page.mouse.move(...(await pointAt(page, to)), { steps: 4 });
  await page.mouse.up();
}

const saved = (page: Page) => page.locator('[data-testid="annotator-status"][data-status="online"][data-pending="0"]').waitFor();
const stored = async (lang: 'en' | 'zh' | 'rtl') => (await api(server.url, 'GET', `/api/v1/tasks/${taskOf[lang]}/annotations`, { token: tokens.manager })).json.annotations as Span[];
const spansOf = async (lang: 'en' | 'zh' | 'rtl', text: string) =>
  (await stored(lang)).filter((a) => a.geometry.type === 'span').map((a) => ({ label: a.labelId, start: a.geometry.start, end: a.geometry.end, text: text.slice(a.geometry.start, a.geometry.end) })).sort((x, y) => x.start - y.start || y.end - x.end);
/** No offset the server holds falls between the halves of a surrogate pair. */
const whole = (text: string, at: number) => !(text.charCodeAt(at) >= 0xdc00 && text.charCodeAt(at) <= 0xdfff);

describe('the text editor on a task', () => {
  let annotator: Page;

  it('labels spans in English with the mouse and with the keyboard, nested, and stores their offsets', async () => {
    annotator = await openTask('annotator', taskOf.en, 'en');
    await expectAccessible(annotator, 'text-editor-empty-en');

    // The mouse: a drag from inside “Alice” to inside “Smith” snaps to both words; the label's button labels it.
    await drag(annotator, EN.indexOf('Alice') + 2, EN.indexOf('Smith') + 2);
    await annotator.locator(`[data-testid="annotator-stage"][data-selection="0,${'Alice Smith'.length}"]`).waitFor();
    await annotator.locator('[data-testid="text-label"][data-label="per"]').click();
    await annotator.getByTestId('text-announcer').getByText('Labelled “Alice Smith” as Person').waitFor();

    // The keyboard: the caret to the top, four words on, Shift+arrows over two words, the label's key.
    const stage = annotator.getByTestId('annotator-stage');
    await stage.focus();
    await annotator.keyboard.press('ArrowUp');
    for (let i = 0; i < 4; i++) await annotator.keyboard.press('ArrowRight');
    await annotator.locator(`[data-testid="annotator-stage"][data-caret="${EN.indexOf(' Acme')}"]`).waitFor();
    await annotator.keyboard.press('Shift+ArrowRight');
    await annotator.keyboard.press('Shift+ArrowRight');
    await annotator.keyboard.press('o');
    // A nested span: back two words, one word selected, another label.
    await annotator.keyboard.press('ArrowLeft');
    await annotator.keyboard.press('ArrowLeft');
    await annotator.keyboard.press('Shift+ArrowRight');
    await annotator.keyboard.press('l');
    // A double-click takes a word on the second line.
    await annotator.mouse.dblclick(...(await pointAt(annotator, EN.indexOf('London') + 1)));
    await annotator.keyboard.press('l');
    await saved(annotator);

    expect(await spansOf('en', EN)).toEqual([
      { label: 'per', start: 0, end: 11, text: 'Alice Smith' },
      { label: 'org', start: EN.indexOf('Acme'), end: EN.indexOf('Acme') + 9, text: 'Acme Corp' },
      { label: 'loc', start: EN.indexOf('Acme'), end: EN.indexOf('Acme') + 4, text: 'Acme' },
      { label: 'loc', start: EN.indexOf('London'), end: EN.indexOf('London') + 6, text: 'London' },
    ]);
    // The nested span is stacked under the other: the row holds two lanes of bars.
    const pieces = await annotator.locator('[data-spans]').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset.spans.split(' ').length));
    expect(Math.max(...pieces)).toBe(2);

    // Delete and undo: the span goes and comes back, through the ops the sync layer keeps.
    await annotator.getByTestId('annotator-object').first().locator('.eu-row-main').click();
    await stage.focus();
    await annotator.keyboard.press('Delete');
    await saved(annotator);
    expect((await stored('en')).length).toBe(3);
    await annotator.keyboard.press('Control+z');
    await saved(annotator);
    expect((await stored('en')).length).toBe(4);
  });

  it('shows the spans to a second person, and theirs to the first, live', async () => {
    const manager = await openTask('manager', taskOf.en, 'en');
    await manager.locator('[data-testid="annotator-stage"][data-objects="4"]').waitFor();
    await drag(manager, EN.indexOf('Bob'), EN.indexOf('Bob') + 1);
    await manager.keyboard.press('p');
    await annotator.locator('[data-testid="annotator-stage"][data-objects="5"]').waitFor();
    await saved(manager);
    expect((await spansOf('en', EN)).map((s) => s.text)).toContain('Bob');
    await manager.context().close();
  });

  it('relates spans from the keyboard and with the mouse, drawn as arcs, directed or symmetric per schema', async () => {
    const stage = annotator.getByTestId('annotator-stage');
    const idOf = async (text: string) => (await stored('en')).find((a) => a.geometry.type === 'span' && EN.slice(a.geometry.start, a.geometry.end) === text)!.id;
    // The keyboard: select “Alice Smith”, R, the arrows to “Acme Corp”, Enter, Enter (the first relation label).
    await annotator.mouse.click(...(await pointAt(annotator, 2)));
    await annotator.locator(`[data-testid="annotator-stage"][data-selected="${await idOf('Alice Smith')}"]`).waitFor();
    await stage.focus();
    await annotator.keyboard.press('r');
    const relating = annotator.getByTestId('text-relating');
    await relating.waitFor();
    // First the nearest span (“Acme”, nested in “Acme Corp”), then the next.
    await annotator.locator(`[data-testid="text-relating"][data-to="${await idOf('Acme')}"]`).waitFor();
    await annotator.keyboard.press('ArrowRight');
    await annotator.locator(`[data-testid="text-relating"][data-to="${await idOf('Acme Corp')}"]`).waitFor();
    await annotator.keyboard.press('Enter');
    await annotator.locator('[data-testid="text-relating"][data-picking="true"]').waitFor();
    await annotator.getByTestId('text-announcer').getByText('Which relation? Works for').waitFor();
    await annotator.keyboard.press('Enter');
    await annotator.getByTestId('text-announcer').getByText('Related “Alice Smith” to “Acme Corp” as Works for').waitFor();
    await annotator.locator('[data-testid="relation-arc"]').first().waitFor();

    // The mouse: “London”, the Relation button, a click on “Bob”, then the symmetric label from the list.
    await annotator.mouse.click(...(await pointAt(annotator, EN.indexOf('London') + 1)));
    await annotator.getByTestId('text-relation').click();
    await relating.waitFor();
    await annotator.mouse.click(...(await pointAt(annotator, EN.indexOf('Bob') + 1)));
    await annotator.locator(`[data-testid="text-relating"][data-to="${await idOf('Bob')}"]`).waitFor();
    await stage.focus();
    await annotator.keyboard.press('Enter');
    await annotator.locator('[data-testid="relation-label"][data-label="same"]').click();
    await annotator.locator('[data-testid="annotator-stage"][data-relations="2"]').waitFor();
    // R with a relation selected says to select a span; Escape leaves a relation half made without making one.
    await annotator.keyboard.press('r');
    await annotator.getByTestId('text-announcer').getByText('Select a span first, then press R to relate it to another').waitFor();
    await annotator.mouse.click(...(await pointAt(annotator, 2)));
    await annotator.keyboard.press('r');
    await relating.waitFor();
    await annotator.keyboard.press('Escape');
    await relating.waitFor({ state: 'hidden' });
    await saved(annotator);

    const relations = (await stored('en')).filter((a) => a.geometry.type === 'relation').map((a) => ({ label: a.labelId, from: a.geometry.from, to: a.geometry.to }));
    expect(relations).toEqual(
      expect.arrayContaining([
        { label: 'works', from: await idOf('Alice Smith'), to: await idOf('Acme Corp') },
        { label: 'same', from: await idOf('London'), to: await idOf('Bob') },
      ]),
    );
    expect(relations).toHaveLength(2);
    // Directed: an arrow head; symmetric: none.
    const heads = await annotator.locator('[data-testid="relation-arc"]').evaluateAll((els) => els.map((e) => !!e.getAttribute('marker-end')).sort());
    expect(heads).toEqual([false, true]);
    await annotator.locator('[data-testid="relation-label-tag"]', { hasText: 'Works for' }).waitFor();
  });

  it('labels the document: a single choice, multiple choices and a summary from the keyboard, and a classification by its key', async () => {
    const stage = annotator.getByTestId('annotator-stage');
    await stage.focus();
    // T takes the focus to the Topic's choices: Space picks the first, the arrows another.
    await annotator.keyboard.press('t');
    await annotator.keyboard.press('Space');
    await annotator.keyboard.press('ArrowDown');
    await annotator.locator('[data-doc-label="topic"] input[type=radio][value="politics"]:checked').waitFor();
    // Tab on to the regions (check boxes) and the summary, typed and left.
    await annotator.keyboard.press('Tab');
    await annotator.keyboard.press('Space');
    await annotator.keyboard.press('Tab');
    await annotator.keyboard.press('Tab');
    await annotator.keyboard.type('Alice Smith of Acme Corp meets the press.');
    await annotator.keyboard.press('Control+Enter');
    // Escape: back to the document, where B marks it breaking news.
    await annotator.keyboard.press('Escape');
    await expect(stage.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).resolves.toBe(true);
    await annotator.keyboard.press('b');
    await annotator.locator('[data-doc-label="breaking"][data-set="true"]').waitFor();
    await saved(annotator);

    const docLabels = (await stored('en')).filter((a) => a.geometry.type === 'doc-label').map((a) => ({ label: a.labelId, attributes: a.attributes })).sort((a, b) => a.label.localeCompare(b.label));
    expect(docLabels).toEqual([
      { label: 'breaking', attributes: {} },
      { label: 'topic', attributes: { value: 'politics', regions: ['europe'], summary: 'Alice Smith of Acme Corp meets the press.' } },
    ]);
    // B again takes the classification off.
    await annotator.keyboard.press('b');
    await annotator.locator('[data-doc-label="breaking"][data-set="false"]').waitFor();
    await annotator.keyboard.press('b');
    await saved(annotator);
  });

  it('searches the document, labels a match by key and every match at once, lists the entities by label and jumps to one', async () => {
    const stage = annotator.getByTestId('annotator-stage');
    const search = annotator.locator('input[data-testid="text-search"], [data-testid="text-search"] input').first();
    // “/” to the search box; Enter goes to the match, which becomes the selection; Escape back to the text, where L labels it.
    await stage.focus();
    await annotator.keyboard.press('/');
    await expect(search.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).resolves.toBe(true);
    await annotator.keyboard.type('paris');
    await annotator.keyboard.press('Enter');
    await annotator.locator(`[data-testid="annotator-stage"][data-selection="${EN.indexOf('Paris')},${EN.indexOf('Paris') + 5}"]`).waitFor();
    await annotator.keyboard.press('Escape');
    await annotator.keyboard.press('l');
    await annotator.getByTestId('text-announcer').getByText('Labelled “Paris” as Location').waitFor();
    // Every “in” at once, with the current label; again adds nothing; one undo takes them all back.
    await search.fill('in');
    await annotator.getByTestId('search-count').getByText('0/2').waitFor();
    await annotator.locator('.ta-piece.is-match').first().waitFor();
    await annotator.getByTestId('label-every-match').click();
    await annotator.getByTestId('text-announcer').getByText('Labelled 2 matches as Location').waitFor();
    await annotator.getByTestId('label-every-match').click();
    await annotator.getByTestId('text-announcer').getByText('Labelled 0 matches as Location').waitFor();
    await saved(annotator);
    const ins = (await spansOf('en', EN)).filter((x) => x.text === 'in');
    expect(ins).toEqual([
      { label: 'loc', start: EN.indexOf(' in ') + 1, end: EN.indexOf(' in ') + 3, text: 'in' },
      { label: 'loc', start: EN.lastIndexOf(' in ') + 1, end: EN.lastIndexOf(' in ') + 3, text: 'in' },
    ]);
    await stage.focus();
    await annotator.keyboard.press('Control+z');
    await saved(annotator);
    expect((await spansOf('en', EN)).filter((x) => x.text === 'in')).toEqual([]);
    expect((await spansOf('en', EN)).map((x) => x.text)).toContain('Paris');

    // The entity list: grouped by label with counts; a filter, then the arrows and Enter jump to “London”.
    await annotator.locator('[data-testid="entity-group"][data-label="loc"][data-count="3"]').waitFor();
    await annotator.locator('[data-testid="entity-group"][data-label="per"][data-count="2"]').waitFor();
    const filter = annotator.getByTestId('entity-filter');
    await filter.fill('lond');
    await expect(annotator.getByTestId('entity').count()).resolves.toBe(1);
    await filter.focus();
    await annotator.keyboard.press('ArrowDown');
    await annotator.keyboard.press('ArrowDown');
    await annotator.keyboard.press('Enter');
    const london = (await stored('en')).find((a) => a.geometry.type === 'span' && EN.slice(a.geometry.start, a.geometry.end) === 'London')!;
    await annotator.locator(`[data-testid="annotator-stage"][data-selected="${london.id}"]`).waitFor();
    // The scrollbar map marks the spans' rows.
    expect(Number(await annotator.getByTestId('text-minimap').getAttribute('data-marks'))).toBeGreaterThan(0);
    await filter.fill('');
    await search.fill('the');

    await annotator.screenshot({ path: join(SHOTS, 'text-editor-en.png') });
    await expectAccessible(annotator, 'text-editor-en');
  });

  it('shows Hebrew and Arabic lines right to left, each line by its own first letter, and labels a Hebrew word', async () => {
    const rtl = await openTask('annotator', taskOf.rtl, 'en');
    const lines = await rtl.locator('.ta-line').evaluateAll((els) =>
      els.map((e) => {
        const el = e as unknown as { getBoundingClientRect(): { left: number; right: number }; ownerDocument: { defaultView: { getComputedStyle(e: unknown): { direction: string } } }; getAttribute(n: string): string | null; querySelector(s: string): { getBoundingClientRect(): { left: number; right: number } } | null };
        const text = el.querySelector('[data-s]')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return { dir: el.getAttribute('dir'), direction: el.ownerDocument.defaultView.getComputedStyle(el).direction, rightAligned: Math.abs(box.right - text.right) < 12 };
      }),
    );
    expect(lines).toEqual([
      { dir: 'auto', direction: 'rtl', rightAligned: true },
      { dir: 'auto', direction: 'rtl', rightAligned: true },
      { dir: 'auto', direction: 'ltr', rightAligned: false },
    ]);
    await rtl.mouse.dblclick(...(await pointAt(rtl, RTL.indexOf('עולם') + 1)));
    await rtl.keyboard.press('l');
    await rtl.mouse.dblclick(...(await pointAt(rtl, RTL.indexOf('بالعالم') + 2)));
    await rtl.keyboard.press('l');
    await saved(rtl);
    expect((await spansOf('rtl', RTL)).map((x) => x.text)).toEqual(['עולם', 'بالعالم']);
    await rtl.screenshot({ path: join(SHOTS, 'text-editor-rtl.png') });
    await rtl.context().close();
  });

  it('labels a Chinese document with emoji in Chinese, never splitting a character', async () => {
    const zh = await openTask('annotator', taskOf.zh, 'zh-CN');
    // A double-click takes a word that Intl.Segmenter finds, not the whole run of Han characters.
    await zh.mouse.dblclick(...(await pointAt(zh, ZH.indexOf('北京'))));
    await zh.keyboard.press('l');
    // With character precision the caret steps over each emoji whole: 😀 and the family are two steps.
    const stage = zh.getByTestId('annotator-stage');
    await stage.focus();
    await zh.keyboard.press('Alt+c');
    await zh.keyboard.press('ArrowUp');
    for (let i = 0; i < 10; i++) await zh.keyboard.press('ArrowRight');
    await zh.keyboard.press('Shift+ArrowRight');
    await zh.keyboard.press('Shift+ArrowRight');
    await zh.keyboard.press('p');
    // Back to words: the next word after the emoji.
    await zh.keyboard.press('Alt+c');
    await zh.keyboard.press('Shift+ArrowRight');
    await zh.keyboard.press('p');
    // A relation from the keyboard: the place to the next span.
    await zh.mouse.click(...(await pointAt(zh, ZH.indexOf('北京'))));
    await stage.focus();
    await zh.keyboard.press('r');
    await zh.keyboard.press('Enter');
    await zh.keyboard.press('Enter');
    await zh.locator('[data-testid="relation-arc"]').waitFor();
    await saved(zh);

    const spans = await spansOf('zh', ZH);
    expect(spans).toHaveLength(3);
    for (const s of spans) expect(whole(ZH, s.start) && whole(ZH, s.end)).toBe(true);
    const place = spans.find((s) => s.label === 'loc')!;
    expect(place.text).toContain('北京');
    expect(place.text.length).toBeLessThan('北京大学工作'.length);
    expect(spans.find((s) => s.start === 10)).toEqual({ label: 'per', start: 10, end: 20, text: '😀👩‍👩‍👧' });
    const name = spans.find((s) => s.start === ZH.indexOf('李'))!;
    expect(name.label).toBe('per');
    expect(name.text.startsWith('李')).toBe(true);
    expect(name.text.length).toBeLessThanOrEqual(2);

    await zh.getByText('已保存').first().waitFor();
    await zh.screenshot({ path: join(SHOTS, 'text-editor-zh-CN.png') });
    await expectAccessible(zh, 'text-editor-zh-CN');
    await zh.context().close();
  });

  it("reviews a model's spans from the keyboard: all above the threshold accepted, one rejected", async () => {
    // A model's spans, imported as predictions (plain JSONL with UTF-16 offsets and scores) into the RTL document's live set.
    const at = (word: string) => ({ start: RTL.indexOf(word), end: RTL.indexOf(word) + word.length });
    const record = { name: 'rtl.txt', text: RTL, spans: [{ id: 1, ...at('English'), label: 'Organisation', score: 0.9 }, { id: 2, ...at('עולם'), label: 'Location', score: 0.8 }, { id: 3, ...at('Mixed'), label: 'Person', score: 0.3 }] };
    const form = new FormData();
    for (const [k, v] of Object.entries({ format: 'jsonl', as: 'predictions', modelName: 'ner', modelVersion: '1' })) form.append(k, v);
    form.append('file', new Blob([JSON.stringify(record) + '\n']), 'ner.jsonl');
    const started = await fetch(`${server.url}/api/v1/projects/${projectId}/annotation-imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.manager}` } });
    expect(started.status).toBe(202);
    const live = async () => (await api(server.url, 'GET', `/api/v1/assets/${assetIdOf.rtl}/annotations`, { token: tokens.manager })).json.annotations as (Span & { source: string; predictionId: string | null; span?: { text: string } })[];
    await until(async () => (await live()).filter((a) => a.source === 'model').length === 3, 'the predictions imported');

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    await page.goto(`${server.url}/login`);
    await page.getByLabel(/email/i).fill(org.users.manager.email);
    await page.getByLabel(/password/i).fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/projects');
    await page.goto(`${server.url}/projects/${projectId}/assets/${assetIdOf.rtl}/live`);
    await page.locator('[data-testid="text-annotator"] [data-testid="annotator-stage"][data-ready="true"]').waitFor();
    await page.getByTestId('predictions').getByText(/0\.50/).first().waitFor();
    const stage = page.getByTestId('annotator-stage');
    await stage.focus();
    await page.keyboard.press('Alt+Shift+A');
    await until(async () => (await live()).filter((a) => a.source === 'model').length === 1, 'the two above 0.5 accepted');
    const left = (await live()).find((a) => a.source === 'model')!;
    expect(left.span?.text).toBe('Mixed');
    await page.locator(`[data-testid="annotator-object"][data-id="${left.id}"] .eu-row-main`).click();
    await stage.focus();
    await page.keyboard.press('Alt+X');
    await until(async () => !(await live()).some((a) => a.source === 'model'), 'the last one rejected');
    const people = (await live()).filter((a) => a.geometry.type === 'span');
    expect(people.map((a) => [a.labelId, a.span?.text, a.source, !!a.predictionId]).sort()).toEqual([['loc', 'עולם', 'human', true], ['org', 'English', 'human', true]]);
    await context.close();
  });

  it('loses nothing to a reload in the middle of labelling, or to one while the connection is down', async () => {
    const page = await openTask('annotator', taskOf.en, 'en');
    const before = (await stored('en')).length;
    // Two words labelled by key, and the page reloaded at once, before anyone waits for the acknowledgement.
    await page.mouse.dblclick(...(await pointAt(page, EN.indexOf('press') + 1)));
    await page.keyboard.press('o');
    await page.mouse.dblclick(...(await pointAt(page, EN.indexOf('Monday') + 1)));
    await page.keyboard.press('p');
    await page.reload();
    await page.locator('[data-testid="text-annotator"] [data-testid="annotator-stage"][data-ready="true"]').waitFor();
    const labelled = (spans: { label: string; text: string }[]) => spans.some((x) => x.label === 'org' && x.text === 'press') && spans.some((x) => x.label === 'per' && x.text === 'Monday');
    await until(async () => labelled(await spansOf('en', EN)), 'both spans stored after the reload');
    await saved(page);
    const spans = await spansOf('en', EN);
    expect(spans).toContainEqual({ label: 'org', start: EN.indexOf('press'), end: EN.indexOf('press') + 5, text: 'press' });
    expect(spans).toContainEqual({ label: 'per', start: EN.indexOf('Monday'), end: EN.indexOf('Monday') + 6, text: 'Monday' });
    // Each once: what the reload replayed was not stored twice.
    expect((await stored('en')).length).toBe(before + 2);
    // And the editor shows them: the entity list holds both.
    for (const word of ['press', 'Monday']) await page.locator(`[data-testid="entity"][data-start="${EN.indexOf(word)}"]`).waitFor();

    // The socket drops: a word labelled then waits, says so, survives a reload, and is stored once when the link is back.
    const link = links.get(page.context())!;
    await link.cut();
    await page.getByTestId('offline-banner').waitFor();
    await frames(page); // the banner moved the text down: the word is aimed at where it is now
    await page.mouse.dblclick(...(await pointAt(page, EN.indexOf('met') + 1)));
    await page.keyboard.press('o');
    await page.locator('[data-testid="annotator-status"][data-pending="1"]').waitFor();
    expect((await stored('en')).length).toBe(before + 2);
    await page.reload();
    await page.locator('[data-testid="text-annotator"] [data-testid="annotator-stage"][data-ready="true"]').waitFor();
    await page.locator(`[data-testid="entity"][data-start="${EN.indexOf('met')}"]`).waitFor();
    link.restore();
    await until(async () => (await spansOf('en', EN)).some((x) => x.label === 'org' && x.text === 'met'), 'the offline span stored');
    await saved(page);
    expect((await stored('en')).length).toBe(before + 3);
    await page.context().close();
  });

  it("pins a reviewer's comment to a span of the handed-in document, which the reviewer cannot change", async () => {
    expect((await api(server.url, 'POST', `/api/v1/tasks/${taskOf.en}/submit`, { token: tokens.annotator })).status).toBe(200);
    let reviewId = '';
    await until(async () => {
      const rows = await server.db.query(`SELECT id FROM tasks WHERE stage = 'review' AND asset_id = (SELECT asset_id FROM tasks WHERE id = $1)`, [taskOf.en]);
      reviewId = rows[0]?.id ?? '';
      return !!reviewId;
    }, 'the review task');
    const alice = (await stored('en')).find((a) => a.labelId === 'per' && a.geometry.start === 0 && a.geometry.end === 'Alice Smith'.length)!;
    expect(alice).toBeTruthy();

    const reviewer = await openTask('reviewer', reviewId, 'en');
    // Read-only: a label's key changes nothing.
    await reviewer.locator(`[data-testid="annotator-object"][data-id="${alice.id}"] .eu-row-main`).click();
    await reviewer.getByTestId('annotator-stage').focus();
    await reviewer.keyboard.press('o');
    await reviewer.getByTestId('composer-pin').getByText(/Person/).waitFor();
    await reviewer.getByTestId('comment-input').fill('Is this the full name?');
    await reviewer.getByTestId('comment-input').press('Control+Enter');
    await reviewer.getByTestId('comment-thread').getByText('Is this the full name?').waitFor();
    expect(await server.db.query(`SELECT annotation_id, point FROM task_comments WHERE body = 'Is this the full name?'`)).toEqual([{ annotation_id: alice.id, point: null }]);
    // The pin is drawn at the span, in the text.
    await reviewer.locator('[data-testid="annotator-stage"] .ta-pin').first().waitFor();
    expect((await stored('en')).find((a) => a.id === alice.id)?.labelId).toBe('per');
    await reviewer.screenshot({ path: join(SHOTS, 'text-editor-review-pin-en.png') });
    await expectAccessible(reviewer, 'text-editor-review-pin-en');
    await reviewer.context().close();
  });
});

const until = (check: () => Promise<boolean>, what: string) => waitUntil(check, what, () => server.logs().slice(-3000));
