import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '@tessera/server/testing';
import { expectAccessible, launchChromium } from './support';

/**
 * The first hour of a new installation, in a real browser against the real
 * API and the built web app: set up the organisation, sign out and in again,
 * build a project with a label schema, find it in the list, and read it all
 * in Chinese. `npm test` builds the web app first; run `npm run build:web`
 * before running this file on its own.
 */

// A per-project testTimeout in jest.config.js is not honoured by Jest, so say it here.
jest.setTimeout(120_000);

const SHOTS = join(__dirname, 'screenshots');
const OWNER = { org: 'Acme Labs', name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery staple' };
const PROJECT = 'Street scenes';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
// The browser's Storage, without pulling the DOM typings into a Node test.
interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  // Start in English whatever the machine's locale, but let the switcher's choice survive reloads.
  await context.addInitScript(() => {
    const storage = (globalThis as unknown as { localStorage: Storage }).localStorage;
    if (!storage.getItem('tessera.language')) storage.setItem('tessera.language', 'en');
  });
  page = await context.newPage();
  page.setDefaultTimeout(15000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (name: string, fullPage = false) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

async function clickNav(name: string | RegExp) {
  await page.getByRole('navigation').getByRole('menuitem', { name }).click();
}

test('first-run setup, login, and a project with a label schema, in English and Chinese', async () => {
  try {
    // A fresh installation sends everyone to setup.
    await page.goto(server.url + '/');
    await page.waitForURL('**/setup');
    await expectAccessible(page, 'first-run setup');
    await page.locator('#organizationName').fill(OWNER.org);
    await page.locator('#name').fill(OWNER.name);
    await page.locator('#email').fill(OWNER.email);
    await page.locator('#password').fill(OWNER.password);
    await page.locator('#confirm').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL('**/projects');
    await expectText(page.getByTestId('org-name'), OWNER.org);

    // Log out through the user menu…
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await expectAccessible(page, 'the login page');

    // …and back in.
    await page.locator('#email').fill(OWNER.email);
    await page.locator('#password').fill(OWNER.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/projects');

    // A project with two labels and an attribute.
    await expectAccessible(page, 'the project list, empty');
    await page.getByTestId('new-project').click();
    await page.waitForURL('**/projects/new');
    await page.getByTestId('project-name').fill(PROJECT);
    await page.getByTestId('add-label').click();
    await page.getByTestId('add-label').click();
    const cards = page.getByTestId('label-card');
    await cards.nth(0).getByTestId('label-name').fill('Car');
    await cards.nth(0).getByTestId('label-color').fill('#ff0000');
    await cards.nth(0).getByTestId('label-hotkey').fill('1');
    await cards.nth(1).getByTestId('label-name').fill('Pedestrian');
    await cards.nth(1).getByTestId('label-color').fill('#00aa00');
    await cards.nth(1).getByTestId('label-hotkey').fill('1');

    // The clash is reported while typing, on both labels, before anything is sent.
    await expectText(cards.nth(0), 'Hotkey “1” is also used by Pedestrian');
    await expectText(cards.nth(1), 'Hotkey “1” is also used by Car');
    await shot('en-hotkey-conflict');
    await expectAccessible(page, 'a new project with a hotkey clash');
    await cards.nth(1).getByTestId('label-hotkey').fill('2');
    // antd animates the message out, so wait for it to leave rather than count at once.
    await page.getByText('is also used by').first().waitFor({ state: 'detached' });

    await cards.nth(0).getByTestId('add-attribute').click();
    const attr = cards.nth(0).getByTestId('attribute');
    await attr.locator('input[id$="-name"]').fill('Colour');
    const options = attr.locator('input[id$="-options"]');
    for (const o of ['red', 'blue']) {
      await options.fill(o);
      await options.press('Enter');
    }
    await page.keyboard.press('Escape');

    await page.getByTestId('create-project').click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}/);
    const projectUrl = page.url();

    // What was saved is what the editor shows after a round trip.
    await page.getByRole('tab', { name: 'Label schema' }).click();
    await expectText(page.getByTestId('schema-version'), 'v1');
    expect(await page.getByTestId('label-card').count()).toBe(2);
    expect(await page.getByTestId('label-hotkey').nth(1).inputValue()).toBe('2');
    expect(await page.getByTestId('label-color').nth(0).inputValue()).toBe('#ff0000');
    expect(await page.getByTestId('attribute').count()).toBe(1);
    await shot('en-project-schema', true);
    await expectAccessible(page, 'the label schema tab');

    // Editing the schema makes a new version, based on the one we loaded.
    await page.getByTestId('label-hotkey').nth(1).fill('3');
    await page.getByTestId('save-schema').click();
    await expectText(page.getByTestId('schema-version'), 'v2');
    await expectText(page.locator('#schema-history-title').locator('..'), 'v1');

    // The list shows it.
    await clickNav('Projects');
    await page.waitForURL('**/projects');
    const row = page.getByTestId('projects-table').locator('tr', { hasText: PROJECT });
    await expectText(row, 'Image');
    await shot('en-projects');
    await expectAccessible(page, 'the project list');

    // Switch to Chinese: the shell, antd's own texts and the list follow.
    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.locator('.ant-select-item-option', { hasText: '简体中文' }).click();
    await expectText(page.getByRole('navigation'), '项目');
    await expectText(row, '图像');
    await shot('zh-CN-projects');
    await expectAccessible(page, 'the project list in Chinese');

    // A reload keeps the language (localStorage) and the session (refresh cookie).
    await page.goto(projectUrl + '?tab=schema');
    await expectText(page.getByRole('tab', { selected: true }), '标签体系');
    expect(await page.getByTestId('label-card').count()).toBe(2);
    await shot('zh-CN-project-schema', true);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // A pasted character that is not text (U+0000) is refused on its field, in the page's language.
    await page.goto(projectUrl);
    const name = page.getByLabel('名称', { exact: true });
    await name.fill(`${PROJECT}\u0000`);
    await name.press('Enter');
    await expectText(page.locator('.ant-form-item-explain-error'), '含有不属于文本的字符');

    // The other pages load against the real API without an error.
    await clickNav('成员');
    await expectText(page.locator('.ant-table-row'), OWNER.email);
    await expectAccessible(page, 'members in Chinese');
    // Inviting someone who is a member already: refused, and said in Chinese from the problem's code, title and all.
    await page.getByRole('button', { name: '邀请', exact: true }).click();
    const invite = page.getByRole('dialog');
    await invite.getByLabel('邮箱').fill(OWNER.email);
    await invite.getByRole('button', { name: '生成邀请' }).click();
    const refusal = invite.getByRole('alert');
    await expectText(refusal, '当前无法进行');
    await expectText(refusal, '此人已是组织成员。');
    expect(await refusal.textContent()).not.toMatch(/[A-Za-z]/);
    await expectAccessible(page, 'an invitation refused in Chinese');
    await page.keyboard.press('Escape');
    await invite.waitFor({ state: 'hidden' });
    // A wrong current password is said on its field, in Chinese (the server names the field and the refusal).
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    const change = page.getByRole('dialog');
    await change.getByLabel('当前密码').fill('not my password at all');
    await change.getByLabel('新密码', { exact: true }).fill('a brand new passphrase');
    await change.getByLabel('确认密码').fill('a brand new passphrase');
    await change.getByRole('button', { name: /^保\s?存$/ }).click();
    await expectText(change.locator('.ant-form-item-explain-error'), '当前密码不正确');
    expect(await change.getByRole('alert').filter({ hasText: /[A-Za-z]/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await change.waitFor({ state: 'hidden' });
    await clickNav('审计日志');
    await page.locator('.ant-table-row').first().waitFor();
    // The kinds of object are named in the page's language (the actions stay codes, as the search takes them).
    await expectText(page.locator('.ant-table-row'), '项目');
    await expectText(page.locator('.ant-table-row'), '组织');
    expect(await page.locator('.ant-table-row', { hasText: /\b(project|organization|user) [0-9a-f]{8}/ }).count()).toBe(0);
    await expectAccessible(page, 'the audit log in Chinese');
    await page.getByTestId('audit-export').click();
    // The worker runs the export; the dialog polls the job run until the file is there.
    await page.getByTestId('job-download').waitFor({ timeout: 60000 });
    const download = page.waitForEvent('download');
    await page.getByTestId('job-download').click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    // The file is kept for a while only (EXPORT_KEEP_MS), and the dialog says until when.
    await expectText(page.getByTestId('job-file-kept-until'), '保留至');
    await shot('zh-CN-audit-export', false);
    await expectAccessible(page, 'the audit export dialog in Chinese');
    await page.keyboard.press('Escape');
    // Its time up (as the worker's expiry leaves it): the jobs page says the file was deleted, and offers none.
    await server.db.query(
      `UPDATE job_runs SET result = (result - 'blobKey') || jsonb_build_object('expiresAt', '2026-01-02T03:04:05.000Z') WHERE type = 'audit.export'`);
    await clickNav('后台任务');
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.locator('[role=alert]').count()).toBe(0);
    await expectText(page.getByTestId('job-file-expired'), '文件已于');
    expect(await page.getByTestId('job-download').count()).toBe(0);
    await shot('zh-CN-jobs-file-expired', false);
    await expectAccessible(page, 'background jobs in Chinese');

    // An archived project is deleted from its page, from the keyboard, after a confirmation that says what goes with it.
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: OWNER.email, password: OWNER.password }) });
    const bearer = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const auth = { ...bearer, 'content-type': 'application/json' };
    const doomed = (await (await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Doomed', mediaType: 'image' }) })).json()) as { id: string };
    expect((await fetch(`${server.url}/api/v1/projects/${doomed.id}/archive`, { method: 'POST', headers: bearer })).status).toBe(200);
    await page.goto(`${server.url}/projects/${doomed.id}`);
    await page.getByTestId('delete-project').focus();
    await page.keyboard.press('Enter');
    const confirm = page.locator('.ant-popconfirm');
    await expectText(confirm, '删除项目“Doomed”？');
    await expectText(confirm, '其全部数据、标注、任务、发布版本和导出文件将一并永久删除。');
    await shot('zh-CN-project-delete', false);
    await expectAccessible(page, 'deleting a project in Chinese');
    await confirm.getByRole('button', { name: /^删\s?除$/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/projects');
    await expectText(page.locator('.ant-message'), '项目已删除');
    expect((await fetch(`${server.url}/api/v1/projects/${doomed.id}`, { headers: bearer })).status).toBe(404);

    // A list long enough for antd's five-page jumps: each arrow is a button named in the page's language (antd names
    // them by their icons, "left", "double-left", which the gate refuses).
    for (let i = 0; i < 220; i++) {
      const made = await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: auth, body: JSON.stringify({ name: `Filler ${i}`, mediaType: 'image' }) });
      expect(made.ok).toBe(true);
    }
    await page.goto(server.url + '/projects?page=6');
    const pagination = page.locator('.ant-pagination');
    for (const name of ['上一页', '向前 5 页', '向后 5 页', '下一页']) await pagination.getByRole('button', { name, exact: true }).waitFor();
    await expectAccessible(page, 'a long project list in Chinese');
  } catch (e) {
    await shot('failure', true).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n--- server logs ---\n${server.logs()}`);
  }
});

async function expectText(locator: ReturnType<Page['locator']>, text: string) {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible' });
}
