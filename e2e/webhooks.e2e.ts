import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, launchChromium, settle } from './support';

/**
 * The webhooks admin page in a real browser against the real API and worker:
 * an admin is refused a private URL (the server's reason on the URL field, in the page's language),
 * adds a hook to a receiver this test runs on 127.0.0.1 (allowlisted), copies
 * the secret shown once, sends a test ping and watches it become delivered in
 * the log; the receiver's request carries a signature that verifies with that
 * secret. Then in Chinese: the list, a second hook's secret, and deleting it.
 * Run `npm run build:web` before running this file on its own.
 */
jest.setTimeout(180_000);

const SHOTS = join(__dirname, 'screenshots');
let server: TestServer;
let receiver: Server;
let receiverUrl: string;
let browser: Browser;
let org: TestOrg;
let page: Page;
let adminToken: string;

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}
const received: Received[] = [];

interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  receiver = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/tessera`;

  server = await startTestServer({ web: true, worker: true, env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
  org = await createOrgWithRoles(server.db, 'Hook Co', 'hook-co.test');
  adminToken = await server.tokenFor(org.users.admin.id, org.orgId);

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  // The copy button writes to the clipboard; the test reads it back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await context.addInitScript(() => {
    const storage = (globalThis as unknown as { localStorage: Storage }).localStorage;
    if (!storage.getItem('tessera.language')) storage.setItem('tessera.language', 'en');
  });
  page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/email/i).fill(org.users.admin.email);
  await page.getByLabel(/password/i).fill(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  receiver?.close();
});

test('an admin adds a webhook, keeps its secret, pings it and sees the signed delivery arrive — in English and Chinese', async () => {
  try {
    // — Webhooks is in the navigation for an admin.
    await page.getByRole('navigation').getByRole('menuitem', { name: 'Webhooks' }).click();
    await page.waitForURL('**/webhooks');
    await page.getByText('No webhooks yet').waitFor();

    // — A private address is refused, and the server's reason stands on the URL field, said from its params.
    await page.getByTestId('webhook-add').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Endpoint URL').fill('http://10.0.0.1/x');
    await dialog.getByTestId('webhook-create').click();
    const direct = await api(server.url, 'POST', '/api/v1/webhooks', { token: adminToken, body: { url: 'http://10.0.0.1/x', events: ['task.submitted'] } });
    expect(direct.status).toBe(422);
    expect(direct.json.errors.find((e: { path: string }) => e.path === 'url').params).toEqual({ reason: 'private', host: '10.0.0.1' });
    const urlItem = dialog.locator('.ant-form-item', { has: page.getByLabel('Endpoint URL') });
    await urlItem.locator('.ant-form-item-explain-error', { hasText: 'This URL cannot receive webhooks: 10.0.0.1 is a loopback, private or link-local address, which the server does not allowlist' }).waitFor();
    expect(await page.getByLabel('Endpoint URL').getAttribute('aria-invalid')).toBe('true');
    await settle(page);
    await shot(page, 'en-webhook-refused');
    await expectAccessible(page, 'en-webhook-refused');

    // — The receiver on 127.0.0.1 (allowlisted), without batch.completed.
    await dialog.getByLabel('Endpoint URL').fill(receiverUrl);
    await urlItem.locator('.ant-form-item-explain-error').waitFor({ state: 'detached' });
    // Found by its name, which says both the event and its wire name, a word apart.
    await dialog.getByRole('checkbox', { name: 'Batch completed batch.completed', exact: true }).click();
    await dialog.getByTestId('webhook-create').click();
    const secretField = dialog.getByTestId('webhook-secret');
    await secretField.waitFor();
    await dialog.getByText('you will not see it again').waitFor();
    const secret = await secretField.inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await dialog.getByTestId('webhook-secret-copy').click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(secret);
    await settle(page);
    await shot(page, 'en-webhook-secret');
    await expectAccessible(page, 'en-webhook-secret');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // — The list shows it; the secret is nowhere in the list's answer.
    const row = page.getByTestId('webhook-table').locator('tr', { hasText: receiverUrl });
    await row.getByText('Task submitted').waitFor();
    await row.getByText('Active', { exact: true }).waitFor();
    expect(await row.getByText('Batch completed').count()).toBe(0);
    const listed = await api(server.url, 'GET', '/api/v1/webhooks', { token: adminToken });
    expect(JSON.stringify(listed.json)).not.toContain(secret);
    const hookId: string = listed.json.items[0].id;

    // — Send test, from the keyboard: the log opens and the ping goes from pending to delivered.
    await row.getByTestId('webhook-test').focus();
    await page.keyboard.press('Enter');
    await page.getByText('Test ping queued').waitFor();
    const log = page.getByTestId(`deliveries-${hookId}`);
    await log.getByTestId('delivery-state').filter({ hasText: 'Delivered' }).waitFor({ timeout: 30000 });
    await log.getByText('204', { exact: true }).waitFor();
    await log.getByText('Test ping').waitFor();

    // — The receiver got a ping signed with that secret.
    expect(received).toHaveLength(1);
    const ping = received[0];
    expect(ping.path).toBe('/hooks/tessera');
    expect(ping.headers['x-tessera-event']).toBe('ping');
    expect(JSON.parse(ping.raw)).toMatchObject({ event: 'ping', id: ping.headers['x-tessera-delivery'] });
    const signature = String(ping.headers['x-tessera-signature']);
    const expected = `sha256=${createHmac('sha256', secret).update(`${ping.headers['x-tessera-timestamp']}.${ping.raw}`).digest('hex')}`;
    expect(signature.length).toBe(expected.length);
    expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
    expect(createHmac('sha256', 'some other secret').update(`${ping.headers['x-tessera-timestamp']}.${ping.raw}`).digest('hex')).not.toBe(signature.slice(7));
    await page.mouse.move(0, 0);
    await settle(page);
    await shot(page, 'en-webhooks', true);
    await expectAccessible(page, 'en-webhooks');

    // — Paused from the keyboard and resumed: the switch says so, and so does the API.
    const active = row.getByTestId('webhook-active');
    await active.focus();
    await page.keyboard.press('Space');
    await page.getByText('Webhook paused: it receives nothing but test pings').waitFor();
    await row.getByText('Inactive', { exact: true }).waitFor();
    expect((await api(server.url, 'GET', '/api/v1/webhooks', { token: adminToken })).json.items[0].active).toBe(false);
    await page.keyboard.press('Space');
    await row.getByText('Active', { exact: true }).waitFor();
    expect((await api(server.url, 'GET', '/api/v1/webhooks', { token: adminToken })).json.items[0].active).toBe(true);

    // — In Chinese: the list with its log, a second hook's secret, and deleting that hook.
    await page.evaluate(() => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('tessera.language', 'zh-CN'));
    await page.reload();
    await page.getByRole('navigation').getByRole('menuitem', { name: 'Webhook' }).waitFor();
    const zhRow = page.getByTestId('webhook-table').locator('tr', { hasText: receiverUrl });
    await zhRow.getByText('任务已提交').waitFor();
    await zhRow.getByTestId('webhook-deliveries').click();
    await page.getByTestId(`deliveries-${hookId}`).getByText('已送达').waitFor();
    await settle(page);
    await shot(page, 'zh-CN-webhooks', true);
    await expectAccessible(page, 'zh-CN-webhooks');

    await page.getByTestId('webhook-add').click();
    const zhDialog = page.getByRole('dialog');
    await zhDialog.getByLabel('接收地址（URL）').fill('http://10.0.0.1/x');
    await zhDialog.getByTestId('webhook-create').click();
    await zhDialog.locator('.ant-form-item-explain-error', { hasText: '此 URL 不能接收 Webhook：10.0.0.1 是回环、私有或链路本地地址，且不在服务器的允许列表中' }).waitFor();
    await settle(page);
    await shot(page, 'zh-CN-webhook-refused');
    await expectAccessible(page, 'zh-CN-webhook-refused');
    await zhDialog.getByLabel('接收地址（URL）').fill(`${receiverUrl}/second`);
    // The refusal folds away as the address changes, moving the button: click once it has gone (a click during it was lost in CI).
    await zhDialog.locator('.ant-form-item-explain-error').waitFor({ state: 'detached' });
    await zhDialog.getByTestId('webhook-create').click();
    await zhDialog.getByText('它不会再次显示').waitFor();
    const second = await zhDialog.getByTestId('webhook-secret').inputValue();
    expect(second).not.toBe(secret);
    await settle(page);
    await shot(page, 'zh-CN-webhook-secret');
    await expectAccessible(page, 'zh-CN-webhook-secret');
    await zhDialog.getByRole('button', { name: /^完\s?成$/ }).click();
    await zhDialog.waitFor({ state: 'hidden' });

    const secondRow = page.getByTestId('webhook-table').locator('tr', { hasText: `${receiverUrl}/second` });
    await secondRow.getByTestId('webhook-delete').click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText('删除此 Webhook 及其推送记录？').waitFor();
    await settle(page);
    await shot(page, 'zh-CN-webhook-delete');
    await expectAccessible(page, 'zh-CN-webhook-delete');
    await confirm.getByRole('button', { name: /^删\s?除$/ }).click();
    await page.getByText('Webhook 已删除').waitFor();
    await secondRow.waitFor({ state: 'detached' });
    const left = await api(server.url, 'GET', '/api/v1/webhooks', { token: adminToken });
    expect(left.json.items.map((h: { url: string }) => h.url)).toEqual([receiverUrl]);
  } catch (e) {
    await shot(page, 'failure-webhooks', true).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n${server.logs().slice(-3000)}`);
  }
});

test('people who may not manage webhooks see neither the page nor its menu entry', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  await context.addInitScript(() => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('tessera.language', 'en'));
  const p = await context.newPage();
  await p.goto(`${server.url}/login`);
  await p.getByLabel(/email/i).fill(org.users.manager.email);
  await p.getByLabel(/password/i).fill(TEST_PASSWORD);
  await p.keyboard.press('Enter');
  await p.waitForURL('**/projects');
  expect(await p.getByRole('navigation').getByRole('menuitem', { name: 'Webhooks' }).count()).toBe(0);
  await p.goto(`${server.url}/webhooks`);
  await p.getByText('Your role does not give access to this page.').waitFor();
  await context.close();
});

const shot = (p: Page, name: string, fullPage = false) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
