import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '@tessera/server/testing';
import { expectAccessible, frames, launchChromium, settle } from './support';

/**
 * The image editor on its playground page, driven with the mouse and the
 * keyboard in Chromium: every shape kind drawn, vertices dragged, added and
 * removed, a label changed by its hotkey, undo and redo, the shortcut sheet,
 * in English and in Chinese; each tool's other gestures (handles, marquee,
 * double click, freehand, skipped keypoints, eraser and fill).
 */
jest.setTimeout(120_000);

const SHOTS = join(__dirname, 'screenshots');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ web: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(lang: 'en' | 'zh-CN', query = 'objects=0&width=800&height=600'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  await context.addInitScript((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('tessera.language', l), lang);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  (page as unknown as { errors: string[] }).errors = errors;
  await page.goto(`${server.url}/playground/image-annotator?${query}`);
  await page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.annotatorReady === 'true').catch((e) => {
    throw new Error(`the editor never said it was ready: ${errors.join('; ') || e.message}`);
  });
  return page;
}

const objects = (page: Page) =>
  page.getByTestId('annotator-object').evaluateAll((els) =>
    els.map((e) => ({ id: e.dataset.id, type: e.dataset.type, label: e.dataset.label, source: e.dataset.source, score: e.querySelector('.eu-row-score')?.textContent ?? null, bounds: e.dataset.bounds?.split(',').map(Number), vertices: Number(e.dataset.vertices) })),
  );

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 50 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

