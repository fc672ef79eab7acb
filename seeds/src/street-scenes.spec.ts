import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { encodeScene, renderRaw, streetScene, streetScenes, streetTruth, type StreetScene } from './street-scenes';

const scenes = streetScenes();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Where the full scene differs from the same street with nobody on it: exactly what the objects drew. */
async function drawnMask(scene: StreetScene) {
  const [full, empty] = await Promise.all([renderRaw(scene), renderRaw(scene, { objects: false })]);
  const mask = new Uint8Array(scene.width * scene.height);
  for (let p = 0; p < mask.length; p++) {
    const i = p * 3;
    mask[p] = full[i] !== empty[i] || full[i + 1] !== empty[i + 1] || full[i + 2] !== empty[i + 2] ? 1 : 0;
  }
  return mask;
}

it('makes 24 scenes at a few sizes with every label of the project, the same every time', async () => {
  expect(scenes).toHaveLength(24);
  expect(new Set(scenes.map((s) => `${s.width}x${s.height}`))).toEqual(new Set(['1280x720', '1920x1080', '960x540', '1024x768']));
  const labels = new Set(scenes.flatMap((s) => s.objects.map((o) => o.label)));
  expect([...labels].sort()).toEqual(['car', 'cyclist', 'pedestrian', 'traffic-sign']);
  expect(new Set(scenes.map((s) => s.scene.weather[0])).size).toBeGreaterThanOrEqual(3);
  expect(JSON.stringify(streetTruth(streetScenes()))).toBe(JSON.stringify(streetTruth(scenes)));
  for (const i of [0, 5]) expect(sha(await encodeScene(streetScene(i)))).toBe(sha(await encodeScene(scenes[i])));
});

it('keeps every box inside its image, apart from the others, and every sign polygon bounded by its box', () => {
  for (const s of scenes) {
    for (const [i, o] of s.objects.entries()) {
      const { x, y, w, h } = o.box;
      for (const v of [x, y, w, h]) expect(Number.isInteger(v)).toBe(true);
      expect(x >= 0 && y >= 0 && w > 0 && h >= 10 && x + w <= s.width && y + h <= s.height).toBe(true);
      for (const other of s.objects.slice(i + 1)) {
        const apart = x + w <= other.box.x || other.box.x + other.box.w <= x || y + h <= other.box.y || other.box.y + other.box.h <= y;
        expect(apart).toBe(true);
      }
      if (o.label === 'traffic-sign') {
        const xs = o.polygon!.map((p) => p[0]);
        const ys = o.polygon!.map((p) => p[1]);
        expect({ x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) }).toEqual(o.box);
      }
      if (o.label === 'pedestrian') {
        for (const [px, py] of Object.values(o.keypoints!)) expect(px >= x && px <= x + w && py >= y && py <= y + h).toBe(true);
      }
    }
  }
});

it('draws exactly inside the boxes, and every box is tight: each of its four edges holds a drawn pixel', async () => {
  for (const s of scenes) {
    const mask = await drawnMask(s);
    const owner = new Int16Array(s.width * s.height).fill(-1);
    s.objects.forEach((o, k) => {
      for (let y = o.box.y; y < o.box.y + o.box.h; y++) for (let x = o.box.x; x < o.box.x + o.box.w; x++) owner[y * s.width + x] = k;
    });
    let outside = 0;
    for (let p = 0; p < mask.length; p++) if (mask[p] && owner[p] < 0) outside++;
    expect(`${s.file}: ${outside} drawn pixels outside every box`).toBe(`${s.file}: 0 drawn pixels outside every box`);
    for (const o of s.objects) {
      const { x, y, w, h } = o.box;
      const at = (px: number, py: number) => mask[py * s.width + px] === 1;
      const row = (py: number) => Array.from({ length: w }, (_, i) => at(x + i, py)).some(Boolean);
      const col = (px: number) => Array.from({ length: h }, (_, j) => at(px, y + j)).some(Boolean);
      expect([`${s.file} ${o.shape}`, row(y), row(y + h - 1), col(x), col(x + w - 1)]).toEqual([`${s.file} ${o.shape}`, true, true, true, true]);
    }
  }
});

it('writes files that show the rendered scene: PNG pixel for pixel, JPEG within compression noise', async () => {
  for (const s of [scenes[0], scenes[5], scenes[2]]) {
    const file = await encodeScene(s);
    const decoded = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(decoded.info).toMatchObject({ width: s.width, height: s.height, format: 'raw' });
    expect((await sharp(file).metadata()).format).toBe(s.format);
    const raw = await renderRaw(s);
    let sum = 0;
    for (let i = 0; i < raw.length; i++) sum += Math.abs(raw[i] - decoded.data[i]);
    const mean = sum / raw.length;
    if (s.format === 'png') expect(mean).toBe(0);
    else expect(mean).toBeLessThan(3);
  }
});
