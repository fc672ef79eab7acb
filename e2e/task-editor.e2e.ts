import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, TEST_SCHEMAS, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, frames, launchChromium, syncLink, waitUntil } from './support';

/**
 * The image editor on a real task, against the real API, worker and /sync:
 * two browser contexts on the same task (the annotator, and a manager with
 * edit rights) see each other's edits, names and work live; a reload right
 * after drawing, and one while the connection is down, lose nothing, not
 * even the undo steps.
 * Run `npm run build:web` before running this file on its own.
 */
jest.setTimeout(180_000);

const SHOTS = join(__dirname, 'screenshots');
/** The bar for live edits: from the author's acknowledgement to the other screen. */
const LIVE_MS = 1000;
let server: TestServer;
let browser: Browser;
let org: TestOrg;
let taskId: string;
const tokens: Record<string, string> = {};

interface Storage {
  setItem(key: string, value: string): void;
}

/** The task's picture, 800×600: a colour per quarter, so what is shown (and which way up) can be told apart. */
const QUARTERS = { topLeft: [200, 40, 40], topRight: [40, 170, 40], bottomLeft: [40, 60, 210], bottomRight: [140, 140, 140] } as const;
function quadrants() {
  const pixels = Buffer.alloc(800 * 600 * 3);
  for (let y = 0; y < 600; y++) {
    for (let x = 0; x < 800; x++) {
      const q = y < 300 ? (x < 400 ? QUARTERS.topLeft : QUARTERS.topRight) : x < 400 ? QUARTERS.bottomLeft : QUARTERS.bottomRight;
      pixels.set(q, (y * 800 + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width: 800, height: 600, channels: 3 } });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  org = await createOrgWithRoles(server.db, 'Street Co', 'street-co.test');
  for (const who of ['manager', 'annotator'] as const) tokens[who] = await server.tokenFor(org.users[who].id, org.orgId);

  const project = await api(server.url, 'POST', '/api/v1/projects', { token: tokens.manager, body: { name: 'Streets', mediaType: 'image', labelSchema: TEST_SCHEMAS.image } });
  expect(project.status).toBe(201);
  const projectId = project.json.id;
  expect((await api(server.url, 'POST', `/api/v1/projects/${projectId}/members`, { token: tokens.manager, body: { userId: org.users.annotator.id, role: 'annotator' } })).status).toBe(201);

  const image = await quadrants().jpeg({ quality: 90 }).toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(image)]), 'street.jpg');
  const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.manager}` } });
  const assetId = ((await up.json()) as { accepted: { assetId: string }[] }).accepted[0].assetId;
  await until(async () => (await api(server.url, 'GET', `/api/v1/assets/${assetId}`, { token: tokens.manager })).json?.status === 'ready', 'asset ready');

  const batch = await api(server.url, 'POST', `/api/v1/projects/${projectId}/batches`, { token: tokens.manager, body: { name: 'Week 1', selection: { filter: {} } } });
  expect(batch.status).toBe(201);
  const assigned = await api(server.url, 'POST', `/api/v1/batches/${batch.json.id}/assign`, { token: tokens.manager, body: { mode: 'spread', userIds: [org.users.annotator.id] } });
  expect(assigned.status).toBeLessThan(300);
  const mine = await api(server.url, 'GET', '/api/v1/tasks?mine=true', { token: tokens.annotator });
  taskId = (mine.json.items as { id: string; stage: string }[]).find((t) => t.stage === 'annotate')!.id;

  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A logged-in browser context of its own (its own storage, its own socket) on the task page, the editor ready and live. */
async function openTask(who: 'manager' | 'annotator', lang: 'en' | 'zh-CN' = 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
  await context.addInitScript((l) => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('tessera.language', l), lang);
  links.set(context, await syncLink(context));
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/email|邮箱/i).fill(org.users[who].email);
  await page.getByLabel(/password|密码/i).fill(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
  await page.goto(`${server.url}/tasks/${taskId}`);
  await ready(page);
  return page;
}

async function ready(page: Page) {
  await page.locator('[data-testid="annotator-stage"][data-ready="true"]').waitFor();
  await page.locator('[data-testid="annotator-status"][data-status="online"]').waitFor();
}

/** Screen position of an image point: the editor fits the picture, centred with a 4 % margin, into its stage. */
async function toScreen(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = (await page.getByTestId('annotator-stage').boundingBox())!;
  const s = Math.min(box.width / 800, box.height / 600) * 0.96;
  return [box.x + box.width / 2 + (x - 400) * s, box.y + box.height / 2 + (y - 300) * s];
}

async function drawBox(page: Page, x0: number, y0: number, x1: number, y1: number) {
  await page.getByTestId('annotator-stage').focus();
  await page.keyboard.press('b');
  await page.mouse.move(...(await toScreen(page, x0, y0)));
  await page.mouse.down();
  await page.mouse.move(...(await toScreen(page, x1, y1)), { steps: 5 });
  await page.mouse.up();
}

const objects = (page: Page) =>
  page.getByTestId('annotator-object').evaluateAll((els) => els.map((e) => ({ id: e.dataset.id!, type: e.dataset.type, label: e.dataset.label })));
const saved = (page: Page) => page.locator('[data-testid="annotator-status"][data-status="online"][data-pending="0"]').waitFor();
const stored = async () => (await api(server.url, 'GET', `/api/v1/tasks/${taskId}/annotations`, { token: tokens.manager })).json.annotations as { id: string; labelId: string; geometry: { type: string } }[];

/** Waits up to `ms` for the page to list `want` objects; returns how long it took. */
async function seen(page: Page, want: (o: Awaited<ReturnType<typeof objects>>) => boolean, ms: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (want(await objects(page))) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`not seen within ${ms} ms: ${JSON.stringify(await objects(page))}`);
    await page.waitForTimeout(25);
  }
}

/** The colour on screen at an image point (a screenshot's pixel, so what the person sees). */
async function shownAt(page: Page, x: number, y: number): Promise<number[]> {
  const [sx, sy] = await toScreen(page, x, y);
  const png = await page.screenshot({ clip: { x: Math.round(sx), y: Math.round(sy), width: 1, height: 1 } });
  return [...(await sharp(png).removeAlpha().raw().toBuffer())];
}

/** The task's picture is on screen, the right way up, decoded off the main thread. */
async function expectPicture(page: Page) {
  // Decoded by the mip worker; an <img> on the main thread is only for pictures the worker cannot read.
  expect(await page.getByTestId('annotator-stage').locator('[data-decoded-by]').getAttribute('data-decoded-by')).toBe('worker');
  const near = (got: number[], want: readonly number[]) => got.every((c, i) => Math.abs(c - want[i]) <= 24);
  for (const [x, y, want] of [[200, 150, QUARTERS.topLeft], [600, 150, QUARTERS.topRight], [200, 450, QUARTERS.bottomLeft], [600, 450, QUARTERS.bottomRight]] as const) {
    const got = await shownAt(page, x, y);
    if (!near(got, want)) throw new Error(`at (${x}, ${y}) the screen shows rgb(${got}), the picture has rgb(${want})`);
  }
}

describe('the image editor on a task', () => {
  let annotator: Page;
  let manager: Page;

  it('shows the task’s picture, and two people on one task each other’s edits, names and drags live', async () => {
    annotator = await openTask('annotator');
    await expectPicture(annotator);
    manager = await openTask('manager');
    await manager.getByText('This is annotator of Street Co’s task. You can correct it here; they see your changes live.').waitFor();
    // Each sees the other is here.
    await annotator.getByTestId('annotator-peer').getByText('manager of Street Co').waitFor();
    await manager.getByTestId('annotator-peer').getByText('annotator of Street Co').waitFor();

    // The annotator draws a box: the manager's screen has it within a second of the annotator's acknowledgement.
    await drawBox(annotator, 100, 100, 300, 250);
    await saved(annotator);
    const first = await seen(manager, (o) => o.length === 1 && o[0].type === 'box', LIVE_MS);

    // The manager relabels it by hotkey: back on the annotator's screen as quickly.
    await manager.getByTestId('annotator-object').locator('.eu-row-main').click();
    await manager.getByTestId('annotator-stage').focus();
    await manager.keyboard.press('2');
    await saved(manager);
    const second = await seen(annotator, (o) => o.length === 1 && o[0].label === 'person', LIVE_MS);

    // While the annotator drags it, the manager's attributes panel says someone is moving it.
    const [id] = (await objects(annotator)).map((o) => o.id);
    await manager.getByTestId('annotator-object').locator('.eu-row-main').click();
    await annotator.getByTestId('annotator-stage').focus();
    await annotator.keyboard.press('v');
    await annotator.mouse.move(...(await toScreen(annotator, 200, 175)));
    await annotator.mouse.down();
    await annotator.mouse.move(...(await toScreen(annotator, 240, 200)), { steps: 6 });
    await manager.getByTestId('attributes').getByText(/annotator of Street Co/).waitFor();
    await manager.screenshot({ path: join(SHOTS, 'task-editor-live-en.png') });
    await expectAccessible(manager, 'task-editor-live-en');
    await annotator.mouse.up();
    await saved(annotator);
    const [moved] = await stored();
    expect(moved).toMatchObject({ id, labelId: 'person', geometry: { type: 'box' } });
    expect((moved.geometry as unknown as { x: number }).x).toBeGreaterThan(100);
    console.log(`live edits reached the other screen after ${first} ms and ${second} ms (bar ${LIVE_MS} ms)`);
  });

  it('loses nothing to a reload right after drawing, or to one while the connection is down', async () => {
    // Drawn and reloaded at once, before anyone waits for the acknowledgement.
    await drawBox(annotator, 400, 100, 500, 200);
    await annotator.reload();
    await ready(annotator);
    await seen(annotator, (o) => o.length === 2, 10_000);
    // The box comes back from the outbox and is sent again on connecting: it is stored once acknowledged. Cut before
    // the acknowledgement, it would rightly count as a third pending edit below (CI once saw that race).
    await saved(annotator);
    expect((await stored()).length).toBe(2);

    // The socket drops: the editor goes on, says how much waits, and a reload in that state keeps it.
    const link = links.get(annotator.context())!;
    await link.cut();
    await annotator.getByTestId('offline-banner').waitFor();
    // The banner takes room from the stage and the editor fits the picture to it again: the boxes are aimed after that,
    // and each is on screen before the next (two drawn at once were once one short in CI).
    await frames(annotator);
    await drawBox(annotator, 100, 350, 200, 450);
    await annotator.locator('[data-testid="annotator-stage"][data-objects="3"]').waitFor();
    await drawBox(annotator, 300, 350, 400, 450);
    // On screen first, then counted: a failure here tells a draw the stage missed from an edit the outbox lost.
    await annotator.locator('[data-testid="annotator-stage"][data-objects="4"]').waitFor();
    await annotator.locator('[data-testid="annotator-status"][data-pending="2"]').waitFor();
    await annotator.getByTestId('offline-banner').getByText(/2/).waitFor();
    await annotator.getByTestId('annotator-status').getByText('2 changes waiting', { exact: true }).waitFor();
    await annotator.screenshot({ path: join(SHOTS, 'task-editor-offline-en.png') });
    await expectAccessible(annotator, 'task-editor-offline-en');
    expect((await stored()).length).toBe(2);
    await annotator.reload();
    await annotator.locator('[data-testid="annotator-stage"][data-ready="true"]').waitFor();
    await seen(annotator, (o) => o.length >= 2, 10_000);

    // Back online: what waited is sent once, and the manager has all four.
    link.restore();
    await ready(annotator);
    await saved(annotator);
    await seen(manager, (o) => o.length === 4, 10_000);
    expect((await stored()).length).toBe(4);
    await annotator.reload();
    await ready(annotator);
    await seen(annotator, (o) => o.length === 4, 10_000);

    // Undo reaches back past the reloads: the last box drawn goes, for the manager too, and redo brings it back.
    await annotator.getByTestId('annotator-stage').focus();
    await annotator.keyboard.press('Control+z');
    await seen(manager, (o) => o.length === 3, 10_000);
    await annotator.keyboard.press('Control+Shift+z');
    await seen(manager, (o) => o.length === 4, 10_000);
    await saved(annotator);
  });

  it('reads in Chinese, the other person named', async () => {
    const zh = await openTask('annotator', 'zh-CN');
    await zh.getByTestId('annotator-peer').getByText('manager of Street Co').waitFor();
    await seen(zh, (o) => o.length === 4, 10_000);
    await zh.getByText('已保存').waitFor();
    await zh.screenshot({ path: join(SHOTS, 'task-editor-zh-CN.png') });
    await expectAccessible(zh, 'task-editor-zh-CN');
    await zh.context().close();
  });
});

/**
 * The context's /sync sockets, forwarded to the real server by Playwright so
 * the test can cut them: `cut` drops the open ones and refuses new ones until
 * `restore`; the page and its REST calls go on.
 */
const links = new WeakMap<BrowserContext, Awaited<ReturnType<typeof syncLink>>>();

const until = (check: () => Promise<boolean>, what: string) => waitUntil(check, what, () => server.logs().slice(-3000));
