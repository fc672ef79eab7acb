import { createModelBackend, MODEL_BACKEND_KINDS, closeModelThreads } from './index';

afterAll(() => closeModelThreads());

it('makes a backend for every kind by name, and refuses an unknown kind', async () => {
  expect(MODEL_BACKEND_KINDS).toEqual(['builtin:coco-detect', 'builtin:face', 'builtin:pose', 'builtin:ocr-en', 'builtin:ocr-zh', 'label-studio', 'monai-label', 'onnx-yolo']);
  for (const kind of ['builtin:coco-detect', 'builtin:face', 'builtin:pose', 'builtin:ocr-en', 'builtin:ocr-zh'] as const) {
    const b = createModelBackend({ kind });
    expect(b.kind).toBe(kind);
    expect(b.media).toBe('image');
  }
  expect((await createModelBackend({ kind: 'builtin:pose' }).classes())).toEqual(['person']);
  expect(createModelBackend({ kind: 'label-studio', url: 'http://ls.example', media: 'text', schema: { labels: [] } }).kind).toBe('label-studio');
  expect(createModelBackend({ kind: 'monai-label', url: 'http://monai.example', model: 'spleen' }).media).toBe('dicom');
  expect(() => createModelBackend({ kind: 'nope' } as never)).toThrow(/unknown model kind "nope"/);
  expect(() => createModelBackend({ kind: 'label-studio', url: 'file:///etc/passwd', media: 'text', schema: { labels: [] } })).toThrow(/http or https/);
});
