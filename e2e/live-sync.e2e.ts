import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, languageContext, launchChromium, settle, signIn } from './support';

/**
 * Two windows on one image's own annotation set, in the image editor: two
 * people (an annotator and a reviewer, both project members) draw and move
 * boxes and see each other's edits and cursors live; then the API crashes while one keeps working, and after it
 * is back every offline edit is in the database and on the other screen; a
 * reload in the middle of editing, with ops still unsent, loses nothing.
 */
jest.setTimeout(180_000);

const SHOTS = join(__dirname, 'screenshots');
const W = 640;
const H = 400;
let server: TestServer;
let browser: Browser;
let org: TestOrg;
let projectId: string;
let assetId: string;
let ctxA: BrowserContext;
let ctxB: BrowserContext;
let pageA: Page;
let pageB: Page;

/** A street-ish test picture: sky, road, two coloured blocks to box. */
async function scene() {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <rect width="${W}" height="${H * 0.55}" fill="#bcd9f2"/><rect y="${H * 0.55}" width="${W}" height="${H * 0.45}" fill="#6b6f75"/>
    <rect x="0" y="${H * 0.74}" width="${W}" height="6" fill="#f4f4f4"/>
    <rect x="90" y="200" width="150" height="80" rx="14" fill="#c0392b"/><rect x="420" y="150" width="40" height="120" rx="10" fill="#27ae60"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true });
  org = await createOrgWithRoles(server.db, 'Live Co', 'live-co.test');
  ({ projectId, assetId } = await createAnnotatableAsset(server.db, org, 'image', { width: W, height: H }));
  // Real pixels for the picture: the blob where the local store keeps it, and the row pointing at it.
  const png = await scene();
  const sha = createHash('sha256').update(png).digest('hex');
  const dir = join(server.env.DATA_DIR, 'blobs', sha.slice(0, 2), sha.slice(2, 4));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, sha), png);
  await server.db.query(`UPDATE assets SET blob_key = $1, sha256 = $2, size = $3, content_type = 'image/png', name = 'street-01.png' WHERE id = $4`, [`sha256/${sha}`, sha, png.length, assetId]);

  browser = await launchChromium();
  ctxA = await languageContext(browser, 'en', { width: 1360, height: 900 });
  ctxB = await languageContext(browser, 'zh-CN', { width: 1360, height: 900 });
  pageA = await signIn(ctxA, server.url, org.users.annotator.email);
  pageB = await signIn(ctxB, server.url, org.users.reviewer.email);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const liveUrl = () => `${server.url}/projects/${projectId}/assets/${assetId}/live`;
const status = (page: Page) => page.getByTestId('annotator-status');
const boxes = (page: Page) => page.locator('[data-testid="annotator-object"][data-type="box"]');
/** A box's left and top, from the object list's bounds (minX,minY,maxX,maxY). */
const corner = async (page: Page, id: string) => (await page.locator(`[data-testid="annotator-object"][data-id="${id}"]`).getAttribute('data-bounds'))?.split(',').slice(0, 2).join(',');
const boxAt = (page: Page, x: number, y: number) => page.locator(`[data-testid="annotator-object"][data-type="box"][data-bounds^="${x},${y},"]`);

async function online(page: Page) {
  await page.locator('[data-testid="annotator-stage"][data-ready="true"]').waitFor({ timeout: 30000 });
  await page.locator('[data-testid="annotator-status"][data-status="online"]').waitFor({ timeout: 30000 });
}
async function allSaved(page: Page) {
  await page.locator('[data-testid="annotator-status"][data-pending="0"]').waitFor({ timeout: 30000 });
}

