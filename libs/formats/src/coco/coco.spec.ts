import { Readable } from 'node:stream';
import { exportCoco } from './coco-export';
import { readCoco } from './coco-import';
import { memoryTree } from '../io/file-tree';
import { encodeCocoString, decodeCocoString } from '../geometry/rle';
import { mapPeerItem } from '../mapping';
import { AssetIndex } from '../match';
import { dirTree, expectSameAnnotations, exportToTree, fixture, memorySource, readAll, schemaFor } from '../testing/support';
import { imageItems, imageSchema } from '../testing/items';

const schema = imageSchema;

describe('COCO', () => {
  it('round-trips boxes (rotated too), polygons, keypoints and RLE masks with attributes', async () => {
    const items = imageItems();
    const { tree, skipped } = await exportToTree(exportCoco, memorySource(schema, items));
    expect(skipped).toEqual([]);
    expect(tree.paths()).toEqual(['annotations/instances_default.json']);
    const json = JSON.parse((await (await tree.open('annotations/instances_default.json')).toArray()).join(''));
    expect(json.categories[1]).toMatchObject({ id: 2, name: 'person', keypoints: ['head', 'left hand', 'right hand'], skeleton: [[1, 2], [1, 3]] });
    expect(json.images.map((i: { id: number; file_name: string }) => [i.id, i.file_name])).toEqual([[1, 'street-01.jpg'], [2, 'street-02.png'], [3, 'empty.jpg']]);
    expect(json.annotations.map((a: { id: number }) => a.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(json.annotations[4]).toMatchObject({ iscrowd: 1, segmentation: { size: [480, 640] } });

    const peer = await readAll(readCoco, tree);
    const index = new AssetIndex(items.map((i) => i.asset));
    for (const item of items.filter((i) => i.annotations.length)) {
      const got = peer.filter((p) => 'id' in index.find(p.ref) && (index.find(p.ref) as { id: string }).id === item.asset.id);
      const mapped = got.flatMap((p) => mapPeerItem(p, { ...item.asset }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'x' }).annotations);
      expect(got.flatMap((p) => p.problems)).toEqual([]);
      expectSameAnnotations(mapped, item.annotations);
    }
  });

  it('writes one file per subset of a release', async () => {
    const items = imageItems();
    const { tree } = await exportToTree(exportCoco, memorySource(schema, items, { a1: 'train', a2: 'val', a3: 'train' }));
    expect(tree.paths().sort()).toEqual(['annotations/instances_train.json', 'annotations/instances_val.json']);
  });

  it("reads and writes pycocotools' compressed RLE strings", () => {
    const counts = [0, 20, 30, 1, 1000, 3, 99999, 7];
    expect(decodeCocoString(encodeCocoString(counts))).toEqual(counts);
    // pycocotools' own encoding of a 10×5 mask with runs [0, 20, 30]
    expect(decodeCocoString(encodeCocoString([0, 20, 30]))).toEqual([0, 20, 30]);
  });

  it('refuses bad objects one by one, with where they are', async () => {
    const bad = {
      images: [{ id: 1, file_name: 'a.jpg', width: 10, height: 5 }],
      categories: [{ id: 1, name: 'car' }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, segmentation: [[0, 0, 1, 1]], bbox: [0, 0, 1, 1] },
        { id: 2, image_id: 1, category_id: 1, segmentation: { size: [5, 10], counts: [0, 10, 10] }, bbox: [0, 0, 1, 1] },
        { id: 3, image_id: 1, category_id: 1, bbox: [0, 0, 'x', 1] },
        { id: 4, image_id: 7, category_id: 1, bbox: [0, 0, 1, 1] },
        { id: 5, image_id: 1, category_id: 1, bbox: [1, 1, 2, 2] },
      ],
    };
    const items = await readAll(readCoco, memoryTree({ 'bad.json': JSON.stringify(bad) }));
    const problems = items.flatMap((i) => i.problems.map((p) => `${p.where}: ${p.message}`));
    expect(problems).toEqual([
      'bad.json: annotations[0]: a polygon needs at least 3 points, this one has 2',
      'bad.json: annotations[1]: the RLE runs cover 20 pixels, a 5×10 mask has 50',
      'bad.json: annotations[2]: bbox must be [x, y, width, height] numbers',
      'bad.json: annotations[3]: image_id 7 is not among the file\'s images',
    ]);
    expect(items[0].annotations).toHaveLength(1);
  });

  it('refuses malformed JSON with its line', async () => {
    const tree = memoryTree({ 'x.json': '{\n"images": [\n{"id": 1,,}\n]}' });
    await expect(readAll(readCoco, tree)).rejects.toThrow(/x\.json: line 3.*malformed JSON/);
    await expect(readAll(readCoco, memoryTree({ 'y.json': '{"images": [' }))).rejects.toThrow(/ends/);
  });

  it('streams a file in small chunks the same as whole', async () => {
    const text = JSON.stringify({ info: { a: '[{"' }, images: [{ id: 1, file_name: 'a "b".jpg', width: 4, height: 4 }], annotations: [{ id: 1, image_id: 1, category_id: 3, bbox: [1, 1, 1, 1] }] });
    const tree = { paths: () => ['c.json'], open: async () => Readable.from([...Buffer.from(text)].map((b) => Buffer.from([b]))) };
    const items = await readAll(readCoco, tree);
    expect(items[0].ref.name).toBe('a "b".jpg');
    expect(items[0].annotations[0].category).toBe('3');
  });

  describe('peer files', () => {
    const cases: [string, string[], number][] = [
      ['coco/datumaro/tests/assets/coco_dataset/coco_instances/annotations/instances_train.json', ['a', 'b', 'c'], 1],
      ['coco/datumaro/tests/assets/coco_dataset/coco_instances/annotations/instances_val.json', ['a', 'b', 'c'], 2],
      ['coco/datumaro/tests/assets/coco_dataset/coco_person_keypoints/annotations/person_keypoints_val.json', ['a', 'b'], 4],
      ['coco/label-studio-sdk/tests/custom/converter/data/test_import_coco/coco_import_input.json', ['Class_1', 'Class_2'], 3],
      ['coco/cocoapi/results/instances_val2014_fakebbox100_results.json', [], 734],
    ];
    it.each(cases)('imports %s', async (path, names, objects) => {
      const file = fixture(path);
      if (!file) return;
      const items = await readAll(readCoco, dirTree(file));
      expect(items.flatMap((i) => i.problems)).toEqual([]);
      expect(items.reduce((k, i) => k + i.annotations.length, 0)).toBe(objects);
      const cats = [...new Set(items.flatMap((i) => i.annotations.map((a) => a.category)))];
      const s = schemaFor('image', names.length ? names : cats, {
        a: { skeleton: { points: ['p1', 'p2', 'p3'], edges: [] }, attributes: [{ key: 'x', name: 'x', type: 'number' }, { key: 'y', name: 'y', type: 'text' }] },
        b: { skeleton: { points: ['p1', 'p2', 'p3'], edges: [] } },
      });
      for (const item of items) {
        const target = { id: 'asset', kind: 'image' as const, width: item.width ?? 700, height: item.height ?? 700 };
        const mapped = mapPeerItem(item, target, { schema: s, schemaVersion: 1, mapping: {}, source: 'model', namespace: 'n' });
        expect(mapped.problems).toEqual([]);
        expect(mapped.annotations).toHaveLength(item.annotations.length);
      }
    });
  });

  it('takes plain boxes as the geometry schema does: defaults filled in, bad sizes and extra keys refused with where', () => {
    const box = (geometry: Record<string, unknown>, where: string) => ({ category: 'car', geometry, where, units: 'px' as const }) as never;
    const item = {
      where: 'f: image 1', ref: { name: 'a.jpg' }, problems: [],
      annotations: [
        box({ type: 'box', x: 1, y: 2, width: 3, height: 4, rotation: 5 }, 'plain'),
        box({ type: 'box', x: 1, y: 2, width: 3, height: 4 }, 'no rotation'),
        box({ type: 'box', x: 1, y: 2, width: 0, height: 4, rotation: 0 }, 'zero width'),
        box({ type: 'box', x: 1, y: 2, width: 3, height: 4, rotation: 400 }, 'over-rotated'),
        box({ type: 'box', x: 1, y: Number.NaN, width: 3, height: 4, rotation: 0 }, 'not a number'),
        box({ type: 'box', x: 1, y: 2, width: 3, height: 4, rotation: 0, depth: 1 }, 'extra key'),
      ],
    };
    const mapped = mapPeerItem(item, { id: 'a1', kind: 'image', width: 640, height: 480 }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'x' });
    expect(mapped.annotations.map((a) => a.geometry)).toEqual([
      { type: 'box', x: 1, y: 2, width: 3, height: 4, rotation: 5 },
      { type: 'box', x: 1, y: 2, width: 3, height: 4, rotation: 0 },
    ]);
    expect(mapped.problems.map((p) => p.where)).toEqual(['zero width', 'over-rotated', 'not a number', 'extra key']);
  });

  it("gives an asset's objects ids that share its half (side by side in an index), the same again for the same file", () => {
    const item = (n: number) => ({
      where: 'f: image', ref: { name: 'a.jpg' }, problems: [],
      annotations: Array.from({ length: n }, (_, k) => ({ category: 'car', geometry: { type: 'box', x: k, y: 2, width: 3, height: 4, rotation: 0 }, where: `ann ${k}`, units: 'px' as const }) as never),
    });
    const map = (asset: string, namespace = 'x') =>
      mapPeerItem(item(50), { id: asset, kind: 'image', width: 640, height: 480 }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace }).annotations.map((a) => a.id);
    const [a1, a2, again, otherFile] = [map('a1'), map('a2'), map('a1'), map('a1', 'y')];
    const half = (id: string) => id.slice(0, 18);
    expect(new Set(a1).size).toBe(50);
    expect(new Set(a1.map(half))).toEqual(new Set([half(a1[0])]));
    expect(half(a2[0])).not.toBe(half(a1[0]));
    expect(half(otherFile[0])).not.toBe(half(a1[0]));
    expect(again).toEqual(a1);
    for (const id of a1) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
