import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, TEST_SCHEMAS, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, launchChromium, settle, waitUntil } from './support';

/**
 * Quality control as a manager meets it, in a real browser against the real
 * API and worker: an overlap-2 batch with a gold image, one careful annotator
 * and one careless one. The careless one's gold work is scored at once, they
 * go under full review (their next submission waits for a reviewer while the
 * careful one's is accepted), the Quality tab's scorecards and charts show
 * it, and the consensus of the asset they disagreed on opens with the
 * disagreements drawn, to be accepted. In English and Chinese, from the
 * keyboard where it matters. Run `npm run build:web` before this file alone.
 */
jest.setTimeout(240_000);

const SHOTS = join(__dirname, 'screenshots');
let server: TestServer;
let browser: Browser;
let org: TestOrg;
let projectId: string;
const tokens: Record<string, string> = {};
let careless: { id: string; email: string };
let manager: Page;
let carelessPage: Page;
const assets: string[] = [];
type Box = [number, number, number, number];
const CARS: Box[] = [[60, 300, 200, 110], [380, 300, 200, 110], [700, 300, 200, 110]];

interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const until = (check: () => Promise<boolean>, what: string) => waitUntil(check, what, () => server.logs().slice(-3000), 60000);
const call = (who: string, method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token: tokens[who], body });
let seq = 0;
const clientId = `e2e-${randomUUID().slice(0, 8)}`;
const boxes = (list: Box[]) => list.map(([x, y, width, height]) => ({ type: 'create', clientId, clientSeq: ++seq, annotation: { id: randomUUID(), labelId: 'car', geometry: { type: 'box', x, y, width, height } } }));

