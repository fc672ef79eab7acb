import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { join } from 'node:path';
import { loadConfig } from '@tessera/server/config';
import { deriveKey, openSealed } from '@tessera/server/storage';
import { api, bmp, filesUnder, zip, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let manager: string;
let imageProject: string;
let textProject: string;

async function upload(projectId: string, files: { name: string; bytes: Buffer | string }[], token = manager) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([typeof f.bytes === 'string' ? Buffer.from(f.bytes) : f.bytes]), f.name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function settled(runId: string) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
    if (run.state === 'succeeded' || run.state === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`run still ${run.state}\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const asset = async (id: string) => (await api(server.url, 'GET', `/api/v1/assets/${id}`, { token: manager })).json;

/** A PNG that says it is 30000×30000 but carries almost no data: a decompression bomb. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30000, 0);
  ihdr.writeUInt32BE(30000, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(30001))), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  server = await startTestServer({ worker: true, env: { UPLOAD_MAX_FILE_BYTES: String(2 * 1024 * 1024) } });
  org = await createOrgWithRoles(server.db, 'Data Org', 'data.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other-data.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  imageProject = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Images', mediaType: 'image' } })).json.id;
  textProject = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Texts', mediaType: 'text' } })).json.id;
}, 60000);
afterAll(() => server.close());


/** A file set aside for a job (sealed, a blob of its own) and taken: deleted, so it rests neither in the clear nor sealed. */
async function restsNowhere(file: Buffer) {
  await server.until('the files set aside to be deleted', async () => (await server.db.query(`SELECT 1 FROM sealed_blobs`)).length === 0);
  // The server's own secret, as its configuration reads its environment.
  const key = deriveKey(loadConfig(server.env).DEID_SECRET, 'dicom-incoming');
  const opens = (bytes: Buffer) => {
    try {
      return openSealed(key, bytes).equals(file);
    } catch {
      return false;
    }
  };
  const stored = [...(await filesUnder(join(server.env.DATA_DIR, 'blobs'))).values()];
  expect(stored.filter((bytes) => bytes.equals(file) || opens(bytes)).length).toBe(0);
}
describe('images', () => {
  let results: Record<string, any>;

  beforeAll(async () => {
    const rgb = { width: 64, height: 48, channels: 3 as const, background: '#3366cc' };
    // EXIF orientation 6: stored 64×48, displayed 48×64.
    const rotated = await sharp({ create: rgb }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const jpeg = await sharp({ create: rgb }).jpeg().toBuffer();
    const files = [
      { name: 'rotated.jpg', bytes: rotated },
      { name: 'plain.png', bytes: await sharp({ create: rgb }).png().toBuffer() },
      { name: 'photo.webp', bytes: await sharp({ create: rgb }).webp().toBuffer() },
      { name: 'scan.tiff', bytes: await sharp({ create: rgb }).tiff().toBuffer() },
      { name: 'paint.bmp', bytes: bmp(33, 17, 24, (x, y) => [x * 7, y * 15, 200]) },
      { name: 'truncated.jpg', bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) },
      { name: 'random.jpg', bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) },
      { name: 'bomb.png', bytes: pngBomb() },
      { name: 'page.html', bytes: '<script>alert(1)</script>' },
      // An SVG (which can carry script) named like a PNG: judged by its bytes, and refused.
      { name: 'vector.png', bytes: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>' },
      { name: '../../../etc/evil.png', bytes: await sharp({ create: { ...rgb, background: '#ff0000' } }).png().toBuffer() },
      // Over the size from which a file's first bytes are looked at before it is read whole: one image, one not.
      { name: 'large.tiff', bytes: await sharp({ create: { width: 800, height: 700, channels: 3, background: '#208060' } }).tiff({ compression: 'none' }).toBuffer() },
      { name: 'clip.png', bytes: Buffer.concat([Buffer.from('\0\0\0\x20ftypisom'), Buffer.alloc(1_600_000, 7)]) },
    ];
    const res = await upload(imageProject, files);
    expect(res.status).toBe(202);
    expect(res.json.accepted).toHaveLength(files.length);
    // A 0-byte file is refused on its own, and the rest of the upload goes on.
    const empty = await upload(imageProject, [{ name: 'empty.png', bytes: Buffer.alloc(0) }, { name: 'fine.png', bytes: await sharp({ create: { ...rgb, background: '#abcdef' } }).png().toBuffer() }]);
    expect(empty.json).toMatchObject({ rejected: [{ name: 'empty.png', reason: 'the file is empty' }], accepted: [{ name: 'fine.png' }] });
    await settled(empty.json.jobRunId);
    const run = await settled(res.json.jobRunId);
    expect(run).toMatchObject({ type: 'assets.ingest', state: 'succeeded', counts: { total: 13, processed: 7, failed: 6 } });
    results = Object.fromEntries(await Promise.all(res.json.accepted.map(async (a: any) => [a.name, await asset(a.assetId)])));
  }, 60000);

  it('records size after EXIF orientation, and the type the bytes prove', () => {
    expect(results['rotated.jpg']).toMatchObject({ status: 'ready', width: 48, height: 64, contentType: 'image/jpeg', hasThumbnail: true });
    expect(results['plain.png']).toMatchObject({ status: 'ready', width: 64, height: 48, contentType: 'image/png' });
    expect(results['photo.webp']).toMatchObject({ status: 'ready', contentType: 'image/webp' });
    expect(results['scan.tiff']).toMatchObject({ status: 'ready', contentType: 'image/tiff' });
    expect(results['paint.bmp']).toMatchObject({ status: 'ready', width: 33, height: 17, contentType: 'image/bmp', hasThumbnail: true });
    expect(results['large.tiff']).toMatchObject({ status: 'ready', width: 800, height: 700, contentType: 'image/tiff' });
  });

  it('fails broken files with a reason, without failing the others', () => {
    expect(results['truncated.jpg']).toMatchObject({ status: 'failed', error: expect.stringMatching(/damaged|readable/), errorCode: expect.stringMatching(/^image\.(damaged|unreadable)$/) });
    expect(results['random.jpg']).toMatchObject({ status: 'failed', error: expect.stringMatching(/not a readable image/), errorCode: 'image.unreadable' });
    expect(results['bomb.png']).toMatchObject({ status: 'failed', error: expect.stringMatching(/30000×30000 pixels, more than the limit/), errorCode: 'image.too_many_pixels' });
    expect(results['page.html']).toMatchObject({ status: 'failed' });
    expect(results['vector.png']).toMatchObject({ status: 'failed', error: 'unsupported image format "svg"; use JPEG, PNG, WebP, TIFF or BMP', errorCode: 'image.unsupported_format' });
    expect(results['clip.png']).toMatchObject({ status: 'failed', error: 'not a readable image (it does not begin as a JPEG, PNG, WebP, TIFF or BMP file does)', errorCode: 'image.unreadable' });
    expect(results['plain.png']).toMatchObject({ error: null, errorCode: null });
  });

  it('keeps only the last segment of a file name; storage is content-addressed', () => {
    expect(results['evil.png']).toMatchObject({ name: 'evil.png', status: 'ready' });
  });

  it('serves a thumbnail and the content with the proven type, never sniffable', async () => {
    const thumb = await fetch(`${server.url}/api/v1/assets/${results['rotated.jpg'].id}/thumbnail`, { headers: { authorization: `Bearer ${manager}` } });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([48, 64]);
    const content = await fetch(`${server.url}/api/v1/assets/${results['plain.png'].id}/content`, { headers: { authorization: `Bearer ${manager}` } });
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(content.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await content.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(results['plain.png'].sha256);
    expect((await api(server.url, 'GET', `/api/v1/assets/${results['page.html'].id}/content`, { token: manager })).status).toBe(409);
  });

  it('stores the same bytes once per project', async () => {
    const again = await upload(imageProject, [{ name: 'copy.png', bytes: await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).png().toBuffer() }]);
    expect(again.json).toMatchObject({ jobRunId: null, accepted: [], duplicates: [{ assetId: results['plain.png'].id, name: 'copy.png' }] });
  });

  it('lists with counts by status and filters', async () => {
    const list = (await api(server.url, 'GET', `/api/v1/projects/${imageProject}/assets?status=failed`, { token: manager })).json;
    expect(list.counts).toEqual({ pending: 0, ready: 8, failed: 6, quarantined: 0 });
    expect(list.items.map((a: any) => a.name).sort()).toEqual(['bomb.png', 'clip.png', 'page.html', 'random.jpg', 'truncated.jpg', 'vector.png']);
  });

  it('a failed asset can be retried, and fails again with the same reason', async () => {
    const retry = await api(server.url, 'POST', `/api/v1/assets/${results['random.jpg'].id}/retry`, { token: manager });
    expect(retry.status).toBe(202);
    expect(await settled(retry.json.id)).toMatchObject({ state: 'failed', counts: { total: 1, processed: 0, failed: 1 } });
    expect((await api(server.url, 'POST', `/api/v1/assets/${results['plain.png'].id}/retry`, { token: manager })).status).toBe(409);
  });

  it('retries the failed ones among many chosen assets as one run, and leaves the others as they are', async () => {
    const retryMany = (body: unknown) => api(server.url, 'POST', `/api/v1/projects/${imageProject}/assets/retry`, { token: manager, body });
    const byFilter = await retryMany({ matching: { status: 'failed', q: '.png' }, except: [results['bomb.png'].id] });
    expect(byFilter.status).toBe(202);
    expect(await settled(byFilter.json.id)).toMatchObject({ type: 'assets.ingest', state: 'failed', counts: { total: 2, processed: 0, failed: 2 } });
    expect((await asset(results['clip.png'].id)).errorCode).toBe('image.unreadable');
    const byIds = await retryMany({ ids: [results['plain.png'].id, results['page.html'].id] });
    expect(await settled(byIds.json.id)).toMatchObject({ counts: { total: 1, failed: 1 } });
    expect(await asset(results['plain.png'].id)).toMatchObject({ status: 'ready', updatedAt: results['plain.png'].updatedAt });
    const none = await retryMany({ ids: [results['plain.png'].id] });
    expect([none.status, none.json.code]).toEqual([409, 'none_failed']);
    expect((await retryMany({ ids: [results['plain.png'].id], matching: {} })).status).toBe(400);
  });
});

describe('text', () => {
  it('takes strict UTF-8, drops the BOM, normalises to NFC, and names the line of a bad byte', async () => {
    const res = await upload(textProject, [
      { name: 'bom.txt', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Cafe\u0301 in Zürich\n第二行\n')]) },
      { name: 'bad.txt', bytes: Buffer.concat([Buffer.from('line one\nline two\nline '), Buffer.from([0xc3, 0x28]), Buffer.from(' three\n')]) },
      { name: 'binary.md', bytes: Buffer.from([0x4d, 0x5a, 0x0a, 0x00, 0x00, 0x41]) },
      { name: 'data.docx', bytes: 'PK' },
    ]);
    expect(res.json.rejected).toEqual([{ name: 'data.docx', reason: expect.stringMatching(/not a text format/), code: 'file.wrong_type' }]);
    await settled(res.json.jobRunId);
    const byName = Object.fromEntries(await Promise.all(res.json.accepted.map(async (a: any) => [a.name, await asset(a.assetId)])));
    expect(byName['bom.txt']).toMatchObject({ status: 'ready', preview: 'Caf\u00e9 in Zürich\n第二行\n', metadata: { lines: 3, characters: 19 } });
    expect(byName['bad.txt']).toMatchObject({ status: 'failed', error: 'invalid UTF-8 on line 3', errorCode: 'text.invalid_utf8' });
    expect(byName['binary.md']).toMatchObject({ status: 'failed', error: 'a NUL character on line 2: this looks like a binary file', errorCode: 'text.binary' });
    const content = await fetch(`${server.url}/api/v1/assets/${byName['bom.txt'].id}/content`, { headers: { authorization: `Bearer ${manager}` } });
    expect(content.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await content.text()).toBe('Caf\u00e9 in Zürich\n第二行\n');
  });
});

describe('zip archives', () => {
  it('expands an archive through the same intake, within limits, and ingests what it holds', async () => {
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#123456' } }).png().toBuffer();
    const jpg = await sharp({ create: { width: 12, height: 12, channels: 3, background: '#654321' } }).jpeg().toBuffer();
    const archive = zip([
      { name: 'photos/', data: '' },
      { name: 'photos/a.png', data: png },
      { name: 'photos/deep/b.jpg', data: jpg, method: 0 },
      { name: '../../../../tmp/escape.png', data: await sharp({ create: { width: 5, height: 5, channels: 3, background: '#ffffff' } }).png().toBuffer() },
      { name: '__MACOSX/photos/._a.png', data: 'resource fork' },
      { name: 'photos/.DS_Store', data: 'finder' },
      { name: 'zip-bomb.png', data: Buffer.alloc(20 * 1024 * 1024) },
      { name: 'liar.png', data: png, claimedSize: 10 },
      { name: 'inner.zip', data: zip([{ name: 'x.png', data: png }]) },
      { name: 'notes.txt', data: 'not an image at all' },
    ]);
    const res = await upload(imageProject, [{ name: 'batch.zip', bytes: archive }]);
    expect(res.json).toMatchObject({ archives: [{ name: 'batch.zip' }], accepted: [], jobRunId: null });
    const run = await settled(res.json.archiveRunId);
    expect(run).toMatchObject({ type: 'assets.unzip', state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
    const summary: string = run.errors[0].message;
    expect(summary).toMatch(/^3 new files, 0 already here, 0 record files \(ingest run [0-9a-f-]{36}\); 4 skipped/);
    const ingestRun = /ingest run ([0-9a-f-]{36})/.exec(summary)![1];
    expect(await settled(ingestRun)).toMatchObject({ counts: { total: 3, processed: 2, failed: 1 } });
    // Expanded, the archive is deleted (it rested sealed, a blob of its own): its files are not kept twice.
    await restsNowhere(archive);

    const names = (await api(server.url, 'GET', `/api/v1/projects/${imageProject}/assets?limit=500`, { token: manager })).json.items.map((a: any) => [a.name, a.status]);
    expect(names).toEqual(expect.arrayContaining([['a.png', 'ready'], ['b.jpg', 'ready'], ['notes.txt', 'failed']]));
    for (const skipped of ['zip-bomb.png', 'escape.png', 'liar.png', 'x.png', 'inner.zip']) expect(names.map((n: string[]) => n[0])).not.toContain(skipped);
    // Every skipped entry is named with its reason.
    expect(Object.fromEntries(run.errors.slice(1).map((e: any) => [e.item, e.message]))).toEqual({
      'batch.zip/../../../../tmp/escape.png': 'unsafe path in the archive',
      'batch.zip/zip-bomb.png': expect.stringMatching(/^compressed \d+:1, which only a decompression bomb does$/),
      'batch.zip/liar.png': expect.stringMatching(/^damaged entry/),
      'batch.zip/inner.zip': 'archives inside archives are not expanded',
    });
    // Each skip also carries its machine code, for translation.
    expect(Object.fromEntries(run.errors.slice(1).map((e: any) => [e.item, e.code]))).toEqual({
      'batch.zip/../../../../tmp/escape.png': 'zip.unsafe_path', 'batch.zip/zip-bomb.png': 'zip.bomb', 'batch.zip/liar.png': 'zip.damaged_entry', 'batch.zip/inner.zip': 'zip.nested',
    });
    const log = server.logs();
    expect(log).not.toMatch(/unhandled/i);
    expect((await server.db.query(`SELECT count(*)::int AS n FROM assets WHERE name IN ('zip-bomb.png', 'liar.png')`))[0].n).toBe(0);
  }, 60000);

  it('skips symbolic links inside an archive, naming each with its reason', async () => {
    const png = await sharp({ create: { width: 9, height: 9, channels: 3, background: '#0a0b0c' } }).png().toBuffer();
    const archive = zip([
      { name: 'linked/real.png', data: png, unixMode: 0o100644 },
      // As `zip --symlinks` stores them: the link's target as its content, S_IFLNK in the mode.
      { name: 'linked/passwd.png', data: '/etc/passwd', method: 0, unixMode: 0o120777 },
      { name: 'linked/up.png', data: '../../secret.png', unixMode: 0o120755 },
    ]);
    const res = await upload(imageProject, [{ name: 'links.zip', bytes: archive }]);
    const run = await settled(res.json.archiveRunId);
    expect(run).toMatchObject({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
    expect(run.errors[0].message).toMatch(/^1 new files, .*; 2 skipped, first: linked\/passwd\.png: a symbolic link; links inside archives are not followed$/);
    expect(Object.fromEntries(run.errors.slice(1).map((e: any) => [e.item, e.message]))).toEqual({
      'links.zip/linked/passwd.png': 'a symbolic link; links inside archives are not followed',
      'links.zip/linked/up.png': 'a symbolic link; links inside archives are not followed',
    });
    expect(run.errors.slice(1).map((e: any) => e.code)).toEqual(['zip.symlink', 'zip.symlink']);
    await settled(/ingest run ([0-9a-f-]{36})/.exec(run.errors[0].message)![1]);
    const names = (await api(server.url, 'GET', `/api/v1/projects/${imageProject}/assets?limit=500&q=.png`, { token: manager })).json.items.map((a: any) => a.name);
    expect(names).toContain('real.png');
    expect(names).not.toContain('passwd.png');
    expect(names).not.toContain('up.png');
  });

  it('fails an archive that is not one, with a reason', async () => {
    const res = await upload(imageProject, [{ name: 'broken.zip', bytes: Buffer.from('PK\u0003\u0004 this is not really a zip') }]);
    const run = await settled(res.json.archiveRunId);
    expect(run).toMatchObject({ state: 'failed', counts: { failed: 1 } });
    expect(run.errors[0].message).toMatch(/not a readable zip archive/);
  });
});

describe('record files', () => {
  const list = async (q: string) => (await api(server.url, 'GET', `/api/v1/projects/${textProject}/assets?limit=500&${q}`, { token: manager })).json;

  it('splits JSONL and CSV into one text asset per record, keeping the other fields', async () => {
    const jsonl = [
      JSON.stringify({ text: 'First review: great product', stars: 5, lang: 'en' }),
      '',
      '{"text": "broken json',
      JSON.stringify({ stars: 2 }),
      JSON.stringify({ text: 'Zweite Bewertung: gut', stars: 4 }),
      JSON.stringify({ text: 'First review: great product', stars: 5 }),
      JSON.stringify(['not', 'an', 'object']),
    ].join('\n');
    const csv = 'id,text,label\n1,"Quoted, with comma and ""quotes""",pos\n2,"Two\nlines",neg\n';
    const res = await upload(textProject, [{ name: 'reviews.jsonl', bytes: jsonl }, { name: 'reviews.csv', bytes: csv }]);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ jobRunId: null, recordFiles: [{ name: 'reviews.jsonl' }, { name: 'reviews.csv' }] });
    const run = await settled(res.json.splitRunId);
    expect(run).toMatchObject({ type: 'assets.split', state: 'succeeded', counts: { total: 2, processed: 2, failed: 0 } });
    // The duplicate record is taken but stays one asset; three lines are refused, the first named.
    expect(run.errors).toEqual([expect.objectContaining({ item: 'reviews.jsonl', message: '3 records taken; 3 refused, first: line 3: not valid JSON' })]);

    const fromJsonl = (await list('q=reviews.jsonl')).items;
    expect(fromJsonl.map((a: any) => [a.name, a.preview, a.status]).sort()).toEqual([
      ['reviews.jsonl:1', 'First review: great product', 'ready'],
      ['reviews.jsonl:5', 'Zweite Bewertung: gut', 'ready'],
    ]);
    expect(fromJsonl.find((a: any) => a.name === 'reviews.jsonl:1').metadata).toMatchObject({ source: 'reviews.jsonl', line: 1, fields: { stars: 5, lang: 'en' } });
    const fromCsv = (await list('q=reviews.csv')).items;
    expect(fromCsv.map((a: any) => a.preview).sort()).toEqual(['Quoted, with comma and "quotes"', 'Two\nlines']);
    expect(fromCsv[0].metadata.fields).toHaveProperty('label');
    const content = await fetch(`${server.url}/api/v1/assets/${fromCsv[0].id}/content`, { headers: { authorization: `Bearer ${manager}` } });
    expect(await content.text()).toBe(fromCsv[0].preview);
    // Split, the files are deleted: their records are assets now.
    await restsNowhere(Buffer.from(jsonl));
    await restsNowhere(Buffer.from(csv));
  }, 60000);

  it('refuses a record whose fields hold what no text holds (an escaped NUL), and takes the others of its file', async () => {
    const jsonl = [
      JSON.stringify({ text: 'Clean record', stars: 5 }),
      JSON.stringify({ text: 'Bad metadata', note: 'a\u0000b' }),
      JSON.stringify({ text: 'Bad key', ['k\u0000']: 1 }),
      JSON.stringify({ text: 'NUL\u0000 in the text' }),
      JSON.stringify({ text: 'Half a pair', note: '\uD800' }),
    ].join('\n');
    const res = await upload(textProject, [{ name: 'nul.jsonl', bytes: jsonl }]);
    const run = await settled(res.json.splitRunId);
    expect(run).toMatchObject({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
    expect(run.errors).toEqual([expect.objectContaining({ message: '1 records taken; 4 refused, first: line 2: field "note" holds a NUL character (U+0000) or half a surrogate pair, which is not text' })]);
    expect((await list('q=nul.jsonl')).items.map((a: any) => a.preview)).toEqual(['Clean record']);
  }, 60000);

  it('takes the text from the field the upload names, and says when a CSV lacks it', async () => {
    const form = new FormData();
    form.append('file', new Blob(['{"content": "named field text"}\n']), 'named.jsonl');
    form.append('file', new Blob(['id,text\n1,hello\n']), 'wrong-column.csv');
    const res = await fetch(`${server.url}/api/v1/projects/${textProject}/assets?textField=content`, { method: 'POST', headers: { authorization: `Bearer ${manager}` }, body: form });
    const run = await settled(((await res.json()) as any).splitRunId);
    expect(run.counts).toEqual({ total: 2, processed: 1, failed: 1 });
    expect(run.errors.map((e: any) => e.message)).toEqual([expect.stringMatching(/the CSV has no column "content" \(columns: id, text\)/)]);
    expect((await list('q=named.jsonl')).items.map((a: any) => a.preview)).toEqual(['named field text']);
  });
});

describe('who may upload and see', () => {
  it('refuses files over the multipart limit, and non-multipart bodies', async () => {
    const res = await upload(textProject, [{ name: 'big.txt', bytes: Buffer.alloc(3 * 1024 * 1024, 0x61) }]);
    expect(res.json.rejected).toEqual([{ name: 'big.txt', reason: expect.stringMatching(/larger than the upload limit/), code: 'file.too_large' }]);
    const json = await api(server.url, 'POST', `/api/v1/projects/${textProject}/assets`, { token: manager, body: { file: 'x' } });
    expect(json.status).toBe(415);
    expect(json.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it("answers another organisation's project and assets with 404, and stores nothing", async () => {
    const stranger = await server.tokenFor(other.users.owner.id, other.orgId);
    const before = (await server.db.query(`SELECT count(*)::int AS n FROM assets`))[0].n;
    expect((await upload(imageProject, [{ name: 'x.txt', bytes: 'hello' }], stranger)).status).toBe(404);
    expect((await server.db.query(`SELECT count(*)::int AS n FROM assets`))[0].n).toBe(before);
    const [{ id }] = await server.db.query(`SELECT id FROM assets WHERE project_id = $1 LIMIT 1`, [imageProject]);
    expect((await api(server.url, 'GET', `/api/v1/assets/${id}`, { token: stranger })).status).toBe(404);
    expect((await api(server.url, 'GET', `/api/v1/assets/${id}/content`, { token: stranger })).status).toBe(404);
  });

  it('annotators may not upload; auditors never see raw data', async () => {
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    expect((await upload(imageProject, [{ name: 'x.txt', bytes: 'hello' }], annotator)).status).toBe(403);
    const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
    const [{ id }] = await server.db.query(`SELECT id FROM assets WHERE project_id = $1 LIMIT 1`, [imageProject]);
    expect((await api(server.url, 'GET', `/api/v1/assets/${id}/content`, { token: auditor })).status).toBe(403);
  });

  it('a provider uploads only to projects they belong to', async () => {
    const provider = await server.tokenFor(org.users.provider.id, org.orgId);
    expect((await upload(imageProject, [{ name: 'x.png', bytes: 'x' }], provider)).status).toBe(404);
    await api(server.url, 'POST', `/api/v1/projects/${imageProject}/members`, { token: manager, body: { userId: org.users.provider.id, role: 'provider' } });
    expect((await upload(imageProject, [{ name: 'y.png', bytes: 'y' }], provider)).status).toBe(202);
  });
});
