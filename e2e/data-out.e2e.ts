import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openZip } from '@tessera/formats';
import { DEMO_PROJECTS, encodeScene, streetScenes, type StreetScene } from '@tessera/seeds';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, launchChromium, settle, waitUntil } from './support';

/**
 * Getting data out, as a manager and a consumer meet it, in a real browser
 * against the real API and worker, once in English and once in Chinese (each
 * language in its own organisation, so each walk starts from release 1):
 * the demo *Street scenes* project (its definition from the demo seed, its
 * generated images and their true objects) is exported to COCO and to YOLO and
 * downloaded; a COCO file written by another tool comes in as a model's
 * predictions after a dry run whose unknown category is mapped in the dialog;
 * release 1 is cut, the work changes, release 2 is cut and shows the diff;
 * release 2 is granted to the consumer, who signs in, sees only release 2 and
 * downloads it. Run `npm run build:web` before this file alone.
 */
jest.setTimeout(480_000);

const SHOTS = join(__dirname, 'screenshots');
const SCENES = streetScenes(6);
let server: TestServer;
let browser: Browser;

interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const until = (check: () => Promise<boolean>, what: string) => waitUntil(check, what, () => server.logs().slice(-3000), 90000);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The demo seed's Street scenes project in a fresh organisation, its images uploaded and their true objects drawn as the live work. */
async function streetScenesProject(org: TestOrg, token: string) {
  const call = (method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token, body });
  const demo = DEMO_PROJECTS.find((p) => p.name === 'Street scenes')!;
  const created = await call('POST', '/projects', { name: demo.name, description: demo.description, mediaType: demo.mediaType, guidelines: demo.guidelines, labelSchema: demo.labelSchema });
  expect(created.status).toBe(201);
  const projectId: string = created.json.id;
  expect((await call('POST', `/projects/${projectId}/members`, { userId: org.users.consumer.id, role: 'consumer' })).status).toBe(201);
  const form = new FormData();
  for (const s of SCENES) form.append('file', new Blob([new Uint8Array(await encodeScene(s))]), s.file);
  const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  expect(up.status).toBe(202);
  await until(async () => (await call('GET', `/projects/${projectId}/assets?limit=1`)).json.counts.ready === SCENES.length, 'the scenes ready');
  const assets = (await call('GET', `/projects/${projectId}/assets?limit=100`)).json.items as { id: string; name: string }[];
  const assetOf = (s: StreetScene) => assets.find((a) => a.name === s.file)!.id;
  let seq = 0;
  const clientId = `e2e-${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string[]> = {};
  for (const s of SCENES) {
    const ops = s.objects.map((o) => {
      const geometry = o.polygon ? { type: 'polygon', points: o.polygon } : { type: 'box', x: o.box.x, y: o.box.y, width: o.box.w, height: o.box.h };
      return { type: 'create', clientId, clientSeq: ++seq, annotation: { id: randomUUID(), labelId: o.label, geometry, attributes: o.attributes } };
    });
    ids[s.file] = ops.map((o) => o.annotation.id);
    const res = await call('POST', `/assets/${assetOf(s)}/annotations/ops`, { ops });
    expect(res.json.results.filter((r: { status: string }) => r.status !== 'committed')).toEqual([]);
  }
  /** One object removed, one moved and one added on the first scene: what release 2's diff must show. */
  const change = async () => {
    const s = SCENES[0];
    const [first, second] = ids[s.file];
    const moved = s.objects[1];
    const geometry = moved.polygon ? { type: 'polygon', points: moved.polygon.map(([x, y]) => [x + 2, y + 1]) } : { type: 'box', x: moved.box.x + 2, y: moved.box.y + 1, width: moved.box.w, height: moved.box.h };
    const res = await call('POST', `/assets/${assetOf(s)}/annotations/ops`, { ops: [
      { type: 'delete', clientId, clientSeq: ++seq, id: first },
      { type: 'update', clientId, clientSeq: ++seq, id: second, patch: { geometry } },
      { type: 'create', clientId, clientSeq: ++seq, annotation: { id: randomUUID(), labelId: 'cyclist', geometry: { type: 'box', x: 4, y: 4, width: 30, height: 40 }, attributes: {} } },
    ] });
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(['committed', 'committed', 'committed']);
  };
  return { projectId, assetOf, change };
}

/** A COCO file as another tool writes it: its own ids, its own category names ("person" is not a label of ours), scores. */
function peerCoco() {
  const images = SCENES.map((s, i) => ({ id: 101 + i, file_name: `frames/${s.file}`, width: s.width, height: s.height }));
  const categories = [{ id: 1, name: 'car', supercategory: 'vehicle' }, { id: 2, name: 'person', supercategory: 'human' }];
  let n = 0;
  const annotations = SCENES.flatMap((s, i) =>
    s.objects.filter((o) => o.label === 'car' || o.label === 'pedestrian').map((o) => ({
      id: ++n, image_id: 101 + i, category_id: o.label === 'car' ? 1 : 2, bbox: [o.box.x + 0.5, o.box.y + 0.25, o.box.w - 1, o.box.h - 0.5], area: (o.box.w - 1) * (o.box.h - 0.5), iscrowd: 0, score: 0.9,
    })),
  );
  return { count: n, json: JSON.stringify({ info: { description: 'detections from another tool' }, images, categories, annotations }) };
}

async function signIn(email: string, lang: 'en' | 'zh-CN') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: lang === 'en' ? 'en-US' : 'zh-CN', acceptDownloads: true });
  await context.addInitScript((l) => {
    const storage = (globalThis as unknown as { localStorage: Storage }).localStorage;
    if (!storage.getItem('tessera.language')) storage.setItem('tessera.language', l);
  }, lang);
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  await page.goto(`${server.url}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
  return page;
}

