// Pre-annotation model backends (issue 18), measured in this process through libs/ml as the jobs call them.
//
// * preannotate.detect_images_per_s: builtin:coco-detect (CenterNet from @vladmandic/human on TensorFlow.js
//   wasm, in its worker thread) on BENCH_DETECT_IMAGES (20) different 1024×768 JPEGs cut from the photograph
//   that ships in @vladmandic/human's assets, one after another after one warm-up image (model load excluded):
//   decode, resize, inference, NMS. Target ≥ 2 (two shared cores).
// * preannotate.ocr_lines_per_s: builtin:ocr-en (tesseract.js, eng from @tesseract.js-data/eng) on 10 PNGs of
//   12 rendered English lines each (sharp rendering SVG text), lines returned per second after a warm-up page.
//   The same pages through builtin:ocr-zh (PP-OCRv4) are noted beside it.
// * preannotate.remote_overhead_ms: Tessera's own time per item around a Label Studio ML backend that answers
//   at once: the median over BENCH_REMOTE_ITEMS (500) of one /predict call (JSON task with a signed URL, the
//   labelling config, the HTTP round trip on loopback, reading the answer's 20 rectangles back to pixels),
//   against a node:http server in this process that returns a fixed answer without looking at the task.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, round } from './support.mjs';

const DETECT_IMAGES = Number(process.env.BENCH_DETECT_IMAGES ?? 20);
const REMOTE_ITEMS = Number(process.env.BENCH_REMOTE_ITEMS ?? 500);

async function harness(root) {
  const esbuild = await import('esbuild');
  const out = join(root, 'tmp/bench-preannotate-models/models-harness.cjs');
  await esbuild.build({
    absWorkingDir: root, entryPoints: [join(root, 'bench/preannotate-models/models-harness.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', packages: 'external', tsconfig: 'tsconfig.base.json', logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out);
}

async function detectImages(ml, sharp, root) {
  const req = createRequire(join(root, 'package.json'));
  const photo = join(dirname(req.resolve('@vladmandic/human')), '..', 'assets', 'samples.jpg');
  // The party photograph (1280×958 below the sheet's top row), cut at different offsets and scaled to 1024×768.
  const images = [];
  for (let i = 0; i <= DETECT_IMAGES; i++) {
    const left = (i * 37) % 200;
    const top = 200 + ((i * 23) % 60);
    const data = await sharp(photo).extract({ left, top, width: 1080, height: 810 }).resize(1024, 768).jpeg({ quality: 90 }).toBuffer();
    images.push({ media: 'image', data, width: 1024, height: 768 });
  }
  const det = new ml.CocoDetector();
  const opts = { scoreThreshold: 0.15, maxObjects: 100 };
  await det.predict(images[0], opts);
  let boxes = 0;
  const t0 = performance.now();
  for (const img of images.slice(1)) boxes += (await det.predict(img, opts)).length;
  const s = (performance.now() - t0) / 1000;
  return { perS: DETECT_IMAGES / s, boxes: boxes / DETECT_IMAGES };
}

const WORDS = 'annotation review model label schema project accepted boxes polygon quality export import batch queue worker series invoice total'.split(' ');
async function ocrPages(sharp) {
  const pages = [];
  for (let p = 0; p < 11; p++) {
    const lines = Array.from({ length: 12 }, (_, i) => {
      const words = Array.from({ length: 5 }, (_, k) => WORDS[(p * 7 + i * 3 + k * 5) % WORDS.length]);
      return `${words.join(' ')} ${1000 + p * 12 + i}`;
    });
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="${40 + lines.length * 50}"><rect width="100%" height="100%" fill="white"/>${lines
      .map((t, i) => `<text x="30" y="${50 + i * 50}" font-family="DejaVu Sans, sans-serif" font-size="26">${t}</text>`)
      .join('')}</svg>`;
    const data = await sharp(Buffer.from(svg)).png().toBuffer();
    pages.push({ media: 'image', data, width: 1000, height: 40 + lines.length * 50 });
  }
  return pages;
}

async function ocrLines(backend, pages) {
  const opts = { scoreThreshold: 0, maxObjects: 1000 };
  await backend.predict(pages[0], opts);
  let lines = 0;
  const t0 = performance.now();
  for (const page of pages.slice(1)) lines += (await backend.predict(page, opts)).length;
  return { perS: lines / ((performance.now() - t0) / 1000), lines };
}

async function remoteOverhead(ml) {
  const answer = JSON.stringify({
    results: [{
      model_version: 'bench', score: 0.9,
      result: Array.from({ length: 20 }, (_, i) => ({
        id: `r${i}`, from_name: 'label', to_name: 'image', type: 'rectanglelabels', score: 0.9, original_width: 1024, original_height: 768,
        value: { x: (i % 5) * 20, y: Math.floor(i / 5) * 25, width: 10, height: 12, rotation: 0, rectanglelabels: ['Car'] },
      })),
    }],
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/health' ? '{"status":"UP"}' : answer);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const schema = { labels: [{ id: 'car', name: 'Car', color: '#ff0000', tools: ['box'], attributes: [] }] };
    const ls = new ml.LabelStudioBackend({ url: base, media: 'image', schema, concurrency: 1 });
    const input = { media: 'image', data: new Uint8Array(0), width: 1024, height: 768, url: `${base}/files/a.jpg?sig=bench` };
    const opts = { scoreThreshold: 0, maxObjects: 100 };
    for (let i = 0; i < 20; i++) await ls.predict(input, opts);
    const times = [];
    for (let i = 0; i < REMOTE_ITEMS; i++) {
      const t0 = performance.now();
      const out = await ls.predict(input, opts);
      times.push(performance.now() - t0);
      if (out.length !== 20) throw new Error(`expected 20 boxes, got ${out.length}`);
    }
    return median(times);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

export async function run({ root }) {
  const ml = await harness(root);
  const sharp = createRequire(join(root, 'package.json'))('sharp');
  const notes = [];
  try {
    const detect = await detectImages(ml, sharp, root);
    notes.push(`detect: ${round(detect.boxes, 1)} boxes per image at score ≥ 0.15`);
    const pages = await ocrPages(sharp);
    const en = await ocrLines(new ml.TesseractOcr(), pages);
    const zh = await ocrLines(new ml.PpOcr(), pages);
    notes.push(`ocr-en read ${en.lines} lines on 10 pages of 12; ocr-zh (PP-OCRv4) ${round(zh.perS, 1)} lines/s, ${zh.lines} lines`);
    const overhead = await remoteOverhead(ml);
    return {
      metrics: {
        'preannotate.detect_images_per_s': round(detect.perS, 2),
        'preannotate.ocr_lines_per_s': round(en.perS, 1),
        'preannotate.remote_overhead_ms': round(overhead, 2),
      },
      notes,
    };
  } finally {
    await ml.closeModelThreads();
  }
}
