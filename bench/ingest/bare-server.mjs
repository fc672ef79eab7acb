// The floor under `ingest.images_per_s`: what taking in an image costs on this machine with nothing of Tessera's
// around it. One process, one route (Fastify with @fastify/multipart, as the API): each file part streamed to disk
// with its SHA-256, read back, decoded once under libjpeg's shrink-on-load to a 256 px thumbnail (WebP, effort 1) and
// a 32 × 32 greyscale hash input, the thumbnail written, and one row inserted; the request answered when its files
// are in. No sign-in, no job queue, no second process, no audit: what any design has to do, and no more.
// POST /dicom does the same for DICOM instances: each stored with its SHA-256, read back, parsed and de-identified with
// Tessera's own code (libs/dicom, bundled by the bench: DICOM_LIB) on the main thread, the de-identified copy written
// under its own SHA-256, the original removed, one row an instance; no sealing, thread, series or thumbnail.
// Started by ingest.bench.mjs with PORT, DATABASE_URL, DATA_DIR and DICOM_LIB; GET /ready answers once it listens.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import pg from 'pg';
import sharp from 'sharp';

const dir = process.env.DATA_DIR;
await mkdir(dir, { recursive: true });
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
await db.query(`DROP TABLE IF EXISTS bench_bare_images;
  CREATE TABLE bench_bare_images (id uuid PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL UNIQUE, size int NOT NULL,
    width int NOT NULL, height int NOT NULL, thumbnail text NOT NULL, hash text NOT NULL);
  DROP TABLE IF EXISTS bench_bare_instances;
  CREATE TABLE bench_bare_instances (id uuid PRIMARY KEY, sop_uid text NOT NULL UNIQUE, series_uid text NOT NULL, study_uid text NOT NULL,
    instance_number int, position double precision[] NOT NULL, rows int, columns int, sha256 text NOT NULL)`);
const dicom = createRequire(import.meta.url)(process.env.DICOM_LIB);
const SECRET = randomUUID();

/** The part's bytes on disk under their SHA-256. */
async function store(stream) {
  const hash = createHash('sha256');
  let size = 0;
  const tmp = `${dir}/${randomUUID()}`;
  await pipeline(stream, new Transform({ transform: (c, _e, done) => ((hash.update(c), (size += c.length)), done(null, c)) }), createWriteStream(tmp));
  const sha256 = hash.digest('hex');
  await rename(tmp, `${dir}/${sha256}`);
  return { sha256, size };
}

/** Decoded once, shrunk, thumbnailed and hashed, then one row. */
async function take(name, { sha256, size }) {
  const bytes = await readFile(`${dir}/${sha256}`);
  const { width, height } = await sharp(bytes).metadata();
  const small = await sharp(bytes, { sequentialRead: true }).rotate().resize(256, 256, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } };
  const [thumbnail, grey] = await Promise.all([
    sharp(small.data, raw).webp({ quality: 80, effort: 1 }).toBuffer(),
    sharp(small.data, raw).greyscale().resize(32, 32, { fit: 'fill' }).raw().toBuffer(),
  ]);
  await writeFile(`${dir}/${sha256}.webp`, thumbnail);
  // An average hash: cheaper than a pHash's DCT, which keeps this a floor.
  const mean = grey.reduce((s, v) => s + v, 0) / grey.length;
  const bits = Array.from(grey.subarray(0, 64), (v) => (v > mean ? '1' : '0')).join('');
  await db.query(`INSERT INTO bench_bare_images VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (sha256) DO NOTHING`,
    [randomUUID(), name, sha256, size, width, height, `${sha256}.webp`, BigInt(`0b${bits}`).toString(16)]);
}

/** The instance de-identified, its copy written under its own hash and the original removed, then one row. */
async function deidentified(_name, { sha256: rawHash }) {
  const answer = dicom.deidentifyInThread({ raw: await readFile(`${dir}/${rawHash}`), secret: SECRET });
  if (!answer.ok) throw new Error(answer.message);
  const { bytes, facts } = answer.outcome;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(`${dir}/${sha256}.dcm`, bytes);
  await unlink(`${dir}/${rawHash}`);
  await db.query(`INSERT INTO bench_bare_instances VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (sop_uid) DO NOTHING`,
    [randomUUID(), facts.sopUid, facts.seriesUid, facts.studyUid, facts.instanceNumber, facts.position, facts.rows, facts.columns, sha256]);
}

const app = Fastify({ bodyLimit: 1024 * 1024 * 1024 });
await app.register(multipart, { limits: { fileSize: 1024 * 1024 * 1024 } });
app.get('/ready', async () => ({ ready: true }));
/** A route storing each file part, then handing it to `accept` with its name; answered when every part is in. */
const route = (path, accept) =>
  app.post(path, async (req) => {
    const work = [];
    for await (const part of req.files()) {
      const stored = await store(part.file);
      work.push(accept(part.filename, stored));
    }
    const done = await Promise.allSettled(work);
    return { failed: done.filter((r) => r.status === 'rejected').map((r) => String(r.reason)) };
  });
route('/images', take);
route('/dicom', deidentified);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => db.end()).then(() => process.exit(0)));