/** Picks an option of an antd select by its field label. */
async function choose(page: Page, scope: ReturnType<Page['locator']>, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

const T = {
  en: {
    tab: 'Export & releases', export: 'Export…', exportTitle: 'Export annotations', format: 'Format', coco: 'COCO', yolo: 'YOLO detection', start: 'Start export',
    another: 'New export', succeeded: 'Succeeded', download: /Download \(/, close: 'Close', importOpen: 'Import annotations…', predictions: 'Predictions', model: 'Model name',
    version: 'Model version', check: 'Check (dry run)', run: /^Import$/, acceptable: 'This file can be imported as asked.', notAcceptable: /cannot be imported as asked/, mapPerson: 'Label for person',
    pedestrian: 'Pedestrian', cut: 'Cut a release…', formats: 'Formats', latest: 'Latest work', licence: 'Licence', create: 'Cut release', ready: 'Ready', first: 'First release: everything is new',
    diff: '1 added, 1 removed, 1 changed', details: 'Details of release 2', consumer: 'Consumer', grant: /^Grant$/, granted: 'Release 2 granted to', myReleases: 'My releases', download2: 'Download release 2', watermark: 'Watermark pictures with their id', watermarked: 'watermarked',
  },
  'zh-CN': {
    tab: '导出与发布', export: '导出…', exportTitle: '导出标注', format: '格式', coco: 'COCO', yolo: 'YOLO 检测', start: '开始导出',
    another: '新的导出', succeeded: '已完成', download: /下载 \(/, close: '关闭', importOpen: '导入标注…', predictions: '预测', model: '模型名称',
    version: '模型版本', check: '检查（试运行）', run: /^导 ?入$/, acceptable: '此文件可以按要求导入。', notAcceptable: /不能按要求导入/, mapPerson: 'person 对应的标签',
    pedestrian: 'Pedestrian', cut: '创建发布…', formats: '格式', latest: '最新的标注', licence: '许可证', create: '创建发布', ready: '就绪', first: '首次发布：全部为新增',
    diff: '新增 1，删除 1，修改 1', details: '发布 2 的详情', consumer: '数据使用方', grant: /^授 ?权$/, granted: '发布 2 已授权给', myReleases: '我的发布', download2: '下载发布 2', watermark: '在图片上加注其 ID 水印', watermarked: '带水印',
  },
} as const;

describe.each(['en', 'zh-CN'] as const)('data out in %s', (lang) => {
  const L = T[lang];
  let manager: Page | undefined;
  let consumer: Page | undefined;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `data-out-${lang}-${name}.png`), fullPage: true });

  test('a manager exports Street scenes, imports a peer file as predictions, cuts two releases and grants the second; the consumer sees and downloads only that one', async () => {
    const org = await createOrgWithRoles(server.db, `Data Out ${lang}`, `data-out-${lang.toLowerCase()}.test`);
    const token = await server.tokenFor(org.users.manager.id, org.orgId);
    const project = await streetScenesProject(org, token);
    try {
      manager = await signIn(org.users.manager.email, lang);
      await manager.goto(`${server.url}/projects/${project.projectId}`);
      // The tab from the keyboard: focus it and press Enter.
      const tabButton = manager.getByRole('tab', { name: L.tab });
      await tabButton.focus();
      await manager.keyboard.press('Enter');
      const tab = manager.getByTestId('releases-tab');
      await tab.waitFor();
      await expectAccessible(manager, `data-out ${lang} empty tab`);

      // — Export to COCO, opened from the keyboard; the dialog follows the run and offers the file.
      await tab.getByRole('button', { name: L.export }).focus();
      await manager.keyboard.press('Enter');
      const exportDialog = manager.getByRole('dialog', { name: L.exportTitle });
      await exportDialog.waitFor();
      await settle(manager);
      await expectAccessible(manager, `data-out ${lang} export dialog`);
      await shot(manager, 'export-dialog');
      await exportDialog.getByRole('button', { name: L.start }).click();
      const run = exportDialog.getByTestId('export-run');
      await run.getByText(L.succeeded, { exact: true }).waitFor({ timeout: 90000 });
      await expectAccessible(manager, `data-out ${lang} export finished`);
      await shot(manager, 'export-done');
      const coco = await downloaded(manager, () => run.getByRole('button', { name: L.download }).click());
      const cocoZip = await openZip(coco.bytes);
      const cocoJson = cocoZip.tree.paths().find((p) => p.endsWith('.json') && p.includes('annotations'))!;
      const instances = JSON.parse(Buffer.concat(await (await cocoZip.tree.open(cocoJson)).toArray()).toString('utf8'));
      expect(instances.images).toHaveLength(SCENES.length);
      expect(instances.annotations.length).toBeGreaterThanOrEqual(SCENES.reduce((n, s) => n + s.objects.filter((o) => !o.polygon).length, 0));
      expect(instances.categories.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Car', 'Pedestrian', 'Cyclist']));

      // — And to YOLO.
      await exportDialog.getByRole('button', { name: L.another }).click();
      await choose(manager, exportDialog, L.format, L.yolo);
      await exportDialog.getByRole('button', { name: L.start }).click();
      await run.getByText(L.succeeded, { exact: true }).waitFor({ timeout: 90000 });
      const yolo = await downloaded(manager, () => run.getByRole('button', { name: L.download }).click());
      const yoloPaths = (await openZip(yolo.bytes)).tree.paths();
      expect(yoloPaths).toEqual(expect.arrayContaining(['data.yaml']));
      expect(yoloPaths.filter((p) => p.endsWith('.txt')).length).toBeGreaterThanOrEqual(SCENES.length);
      await exportDialog.getByRole('button', { name: L.close }).first().click();

      // — A COCO file from another tool, as a model's predictions: the dry run finds "person" unknown; mapped to Pedestrian, it fits.
      const peer = peerCoco();
      await tab.getByRole('button', { name: L.importOpen }).click();
      const importDialog = manager.getByRole('dialog', { name: L.importOpen.replace('…', '') });
      await importDialog.waitFor();
      await settle(manager);
      await importDialog.locator('input[type=file]').setInputFiles({ name: 'detections_coco.json', mimeType: 'application/json', buffer: Buffer.from(peer.json) });
      await choose(manager, importDialog, L.format, L.coco);
      await importDialog.getByRole('radio', { name: L.predictions }).check();
      await importDialog.getByLabel(L.model, { exact: true }).fill('peer-detector');
      await importDialog.getByLabel(L.version, { exact: true }).fill('2024.06');
      await importDialog.getByRole('button', { name: L.check }).click();
      const report = importDialog.getByTestId('import-report');
      await report.getByText(L.notAcceptable).waitFor();
      await expectAccessible(manager, `data-out ${lang} import report, unmapped`);
      await shot(manager, 'import-unmapped');
      // A click on a dropdown option during its opening animation was once lost in CI: map and check again then.
      for (let attempt = 1; ; attempt++) {
        await choose(manager, report, L.mapPerson, L.pedestrian);
        await importDialog.getByRole('button', { name: L.check }).click();
        const fits = importDialog.getByTestId('import-report').getByText(L.acceptable).waitFor({ timeout: 20000 });
        if (attempt === 3) {
          await fits;
          break;
        }
        if (await fits.then(() => true, () => false)) break;
      }
      await expect(importDialog.getByTestId('import-objects').textContent()).resolves.toBe(String(peer.count));
      await expectAccessible(manager, `data-out ${lang} import report, mapped`);
      await shot(manager, 'import-mapped');
      await importDialog.getByRole('button', { name: L.run }).click();
      await importDialog.getByTestId('import-run-status').getByText(L.succeeded, { exact: true }).waitFor({ timeout: 90000 });
      const predictions = await server.db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE label_id = 'pedestrian')::int AS people FROM annotations a JOIN annotation_sets s ON s.id = a.set_id WHERE s.project_id = $1 AND s.task_id IS NULL AND a.source = 'model'`, [project.projectId]);
      expect(predictions[0].n).toBe(peer.count);
      expect(predictions[0].people).toBeGreaterThan(0);
      await importDialog.getByRole('button', { name: L.close }).first().click();

      // — Release 1, then a change to the work, then release 2 with its diff.
      const cutRelease = async (number: number) => {
        await tab.getByRole('button', { name: L.cut }).click();
        const dialog = manager!.getByRole('dialog').filter({ hasText: L.licence });
        await dialog.waitFor();
        // Clicks made while the dialog zooms in can land beside their target (seen in CI: "create" was lost).
        await settle(manager!);
        // The dialog remembers the last release's choices: the formats are chosen once.
        if (number === 1) {
          // A click made while the list is still opening can be lost (seen in CI): choose again until the dialog shows the tag.
          for (let attempt = 1; attempt <= 3; attempt++) {
            await choose(manager!, dialog, L.formats, L.yolo);
            // Close the multiple select's list by clicking the dialog's title (Escape would close the dialog).
            await dialog.locator('.ant-modal-title').click();
            if (await dialog.getByText(L.yolo, { exact: true }).waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
          }
        }
        await dialog.getByRole('radio', { name: L.latest }).check();
        await dialog.getByLabel(L.licence, { exact: true }).fill('CC-BY-4.0');
        if (number === 1) {
          await expectAccessible(manager!, `data-out ${lang} cut release dialog`);
          await shot(manager!, 'cut-release');
        }
        await dialog.getByRole('button', { name: L.create }).click();
        await dialog.waitFor({ state: 'hidden' });
        await tab.getByTestId('release-table').locator('tr', { hasText: `#${number}` }).getByText(L.ready, { exact: true }).waitFor({ timeout: 120000 });
      };
      await cutRelease(1);
      await tab.getByTestId('release-diff-1').getByText(L.first).waitFor();
      await project.change();
      await cutRelease(2);
      await tab.getByTestId('release-diff-2').getByText(L.diff).waitFor();

      // — Release 2's details (from the keyboard), its diff per label, and the grant to the consumer.
      await tab.getByRole('button', { name: L.details }).focus();
      await manager.keyboard.press('Enter');
      const detail = tab.getByTestId('release-detail-2');
      await detail.waitFor();
      await settle(manager);
      await choose(manager, detail, L.consumer, `<${org.users.consumer.email}>`);
      // With the watermark: this release holds no pictures, so the consumer's copy is still the release's exact bytes (checked below).
      await detail.getByRole('checkbox', { name: L.watermark }).check();
      await detail.getByRole('button', { name: L.grant }).click();
      await manager.getByText(L.granted).first().waitFor();
      await detail.locator('li', { hasText: org.users.consumer.email }).getByText(L.watermarked, { exact: true }).waitFor();
      await expectAccessible(manager, `data-out ${lang} release 2 details and grant`);
      await shot(manager, 'releases');

      // — The consumer signs in and sees release 2, not release 1, and downloads it.
      consumer = await signIn(org.users.consumer.email, lang);
      await consumer.getByRole('navigation').getByRole('menuitem', { name: L.myReleases }).click();
      await consumer.waitForURL('**/releases');
      const mine = consumer.getByTestId('my-releases');
      await mine.locator('tr', { hasText: '#2' }).waitFor();
      expect(await mine.locator('tbody tr.ant-table-row').count()).toBe(1);
      await expect(mine.getByText('#1', { exact: true }).count()).resolves.toBe(0);
      await expectAccessible(consumer, `data-out ${lang} my releases`);
      await shot(consumer, 'consumer-my-releases');
      const archive = await downloaded(consumer, () => mine.getByRole('button', { name: L.download2 }).click());
      const [r2] = (await api(server.url, 'GET', `/api/v1/projects/${project.projectId}/releases`, { token })).json.items.filter((r: { number: number }) => r.number === 2);
      expect(createHash('sha256').update(archive.bytes).digest('hex')).toBe(r2.file.sha256);
      expect(r2.formats).toEqual(['coco', 'yolo-detect']);
      expect((await openZip(archive.bytes)).tree.paths()).toEqual(expect.arrayContaining(['coco/annotations/instances_train.json', 'yolo-detect/data.yaml', 'manifest.json', 'datasheet.md', 'diff.json']));
      const audited = await server.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1 AND action = 'release.downloaded' AND actor_id = $2`, [org.orgId, org.users.consumer.id]);
      expect(audited[0].n).toBe(1);
      expect((await server.db.query(`SELECT watermark FROM release_grants WHERE release_id = $1`, [r2.id]))[0].watermark).toBe(true);
    } catch (e) {
      await manager?.screenshot({ path: join(SHOTS, `data-out-${lang}-failure-manager.png`), fullPage: true }).catch(() => undefined);
      await consumer?.screenshot({ path: join(SHOTS, `data-out-${lang}-failure-consumer.png`), fullPage: true }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- server ---\n${server.logs().slice(-4000)}`);
    } finally {
      await manager?.context().close();
      await consumer?.context().close();
    }
  });
});
