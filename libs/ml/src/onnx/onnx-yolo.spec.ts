/**
 * The ONNX detector on tiny models written here, byte by byte, as ONNX
 * protobuf: a graph that answers fixed YOLO rows (plus the image's mean
 * times zero, so it reads its input), in the YOLOv8 and YOLOv5 layouts.
 */
import sharp from 'sharp';
import { OnnxYoloBackend, OnnxModelError, closeOnnxSessions } from './onnx-yolo';
import { tinyModel, v8 } from './tiny-model';

afterAll(() => closeOnnxSessions());

const classes = ['cat', 'dog'];
async function photo(width: number, height: number) {
  const data = await sharp({ create: { width, height, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  return { media: 'image' as const, data, width, height };
}

it('runs a YOLOv8-layout model and maps letterboxed boxes back to image pixels, with per-class NMS and the threshold', async () => {
  // A 1280×640 image letterboxes to 640×320 at scale 0.5, padded 160 above and below.
  const model = v8([
    { cx: 320, cy: 320, w: 100, h: 50, scores: [0.9, 0.1] }, // cat, centre of the image
    { cx: 322, cy: 321, w: 100, h: 50, scores: [0.8, 0.05] }, // the same cat, suppressed
    { cx: 100, cy: 200, w: 40, h: 40, scores: [0.05, 0.6] }, // dog
    { cx: 500, cy: 400, w: 40, h: 40, scores: [0.1, 0.2] }, // under the threshold
  ]);
  const onnx = new OnnxYoloBackend({ model, classes });
  expect(await onnx.validate()).toEqual({ inputSize: 640, boxes: 4, layout: 'yolov8' });
  const out = await onnx.predict(await photo(1280, 640), { scoreThreshold: 0.25, maxObjects: 10 });
  expect(out.map((p) => [p.modelClass, p.score])).toEqual([['cat', 0.9], ['dog', 0.6]]);
  const [cat, dog] = out.map((p) => p.geometry as { x: number; y: number; width: number; height: number });
  expect(cat.x).toBeCloseTo((320 - 50) / 0.5, 0);
  expect(cat.y).toBeCloseTo((320 - 25 - 160) / 0.5, 0);
  expect(cat.width).toBeCloseTo(200, 0);
  expect(cat.height).toBeCloseTo(100, 0);
  expect(dog).toMatchObject({ x: expect.closeTo(160, 0), y: expect.closeTo(40 - 0, 0) });
  expect((await onnx.predict(await photo(1280, 640), { scoreThreshold: 0.25, maxObjects: 1 })).length).toBe(1);
});

it('reads the YOLOv5 layout, whose score is objectness times the class score', async () => {
  const vals = [320, 320, 64, 64, 0.5, 0.2, 0.9, /* */ 100, 100, 10, 10, 0.1, 0.9, 0.9];
  const onnx = new OnnxYoloBackend({ model: tinyModel([1, 2, 7], vals), classes });
  expect((await onnx.validate()).layout).toBe('yolov5');
  const out = await onnx.predict(await photo(640, 640), { scoreThreshold: 0.25, maxObjects: 10 });
  expect(out).toEqual([{ modelClass: 'dog', score: 0.45, geometry: { type: 'box', x: 288, y: 288, width: 64, height: 64, rotation: 0 } }]);
});

it('refuses a file that is not a model, a class list that does not fit the output, and a bad class list', async () => {
  await expect(new OnnxYoloBackend({ model: Buffer.from('this is not an onnx model at all'), classes }).validate()).rejects.toThrow(/not a model onnxruntime can load/);
  const model = v8([{ cx: 1, cy: 1, w: 1, h: 1, scores: [1, 0] }]);
  await expect(new OnnxYoloBackend({ model, classes: ['a', 'b', 'c'] }).validate()).rejects.toThrow(/does not fit 3 classes/);
  expect(() => new OnnxYoloBackend({ model, classes: [] })).toThrow(OnnxModelError);
  expect(() => new OnnxYoloBackend({ model, classes: ['a', 'a'] })).toThrow(/unique/);
  const wrongInput = tinyModel([1, 6, 1], [1, 1, 1, 1, 1, 0], 100);
  await expect(new OnnxYoloBackend({ model: wrongInput, classes }).validate()).rejects.toThrow(/multiple of 32/);
  await expect(new OnnxYoloBackend({ model, classes }).predict({ media: 'text', text: 'x' }, { scoreThreshold: 0, maxObjects: 1 })).rejects.toThrow(/takes images/);
});
