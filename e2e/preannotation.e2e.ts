import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { DEMO_PROJECTS, encodeScene, streetScenes } from '@tessera/seeds';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestOrg, type TestServer } from '@tessera/server/testing';
import { expectAccessible, launchChromium, waitUntil } from './support';

/**
 * Pre-annotation as a new user meets it, in a real browser against the real
 * API and worker: a manager adds the built-in COCO detector to the demo
 * *Street scenes* project (person → Pedestrian, car → Car) on the Models page
 * and pre-annotates a batch from the project's batch list; the annotator opens
 * the photo's task, accepts the predictions at or above a threshold and
 * rejects the rest in the image editor; the Models page then shows the
 * version's mAP and the share accepted, in English and in Chinese.
 * The batch holds two demo scenes and a real photo of people (from
 * @vladmandic/human's assets), since the detector finds people in photos.
 * Run `npm run build:web` before this file alone.
 */
jest.setTimeout(600_000);

const SHOTS = join(__dirname, 'screenshots');
let server: TestServer;
let browser: Browser;
let org: TestOrg;
let projectId: string;
let photoAsset: string;
let photoTask: string;
const tokens: Record<'manager' | 'annotator', string> = { manager: '', annotator: '' };

interface Storage {
  setItem(key: string, value: string): void;
}
const until = (check: () => Promise<boolean>, what: string) => waitUntil(check, what, () => server.logs().slice(-3000), 240000);
const call = (who: 'manager' | 'annotator', method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token: tokens[who], body });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true, worker: true });
  org = await createOrgWithRoles(server.db, 'Street Co', 'street-pre.test');
  for (const who of ['manager', 'annotator'] as const) tokens[who] = await server.tokenFor(org.users[who].id, org.orgId);
  const demo = DEMO_PROJECTS.find((p) => p.name === 'Street scenes')!;
  const created = await call('manager', 'POST', '/projects', { name: demo.name, description: demo.description, mediaType: demo.mediaType, guidelines: demo.guidelines, labelSchema: demo.labelSchema });
  expect(created.status).toBe(201);
  projectId = created.json.id;
  // Submitted work is accepted at once (no review round), so it is the model's reference as soon as it is handed in.
  expect((await call('manager', 'PATCH', `/projects/${projectId}`, { workflow: { reviewSampling: 0 } })).status).toBe(200);
  expect((await call('manager', 'POST', `/projects/${projectId}/members`, { userId: org.users.annotator.id, role: 'annotator' })).status).toBe(201);
  const humanAssets = join(dirname(require.resolve('@vladmandic/human')), '..', 'assets');
  const photo = await sharp(readFileSync(join(humanAssets, 'samples.jpg'))).extract({ left: 0, top: 200, width: 1280, height: 958 }).jpeg().toBuffer();
  const form = new FormData();
  for (const s of streetScenes(2)) form.append('file', new Blob([new Uint8Array(await encodeScene(s))]), s.file);
  form.append('file', new Blob([new Uint8Array(photo)]), 'party.jpg');
  const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.manager}` } });
  expect(up.status).toBe(202);
  await until(async () => (await call('manager', 'GET', `/projects/${projectId}/assets?limit=1`)).json.counts.ready === 3, 'the assets ready');
  const batch = await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'Week 1', selection: { filter: {} } });
  expect(batch.status).toBe(201);
  expect((await call('manager', 'POST', `/batches/${batch.json.id}/assign`, { mode: 'spread', userIds: [org.users.annotator.id] })).status).toBeLessThan(300);
  const mine = (await call('annotator', 'GET', '/tasks?mine=true&limit=100')).json.items as { id: string; stage: string; assetName: string; assetId: string }[];
  const task = mine.find((t) => t.stage === 'annotate' && t.assetName === 'party.jpg')!;
  photoAsset = task.assetId;
  photoTask = task.id;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(who: 'manager' | 'annotator', lang: 'en' | 'zh-CN') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
  await context.addInitScript((l) => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('tessera.language', l), lang);
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  await page.goto(`${server.url}/login`);
  await page.locator('#email').fill(org.users[who].email);
  await page.locator('#password').fill(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/projects');
  return page;
}

describe('pre-annotation in the browser', () => {
  it('a manager adds the built-in detector to Street scenes and pre-annotates a batch', async () => {
    const page = await signIn('manager', 'en');
    await page.goto(`${server.url}/models`);
    await page.getByTestId('model-add').click();
    const dialog = page.getByRole('dialog', { name: 'Add a model' });
    await dialog.getByTestId('model-name').fill('Street detector');
    // The kind is picked from the keyboard: a click on its option once missed (the projects select, enabled by the
    // kind, stayed disabled), likely as the dialog's opening moved the list under the pointer.
    const active = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active');
    const pickKind = async (kind: string) => {
      await dialog.getByLabel('Kind', { exact: true }).focus();
      await page.keyboard.press('ArrowDown');
      await active.waitFor();
      for (let i = 0; i < 30 && !(await active.textContent())?.includes(kind); i++) await page.keyboard.press('ArrowDown');
      expect(await active.textContent()).toContain(kind);
      await page.keyboard.press('Enter');
    };
    // First a remote model on a private address: refused, and said why on its URL field.
    await pickKind('label-studio');
    await dialog.getByLabel('URL', { exact: true }).fill('http://10.0.0.7/');
    await dialog.getByTestId('model-create').click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: 'Tessera does not call this URL: 10.0.0.7 is a loopback, private or link-local address, which the server does not allowlist' }).waitFor();
    expect(await dialog.getByRole('alert').filter({ hasText: 'Cannot be done' }).count()).toBe(0);
    await pickKind('builtin:coco-detect');
    await dialog.getByLabel('Score threshold').fill('0.15');
    await dialog.getByLabel('Enabled in projects').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: 'Street scenes' }).first().click();
    await page.keyboard.press('Escape');
    // Of the 80 COCO classes, those that name one of the project's labels arrive mapped (car → Car), and only those.
    await dialog.locator('input[value="Car"]').waitFor();
    expect(await dialog.getByLabel('Model class').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value))).toEqual(['car']);
    // The people become pedestrians: a row added, the label picked from the project's.
    await dialog.getByRole('button', { name: 'Map a class' }).click();
    // Both picked from the keyboard, as the kind above: in CI a click on the class's option once kept finding the
    // dropdown hidden, for a minute (why, not traced).
    const typedActive = page.locator('.ant-select-dropdown .ant-select-item-option-active');
    await dialog.getByLabel('Model class').last().fill('person');
    await typedActive.filter({ hasText: /^person$/ }).waitFor({ state: 'attached' });
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Label (id or name)').last().fill('Pedes');
    await typedActive.filter({ hasText: 'Pedestrian (pedestrian)' }).waitFor({ state: 'attached' });
    await page.keyboard.press('Enter');
    expect(await dialog.getByLabel('Model class').last().inputValue()).toBe('person');
    expect(await dialog.getByLabel('Label (id or name)').last().inputValue()).toBe('Pedestrian');
    await waitUntil(async () => (await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()) === 0, 'the dropdowns to close');
    await page.screenshot({ path: join(SHOTS, 'preannotation-add-model-en.png') });
    await dialog.getByTestId('model-create').click();
    await dialog.waitFor({ state: 'detached' });
    const models = (await call('manager', 'GET', '/models')).json.items as { id: string; name: string; labelMap: Record<string, string>; projectIds: string[] }[];
    const model = models.find((m) => m.name === 'Street detector')!;
    expect(model.labelMap.person).toBe('Pedestrian');
    expect(model.projectIds).toEqual([projectId]);

    await page.goto(`${server.url}/projects/${projectId}`);
    await page.getByRole('tab', { name: 'Batches' }).click();
    await page.getByTestId('batch-table').getByTestId('preannotate').first().click();
    const run = page.getByRole('dialog', { name: 'Pre-annotate Week 1' });
    await run.getByTestId('preannotate-model').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: 'Street detector' }).first().click();
    await run.getByTestId('preannotate-ok').click();
    await page.getByText('Pre-annotation started').waitFor();
    await until(async () => {
      const runs = (await call('manager', 'GET', '/job-runs?limit=20')).json.items as { type: string; state: string }[];
      const r = runs.find((x) => x.type === 'preannotate.run');
      if (r?.state === 'failed') throw new Error(`the run failed: ${JSON.stringify(r)}`);
      return r?.state === 'succeeded';
    }, 'the pre-annotation run');
    // The predictions are in the asset's working set (where the job commits them).
    const working = (await call('manager', 'GET', `/assets/${photoAsset}/annotations`)).json.annotations as { source: string; labelId: string }[];
    expect(working.filter((a) => a.source === 'model' && a.labelId === 'pedestrian').length).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, 'preannotation-batches-en.png') });
    await expectAccessible(page, 'preannotation-batches-en');
    await page.context().close();
  });

  it('an annotator auto-annotates the photo in their task, accepts some predictions and rejects the others, and submits', async () => {
    const page = await signIn('annotator', 'en');
    await page.goto(`${server.url}/tasks/${photoTask}`);
    const predictions = page.getByTestId('predictions');
    await predictions.waitFor();
    const modelCopies = async () => ((await call('annotator', 'GET', `/tasks/${photoTask}/annotations`)).json.annotations as { source: string; score: number; predictionId: string }[]).filter((a) => a.source === 'model');
    const fromBatch = await modelCopies();
    expect(fromBatch.length).toBeGreaterThanOrEqual(2);

    // Auto-annotate from the editor: the model runs again on this photo alone, and its predictions replace the batch's, live.
    await page.getByTestId('auto-annotate').click();
    await page.getByTestId('auto-annotate-done').waitFor({ timeout: 240000 });
    await until(async () => {
      const now = await modelCopies();
      return now.length > 0 && now.every((a) => !fromBatch.some((b) => b.predictionId === a.predictionId));
    }, 'the new predictions in the task');
    const copies = await modelCopies();
    await predictions.getByText(String(copies.length)).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'preannotation-task-en.png') });

    // Handing in is refused while predictions wait for a decision.
    await page.getByTestId('submit').click();
    await page.getByTestId('issue-list').waitFor();

    // A threshold between the scores, set from the keyboard: those at or above it accepted, those below rejected.
    const scores = copies.map((c) => c.score).sort((a, b) => b - a);
    const steps = scores.map((s) => Math.floor(s / 0.05) * 0.05).filter((t) => t > 0 && scores.some((s) => s < t) && scores.some((s) => s >= t));
    expect(steps.length).toBeGreaterThan(0);
    const threshold = steps[0];
    const slider = predictions.getByRole('slider');
    const from = Number(await slider.getAttribute('aria-valuenow'));
    await slider.focus();
    const moves = Math.round((threshold - from) / 0.05);
    for (let i = 0; i < Math.abs(moves); i++) await page.keyboard.press(moves > 0 ? 'ArrowRight' : 'ArrowLeft');
    expect(Number(await slider.getAttribute('aria-valuenow'))).toBeCloseTo(threshold, 5);
    const above = copies.filter((c) => c.score >= threshold - 1e-9).length;
    await predictions.getByTestId('accept-above').click();
    await predictions.getByTestId('reject-below').click();
    await until(async () => (await modelCopies()).length === 0, 'every prediction decided');
    const mine = ((await call('annotator', 'GET', `/tasks/${photoTask}/annotations`)).json.annotations as { source: string; predictionId: string | null }[]);
    expect(mine.filter((a) => a.source === 'human' && a.predictionId && copies.some((c) => c.predictionId === a.predictionId))).toHaveLength(above);

    await page.getByTestId('submit').click();
    await until(async () => (await call('annotator', 'GET', `/tasks/${photoTask}`)).json.state === 'accepted', 'the task accepted');
    await page.context().close();
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`the Models page shows the version's mAP and the share accepted (${lang})`, async () => {
      const page = await signIn('manager', lang);
      await page.goto(`${server.url}/models`);
      await page.getByTestId('model-table').getByTestId('model-accuracy').first().click();
      const panel = page.getByTestId('model-accuracy-panel');
      await panel.getByTestId('map50').first().waitFor();
      const model = ((await call('manager', 'GET', '/models')).json.items as { id: string; name: string }[]).find((m) => m.name === 'Street detector')!;
      const v = (await call('manager', 'GET', `/models/${model.id}/accuracy`)).json.versions[0];
      // The photo's accepted work is the reference; what people accepted are true positives, so the mAP is above zero.
      expect(v.comparedAssets).toBeGreaterThanOrEqual(1);
      expect(v.boxes.mAP50).toBeGreaterThan(0);
      expect(v.acceptedShare).toBeGreaterThan(0);
      expect(v.acceptedShare).toBeLessThan(1);
      const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
      expect(await panel.getByTestId('map50').first().innerText()).toBe(pct(v.boxes.mAP50));
      expect(await panel.getByTestId('accepted-share').first().innerText()).toBe(pct(v.acceptedShare));
      // Per-label AP names the project's labels, not their ids.
      const pedestrians = panel.locator('[data-label-id="pedestrian"]').first();
      await until(async () => (await pedestrians.innerText()) === 'Pedestrian', 'the label named in the AP table');
      if (lang === 'zh-CN') await panel.getByText('被接受').first().waitFor();
      await page.screenshot({ path: join(SHOTS, `preannotation-models-${lang}.png`), fullPage: true });
      await expectAccessible(page, `preannotation-models-${lang}`);
      await page.context().close();
    });
  }
});
