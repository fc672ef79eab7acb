/** The OCR built-ins on text rendered to PNG in the test (librsvg through sharp, the machine's fonts). */
import sharp from 'sharp';
import type { ImageInput } from '../backend';
import { TesseractOcr, closeTesseract } from './tesseract';
import { PpOcr, closePpOcr } from './ppocr';

jest.setTimeout(120_000);

async function rendered(lines: string[], width = 900): Promise<ImageInput> {
  const body = lines.map((t, i) => `<text x="30" y="${70 + i * 80}" font-family="DejaVu Sans, sans-serif" font-size="36">${t}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${60 + lines.length * 80}"><rect width="100%" height="100%" fill="white"/>${body}</svg>`;
  const data = await sharp(Buffer.from(svg)).png().toBuffer();
  const m = await sharp(data).metadata();
  return { media: 'image', data, width: m.width!, height: m.height! };
}

afterAll(() => Promise.all([closeTesseract(), closePpOcr()]));

it('reads English lines into polygons, one per line, with the transcription as the text attribute', async () => {
  const img = await rendered(['Pre-annotation saves time', 'Invoice 2026 total 1,250.00']);
  const out = await new TesseractOcr().predict(img, { scoreThreshold: 0.3, maxObjects: 100 });
  expect(out).toHaveLength(2);
  const byY = [...out].sort((a, b) => (a.geometry.type === 'polygon' && b.geometry.type === 'polygon' ? a.geometry.points[0][1] - b.geometry.points[0][1] : 0));
  expect(byY.map((p) => p.attributes?.text)).toEqual(['Pre-annotation saves time', 'Invoice 2026 total 1,250.00']);
  for (const p of out) {
    expect(p.modelClass).toBe('text');
    if (p.geometry.type !== 'polygon') throw new Error('not a polygon');
    expect(p.geometry.points).toHaveLength(4);
    const xs = p.geometry.points.map(([x]) => x);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...xs)).toBeLessThan(img.width);
  }
  // The first line sits above the second.
  if (byY[0].geometry.type === 'polygon' && byY[1].geometry.type === 'polygon') expect(byY[0].geometry.points[2][1]).toBeLessThan(byY[1].geometry.points[0][1]);
});

it('reports coordinates in the pixels the caller gave, and refuses what is not an image', async () => {
  const img = await rendered(['Scaled coordinates']);
  const out = await new TesseractOcr().predict({ ...img, width: img.width * 2, height: img.height * 2 }, { scoreThreshold: 0, maxObjects: 10 });
  expect(out[0].attributes?.text).toBe('Scaled coordinates');
  if (out[0].geometry.type !== 'polygon') throw new Error('not a polygon');
  expect(out[0].geometry.points[0][0]).toBeGreaterThan(50);
  await expect(new TesseractOcr().predict({ media: 'text', text: 'x' }, { scoreThreshold: 0, maxObjects: 1 })).rejects.toThrow(/takes images/);
});

it('reads Chinese and English lines with PP-OCR, each a four-point polygon with its text', async () => {
  const img = await rendered(['标注平台 预标注', 'Tessera 中文识别 2026']);
  const ocr = new PpOcr();
  expect(await ocr.classes()).toEqual(['text']);
  const out = await ocr.predict(img, { scoreThreshold: 0.5, maxObjects: 100 });
  expect(out).toHaveLength(2);
  const texts = out.map((p) => String(p.attributes?.text).replace(/\s+/g, ''));
  expect(texts).toContain('标注平台预标注');
  expect(texts).toContain('Tessera中文识别2026');
  for (const p of out) {
    if (p.geometry.type !== 'polygon') throw new Error('not a polygon');
    expect(p.geometry.points).toHaveLength(4);
    expect(p.score).toBeGreaterThan(0.5);
  }
});

it('finds no lines on a blank page', async () => {
  const data = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
  const blank = { media: 'image' as const, data, width: 400, height: 200 };
  expect(await new TesseractOcr().predict(blank, { scoreThreshold: 0, maxObjects: 10 })).toEqual([]);
  expect(await new PpOcr().predict(blank, { scoreThreshold: 0, maxObjects: 10 })).toEqual([]);
});
