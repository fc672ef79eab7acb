import { exportVoc } from './voc-export';
import { readVoc } from './voc-import';
import { vocColor } from './voc-colors';
import { mapPeerItem } from '../mapping';
import { memoryTree } from '../io/file-tree';
import { AssetIndex } from '../match';
import { dirTree, expectSameAnnotations, exportToTree, fixture, memorySource, readAll, schemaFor } from '../testing/support';
import { ann, imageItems, imageSchema, mask } from '../testing/items';

describe('Pascal VOC', () => {
  it("uses the devkit's colour map", () => {
    expect([0, 1, 2, 15, 20].map(vocColor)).toEqual([[0, 0, 0], [128, 0, 0], [0, 128, 0], [192, 128, 128], [0, 64, 128]]);
  });

  it('round-trips boxes with VOC fields and attributes, and masks through the class and object PNGs', async () => {
    const items = imageItems().map((i) => ({ ...i, annotations: i.annotations.filter((a) => a.geometry.type === 'mask' || (a.geometry.type === 'box' && !a.geometry.rotation)) }));
    items[0].annotations.push(
      ann('l1', { type: 'box', x: 5, y: 6, width: 7, height: 8, rotation: 0 }, { attributes: { occluded: true, pose: 'sitting' } }),
      ann('l0', { type: 'mask', rle: mask(640, 480, (x, y) => x < 10 && y < 20) }),
    );
    const { tree, skipped } = await exportToTree(exportVoc, memorySource(imageSchema, items));
    expect(skipped).toEqual([]);
    expect(tree.paths().sort()).toEqual([
      'Annotations/empty.xml', 'Annotations/street-01.xml', 'Annotations/street-02.xml', 'ImageSets/Main/default.txt', 'ImageSets/Segmentation/default.txt',
      'SegmentationClass/street-01.png', 'SegmentationObject/street-01.png', 'labelmap.txt',
    ]);
    const peer = await readAll(readVoc, tree);
    const index = new AssetIndex(items.map((i) => i.asset));
    for (const item of items) {
      const got = peer.find((p) => (index.find(p.ref) as { id?: string }).id === item.asset.id)!;
      expect(got.problems).toEqual([]);
      const mapped = mapPeerItem(got, item.asset, { schema: imageSchema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'v' });
      expect(mapped.problems).toEqual([]);
      expectSameAnnotations(mapped.annotations, item.annotations);
    }
  });

  it('refuses a bndbox that is not numbers, and entity declarations', async () => {
    const [item] = await readAll(readVoc, memoryTree({ 'a.xml': '<annotation><filename>a.jpg</filename><object><name>car</name><bndbox><xmin>x</xmin></bndbox></object></annotation>' }));
    expect(item.problems[0]).toEqual({ where: 'a.xml: object 1 (line 1)', message: 'bndbox needs numeric xmin, ymin, xmax, ymax' });
    await expect(readAll(readVoc, memoryTree({ 'b.xml': '<!DOCTYPE a SYSTEM "http://evil/x.dtd"><annotation/>' }))).rejects.toThrow(/DOCTYPE/);
  });

  describe('peer files', () => {
    it("imports datumaro's VOC dataset: boxes, a part, actions, and the instance masks", async () => {
      const dir = fixture('voc/datumaro/tests/assets/voc_dataset/voc_dataset1');
      if (!dir) return;
      const [item] = await readAll(readVoc, dirTree(dir));
      expect(item.problems).toEqual([]);
      expect(item.annotations.map((a) => `${a.category}:${a.geometry.type}`)).toEqual(expect.arrayContaining(['cat:box', 'person:box', 'head:box']));
      const schema = schemaFor('image', [...new Set(item.annotations.map((a) => a.category))], {
        cat: { attributes: [{ key: 'pose', name: 'pose', type: 'text' }, { key: 'truncated', name: 'truncated', type: 'boolean' }, { key: 'difficult', name: 'difficult', type: 'boolean' }] },
        person: { attributes: ['jumping', 'phoning', 'walking'].map((k) => ({ key: k, name: k, type: 'boolean' as const })) },
      });
      const mapped = mapPeerItem(item, { id: 'a', kind: 'image', width: 20, height: 10 }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
      expect(mapped.problems).toEqual([]);
      expect(mapped.annotations.find((a) => a.labelId === schema.labels.find((l) => l.name === 'person')!.id && a.geometry.type === 'box')!.attributes).toEqual({ jumping: false, phoning: true, walking: true });
      expect(mapped.dropped).toMatchObject({ other: 1, reading: 1 });
    });

    it("imports Roboflow's VOC (bndbox children out of order, occluded)", async () => {
      const dir = fixture('voc/datumaro/tests/assets/roboflow_dataset/voc/val');
      if (!dir) return;
      const [item] = await readAll(readVoc, dirTree(dir));
      expect(item.annotations.map((a) => a.geometry)).toEqual([
        { type: 'box', x: 0, y: 0, width: 1, height: 2, rotation: 0 },
        { type: 'box', x: 0, y: 0, width: 9, height: 1, rotation: 0 },
      ]);
      const schema = schemaFor('image', ['label_0', 'label_1']);
      expect(mapPeerItem(item, { id: 'a', kind: 'image', width: 10, height: 5 }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' }).problems).toEqual([]);
    });
  });
});