describe('image annotator', () => {
  it('draws every shape kind with the mouse, edits vertices, relabels by hotkey, undoes and redoes', async () => {
    const page = await open('en');
    const stage = await page.getByTestId('annotator-stage').boundingBox();
    const at = (x: number, y: number): [number, number] => [stage!.x + stage!.width / 2 + x, stage!.y + stage!.height / 2 + y];

    await page.keyboard.press('b');
    await page.mouse.move(...at(-200, -150));
    await page.mouse.down();
    await page.mouse.move(...at(-100, -60), { steps: 5 });
    await page.mouse.up();

    await page.keyboard.press('p');
    for (const [x, y] of [[0, -150], [80, -150], [80, -60]]) await page.mouse.click(...at(x, y));
    await page.keyboard.press('Enter');

    await page.keyboard.press('l');
    await page.mouse.move(...at(-200, 50));
    await page.mouse.down();
    for (let i = 0; i < 20; i++) await page.mouse.move(...at(-200 + i * 8, 50 + Math.sin(i / 3) * 20));
    await page.mouse.up();

    await page.keyboard.press('o');
    await page.mouse.click(...at(150, 50));
    await page.mouse.click(...at(170, 70));
    await page.keyboard.press('Enter');

    // Person has a seven-point skeleton: placing the last point finishes the shape.
    await page.keyboard.press('2');
    await page.keyboard.press('k');
    expect(await page.getByTestId('annotator-hint').textContent()).toContain('head');
    for (let i = 0; i < 7; i++) await page.mouse.click(...at(200 + (i % 3) * 15, 100 + i * 12));

    await page.keyboard.press('m');
    await page.mouse.move(...at(-50, 150));
    await page.mouse.down();
    await page.mouse.move(...at(50, 160), { steps: 8 });
    await page.mouse.up();

    const drawn = await until(() => objects(page), (o) => o.length === 6);
    expect(drawn.map((o) => `${o.type}:${o.label}`).sort()).toEqual(['box:car', 'keypoints:person', 'mask:person', 'points:car', 'polygon:car', 'polyline:car']);

    // A whole-image tag by its hotkey.
    await page.keyboard.press('Escape');
    await page.keyboard.press('v');
    await page.keyboard.press('5');
    expect(await page.getByTestId('tags').locator('input[type=checkbox]').first().isChecked()).toBe(true);

    // Vertices: drag one, add one from an edge's middle, remove one with Alt+click.
    const polygon = () => objects(page).then((o) => o.find((x) => x.type === 'polygon')!);
    const before = await polygon();
    await page.mouse.click(...at(60, -130));
    await page.mouse.move(...at(80, -60));
    await page.mouse.down();
    await page.mouse.move(...at(130, -20), { steps: 5 });
    await page.mouse.up();
    const dragged = await until(polygon, (p) => p.bounds![2] > before.bounds![2]);
    expect(dragged.bounds![2]).toBeGreaterThan(before.bounds![2]);
    expect(dragged.bounds![3]).toBeGreaterThan(before.bounds![3]);
    await page.mouse.move(...at(40, -150));
    await page.mouse.down();
    await page.mouse.move(...at(40, -190), { steps: 4 });
    await page.mouse.up();
    expect((await until(polygon, (p) => p.vertices === 4)).vertices).toBe(4);
    await page.keyboard.down('Alt');
    await page.mouse.click(...at(40, -190));
    await page.keyboard.up('Alt');
    expect((await until(polygon, (p) => p.vertices === 3)).vertices).toBe(3);

    // The box takes the Person label by hotkey; undo gives Car back, redo Person again.
    await page.mouse.click(...at(-150, -100));
    await page.keyboard.press('2');
    const boxLabel = () => objects(page).then((o) => o.find((x) => x.type === 'box')!.label);
    expect(await until(boxLabel, (l) => l === 'person')).toBe('person');
    await page.keyboard.press('Control+z');
    expect(await until(boxLabel, (l) => l === 'car')).toBe('car');
    await page.keyboard.press('Control+Shift+z');
    expect(await until(boxLabel, (l) => l === 'person')).toBe('person');

    // Delete, and undo brings it back.
    await page.keyboard.press('Delete');
    expect((await until(() => objects(page), (o) => o.length === 5)).length).toBe(5);
    await page.getByTestId('undo').click();
    expect((await until(() => objects(page), (o) => o.length === 6)).length).toBe(6);

    await page.screenshot({ path: join(SHOTS, 'image-annotator-en.png') });
    await expectAccessible(page, 'image-annotator-en');
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-sheet').getByText('Keyboard shortcuts').waitFor();
    await page.screenshot({ path: join(SHOTS, 'image-annotator-shortcuts-en.png') });
    await expectAccessible(page, 'image-annotator-shortcuts-en');
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('moves, resizes and rotates by the handles, selects by marquee, finishes by double click, skips keypoints, paints, erases and fills masks', async () => {
    const page = await open('en');
    const stage = await page.getByTestId('annotator-stage').boundingBox();
    const at = (x: number, y: number): [number, number] => [stage!.x + stage!.width / 2 + x, stage!.y + stage!.height / 2 + y];
    const drag = async (from: [number, number], to: [number, number]) => {
      await page.mouse.move(...at(...from));
      await page.mouse.down();
      await page.mouse.move(...at(...to), { steps: 6 });
      await page.mouse.up();
    };
    const ofType = (type: string) => objects(page).then((o) => o.filter((x) => x.type === type));
    const size = (b: number[]) => [b[2] - b[0], b[3] - b[1]];

    // A box, then with the select tool: dragged by its body, widened by its right handle, turned a quarter by its knob.
    await page.keyboard.press('b');
    await drag([-100, -100], [0, 0]);
    const [drawn] = await until(() => ofType('box'), (b) => b.length === 1);
    await page.keyboard.press('v');
    await drag([-50, -50], [-20, -50]);
    const moved = (await until(() => ofType('box'), (b) => b[0].bounds![0] > drawn.bounds![0]))[0];
    expect(moved.bounds![0]).toBeGreaterThan(drawn.bounds![0]);
    expect(size(moved.bounds!)).toEqual(size(drawn.bounds!));
    await drag([30, -50], [80, -50]);
    const wide = (await until(() => ofType('box'), (b) => size(b[0].bounds!)[0] > size(moved.bounds!)[0]))[0];
    expect(size(wide.bounds!)[0]).toBeGreaterThan(size(moved.bounds!)[0]);
    expect(size(wide.bounds!)[0]).toBeGreaterThan(size(wide.bounds!)[1]);
    // The knob sits 28 px above the top edge's middle; pulled round to the right of the centre it turns the box by 90°.
    await drag([5, -128], [120, -50]);
    const turned = (await until(() => ofType('box'), (b) => size(b[0].bounds!)[0] < size(b[0].bounds!)[1]))[0];
    expect(size(turned.bounds!)[0]).toBeLessThan(size(turned.bounds!)[1]);

    // Escape while dragging a new box drops it.
    await page.keyboard.press('b');
    await page.mouse.move(...at(150, 100));
    await page.mouse.down();
    await page.mouse.move(...at(200, 150), { steps: 4 });
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await drag([150, 100], [200, 150]);
    expect((await until(() => ofType('box'), (b) => b.length === 2)).length).toBe(2);

    // A marquee around both selects both; a click on nothing selects nothing.
    await page.keyboard.press('v');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('annotator-stage').getAttribute('data-selected')).toBe('');
    await drag([-300, -250], [300, 250]);
    const both = (await ofType('box')).map((b) => b.id).sort();
    expect((await page.getByTestId('annotator-stage').getAttribute('data-selected'))!.split(',').sort()).toEqual(both);
    await page.mouse.click(...at(-300, 250));
    expect(await page.getByTestId('annotator-stage').getAttribute('data-selected')).toBe('');

    // A polyline clicked vertex by vertex and finished by a double click, whose two clicks count once.
    await page.keyboard.press('l');
    await page.mouse.click(...at(-250, 200));
    await page.mouse.click(...at(-200, 180));
    await page.mouse.dblclick(...at(-150, 200));
    expect((await until(() => ofType('polyline'), (l) => l.length === 1))[0].vertices).toBe(3);

    // A polygon dragged freehand.
    await page.keyboard.press('p');
    await page.mouse.move(...at(100, -200));
    await page.mouse.down();
    for (const [x, y] of [[200, -200], [200, -120], [110, -130]]) await page.mouse.move(...at(x, y), { steps: 8 });
    await page.mouse.up();
    expect((await until(() => ofType('polygon'), (l) => l.length === 1)).length).toBe(1);

    // Keypoints: five placed, the last two skipped with S; the seventh slot ends the shape.
    await page.keyboard.press('2');
    await page.keyboard.press('k');
    for (let i = 0; i < 5; i++) await page.mouse.click(...at(250 + (i % 2) * 15, -200 + i * 15));
    expect(await ofType('keypoints')).toEqual([]);
    await page.keyboard.press('s');
    await page.keyboard.press('s');
    expect((await until(() => ofType('keypoints'), (k) => k.length === 1))[0].vertices).toBe(7);

    // A brush stroke makes a mask; a wider eraser over it takes it all, so the mask goes; a fill then covers the picture.
    await page.keyboard.press('1');
    await page.keyboard.press('m');
    await drag([-250, -250], [-200, -250]);
    expect((await until(() => ofType('mask'), (m) => m.length === 1)).length).toBe(1);
    await page.keyboard.press('e');
    for (let i = 0; i < 5; i++) await page.keyboard.press(']');
    await drag([-250, -250], [-200, -250]);
    expect((await until(() => ofType('mask'), (m) => m.length === 0)).length).toBe(0);
    await page.keyboard.press('g');
    await page.mouse.click(...at(0, 200));
    const [filled] = await until(() => ofType('mask'), (m) => m.length === 1);
    expect(filled.bounds).toEqual([0, 0, 800, 600]);

    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('shows predictions with their scores; accepts and rejects them one by one, by shortcut and by threshold', async () => {
    // Every tenth object of the playground's scene is a model's: here four, scored 0.83, 0.33, 0.53 and 0.73.
    const page = await open('en', 'objects=40&width=800&height=600');
    // The list shows only the rows in view; the filter's word for them lists the predictions alone.
    await page.getByTestId('object-filter').fill('prediction');
    const predictions = () => objects(page).then((o) => o.filter((x) => x.source === 'model'));
    const scores = async () => (await predictions()).map((p) => p.score).sort();
    expect(await scores()).toEqual(['0.33', '0.53', '0.73', '0.83']);
    await page.getByTestId('predictions').getByText('Predictions (4)').waitFor();
    const row = async (score: string) => page.locator(`[data-testid="annotator-object"][data-source="model"]:has(.eu-row-score:text-is("${score}"))`);

    // One by one: the 0.33 rejected by its shortcut, the 0.83 accepted with the button; the accepted one is a person's now.
    const weak = await row('0.33');
    const weakId = await weak.getAttribute('data-id');
    await weak.locator('.eu-row-main').click();
    await page.getByTestId('attributes').getByText('Prediction · score 0.33').waitFor();
    await page.getByTestId('annotator-stage').focus();
    await page.keyboard.press('x');
    expect(await until(scores, (s) => s.length === 3)).toEqual(['0.53', '0.73', '0.83']);
    expect((await objects(page)).some((o) => o.id === weakId)).toBe(false);
    const strong = await row('0.83');
    const strongId = await strong.getAttribute('data-id');
    const { label, bounds } = (await objects(page)).find((o) => o.id === strongId)!;
    await strong.locator('.eu-row-main').click();
    await page.getByTestId('accept-one').click();
    expect(await until(scores, (s) => s.length === 2)).toEqual(['0.53', '0.73']);
    await page.getByTestId('object-filter').fill(label!);
    expect((await objects(page)).filter((o) => o.source === 'human' && JSON.stringify(o.bounds) === JSON.stringify(bounds)).length).toBe(1);
    expect(await page.getByTestId('annotator-stage').getAttribute('data-objects')).toBe('39');
    await page.getByTestId('object-filter').fill('prediction');

    // By threshold: up to 0.60 from the keyboard, accept what is above it, reject what is below.
    const slider = page.getByTestId('predictions').getByRole('slider');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('accept-above').getByText('0.60').waitFor();
    await page.getByTestId('accept-above').click();
    expect(await until(scores, (s) => s.length === 1)).toEqual(['0.53']);
    await page.getByTestId('reject-below').click();
    expect(await until(scores, (s) => s.length === 0)).toEqual([]);
    expect(await page.getByTestId('annotator-stage').getAttribute('data-objects')).toBe('38');
    // Undo brings the last rejection back.
    await page.getByTestId('undo').click();
    expect(await until(scores, (s) => s.length === 1)).toEqual(['0.53']);
    await page.screenshot({ path: join(SHOTS, 'image-annotator-predictions-en.png') });
    await expectAccessible(page, 'image-annotator-predictions-en');
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('says a change the host turned away was not saved, and shows nothing of it', async () => {
    const page = await open('zh-CN', 'objects=0&width=800&height=600&refuse=1');
    const stage = await page.getByTestId('annotator-stage').boundingBox();
    const at = (x: number, y: number): [number, number] => [stage!.x + stage!.width / 2 + x, stage!.y + stage!.height / 2 + y];
    await page.keyboard.press('b');
    await page.mouse.move(...at(-100, -80));
    await page.mouse.down();
    await page.mouse.move(...at(60, 40), { steps: 5 });
    await page.mouse.up();
    await page.getByText('未保存：你已不能编辑此标注集，刚才的修改已撤回。').waitFor();
    await frames(page); // the message's slide-in starts on a frame: settled after it
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'image-annotator-not-saved-zh-CN.png') });
    expect(await objects(page)).toEqual([]);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('opens 10,000 polygons and reads in Chinese, every tool reachable by keyboard', async () => {
    const page = await open('zh-CN', 'objects=10000&vertices=20');
    expect(await page.getByTestId('annotator-stage').getAttribute('data-objects')).toBe('10000');
    // The open draws every object once: the view's settle timer, run while the first bitmap is still in the
    // worker, does not ask for the same bitmap again.
    await page.waitForTimeout(2000);
    expect(await page.locator('[data-testid="annotator-stage"] canvas[data-settled]').getAttribute('data-settled')).toBe('1');
    // Drawn by the worker the page started before it built its scene, which is the only one running.
    expect(await page.locator('[data-testid="annotator-stage"] canvas[data-settled]').getAttribute('data-worker')).toBe('prepared');
    expect(page.workers().filter((w) => /settle\.worker/.test(w.url()))).toHaveLength(1);
    expect(await page.getByTestId('annotator-hint').textContent()).toContain('单击选择');
    // Tab reaches the tool buttons; each says whether it is on.
    await page.getByTestId('tool-select').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('tool-box').getAttribute('aria-pressed')).toBe('true');
    // Object list: filter by text, select a row from the keyboard.
    await page.getByTestId('object-filter').fill('Road');
    const first = page.getByTestId('annotator-object').first();
    expect(await first.getAttribute('data-label')).toBe('road');
    await first.locator('button').first().focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('annotator-stage').getAttribute('data-selected')).toBe(await first.getAttribute('data-id'));
    await page.screenshot({ path: join(SHOTS, 'image-annotator-zh-CN.png') });
    await expectAccessible(page, 'image-annotator-zh-CN');
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });
});
