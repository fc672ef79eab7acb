import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestServer } from '@tessera/server/testing';

/**
 * A manager brings data into a project from the browser: uploads real images
 * and a broken file, follows ingest, sees thumbnails and the failure's reason,
 * filters, opens one asset from the keyboard, and reads it all in Chinese.
 */
jest.setTimeout(120_000);

const SHOTS = join(__dirname, 'screenshots');
let server: TestServer;
let browser: Browser;
let page: Page;
let projectId: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  const org = await createOrgWithRoles(server.db, 'Data Co', 'data-co.test');
  const token = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: 'Aerial tiles', mediaType: 'image' } })).json.id;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  await context.addInitScript(() => {
    const storage = (globalThis as unknown as { localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } }).localStorage;
    if (!storage.getItem('tessera.language')) storage.setItem('tessera.language', 'en');
  });
  page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/email/i).fill('manager@data-co.test');
  await page.getByLabel(/password/i).fill(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('upload, ingest, browse and open data, in English and Chinese', async () => {
  try {
    await page.goto(`${server.url}/projects/${projectId}?tab=data`);
    const colours = ['#e74c3c', '#27ae60', '#2980b9', '#f1c40f', '#8e44ad'];
    const images = await Promise.all(colours.map(async (c, i) => ({
      name: `tile-${i + 1}.png`,
      mimeType: 'image/png',
      buffer: await sharp({ create: { width: 320, height: 200, channels: 3, background: c } }).png().toBuffer(),
    })));
    await page.getByTestId('file-input').setInputFiles([...images, { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a jpeg') }]);

    // Each file shows its outcome, and the ingest run its progress, until done.
    await page.getByTestId('upload-list').getByText('Accepted').first().waitFor();
    await page.getByTestId('ingest-run').getByText('Succeeded').first().waitFor({ timeout: 30000 });
    const cells = page.getByTestId('asset-cell');
    await expectCount(() => cells.count(), 6);
    await page.locator('.tessera-asset-thumb img').nth(4).waitFor();
    await page.getByTestId('asset-grid').getByText(/not a readable image/).waitFor();
    await page.screenshot({ path: join(SHOTS, 'en-assets.png'), fullPage: true });

    // Filter to failures: the status filter carries the counts.
    await page.getByTestId('status-filter').getByText('Failed (1)').click();
    await expectCount(() => cells.count(), 1);
    await page.getByTestId('status-filter').getByText('All').click();
    await expectCount(() => cells.count(), 6);

    // Keyboard: focus the grid's first cell, move right, open with Enter, close with Escape.
    await cells.first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByText('SHA-256').waitFor();
    await drawer.locator('img').waitFor();
    await page.screenshot({ path: join(SHOTS, 'en-asset-drawer.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // The same page in Chinese.
    await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('tessera.language', 'zh-CN'));
    await page.reload();
    await page.getByText('将文件或文件夹拖放到此处').waitFor();
    await page.getByTestId('status-filter').getByText('失败 (1)').waitFor();
    await page.locator('.tessera-asset-thumb img').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'zh-CN-assets.png'), fullPage: true });
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, 'assets-failure.png'), fullPage: true });
    throw new Error(`${(e as Error).message}\n--- server ---\n${server.logs().slice(-3000)}`);
  }
});

async function expectCount(count: () => Promise<number>, want: number) {
  const deadline = Date.now() + 20000;
  let got = -1;
  while (Date.now() < deadline) {
    got = await count();
    if (got === want) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${want}, saw ${got}`);
}