/** Image pixel → page pixel: the editor fits the picture, centred with a 4 % margin, into its stage. */
async function at(page: Page, x: number, y: number) {
  const r = (await page.getByTestId('annotator-stage').boundingBox())!;
  const s = Math.min(r.width / W, r.height / H) * 0.96;
  return { x: r.x + r.width / 2 + (x - W / 2) * s, y: r.y + r.height / 2 + (y - H / 2) * s };
}
async function drawBox(page: Page, x0: number, y0: number, x1: number, y1: number) {
  await page.getByTestId('annotator-stage').focus();
  await page.keyboard.press('b');
  const a = await at(page, x0, y0);
  const b = await at(page, x1, y1);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

/** The peer's cursor, as the editor lists it, within a pixel or two of (x, y) (screen pixels round to image pixels). */
async function cursorNear(page: Page, name: string, x: number, y: number) {
  const peer = page.locator(`[data-testid="annotator-peer"][data-name="${name}"]`);
  await expectEventually(
    async () => (await peer.getAttribute('data-cursor').catch(() => null))?.split(',').map(Number) ?? null,
    (c) => !!c && Math.abs(c[0] - x) <= 2 && Math.abs(c[1] - y) <= 2,
    `${name}'s cursor near ${x},${y}`,
  );
}

async function dbBoxes() {
  return server.db.query<{ id: string; label_id: string; x: number; y: number }>(
    `SELECT a.id, a.label_id, (a.geometry->>'x')::float AS x, (a.geometry->>'y')::float AS y
       FROM annotations a JOIN annotation_sets s ON s.id = a.set_id WHERE s.asset_id = $1 ORDER BY a.created_at`,
    [assetId],
  );
}

async function expectEventually<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 15000) {
  const deadline = Date.now() + ms;
  let v = await get();
  while (!ok(v)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
    v = await get();
  }
  return v;
}

