// Pre-annotation (issue 18): how fast the models run on this machine, measured in this process through
// libs/ml as the jobs call them (backends made by kind through MODEL_KINDS, the registry the worker uses).
//
// * preannotate.detect_images_per_s: builtin:coco-detect (CenterNet from @vladmandic/human on TensorFlow.js
//   wasm, in its worker thread) on BENCH_DETECT_IMAGES (20) different 1024×768 JPEGs cut from the photograph
//   that ships in @vladmandic/human's assets, one after another after one warm-up image (model load excluded):
//   decode, resize, inference, NMS. Target ≥ 2 (two shared cores).
// * preannotate.ocr_lines_per_s: builtin:ocr-en (tesseract.js, eng from @tesseract.js-data/eng) on 10 PNGs of
//   12 rendered English lines each (sharp rendering SVG text), lines returned per second after a warm-up page.
//   The same pages through builtin:ocr-zh (PP-OCRv4) are noted beside it.
// * preannotate.ner_docs_per_s: English news-like documents of about 1 kB (people, places,
//   organisations, dates, money, e-mail addresses and URLs in real sentences) through the built-in
//   `ner-en` model (compromise + wink-nlp), documents per second after a warm-up (the models loaded
//   once, as a worker process does). The Chinese model (`ner-zh`, jieba) on 1 kB documents is noted.
// * preannotate.ct_series_s: the `ct-threshold` model on a 300-slice 512 × 512 CT volume (the seed's
//   liver phantom, in HU): thresholds, region growing, 3D components and per-slice RLE, in seconds
//   (median of BENCH_PREANNOTATE_CT_REPEATS, 3).
// * preannotate.remote_overhead_ms: Tessera's own time per item around a Label Studio ML backend that answers
//   at once: the median over BENCH_REMOTE_ITEMS (500) of one /predict call (JSON task with a signed URL, the
//   labelling config, the HTTP round trip on loopback through the outbound guard's fetch, as the worker calls
//   it, reading the answer's 20 rectangles back to pixels), against a node:http server in this process that
//   returns a fixed answer without looking at the task.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, round } from './support.mjs';

const DOCS = Number(process.env.BENCH_PREANNOTATE_DOCS ?? 300);
const CT_SLICES = 300;
const CT_REPEATS = Math.max(1, Number(process.env.BENCH_PREANNOTATE_CT_REPEATS) || 3);
const DETECT_IMAGES = Number(process.env.BENCH_DETECT_IMAGES ?? 20);
const REMOTE_ITEMS = Number(process.env.BENCH_REMOTE_ITEMS ?? 500);

