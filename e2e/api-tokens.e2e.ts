import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, languageContext, launchChromium, settle, signIn } from './support';

/**
 * API tokens in a real browser against the real API: in English an annotator reaches the page from the account
 * menu by keyboard, makes a token that never expires, copies it (shown once), and a script's request with it acts
 * as the annotator; the list then shows its last use; the annotator revokes it from the keyboard and the next
 * request with it is refused. In Chinese an admin sees everyone's tokens with who made them, and the audit log
 * marks a change a token made. Run `npm run build:web` before running this file on its own.
 */
jest.setTimeout(180_000);

const SHOTS = join(__dirname, 'screenshots');
let server: TestServer;
let browser: Browser;
let org: TestOrg;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true });
  org = await createOrgWithRoles(server.db, 'Token Co', 'token-co.test');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (p: Page, name: string, fullPage = false) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

test('an annotator makes a token for a script, sees it used, and revokes it — from the keyboard', async () => {
  const ctx = await languageContext(browser, 'en');
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await signIn(ctx, server.url, org.users.annotator.email);
  try {
    // — The account menu, by keyboard. It takes the focus on its first entry, Change password, whose dialog opens
    // without a word of complaint (the Enter that chose it once submitted its empty form too).
    const openAccountMenu = async () => {
      await page.getByTestId('user-menu').focus();
      await page.keyboard.press('Enter');
      await page.getByRole('menuitem', { name: 'Change password' }).and(page.locator(':focus')).waitFor();
    };
    await openAccountMenu();
    await page.keyboard.press('Enter');
    const passwordDialog = page.getByRole('dialog', { name: 'Change password' });
    await passwordDialog.getByText('your API tokens are revoked').waitFor();
    await page.getByLabel('Current password').and(page.locator(':focus')).waitFor();
    expect(await passwordDialog.getByText('Required').count()).toBe(0);
    await page.keyboard.press('Escape');
    await passwordDialog.waitFor({ state: 'hidden' });
    await openAccountMenu();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('menuitem', { name: 'API tokens' }).and(page.locator(':focus')).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/api-tokens');
    await page.getByText('No API tokens yet').waitFor();

    // — A token that never expires: typed, chosen and made without the mouse.
    await page.getByTestId('token-add').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').waitFor();
    await page.keyboard.type('nightly export');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.ant-select-item-option', { hasText: 'Never' }).waitFor();
    // From 90 days, the default: 365 days, then Never.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await dialog.getByText('works until you revoke it or change your password').waitFor();
    // Read only, ticked with Space.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await dialog.getByTestId('token-read-only').isChecked()).toBe(true);
    // The password, asked again: a wrong one is said on its field, and nothing is made.
    await page.keyboard.press('Tab');
    await page.keyboard.type('not my password');
    await page.keyboard.press('Enter');
    await dialog.locator('.ant-form-item-explain-error', { hasText: 'The current password is wrong' }).waitFor();
    expect((await api(server.url, 'GET', '/api/v1/api-tokens', { token: await server.tokenFor(org.users.annotator.id, org.orgId) })).json.items).toEqual([]);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    const secret = dialog.getByTestId('token-secret');
    await secret.waitFor();
    await dialog.getByText('you will not see it again').waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^tsr_/);
    await dialog.getByTestId('token-secret-copy').click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(token);
    await settle(page);
    await shot(page, 'en-api-token-secret');
    await expectAccessible(page, 'en-api-token-secret');
    await dialog.getByTestId('token-done').click();
    await dialog.waitFor({ state: 'hidden' });

    // — A script uses it: it acts as the annotator, and the list shows when.
    const row = page.getByTestId('token-table').locator('tr', { hasText: 'nightly export' });
    await row.getByText(token.slice(0, 8)).waitFor();
    await row.getByText('Never', { exact: true }).first().waitFor();
    await row.getByText('Read only').waitFor();
    const me = await api(server.url, 'GET', '/api/v1/auth/me', { token });
    expect(me.json).toMatchObject({ email: org.users.annotator.email, role: 'annotator' });
    const session = await server.tokenFor(org.users.annotator.id, org.orgId);
    expect((await api(server.url, 'GET', '/api/v1/api-tokens', { token: session })).json.items).toEqual([expect.objectContaining({ name: 'nightly export', readOnly: true, expiresAt: null })]);
    await page.reload();
    await expect(row.locator('td').nth(3).innerText()).resolves.not.toBe('Never');
    expect(await row.getByText('Never', { exact: true }).count()).toBe(1); // expires: never; used: now
    await settle(page);
    await shot(page, 'en-api-tokens');
    await expectAccessible(page, 'en-api-tokens');

    // — Revoked from the keyboard: the next request with it is refused.
    await row.getByRole('button', { name: 'Revoke the token nightly export' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText('Every script using it is refused from its next request.').waitFor();
    await confirm.getByRole('button', { name: 'Revoke' }).waitFor();
    await settle(page);
    await shot(page, 'en-api-token-revoke');
    await expectAccessible(page, 'en-api-token-revoke');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Token revoked').waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await api(server.url, 'GET', '/api/v1/auth/me', { token })).status).toBe(401);
  } catch (e) {
    await shot(page, 'failure-api-tokens-en', true).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n${server.logs().slice(-3000)}`);
  } finally {
    await ctx.close();
  }
});

test('an admin sees everyone’s tokens, and the audit log marks a token’s change — in Chinese', async () => {
  const reviewer = await server.tokenFor(org.users.reviewer.id, org.orgId);
  const made = await api(server.url, 'POST', '/api/v1/api-tokens', { token: reviewer, body: { currentPassword: TEST_PASSWORD, name: '质检脚本', expiresInDays: 30, readOnly: true } });
  expect(made.status).toBe(201);
  const admin = await server.tokenFor(org.users.admin.id, org.orgId);
  const adminToken = (await api(server.url, 'POST', '/api/v1/api-tokens', { token: admin, body: { currentPassword: TEST_PASSWORD, name: 'provisioning' } })).json.token as string;
  expect((await api(server.url, 'POST', '/api/v1/projects', { token: adminToken, body: { name: '脚本建的项目', mediaType: 'text' } })).status).toBe(201);

  const ctx = await languageContext(browser, 'zh-CN');
  const page = await signIn(ctx, server.url, org.users.admin.email);
  try {
    await page.goto(`${server.url}/api-tokens`);
    await page.getByText('您可以查看并撤销组织内所有人的令牌').waitFor();
    const row = page.getByTestId('token-table').locator('tr', { hasText: '质检脚本' });
    await row.getByText('reviewer of Token Co').waitFor();
    await row.getByText('只读').waitFor();
    await row.getByText('从未使用').waitFor();
    await page.getByTestId('token-table').locator('tr', { hasText: 'provisioning' }).getByText('admin of Token Co').waitFor();
    await settle(page);
    await shot(page, 'zh-CN-api-tokens');
    await expectAccessible(page, 'zh-CN-api-tokens');

    await page.getByTestId('token-add').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('token-create').click();
    await dialog.getByText('必填').first().waitFor();
    expect(await dialog.getByText('必填').count()).toBe(2); // the name and the password
    await settle(page);
    await shot(page, 'zh-CN-api-token-new');
    await expectAccessible(page, 'zh-CN-api-token-new');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.goto(`${server.url}/audit`);
    const created = page.locator('tr', { hasText: 'project.created' });
    await created.getByText('API 令牌').waitFor();
    await settle(page);
    await shot(page, 'zh-CN-audit-api-token');
    await expectAccessible(page, 'zh-CN-audit-api-token');
  } catch (e) {
    await shot(page, 'failure-api-tokens-zh', true).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n${server.logs().slice(-3000)}`);
  } finally {
    await ctx.close();
  }
});
