import { MODEL_KINDS, closeModelThreads, kindReads, modelKind, type ModelFetch } from './index';

afterAll(() => closeModelThreads());

const noFetch: ModelFetch = async () => new Response('{}');

test('one registry makes every backend by kind', async () => {
  expect(MODEL_KINDS.map((k) => k.kind)).toEqual([
    'ner-en', 'ner-zh', 'ct-threshold', 'builtin:coco-detect', 'builtin:face', 'builtin:pose', 'builtin:ocr-en', 'builtin:ocr-zh', 'label-studio', 'monai-label', 'onnx-yolo',
  ]);
  for (const k of MODEL_KINDS.filter((e) => !e.remote && !e.takesFile)) {
    const b = await k.create({});
    expect(b.kind).toBe(k.kind);
    expect(b.media).toBe(k.media);
    expect(await b.classes()).toEqual([...k.classes]);
  }
  const ls = modelKind('label-studio')!;
  expect(kindReads(ls, 'text') && kindReads(ls, 'image') && !kindReads(ls, 'dicom')).toBe(true);
  expect((await ls.create({ url: 'http://ls.example', fetch: noFetch, media: 'text', schema: { labels: [] } })).media).toBe('text');
  expect((await modelKind('monai-label')!.create({ url: 'http://monai.example', fetch: noFetch, options: { model: 'spleen' } })).media).toBe('dicom');
  // Remote kinds call out only through the injected (guarded) fetch, and only over http(s).
  expect(() => ls.create({ url: 'http://ls.example', media: 'image' })).toThrow(/outbound guard/);
  expect(() => ls.create({ url: 'file:///etc/passwd', fetch: noFetch, media: 'text' })).toThrow(/http or https/);
  expect(() => modelKind('onnx-yolo')!.create({ options: { classes: ['a'] } })).toThrow(/no ONNX file/);
  expect(() => modelKind('onnx-yolo')!.create({ file: new Uint8Array([1]) })).toThrow(/class list/);
});

test('a multipart body reaches the guarded fetch as bytes with its boundary', async () => {
  const { remoteFetch } = await import('./registry');
  let seen: { headers?: Record<string, string>; body?: string | Uint8Array } = {};
  const f = remoteFetch(async (_url, init) => {
    seen = init ?? {};
    return new Response('ok');
  });
  const form = new FormData();
  form.set('params', '{}');
  await f('http://x.example/infer', { method: 'POST', body: form });
  expect(seen.headers?.['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  expect(Buffer.from(seen.body as Uint8Array).toString()).toContain('name="params"');
});