async function upload(name: string, cars: Box[]) {
  const car = await sharp({ create: { width: 200, height: 110, channels: 3, background: '#d4380d' } }).png().toBuffer();
  const image = await sharp({ create: { width: 960, height: 540, channels: 3, background: name === 'gold' ? '#8c8c8c' : name === 'a' ? '#597ef7' : '#73d13d' } })
    .composite(cars.map(([x, y]) => ({ input: car, left: x, top: y })))
    .jpeg().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(image)]), `street-${name}.jpg`);
  const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.manager}` } });
  const id = ((await up.json()) as { accepted: { assetId: string }[] }).accepted[0].assetId;
  await until(async () => (await call('manager', 'GET', `/assets/${id}`)).json?.status === 'ready', `${name} ready`);
  return id;
}

async function signIn(email: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  await context.addInitScript(() => {
    const storage = (globalThis as unknown as { localStorage: Storage }).localStorage;
    if (!storage.getItem('tessera.language')) storage.setItem('tessera.language', 'en');
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `quality-${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  org = await createOrgWithRoles(server.db, 'Quality Co', 'quality-co.test');
  const [{ id }] = await server.db.query(
    `INSERT INTO users (email, name, password_hash) SELECT 'careless@quality-co.test', 'Careless Carl', password_hash FROM users WHERE id = $1 RETURNING id`, [org.users.annotator.id]);
  await server.db.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'annotator')`, [org.orgId, id]);
  careless = { id, email: 'careless@quality-co.test' };
  for (const [who, user] of Object.entries({ manager: org.users.manager, annotator: org.users.annotator, careless, reviewer: org.users.reviewer })) tokens[who] = await server.tokenFor(user.id, org.orgId);

  const created = await call('manager', 'POST', '/projects', {
    name: 'Street quality', mediaType: 'image', labelSchema: TEST_SCHEMAS.image,
    workflow: { overlap: 2, reviewSampling: 0, goldRatio: 1 / 3, emptyAnnotations: 'allow', qc: { minAgreement: 0.7, minGoldAccuracy: 0.8 }, rates: { mode: 'item', currency: 'EUR', perItem: 0.5, perReview: 0.2 } },
  });
  expect(created.status).toBe(201);
  projectId = created.json.id;
  for (const [user, role] of [[org.users.annotator.id, 'annotator'], [careless.id, 'annotator'], [org.users.reviewer.id, 'reviewer']] as const) {
    expect((await call('manager', 'POST', `/projects/${projectId}/members`, { userId: user, role })).status).toBe(201);
  }
  // A gold image whose reference is its three cars; two more images to label.
  const gold = await upload('gold', CARS);
  expect((await call('manager', 'POST', `/assets/${gold}/annotations/ops`, { ops: boxes(CARS) })).status).toBe(200);
  expect((await call('manager', 'PUT', `/assets/${gold}/gold`, { gold: true })).status).toBe(200);
  assets.push(await upload('a', CARS.slice(0, 2)), await upload('b', CARS));
  browser = await launchChromium();
  manager = await signIn(org.users.manager.email);
  carelessPage = await signIn(careless.email);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a careless annotator in an overlap-2 batch: gold scoring, full review, scorecards, consensus — in English and Chinese', async () => {
  try {
    // — The manager makes the batch and spreads it over both annotators (as the review flow shows in the UI).
    const batch = await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'Week 1', selection: { filter: {} } });
    expect(batch.status).toBe(201);
    expect((await call('manager', 'POST', `/batches/${batch.json.id}/assign`, { mode: 'spread', userIds: [org.users.annotator.id, careless.id] })).status).toBe(200);
    const tasksOf = async (userId: string) => (await server.db.query(`SELECT id, asset_id, is_gold FROM tasks WHERE batch_id = $1 AND assignee_id = $2 ORDER BY is_gold DESC, created_at`, [batch.json.id, userId])) as { id: string; asset_id: string; is_gold: boolean }[];
    const careful = await tasksOf(org.users.annotator.id);
    const sloppy = await tasksOf(careless.id);
    expect(careful[0].is_gold && sloppy[0].is_gold).toBe(true);
    const work = async (who: string, taskId: string, list: Box[]) => {
      expect((await call(who, 'POST', `/tasks/${taskId}/annotations/ops`, { ops: boxes(list) })).status).toBe(200);
      expect((await call(who, 'POST', `/tasks/${taskId}/submit`)).status).toBe(200);
    };
    const onAsset = (list: typeof careful, asset: string) => list.find((t) => t.asset_id === asset)!;

    // — Gold first: the careful annotator gets it right; Carl draws one car of three and two where there are none.
    await work('annotator', careful[0].id, CARS);
    await work('careless', sloppy[0].id, [CARS[0], [10, 10, 80, 60], [850, 20, 90, 60]]);
    await until(async () => (await server.db.query(`SELECT 1 FROM quality_person_status WHERE project_id = $1 AND user_id = $2 AND full_review`, [projectId, careless.id])).length === 1, 'Carl under full review');

    // — Asset a: they agree. Asset b: Carl misses two cars. Carl hands b in through the task page, in the browser.
    await work('annotator', onAsset(careful, assets[0]).id, CARS.slice(0, 2));
    await work('careless', onAsset(sloppy, assets[0]).id, CARS.slice(0, 2).map(([x, y, w, h]): Box => [x + 3, y + 2, w, h]));
    await work('annotator', onAsset(careful, assets[1]).id, CARS);
    const carlB = onAsset(sloppy, assets[1]).id;
    expect((await call('careless', 'POST', `/tasks/${carlB}/annotations/ops`, { ops: boxes([CARS[0]]) })).status).toBe(200);
    await carelessPage.goto(`${server.url}/tasks/${carlB}`);
    await carelessPage.getByTestId('submit').click();
    // Review sampling is 0, yet Carl's work waits for a reviewer: he is under full review.
    await carelessPage.getByTestId('task-state').getByText('Submitted').waitFor();
    await carelessPage.getByTestId('rule-findings').waitFor();
    await settle(carelessPage);
    await shot(carelessPage, 'en-carl-submitted');
    await expectAccessible(carelessPage, 'quality en-carl-submitted');
    expect((await server.db.query(`SELECT 1 FROM tasks WHERE review_of = $1`, [carlB])).length).toBe(1);
    expect((await call('annotator', 'GET', `/tasks/${onAsset(careful, assets[1]).id}`)).json.state).toBe('accepted');
    await until(async () => (await server.db.query(`SELECT 1 FROM quality_asset_results WHERE asset_id = ANY($1::uuid[])`, [assets])).length === 2, 'both assets compared');

    // — The manager opens the Quality tab and asks for a fresh report.
    await manager.goto(`${server.url}/projects/${projectId}?tab=quality`);
    const tab = manager.getByTestId('quality-tab');
    await tab.getByRole('button', { name: 'Recompute report' }).click();
    // The report is a job on the quality queue, behind the consensus rounds still running on a busy machine.
    await tab.getByTestId('report-time').getByText(/Report of/).waitFor({ timeout: 120000 });
    const cards = tab.getByTestId('annotator-scorecards');
    const carl = cards.locator('tr', { hasText: 'Careless Carl' });
    await carl.getByText('Full review').waitFor();
    await carl.getByText(/^20 % \(/).waitFor();
    await cards.locator('tr', { hasText: 'annotator of Quality Co' }).getByText(/^100 % \(/).waitFor();
    await tab.getByTestId('gold-chart').locator('svg').waitFor();
    await tab.getByTestId('throughput-chart').locator('svg').waitFor();
    await settle(manager);
    await shot(manager, 'en-scorecards');
    await expectAccessible(manager, 'quality en-scorecards');

    // — The consensus to review, opened from the keyboard: Carl's missing cars are where they disagree.
    const review = tab.getByTestId('consensus-review');
    const link = review.getByRole('button', { name: 'street-b.jpg' });
    await link.focus();
    await manager.keyboard.press('Enter');
    const drawer = manager.getByTestId('asset-consensus');
    await drawer.getByText('Careless Carl').waitFor();
    await drawer.getByText(/2 disagreements/).waitFor();
    await drawer.getByTestId('consensus-image').locator('img').waitFor();
    await settle(manager);
    await shot(manager, 'en-consensus');
    await expectAccessible(manager, 'quality en-consensus');
    await drawer.getByRole('button', { name: 'Accept consensus' }).click();
    await drawer.getByText(/Accepted by/).waitFor();
    const result = (await call('manager', 'GET', `/assets/${assets[1]}/annotations`)).json.annotations;
    expect(result.map((a: { source: string }) => a.source)).toEqual(['consensus']);
    await manager.keyboard.press('Escape');

    // — The asset they agreed on waits beside its result (agreed consensus is not accepted automatically here)
    //   until the manager accepts every agreed one at once, through a confirmation.
    const [agreed] = await server.db.query(`SELECT state FROM quality_asset_results WHERE asset_id = $1`, [assets[0]]);
    expect(agreed.state).toBe('agreed');
    expect((await call('manager', 'GET', `/assets/${assets[0]}/annotations`)).json.annotations).toEqual([]);
    await review.getByTestId('accept-agreed').click();
    await manager.locator('.ant-popconfirm').getByRole('button', { name: 'Accept all agreed' }).waitFor();
    await settle(manager);
    await shot(manager, 'en-accept-agreed');
    await manager.locator('.ant-popconfirm').getByRole('button', { name: 'Accept all agreed' }).click();
    await manager.getByText('Every agreed consensus is accepted.').waitFor({ timeout: 60000 });
    const accepted = (await call('manager', 'GET', `/assets/${assets[0]}/annotations`)).json.annotations;
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((a: { source: string }) => a.source === 'consensus')).toBe(true);

    // — The same in Chinese.
    await manager.evaluate(() => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('tessera.language', 'zh-CN'));
    await manager.reload();
    const zh = manager.getByTestId('quality-tab');
    await zh.getByTestId('annotator-scorecards').locator('tr', { hasText: 'Careless Carl' }).getByText('全部审核').waitFor();
    await zh.getByText('重新计算报告').waitFor();
    await zh.getByText('共识').first().waitFor();
    await zh.getByRole('button', { name: '采纳全部已一致的共识' }).waitFor();
    await settle(manager);
    await shot(manager, 'zh-CN-scorecards');
    await expectAccessible(manager, 'quality zh-CN-scorecards');
    await carelessPage.evaluate(() => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('tessera.language', 'zh-CN'));
    await carelessPage.reload();
    await carelessPage.getByTestId('rule-findings').getByText('未发现问题。').waitFor();
    await settle(carelessPage);
    await shot(carelessPage, 'zh-CN-carl-submitted');
    await expectAccessible(carelessPage, 'quality zh-CN-carl-submitted');
  } catch (e) {
    await manager?.screenshot({ path: join(SHOTS, 'quality-failure-manager.png'), fullPage: true }).catch(() => undefined);
    await carelessPage?.screenshot({ path: join(SHOTS, 'quality-failure-careless.png'), fullPage: true }).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n--- server ---\n${server.logs().slice(-4000)}`);
  }
});
