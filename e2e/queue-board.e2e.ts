import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, launchChromium } from './support';

/**
 * The queue board from the app, in a real browser: an admin signs in, finds
 * "Queues" in the menu (in English and Chinese), and lands on bull-board with
 * the queues listed; an annotator is not offered it, the app refuses it the
 * board's cookie (403), and the address typed by hand asks for a sign-in
 * (401). Run `npm run build:web` first.
 */

jest.setTimeout(120_000);
const SHOTS = join(__dirname, 'screenshots');

let server: TestServer;
let browser: Browser;
let org: TestOrg;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true });
  org = await createOrgWithRoles(server.db, 'Queue Org', 'queues.test');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(email: string, language: 'en' | 'zh-CN' = 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((lng) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('tessera.language', lng), language);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/login`);
  await page.locator('input[autocomplete="username"]').fill(email);
  await page.locator('input[type="password"]').fill(TEST_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.getByRole('navigation').waitFor();
  return page;
}

test('an admin opens the queue board from the menu; an annotator is not offered it and is refused', async () => {
  const admin = await signIn(org.users.admin.email);
  const item = admin.getByRole('navigation').getByRole('menuitem', { name: 'Queues' });
  await item.waitFor();
  await expectAccessible(admin, 'the app shell with the Queues item');
  await item.click();
  await admin.waitForURL(`${server.url}/admin/queues**`);
  // bull-board draws its overview from its own API: the queues appear by name.
  await admin.getByText('exports', { exact: false }).first().waitFor();
  await admin.getByText('ingest', { exact: false }).first().waitFor();
  // …and the overview's cards, once its counts have come (its web font is refused by our CSP, which is meant).
  await admin.getByText(/\d+ Jobs/).first().waitFor();
  await admin.screenshot({ path: join(SHOTS, 'queue-board.png') });
  await admin.context().close();

  const zh = await signIn(org.users.owner.email, 'zh-CN');
  await zh.getByRole('navigation').getByRole('menuitem', { name: '任务队列' }).waitFor();
  await zh.context().close();

  const annotator = await signIn(org.users.annotator.email);
  await annotator.getByRole('navigation').getByRole('menuitem', { name: /tasks/i }).first().waitFor();
  expect(await annotator.getByRole('navigation').getByRole('menuitem', { name: 'Queues' }).count()).toBe(0);
  // Asking for the board's cookie with the annotator's own token: refused for the role.
  const res = await annotator.request.post(`${server.url}/api/v1/admin/queues/session`, {
    headers: { authorization: `Bearer ${await server.tokenFor(org.users.annotator.id, org.orgId)}` },
  });
  expect(res.status()).toBe(403);
  // Typing the address: the page carries no token and no board cookie.
  const direct = await annotator.goto(`${server.url}/admin/queues`);
  expect(direct?.status()).toBe(401);
  await annotator.context().close();
});
