import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestServer } from '@tessera/server/testing';
import { expectAccessible, launchChromium, settle } from './support';

/**
 * A manager brings data into a project from the browser: uploads real images
 * and a broken file, follows ingest, sees thumbnails and the failure's reason,
 * retries the failure from the grid, filters, opens one asset from the
 * keyboard, and reads it all in Chinese.
 */
jest.setTimeout(120_000);

const SHOTS = join(__dirname, 'screenshots');
let server: TestServer;
let browser: Browser;
let page: Page;
let projectId: string;
let orgId: string;
let managerToken: string;
let managerId: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  const org = await createOrgWithRoles(server.db, 'Data Co', 'data-co.test');
  orgId = org.orgId;
  managerId = org.users.manager.id;
  managerToken = await server.tokenFor(managerId, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: managerToken, body: { name: 'Aerial tiles', mediaType: 'image' } })).json.id;
  browser = await launchChromium();
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

test('upload, ingest, browse, retry and open data, in English and Chinese', async () => {
  // Thumbnails and content come through signed URLs, as plain <img src> fetches with no token.
  const byteRequests: { url: string; authorization?: string }[] = [];
  page.on('request', (r) => {
    if (/\/api\/v1\/(files\/|assets\/[^/]+\/(thumbnail|content))/.test(r.url())) byteRequests.push({ url: r.url(), authorization: r.headers().authorization });
  });
  const loadedThumbs = () => page.locator('.tessera-asset-thumb img').evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { complete: boolean; naturalWidth: number }).complete && (i as unknown as { naturalWidth: number }).naturalWidth > 0).length);
  try {
    // The project page links to its data, which has a route of its own.
    await page.goto(`${server.url}/projects/${projectId}`);
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.waitForURL(`**/projects/${projectId}/assets`);

    // The drop zone is reachable by keyboard: Enter opens the file picker.
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('drop-zone').focus();
    await page.keyboard.press('Enter');
    expect((await chooser).isMultiple()).toBe(true);
    // It says what this project takes, and the file dialog offers those first.
    await page.getByTestId('drop-zone').getByText('Images (JPEG, PNG, WebP, TIFF, BMP), or zip archives of them').waitFor();
    expect(await page.getByTestId('file-input').getAttribute('accept')).toBe('image/*,.zip');

    const colours = ['#e74c3c', '#27ae60', '#2980b9', '#f1c40f', '#8e44ad'];
    const images = await Promise.all(colours.map(async (c, i) => ({
      name: `tile-${i + 1}.png`,
      mimeType: 'image/png',
      buffer: await sharp({ create: { width: 320, height: 200, channels: 3, background: c } }).png().toBuffer(),
    })));
    await page.getByTestId('file-input').setInputFiles([...images, { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a jpeg') }]);

    // Each file shows its outcome; one bar follows all six ingest runs until done.
    await page.getByText('6 of 6 files sent').waitFor();
    await expectCount(() => page.getByTestId('upload-list').getByText('Accepted').count(), 6);
    await page.getByTestId('ingest-run').getByText('5 done, 1 failed of 6').waitFor({ timeout: 30000 });
    const cells = page.getByTestId('asset-cell');
    await expectCount(() => cells.count(), 6);
    await expectCount(() => page.locator('.tessera-asset-thumb img').count(), 5);
    await expectCount(loadedThumbs, 5);
    await page.getByTestId('asset-grid').getByText('Not a readable image', { exact: true }).waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'en-assets.png'), fullPage: true });
    await expectAccessible(page, 'en-assets');

    // Filter to failures (the filter carries the counts) and retry from the cell: a new run is followed.
    await page.getByTestId('status-filter').getByText('Failed (1)').click();
    await expectCount(() => cells.count(), 1);
    await cells.first().getByTestId('cell-retry').click();
    await page.getByText('Sent through ingest again').waitFor();
    await page.getByTestId('ingest-run').getByText('5 done, 2 failed of 7').waitFor({ timeout: 30000 });
    await page.getByTestId('ingest-run').getByText('(7 runs)').waitFor();
    await cells.first().getByText('Not a readable image', { exact: true }).waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'en-assets-failed.png'), fullPage: true });
    await expectAccessible(page, 'en-assets-failed');

    // Kind filter: no text in an image project.
    await page.getByTestId('kind-filter').click();
    await page.locator('.ant-select-dropdown').getByText('Text', { exact: true }).click();
    await page.getByText('No data yet').waitFor();
    await page.getByTestId('kind-filter').click();
    await page.locator('.ant-select-dropdown').getByText('Any kind').click();
    await page.getByTestId('status-filter').getByText('All').click();
    await expectCount(() => cells.count(), 6);

    // Choosing for a delete at once: a check box on each cell, a bar that counts; Escape in the grid chooses none.
    await cells.nth(1).getByTestId('cell-choose').click();
    await page.getByTestId('chosen-count').getByText('1 chosen').waitFor();
    expect(await cells.nth(1).getAttribute('aria-selected')).toBe('true');
    await expect(page.locator('.ant-drawer-open').count()).resolves.toBe(0);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'en-assets-chosen.png') });
    await expectAccessible(page, 'en-assets-chosen');
    await page.keyboard.press('Escape');
    await page.getByTestId('chosen-count').waitFor({ state: 'detached' });
    // The failed ones among the chosen go through ingest again, as one run the page follows.
    await page.getByTestId('status-filter').getByText('Failed (1)').click();
    await expectCount(() => cells.count(), 1);
    await cells.first().focus();
    await page.keyboard.press(' ');
    await page.getByTestId('chosen-count').getByText('1 chosen').waitFor();
    await page.getByTestId('retry-chosen').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('ingest-run').getByText('5 done, 3 failed of 8').waitFor({ timeout: 30000 });
    await page.getByTestId('chosen-count').waitFor({ state: 'detached' });
    await page.getByTestId('status-filter').getByText('All').click();
    await expectCount(() => cells.count(), 6);
    // A batch of the chosen: the dialog takes the choice, and its preview counts what it will hold.
    for (const name of ['tile-1.png', 'tile-2.png']) await cells.filter({ hasText: name }).getByTestId('cell-choose').click();
    await page.getByTestId('chosen-count').getByText('2 chosen').waitFor();
    await page.getByTestId('batch-chosen').click();
    const batchModal = page.getByTestId('batch-modal');
    await batchModal.getByTestId('batch-from-chosen').getByText('The 2 assets chosen in the Data tab', { exact: false }).waitFor();
    await batchModal.getByTestId('batch-preview').getByText('Takes 2 assets').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'en-assets-batch-chosen.png') });
    await expectAccessible(page, 'en-assets-batch-chosen');
    await batchModal.getByLabel('Batch name').fill('Chosen tiles');
    await page.keyboard.press('Enter');
    await page.getByText('Batch “Chosen tiles” created').waitFor();
    await batchModal.waitFor({ state: 'detached' });
    await page.getByTestId('choose-all').click();
    await page.getByTestId('chosen-count').waitFor({ state: 'detached' });

    // Keyboard: focus an image's cell, move away and back with the arrows, open with Enter, close with
    // Escape, focus comes back. (Uploads run in parallel, so which cell is which varies: find an image.)
    const image = cells.filter({ hasText: 'tile-' }).first();
    await image.focus();
    const at = Number(await image.getAttribute('data-index'));
    for (const key of at === 0 ? ['ArrowRight', 'ArrowLeft'] : ['ArrowLeft', 'ArrowRight']) await page.keyboard.press(key);
    await page.keyboard.press('Enter');
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByText('SHA-256').waitFor();
    await drawer.locator('img').waitFor();
    await expectCount(() => drawer.locator('img').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth), 320);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'en-asset-drawer.png') });
    await expectAccessible(page, 'en-asset-drawer');
    expect(byteRequests.length).toBeGreaterThanOrEqual(6);
    expect(byteRequests.filter((r) => !r.url.includes('/api/v1/files/') || r.authorization)).toEqual([]);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expectCount(() => page.evaluate(() => Number((globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-index') ?? -1)), at);

    // A drawn scene and two resized copies of it: one near-duplicate group of three, each beside the one it is
    // most alike to, one cell naming the group across its rows (the plain tiles are not alike to one another).
    const scene = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#3a3a3a' } })
      .composite([{ input: { create: { width: 220, height: 120, channels: 3, background: '#d4380d' } }, left: 60, top: 180 },
        { input: { create: { width: 90, height: 200, channels: 3, background: '#f0f0f0' } }, left: 490, top: 40 }]).png().toBuffer();
    await page.getByTestId('file-input').setInputFiles([
      { name: 'scene.png', mimeType: 'image/png', buffer: scene },
      { name: 'scene-small.jpg', mimeType: 'image/jpeg', buffer: await sharp(scene).resize(480, 270).jpeg({ quality: 70 }).toBuffer() },
      { name: 'scene-tiny.webp', mimeType: 'image/webp', buffer: await sharp(scene).resize(320, 180).webp().toBuffer() },
    ]);
    await expectCount(() => cells.count(), 9);
    // The list fills in by itself as the fingerprints are taken, without a reload.
    const duplicates = page.getByTestId('near-duplicates');
    await duplicates.getByText('Near-duplicates (1 group, 3 assets)').waitFor({ timeout: 30000 });
    await duplicates.getByTestId('duplicates-pending').waitFor({ state: 'detached' });
    expect(await duplicates.locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(await duplicates.getByTestId('duplicate-group').count()).toBe(1);
    await duplicates.scrollIntoViewIfNeeded();
    await settle(page);
    await duplicates.screenshot({ path: join(SHOTS, 'en-near-duplicates.png') });
    // A name in a group opens its asset from the keyboard; closing gives focus back to the name.
    const member = duplicates.locator('tbody tr.ant-table-row').first().getByRole('button').first();
    const memberName = (await member.textContent())!;
    await member.focus();
    await page.keyboard.press('Enter');
    await drawer.getByText(memberName).first().waitFor();
    await drawer.getByText('SHA-256').waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expectCount(() => member.evaluate((el) => Number(el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)), 1);

    // The same page in Chinese, as if its assets had come before near-duplicates were looked for: a manager has
    // them checked from the keyboard, and the group comes back.
    await server.db.query(`DELETE FROM asset_duplicate_groups WHERE project_id = $1`, [projectId]);
    await server.db.query(`DELETE FROM asset_fingerprints WHERE project_id = $1`, [projectId]);
    await server.db.query(`UPDATE assets SET updated_at = now() - interval '1 day' WHERE project_id = $1`, [projectId]);
    await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('tessera.language', 'zh-CN'));
    await page.reload();
    await page.getByText('将文件或文件夹拖放到此处').waitFor();
    await page.getByTestId('drop-zone').getByText('图像（JPEG、PNG、WebP、TIFF、BMP），或它们的 zip 压缩包').waitFor();
    await page.getByTestId('status-filter').getByText('失败 (1)').waitFor();
    await expectCount(() => page.locator('.tessera-asset-thumb img').count(), 8);
    await page.getByTestId('duplicates-unchecked').getByText(/^\d+ 个资源尚未检查/).waitFor();
    await page.getByTestId('near-duplicates').getByText('未发现近重复。').waitFor();
    await page.getByTestId('near-duplicates').scrollIntoViewIfNeeded();
    await settle(page);
    await page.getByTestId('near-duplicates').screenshot({ path: join(SHOTS, 'zh-CN-near-duplicates-unchecked.png') });
    await page.getByTestId('duplicates-check').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('near-duplicates').getByText('近重复 (1 组，3 个资源)').waitFor({ timeout: 30000 });
    await page.getByTestId('duplicates-pending').waitFor({ state: 'detached' });
    expect(await page.getByTestId('duplicates-unchecked').count()).toBe(0);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'zh-CN-assets.png'), fullPage: true });
    await expectAccessible(page, 'zh-CN-assets');
    await cells.filter({ hasText: 'tile-' }).first().focus();
    await page.keyboard.press('Enter');
    await drawer.locator('img').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'zh-CN-asset-drawer.png') });
    await expectAccessible(page, 'zh-CN-asset-drawer');

    // Deleting, from the keyboard: the drawer asks first, saying what goes with it; then the asset leaves the list.
    const before = await cells.count();
    const doomed = (await drawer.locator('.ant-drawer-title').textContent())!;
    await drawer.getByTestId('delete-asset').focus();
    await page.keyboard.press('Enter');
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText(`删除“${doomed}”？`).waitFor();
    await confirm.getByText('其标注、任务和评论将一并永久删除').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'zh-CN-asset-delete.png') });
    await expectAccessible(page, 'zh-CN-asset-delete');
    await confirm.getByRole('button', { name: /删\s?除/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('已删除').waitFor();
    await drawer.waitFor({ state: 'detached' });
    await expectCount(() => cells.count(), before - 1);
    expect(await cells.filter({ hasText: doomed }).count()).toBe(0);

    // The job runs say why an item failed in the reader's words, the English detail beside them.
    await page.goto(`${server.url}/jobs`);
    await page.getByRole('button', { name: '1 个错误' }).first().click();
    const why = page.locator('.ant-popover li', { hasText: 'broken.jpg' }).first();
    await why.getByText('无法读取的图像').waitFor();
    expect(await why.getByTestId('run-error-detail').textContent()).toMatch(/^\(.+\)$/);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'zh-CN-job-errors.png') });
    await expectAccessible(page, 'zh-CN-job-errors');

    // An item the runner counted itself (its job failed on every attempt) is worded too. The run is written by
    // hand: worker/item-runs-close.spec.ts makes one for real.
    await server.db.query(
      `INSERT INTO job_runs (org_id, type, state, progress, counts, errors, params, created_by, finished_at)
       VALUES ($1, 'assets.ingest', 'failed', 1, '{"total":1,"processed":0,"failed":1}', $2, $3, $4, now())`,
      [orgId, JSON.stringify([{ item: 'lost.png', message: 'could not settle', code: 'job.failed', at: new Date().toISOString() }]), JSON.stringify({ projectId }), managerId]);
    await page.reload();
    await page.getByRole('button', { name: '1 个错误' }).first().click();
    await page.locator('.ant-popover li', { hasText: 'lost.png' }).getByText('未完成：其作业每次尝试都失败了').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'zh-CN-job-errors-runner.png') });
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, 'assets-failure.png'), fullPage: true });
    throw new Error(`${(e as Error).message}\n--- server ---\n${server.logs().slice(-3000)}`);
  }
});