test('two people edit one image live, through a crash of the API and a reload', async () => {
  try {
    // A reaches the page from the asset drawer; B straight by its address.
    await pageA.goto(`${server.url}/projects/${projectId}/assets`);
    await pageA.getByTestId('asset-cell').first().click();
    await pageA.getByTestId('open-live').click();
    await pageA.waitForURL('**/live');
    await pageB.goto(liveUrl());
    await online(pageA);
    await online(pageB);

    // A draws a box round the red car → B sees it.
    await drawBox(pageA, 88, 198, 242, 282);
    await expectEventually(() => boxes(pageB).count(), (n) => n === 1, 'B sees A’s box');
    const id = (await boxes(pageB).first().getAttribute('data-id'))!;
    expect(await boxes(pageB).first().getAttribute('data-label')).toBe('car');

    // B selects it and moves it 20 px right with the keyboard (Shift+→ twice) → A sees it moved.
    await pageB.getByTestId('annotator-stage').focus();
    await pageB.keyboard.press('v');
    const c = await at(pageB, 160, 240);
    await pageB.mouse.click(c.x, c.y);
    await pageB.keyboard.press('Shift+ArrowRight');
    await pageB.keyboard.press('Shift+ArrowRight');
    await expectEventually(() => corner(pageA, id), (x) => x === '108,198', 'A sees B’s move');

    // Cursors: each sees the other's, with the name; B's selection shows on A's screen.
    const pa = await at(pageA, 300, 120);
    await pageA.mouse.move(pa.x, pa.y, { steps: 3 });
    const pb = await at(pageB, 500, 320);
    await pageB.mouse.move(pb.x, pb.y, { steps: 3 });
    await cursorNear(pageB, 'annotator of Live Co', 300, 120);
    await cursorNear(pageA, 'reviewer of Live Co', 500, 320);
    await pageA.locator('[data-testid="annotator-peer"][data-name="reviewer of Live Co"][data-selection="1"]').waitFor();
    // A draws a second box, round the green person, with the hotkey of "Person".
    await pageA.keyboard.press('Escape'); // a hotkey with a selection would relabel it
    await pageA.keyboard.press('2');
    await drawBox(pageA, 416, 146, 464, 274);
    await expectEventually(() => boxes(pageB).count(), (n) => n === 2, 'B sees the person');
    await allSaved(pageA);
    await settle(pageA);
    await settle(pageB);
    await pageA.screenshot({ path: join(SHOTS, 'en-live.png') });
    await expectAccessible(pageA, 'en-live');
    await pageB.screenshot({ path: join(SHOTS, 'zh-CN-live.png') });
    await expectAccessible(pageB, 'zh-CN-live');

    // Unplug: the API dies (SIGKILL) and stays down for a while; A keeps working.
    const restart = server.restartApi({ downMs: 5000 });
    await pageA.getByTestId('offline-banner').waitFor({ timeout: 15000 });
    await pageA.keyboard.press('Escape');
    await pageA.keyboard.press('1');
    await drawBox(pageA, 20, 20, 120, 90);
    await drawBox(pageA, 500, 40, 600, 120);
    await pageA.getByTestId('annotator-stage').focus();
    await pageA.keyboard.press('Shift+ArrowDown'); // the last drawn box is selected: 10 px down
    await pageA.keyboard.press('Control+z'); // …and back up
    await pageA.keyboard.press('Control+Shift+z'); // …and down again
    await expectEventually(() => status(pageA).getAttribute('data-pending'), (n) => Number(n) >= 3, 'ops wait while offline');
    await settle(pageA);
    await pageA.screenshot({ path: join(SHOTS, 'en-live-offline.png') });
    await expectAccessible(pageA, 'en-live-offline');
    await restart;
    await online(pageA);
    await allSaved(pageA);
    const rows = await expectEventually(dbBoxes, (r) => r.length === 4, 'offline boxes in the database');
    expect(rows.map((r) => [r.label_id, r.x, r.y])).toEqual([
      ['car', 108, 198],
      ['person', 416, 146],
      ['car', 20, 20],
      ['car', 500, 50],
    ]);
    await online(pageB);
    await expectEventually(() => boxes(pageB).count(), (n) => n === 4, 'B sees the offline work');
    expect(await corner(pageB, rows[3].id)).toBe('500,50');

    // Reload in the middle of editing: the socket goes nowhere (so nothing is sent), A edits, reloads, and the edits are still there.
    let plugged = false;
    await pageA.routeWebSocket(/\/sync\//, (ws) => {
      if (plugged) ws.connectToServer();
    });
    await pageA.waitForTimeout(500); // the confirmed state is stored a moment after it changes
    await pageA.reload();
    await pageA.locator('[data-testid="annotator-stage"][data-ready="true"]').waitFor();
    await expectEventually(() => boxes(pageA).count(), (n) => n === 4, 'the stored snapshot shows at once');
    await drawBox(pageA, 260, 40, 360, 100);
    await pageA.locator(`[data-testid="annotator-object"][data-id="${rows[2].id}"] .eu-row-main`).click();
    await pageA.keyboard.press('Delete');
    await expectEventually(() => status(pageA).getAttribute('data-pending'), (n) => n === '2', 'two edits pending');
    await pageA.reload();
    await expectEventually(() => status(pageA).getAttribute('data-pending'), (n) => n === '2', 'the edits survived the reload');
    expect(await boxes(pageA).count()).toBe(4);
    expect(await pageA.locator(`[data-testid="annotator-object"][data-id="${rows[2].id}"]`).count()).toBe(0);
    expect((await dbBoxes()).length).toBe(4); // nothing sent yet
    // Plug back in: the next load resends what was waiting.
    plugged = true;
    await pageA.reload();
    await online(pageA);
    await allSaved(pageA);
    const after = await expectEventually(dbBoxes, (r) => r.length === 4 && !r.some((x) => x.id === rows[2].id), 'reloaded edits committed');
    expect(after.map((r) => [r.label_id, r.x, r.y])).toContainEqual(['car', 260, 40]);
    await expectEventually(() => boxAt(pageB, 260, 40).count(), (n) => n === 1, 'B sees the reloaded edits');
    await settle(pageB);
    await pageB.screenshot({ path: join(SHOTS, 'zh-CN-live-after.png') });
    await expectAccessible(pageB, 'zh-CN-live-after');
  } catch (e) {
    await pageA.screenshot({ path: join(SHOTS, 'live-failure-a.png') }).catch(() => undefined);
    await pageB.screenshot({ path: join(SHOTS, 'live-failure-b.png') }).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n--- server ---\n${server.logs().slice(-3000)}`);
  }
});
