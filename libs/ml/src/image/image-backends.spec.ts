/**
 * The built-in image models on real photographs that ship inside npm
 * packages: @vladmandic/human's sample sheet (a group of people at a party,
 * under a row of portraits) and autocannon's test still (a robot in a street).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { ImageInput } from '../backend';
import { CocoDetector, FaceDetector, PoseEstimator, closeImageThreads } from './image-backends';
import { COCO_KEYPOINTS } from './coco';

jest.setTimeout(120_000);

const humanAssets = join(dirname(require.resolve('@vladmandic/human')), '..', 'assets');
// CenterNet's scores run low (its people here score 0.2–0.3), so the thresholds do too.
const opts = { scoreThreshold: 0.15, maxObjects: 100 };

async function image(data: Buffer): Promise<ImageInput> {
  const m = await sharp(data).metadata();
  return { media: 'image', data, width: m.width!, height: m.height! };
}

let party: ImageInput;
beforeAll(async () => {
  // The lower part of the sample sheet: one photograph of about fifteen people.
  const jpg = await sharp(readFileSync(join(humanAssets, 'samples.jpg'))).extract({ left: 0, top: 200, width: 1280, height: 958 }).jpeg().toBuffer();
  party = await image(jpg);
});
afterAll(() => closeImageThreads());

it('detects the people of a party photograph as COCO boxes inside the image', async () => {
  const det = new CocoDetector();
  expect(await det.classes()).toHaveLength(80);
  const out = await det.predict(party, opts);
  const people = out.filter((p) => p.modelClass === 'person');
  expect(people.length).toBeGreaterThanOrEqual(5);
  for (const p of out) {
    expect(p.geometry.type).toBe('box');
    if (p.geometry.type !== 'box') continue;
    expect(p.geometry.x).toBeGreaterThanOrEqual(0);
    expect(p.geometry.x + p.geometry.width).toBeLessThanOrEqual(party.width + 0.01);
    expect(p.geometry.y + p.geometry.height).toBeLessThanOrEqual(party.height + 0.01);
    expect(p.score).toBeGreaterThanOrEqual(0.15);
  }
  // People stand: their boxes are taller than wide.
  const tall = people.filter((p) => p.geometry.type === 'box' && p.geometry.height > p.geometry.width);
  expect(tall.length).toBeGreaterThan(people.length / 2);
  // The threshold and the maximum are honoured.
  expect((await det.predict(party, { scoreThreshold: 0.15, maxObjects: 2 })).length).toBeLessThanOrEqual(2);
});

it('finds no people in a street scene with a robot but a box for it, and refuses what is not an image', async () => {
  const det = new CocoDetector();
  const still = await image(readFileSync(join(dirname(require.resolve('autocannon/package.json')), 'test', 'j5.jpeg')));
  const out = await det.predict(still, opts);
  expect(out.length).toBeGreaterThan(0);
  await expect(det.predict({ media: 'text', text: 'hello' }, opts)).rejects.toThrow(/takes images/);
  await expect(det.predict({ media: 'image', data: new Uint8Array([1, 2, 3]), width: 1, height: 1 }, opts)).rejects.toThrow(/cannot be decoded/);
});

it('boxes the faces, each in the upper part of the photograph and small against it', async () => {
  const faces = await new FaceDetector().predict(party, { scoreThreshold: 0.3, maxObjects: 50 });
  expect(faces.length).toBeGreaterThanOrEqual(6);
  for (const f of faces) {
    if (f.geometry.type !== 'box') throw new Error('not a box');
    expect(f.modelClass).toBe('face');
    expect(f.geometry.width).toBeLessThan(party.width / 6);
    expect(f.geometry.y).toBeLessThan(party.height / 2);
    // Faces are about square.
    expect(f.geometry.width / f.geometry.height).toBeCloseTo(1, 1);
  }
});

it('places the 17 COCO keypoints of people: the nose above the shoulders, the shoulders above the hips', async () => {
  const pose = new PoseEstimator();
  const out = await pose.predict(party, { scoreThreshold: 0.15, maxObjects: 20 });
  expect(out.length).toBeGreaterThanOrEqual(3);
  let ordered = 0;
  for (const p of out) {
    if (p.geometry.type !== 'keypoints') throw new Error('not keypoints');
    expect(p.geometry.points).toHaveLength(COCO_KEYPOINTS.length);
    const pt = (name: (typeof COCO_KEYPOINTS)[number]) => p.geometry.type === 'keypoints' ? p.geometry.points[COCO_KEYPOINTS.indexOf(name)] : null;
    const nose = pt('nose');
    const ls = pt('left_shoulder');
    const lh = pt('left_hip');
    if (nose && ls && lh && nose.y < ls.y && ls.y < lh.y) ordered++;
    for (const q of p.geometry.points) if (q) {
      expect(q.x).toBeGreaterThanOrEqual(0);
      expect(q.x).toBeLessThanOrEqual(party.width);
    }
  }
  expect(ordered).toBeGreaterThanOrEqual(Math.ceil(out.length / 2));
});