test('a project of 100,000 assets keeps a small DOM and reaches its last asset', async () => {
  const id = (await api(server.url, 'POST', '/api/v1/projects', { token: managerToken, body: { name: 'Big corpus', mediaType: 'text' } })).json.id;
  // Rows straight into the table: this is about the browser, not ingest. Newest first, so record-100000 is last.
  await server.db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, preview, created_at)
     SELECT $1, $2, 'text', 'ready', 'record-' || n || '.txt', 'k' || n, md5(n::text), 10, 'Record number ' || n, now() - n * interval '1 second'
     FROM generate_series(1, 100000) AS n`,
    [orgId, id],
  );
  try {
    await page.goto(`${server.url}/projects/${id}/assets`);
    await page.getByTestId('status-filter').getByText(/\(100000\)/).waitFor();
    await page.getByText('record-1.txt', { exact: true }).waitFor();
    const rendered = () => page.getByTestId('asset-cell').count();
    expect(await rendered()).toBeLessThan(200);

    // End goes to the very last asset, fetching only the page it is on.
    await page.getByTestId('asset-cell').first().focus();
    await page.keyboard.press('End');
    await page.getByText('record-100000.txt', { exact: true }).waitFor();
    await expectCount(() => page.evaluate(() => Number((globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-index') ?? -1)), 99999);
    expect(await rendered()).toBeLessThan(200);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'zh-CN-assets-100k.png') });
    await expectAccessible(page, 'zh-CN-assets-100k');

    // Ctrl+A chooses every asset, loaded or not; Space takes the one in focus out; all the others go at once.
    await page.keyboard.press('Control+a');
    await page.getByTestId('chosen-count').getByText('已选 100000 个').waitFor();
    await page.keyboard.press(' ');
    await page.getByTestId('chosen-count').getByText('已选 99999 个').waitFor();
    expect(await page.getByTestId('asset-cell').filter({ hasText: 'record-100000.txt' }).getAttribute('aria-selected')).toBe('false');
    await page.getByTestId('delete-chosen').focus();
    await page.keyboard.press('Enter');
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText('删除 99999 个数据？').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'zh-CN-assets-delete-chosen.png') });
    await expectAccessible(page, 'zh-CN-assets-delete-chosen');
    await confirm.getByRole('button', { name: /删除所选/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('已删除').waitFor({ timeout: 60000 });
    await expectCount(rendered, 1);
    await page.getByText('record-100000.txt', { exact: true }).waitFor();
    await page.getByTestId('chosen-count').waitFor({ state: 'detached' });
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, 'assets-failure.png'), fullPage: true });
    throw e;
  }
});

test('near-duplicate groups larger than a page: members page by page, a group named again where it goes on', async () => {
  const id = (await api(server.url, 'POST', '/api/v1/projects', { token: managerToken, body: { name: 'Drone frames', mediaType: 'image' } })).json.id;
  // Rows straight into the tables, as a video's frames ingested yesterday would leave them: 70 frames of one scene, 50 of another.
  const frames: { id: string; name: string }[] = await server.db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, updated_at)
     SELECT $1, $2, 'image', 'ready', 'frame-' || lpad(n::text, 3, '0') || '.jpg', 'k' || n, md5('frame' || n), 10, now() - interval '1 day'
       FROM generate_series(1, 120) AS n
     RETURNING id, name`, [orgId, id]);
  frames.sort((a, b) => a.name.localeCompare(b.name));
  const scenes = [frames.slice(0, 70), frames.slice(70)];
  const rows = scenes.flatMap((scene) => scene.map((f, i) => ({ asset: f.id, group: scene[0].id, nearest: scene[i === 0 ? 1 : i - 1].id })));
  await server.db.query(
    `INSERT INTO asset_duplicate_groups (asset_id, group_id, nearest_id, org_id, project_id, method, similarity)
     SELECT r.asset, r.grp, r.nearest, $4, $5, 'phash', 0.97 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS r (asset, grp, nearest)`,
    [rows.map((r) => r.asset), rows.map((r) => r.group), rows.map((r) => r.nearest), orgId, id]);
  try {
    await page.goto(`${server.url}/projects/${id}/assets`);
    const duplicates = page.getByTestId('near-duplicates');
    await duplicates.getByText('近重复 (2 组，120 个资源)').waitFor(); // the previous test left the page in Chinese
    const members = duplicates.locator('tbody tr.ant-table-row');
    const groupCells = () => duplicates.getByTestId('duplicate-group').allTextContents();
    await expectCount(() => members.count(), 50);
    expect(await groupCells()).toEqual(['frame-001.jpg 70 个资源']);
    // The group's namesake first, then the members by name (their similarities are equal here).
    const memberNames = () => members.evaluateAll((trs) => trs.map((tr) => (tr as unknown as { querySelector(s: string): { textContent: string } | null }).querySelector('button')?.textContent));
    expect(await memberNames()).toEqual(frames.slice(0, 50).map((f) => f.name));
    await duplicates.locator('.ant-pagination-item-2').click();
    await duplicates.getByText('frame-071.jpg 50 个资源').waitFor();
    expect(await groupCells()).toEqual(['frame-001.jpg 70 个资源', 'frame-071.jpg 50 个资源']);
    expect(await members.count()).toBe(50);
    await duplicates.locator('.ant-pagination-item-3').click();
    await expectCount(() => members.count(), 20);
    expect(await groupCells()).toEqual(['frame-071.jpg 50 个资源']);
    await duplicates.scrollIntoViewIfNeeded();
    await settle(page);
    await duplicates.screenshot({ path: join(SHOTS, 'zh-CN-near-duplicates-pages.png') });
    await expectAccessible(page, 'zh-CN-near-duplicates-pages');
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, 'assets-failure.png'), fullPage: true });
    throw e;
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
