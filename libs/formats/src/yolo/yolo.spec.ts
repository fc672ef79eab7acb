import { yoloExporter, type YoloTask } from './yolo-export';
import { yoloReader } from './yolo-import';
import { parse } from 'yaml';
import { mapPeerItem } from '../mapping';
import { memoryTree } from '../io/file-tree';
import { AssetIndex } from '../match';
import { asset, dirTree, expectSameAnnotations, exportToTree, fixture, memorySource, readAll, schemaFor } from '../testing/support';
import { ann, imageItems } from '../testing/items';
import type { ExportItem } from '../model';

const schema = schemaFor('image', ['car', 'person', 'sign'], { person: { skeleton: { points: ['head', 'left hand', 'right hand'], edges: [[0, 1]] } } });

async function roundTrip(task: YoloTask, items: ExportItem[], keep: (t: string) => boolean) {
  const { tree, skipped } = await exportToTree(yoloExporter(task), memorySource(schema, items));
  const peer = await readAll(yoloReader(task), tree);
  const index = new AssetIndex(items.map((i) => i.asset));
  for (const item of items) {
    const got = peer.find((p) => (index.find(p.ref) as { id?: string }).id === item.asset.id)!;
    expect(got.problems).toEqual([]);
    const mapped = mapPeerItem(got, item.asset, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'y' });
    expect(mapped.problems).toEqual([]);
    expectSameAnnotations(mapped.annotations, item.annotations.filter((a) => keep(a.geometry.type)).map((a) => ({ ...a, attributes: {} })));
  }
  return { tree, skipped };
}

describe('YOLO (Ultralytics)', () => {
  const items = (): ExportItem[] => [
    ...imageItems().map((i) => ({ ...i, annotations: i.annotations.filter((a) => !(a.geometry.type === 'box' && a.geometry.rotation)) })),
  ];

  it('detect: boxes round-trip, data.yaml names the classes, other shapes are reported', async () => {
    const { tree, skipped } = await roundTrip('detect', items(), (t) => t === 'box');
    expect(parse((await (await tree.open('data.yaml')).toArray()).join(''))).toEqual({ train: 'images/train', val: 'images/train', names: { 0: 'car', 1: 'person', 2: 'sign' } });
    expect(tree.paths().sort()).toEqual(['data.yaml', 'labels/train/empty.txt', 'labels/train/street-01.txt', 'labels/train/street-02.txt']);
    expect(skipped).toHaveLength(3);
  });

  it('segment: polygons round-trip', async () => {
    await roundTrip('segment', items(), (t) => t === 'polygon');
  });

  it('obb: rotated boxes round-trip through their corners', async () => {
    const rotated = [{ asset: asset('r', 'r.jpg', 'image', 800, 600), annotations: [ann('l0', { type: 'box', x: 100, y: 120, width: 200, height: 50, rotation: 30 }), ann('l2', { type: 'box', x: 10, y: 10, width: 20, height: 20, rotation: -75.5 })] }];
    await roundTrip('obb', rotated, (t) => t === 'box');
  });

  it('pose: keypoints round-trip with kpt_shape', async () => {
    const { tree } = await roundTrip('pose', items(), (t) => t === 'keypoints');
    expect(parse((await (await tree.open('data.yaml')).toArray()).join('')).kpt_shape).toEqual([3, 3]);
  });

  it('splits go to their own subsets', async () => {
    const { tree } = await exportToTree(yoloExporter('detect'), memorySource(schema, items(), { a1: 'train', a2: 'val', a3: 'test' }));
    expect(parse((await (await tree.open('data.yaml')).toArray()).join(''))).toMatchObject({ train: 'images/train', val: 'images/val', test: 'images/test' });
  });

  it('refuses bad lines one by one', async () => {
    const tree = memoryTree({ 'data.yaml': 'names: [a, b]\n', 'labels/x.txt': '0 0.5 0.5 0.1 0.1\n1 0.5 NaN 0.1 0.1\nfoo 1 2 3 4\n0 0.1 0.1 0.2 0.2 0.3\n' });
    const [item] = await readAll(yoloReader('detect'), tree);
    expect(item.annotations).toHaveLength(1);
    expect(item.problems.map((p) => p.where)).toEqual(['labels/x.txt: line 2', 'labels/x.txt: line 3', 'labels/x.txt: line 4']);
    const seg = await readAll(yoloReader('segment'), memoryTree({ 'labels/y.txt': '0 0.1 0.1 0.2 0.2\n' }));
    expect(seg[0].problems[0].message).toMatch(/at least 3 points/);
  });

  it('refuses a YAML alias bomb', async () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n' + Array.from({ length: 200 }, (_, i) => `b${i}: [*a, *a, *a, *a, *a, *a, *a, *a]`).join('\n') + '\nnames: [a]\n';
    await expect(readAll(yoloReader('detect'), memoryTree({ 'data.yaml': bomb, 'labels/z.txt': '' }))).rejects.toThrow(/data\.yaml: malformed YAML/);
  });

  describe('peer files', () => {
    const cases: [string, YoloTask, number][] = [
      ['yolo/cvat-datumaro/tests/assets/yolo_dataset/yolo', 'detect', 2],
      ['yolo/cvat-datumaro/tests/assets/yolo_dataset/yolov8_detection', 'detect', 2],
      ['yolo/cvat-datumaro/tests/assets/yolo_dataset/yolov8_segmentation', 'segment', 2],
      ['yolo/cvat-datumaro/tests/assets/yolo_dataset/yolov8_pose', 'pose', 1],
      ['yolo/label-studio-sdk/tests/custom/converter/data/test_import_yolo_data', 'detect', 6],
    ];
    it.each(cases)('imports %s as %s', async (dir, task, objects) => {
      const path = fixture(dir);
      if (!path) return;
      const items = await readAll(yoloReader(task), dirTree(path));
      expect(items.flatMap((i) => i.problems)).toEqual([]);
      expect(items.reduce((k, i) => k + i.annotations.length, 0)).toBe(objects);
      const names = [...new Set(items.flatMap((i) => i.annotations.map((a) => a.category)))];
      expect(names.every((n) => !/^\d+$/.test(n))).toBe(true);
      const s = schemaFor('image', names, Object.fromEntries(names.map((n) => [n, { skeleton: { points: ['a', 'b', 'c'], edges: [] } }])));
      for (const item of items) {
        const mapped = mapPeerItem(item, { id: 'x', kind: 'image', width: 15, height: 10 }, { schema: s, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
        expect(mapped.problems).toEqual([]);
      }
    });
  });
});
