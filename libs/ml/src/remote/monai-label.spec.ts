/**
 * The MONAI Label client against a small real HTTP server that follows MONAI
 * Label's API: GET /info/ → {name, models: {name: {type, labels, dimension}}},
 * POST /infer/{model}?output=image with multipart `params` and `file` (the
 * image as NIfTI) → the labelmap NIfTI. The server here thresholds the
 * uploaded volume (bone above 300 HU, air below −500) as a model would segment it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { niftiLabelmap, parseNifti, bitmapFromRle } from '@tessera/formats';
import type { VolumeInput } from '../backend';
import { MonaiLabelBackend } from './monai-label';

let server: Server;
let base: string;
const calls: { path: string; params?: unknown; fileName?: string }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const json = (status: number, b: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(b));
    };
    if (req.method === 'GET' && url.pathname === '/info/') {
      calls.push({ path: url.pathname });
      return json(200, { name: 'radiology', version: '0.8', models: { segmentation_bone: { type: 'segmentation', dimension: 3, labels: { bone: 1, air: 2 }, description: 'threshold' } } });
    }
    const m = /^\/infer\/([\w.-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      if (m[1] !== 'segmentation_bone') return json(404, { detail: 'model not found' });
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type']! } }).formData();
      const file = form.get('file') as File;
      calls.push({ path: url.pathname, params: JSON.parse(String(form.get('params'))), fileName: file.name });
      const image = parseNifti(Buffer.from(await file.arrayBuffer()));
      if (typeof image === 'string') return json(500, { detail: image });
      const n = image.dims[0] * image.dims[1] * image.dims[2];
      const labels = new Uint8Array(n);
      for (let i = 0; i < n; i++) labels[i] = image.voxel(i) > 300 ? 1 : image.voxel(i) < -500 ? 2 : 0;
      res.writeHead(200, { 'content-type': 'application/gzip' });
      return res.end(niftiLabelmap(image.dims, image.affine, labels, 'result'));
    }
    json(404, { detail: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

/** 8×6 pixels, 4 slices of water (0 HU) with a 2×2 bone square on slices 1–2 and an air column at x = 7 on every slice. */
function phantom(): VolumeInput {
  const [X, Y, Z] = [8, 6, 4];
  const voxels = new Int16Array(X * Y * Z);
  for (let z = 0; z < Z; z++)
    for (let y = 0; y < Y; y++)
      for (let x = 0; x < X; x++) {
        const i = z * X * Y + y * X + x;
        if (z >= 1 && z <= 2 && x >= 2 && x < 4 && y >= 1 && y < 3) voxels[i] = 1200;
        else if (x === 7) voxels[i] = -1000;
      }
  return { media: 'dicom', voxels, dims: [X, Y, Z], spacing: [0.7, 0.7, 2.5], modality: 'CT' };
}

it('names the model labels from /info and turns the labelmap into one segment per label, slice by slice', async () => {
  const monai = new MonaiLabelBackend({ url: base, model: 'segmentation_bone', params: { largest_cc: true } });
  expect(await monai.classes()).toEqual(['bone', 'air']);
  const out = await monai.predict(phantom(), { scoreThreshold: 0, maxObjects: 10 });
  expect(calls.find((c) => c.path === '/infer/segmentation_bone')).toMatchObject({ params: { largest_cc: true }, fileName: 'image.nii.gz' });
  expect(out.map((p) => p.modelClass)).toEqual(['bone', 'air']);
  const [bone, air] = out.map((p) => p.geometry);
  if (bone.type !== 'segment' || air.type !== 'segment') throw new Error('not segments');
  expect(Object.keys(bone.slices)).toEqual(['1', '2']);
  expect(Object.keys(air.slices)).toEqual(['0', '1', '2', '3']);
  const b = bitmapFromRle(bone.slices['1']);
  expect([b.width, b.height]).toEqual([8, 6]);
  const set: [number, number][] = [];
  for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) if (b.data[y * 8 + x]) set.push([x, y]);
  expect(set).toEqual([[2, 1], [3, 1], [2, 2], [3, 2]]);
});

it('says which models the server has when the configured one is missing, and refuses what is not a series', async () => {
  const monai = new MonaiLabelBackend({ url: base, model: 'spleen' });
  await expect(monai.classes()).rejects.toThrow(/no model "spleen" \(it has segmentation_bone\)/);
  await expect(new MonaiLabelBackend({ url: base, model: 'segmentation_bone' }).predict({ media: 'text', text: 'x' }, { scoreThreshold: 0, maxObjects: 1 })).rejects.toMatchObject({ code: 'remote_input' });
  expect(() => new MonaiLabelBackend({ url: base, model: '../etc' })).toThrow(/not a MONAI Label model name/);
});