async function harness(root) {
  const esbuild = await import('esbuild');
  const out = join(root, 'tmp/bench-preannotate/harness.cjs');
  await esbuild.build({
    absWorkingDir: root, entryPoints: [join(root, 'bench/preannotate/harness.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', packages: 'external', tsconfig: 'tsconfig.base.json', logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out);
}

const PEOPLE = ['Angela Merkel', 'Tim Cook', 'Maria Garcia', 'John Smith', 'Emmanuel Macron', 'Satya Nadella'];
const PLACES = ['Berlin', 'Paris', 'Madrid', 'London', 'Tokyo', 'Chicago'];
const ORGS = ['the United Nations', 'Microsoft', 'the World Bank', 'Apple'];
/** About 1 kB of English news: every entity kind the model finds, in varied sentences. */
function englishDoc(i) {
  const out = [];
  for (let k = 0; out.join(' ').length < 1000; k++) {
    const p = PEOPLE[(i + k) % PEOPLE.length];
    const q = PLACES[(i * 3 + k) % PLACES.length];
    const o = ORGS[(i + 2 * k) % ORGS.length];
    const s = [
      `${p} met officials from ${o} in ${q} on ${1 + ((i + k) % 28)} March 2024.`,
      `The budget of $${(i + 1) * 1000 + k},000 was announced by ${p}; write to desk${i}@example.com for details.`,
      `Reporters in ${q} asked about the report at https://example.org/news/${i}/${k} on Monday.`,
    ];
    out.push(s[k % s.length]);
  }
  return out.join(' ');
}
const ZH_PEOPLE = ['李强', '王小明', '张伟', '刘洋'];
const ZH_PLACES = ['北京', '上海', '广州', '深圳'];
const ZH_ORGS = ['清华大学', '国务院', '阿里巴巴集团'];
function chineseDoc(i) {
  let s = '';
  for (let k = 0; Buffer.byteLength(s) < 1000; k++) {
    s += `${2020 + (k % 5)}年${1 + (k % 12)}月${1 + ((i + k) % 28)}日，${ZH_PEOPLE[(i + k) % 4]}在${ZH_PLACES[(i + 2 * k) % 4]}访问了${ZH_ORGS[k % 3]}，捐赠了${(i + k) * 10}万元。联系电话1381234${String(1000 + ((i * 7 + k) % 9000)).padStart(4, '0')}。`;
  }
  return s;
}

async function docsPerSecond(model, docs) {
  const options = { scoreThreshold: 0.5, maxObjects: 100 };
  for (const text of docs.slice(0, 20)) await model.predict({ media: 'text', text }, options); // warm-up: models load once
  let found = 0;
  const t0 = performance.now();
  for (const text of docs) found += (await model.predict({ media: 'text', text }, options)).length;
  const s = (performance.now() - t0) / 1000;
  return { perS: docs.length / s, found };
}

async function detectImages(h, sharp, root) {
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
  const det = await h.modelKind('builtin:coco-detect').create({});
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
    const ls = await ml.modelKind('label-studio').create({ url: base, fetch: ml.guardedFetch(['127.0.0.1']), media: 'image', schema });
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
  const h = await harness(root);
  const sharp = createRequire(join(root, 'package.json'))('sharp');
  const notes = [];
  try {
    const make = (kind) => h.modelKind(kind).create({});
    const detect = await detectImages(h, sharp, root);
    notes.push(`detect: ${round(detect.boxes, 1)} boxes per image at score ≥ 0.15`);
    const pages = await ocrPages(sharp);
    const ocrEn = await ocrLines(await make('builtin:ocr-en'), pages);
    const ocrZh = await ocrLines(await make('builtin:ocr-zh'), pages);
    notes.push(`ocr-en read ${ocrEn.lines} lines on 10 pages of 12; ocr-zh (PP-OCRv4) ${round(ocrZh.perS, 1)} lines/s, ${ocrZh.lines} lines`);

    const en = Array.from({ length: DOCS }, (_, i) => englishDoc(i));
    const zh = Array.from({ length: DOCS }, (_, i) => chineseDoc(i));
    const ner = await docsPerSecond(await make('ner-en'), en);
    const nerZh = await docsPerSecond(await make('ner-zh'), zh);
    notes.push(`${DOCS} English documents of ${round(en.reduce((n, d) => n + d.length, 0) / DOCS, 0)} characters: ${ner.found} entities`);
    notes.push(`ner-zh: ${round(nerZh.perS)} documents/s on ${DOCS} Chinese documents of ~1 kB UTF-8 (${nerZh.found} entities)`);

    // The seed's liver phantom at full resolution, 300 slices, in HU (the texture noise left out).
    const size = h.CT_SIZE;
    const voxels = new Int16Array(size * size * CT_SLICES);
    for (let z = 0; z < CT_SLICES; z++) for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) voxels[z * size * size + y * size + x] = h.huAt(x, y, z, CT_SLICES);
    const input = { media: 'dicom', voxels, dims: [size, size, CT_SLICES], spacing: [h.CT_PIXEL_SPACING, h.CT_PIXEL_SPACING, h.CT_SPACING], modality: 'CT' };
    const ct = await make('ct-threshold');
    const times = [];
    let segments = [];
    for (let i = 0; i < CT_REPEATS; i++) {
      const t0 = performance.now();
      segments = await ct.predict(input, { scoreThreshold: 0, maxObjects: 100 });
      times.push((performance.now() - t0) / 1000);
    }
    notes.push(`ct-threshold on ${size}×${size}×${CT_SLICES}: ${segments.map((s) => s.modelClass).join(', ')}; runs ${times.map((t) => round(t, 2)).join(', ')} s`);

    const overhead = await remoteOverhead(h);
    return {
      metrics: {
        'preannotate.detect_images_per_s': round(detect.perS, 2),
        'preannotate.ocr_lines_per_s': round(ocrEn.perS, 1),
        'preannotate.ner_docs_per_s': round(ner.perS),
        'preannotate.ct_series_s': round(median(times), 2),
        'preannotate.remote_overhead_ms': round(overhead, 2),
      },
      notes,
    };
  } finally {
    await h.closeModelThreads();
  }
}
