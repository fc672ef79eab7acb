// Pre-annotation (issue 18): how fast the built-in models run, on this machine, in one thread.
//
// * preannotate.ner_docs_per_s: English news-like documents of about 1 kB (people, places,
//   organisations, dates, money, e-mail addresses and URLs in real sentences) through the built-in
//   `ner-en` model (compromise + wink-nlp), documents per second after a warm-up (the models loaded
//   once, as a worker process does). The Chinese model (`ner-zh`, jieba) on 1 kB documents is noted.
// * preannotate.ct_series_s: the `ct-threshold` model on a 300-slice 512 × 512 CT volume (the seed's
//   liver phantom, in HU): thresholds, region growing, 3D components and per-slice RLE, in seconds
//   (median of BENCH_PREANNOTATE_CT_REPEATS, 3).
//
// The other figures the issue names (detection, OCR, remote overhead) belong to the backends that make them.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { median, round } from './support.mjs';

const DOCS = Number(process.env.BENCH_PREANNOTATE_DOCS ?? 300);
const CT_SLICES = 300;
const CT_REPEATS = Math.max(1, Number(process.env.BENCH_PREANNOTATE_CT_REPEATS) || 3);

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

export async function run({ root }) {
  const h = await harness(root);
  const notes = [];
  const en = Array.from({ length: DOCS }, (_, i) => englishDoc(i));
  const zh = Array.from({ length: DOCS }, (_, i) => chineseDoc(i));
  const ner = await docsPerSecond(new h.EnglishEntities(), en);
  const nerZh = await docsPerSecond(new h.ChineseEntities(), zh);
  notes.push(`${DOCS} English documents of ${round(en.reduce((n, d) => n + d.length, 0) / DOCS, 0)} characters: ${ner.found} entities`);
  notes.push(`ner-zh: ${round(nerZh.perS)} documents/s on ${DOCS} Chinese documents of ~1 kB UTF-8 (${nerZh.found} entities)`);

  // The seed's liver phantom at full resolution, 300 slices, in HU (the texture noise left out).
  const size = h.CT_SIZE;
  const voxels = new Int16Array(size * size * CT_SLICES);
  for (let z = 0; z < CT_SLICES; z++) for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) voxels[z * size * size + y * size + x] = h.huAt(x, y, z, CT_SLICES);
  const input = { media: 'dicom', voxels, dims: [size, size, CT_SLICES], spacing: [h.CT_PIXEL_SPACING, h.CT_PIXEL_SPACING, h.CT_SPACING], modality: 'CT' };
  const ct = new h.CtThreshold();
  const times = [];
  let segments = [];
  for (let i = 0; i < CT_REPEATS; i++) {
    const t0 = performance.now();
    segments = await ct.predict(input, { scoreThreshold: 0, maxObjects: 100 });
    times.push((performance.now() - t0) / 1000);
  }
  notes.push(`ct-threshold on ${size}×${size}×${CT_SLICES}: ${segments.map((s) => s.modelClass).join(', ')}; runs ${times.map((t) => round(t, 2)).join(', ')} s`);
  return {
    metrics: { 'preannotate.ner_docs_per_s': round(ner.perS), 'preannotate.ct_series_s': round(median(times), 2) },
    notes,
  };
}
