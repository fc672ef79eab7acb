import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, languageContext, launchChromium, signIn, waitUntil } from './support';

/**
 * A commit made in the worker reaches a browser on another API process, live.
 * A manager imports a COCO file through the first API process; the worker
 * process commits the imported box (source `import`) through the OpCommitter;
 * the annotator, whose page talks to a second API process, sees it appear on
 * the open image without reloading. Nothing but Redis connects the three
 * processes.
 */
jest.setTimeout(180_000);

const SHOTS = join(__dirname, 'screenshots');
const W = 640;
const H = 400;
let server: TestServer;
let second: Awaited<ReturnType<TestServer['startSecondApi']>>;
let browser: Browser;
let org: TestOrg;
let projectId: string;
let assetId: string;

async function picture() {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <rect width="${W}" height="${H}" fill="#bcd9f2"/><rect y="${H * 0.55}" width="${W}" height="${H * 0.45}" fill="#6b6f75"/>
    <rect x="90" y="200" width="150" height="80" rx="14" fill="#c0392b"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  second = await server.startSecondApi();
  org = await createOrgWithRoles(server.db, 'Relay Co', 'relay-co.test');
  ({ projectId, assetId } = await createAnnotatableAsset(server.db, org, 'image', { width: W, height: H }));
  const png = await picture();
  const sha = createHash('sha256').update(png).digest('hex');
  const dir = join(server.env.DATA_DIR, 'blobs', sha.slice(0, 2), sha.slice(2, 4));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, sha), png);
  await server.db.query(`UPDATE assets SET blob_key = $1, sha256 = $2, size = $3, content_type = 'image/png', name = 'street-07.png' WHERE id = $4`, [`sha256/${sha}`, sha, png.length, assetId]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The import goes to the first API process; the worker does the rest. */
async function importBox(token: string) {
  const coco = JSON.stringify({
    images: [{ id: 1, file_name: 'street-07.png', width: W, height: H }],
    categories: [{ id: 1, name: 'car' }],
    annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [88, 198, 154, 84], segmentation: [] }],
  });
  const form = new FormData();
  form.append('format', 'coco');
  form.append('file', new Blob([Buffer.from(coco)]), 'cars.json');
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/annotation-imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

test('a box the worker imports appears live on a page served by another API process', async () => {
  const page = await signIn(await languageContext(browser, 'en', { width: 1360, height: 900 }), second.url, org.users.annotator.email, 20000);
  const boxes = page.locator('[data-testid="annotator-object"][data-type="box"]');
  await page.goto(`${second.url}/projects/${projectId}/assets/${assetId}/live`);
  await page.locator('[data-testid="annotator-stage"][data-ready="true"]').waitFor({ timeout: 30000 });
  await page.locator('[data-testid="annotator-status"][data-status="online"]').waitFor({ timeout: 30000 });
  expect(await boxes.count()).toBe(0);
  // Marks this document: if the box came with a reload, the mark would be gone.
  await page.evaluate(() => ((globalThis as unknown as { tesseraMark: number }).tesseraMark = 7));

  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const runId = await importBox(manager);
  await waitUntil(async () => (await boxes.count()) === 1, 'the imported box on the annotator’s screen', server.logs);
  const box = boxes.first();
  expect(await box.getAttribute('data-label')).toBe('car');
  expect(await box.getAttribute('data-source')).toBe('import');
  expect(await box.getAttribute('data-bounds')).toBe('88,198,242,282');
  expect(await page.evaluate(() => (globalThis as unknown as { tesseraMark?: number }).tesseraMark)).toBe(7);

  // It was the worker's commit, and it is in the database as such.
  const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
  expect(run.state).toBe('succeeded');
  const rows = await server.db.query(`SELECT a.source, a.label_id FROM annotations a JOIN annotation_sets s ON s.id = a.set_id WHERE s.asset_id = $1 AND s.task_id IS NULL`, [assetId]);
  expect(rows).toEqual([{ source: 'import', label_id: 'car' }]);

  await page.screenshot({ path: join(SHOTS, 'en-worker-commit-live.png') });
  await expectAccessible(page, 'en-worker-commit-live');
});
