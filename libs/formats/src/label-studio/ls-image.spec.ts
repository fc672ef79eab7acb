import { exportLabelStudio } from './ls-export';
import { readLabelStudio } from './ls-import';
import { bitmapFromBrush, brushFromBitmap } from '../geometry/rle';
import { mapPeerItem } from '../mapping';
import { AssetIndex } from '../match';
import { dirTree, expectSameAnnotations, exportToTree, fixture, memorySource, readAll, schemaFor } from '../testing/support';
import { ann, imageItems, imageSchema } from '../testing/items';

describe('Label Studio JSON (images)', () => {
  it("encodes and decodes Label Studio's brush RLE", () => {
    const data = new Uint8Array(37 * 23).map((_, i) => (i % 7 < 3 || i > 500 ? 1 : 0));
    const b = { width: 37, height: 23, data };
    expect(bitmapFromBrush(brushFromBitmap(b), 37, 23).data).toEqual(data);
  });

  it('round-trips rectangles (rotated about their corner), polygons, polylines, points, keypoints, brush masks, choices and attributes', async () => {
    const items = imageItems();
    items[0].annotations.push(
      ann('l2', { type: 'polyline', points: [[1, 1], [5.5, 9.25], [30, 40]] }),
      ann('l2', { type: 'points', points: [[7, 7], [8.5, 9]] }),
      ann('l1', { type: 'tag' }),
    );
    const { tree, skipped } = await exportToTree(exportLabelStudio, memorySource(imageSchema, items));
    expect(skipped).toEqual([]);
    expect(tree.paths().sort()).toEqual(['label-studio.json', 'label_config.xml']);
    const peer = await readAll(readLabelStudio, tree);
    const index = new AssetIndex(items.map((i) => i.asset));
    for (const item of items) {
      const got = peer.find((p) => (index.find(p.ref) as { id?: string }).id === item.asset.id)!;
      expect(got.problems).toEqual([]);
      const mapped = mapPeerItem(got, item.asset, { schema: imageSchema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'ls' });
      expect(mapped.problems).toEqual([]);
      expectSameAnnotations(mapped.annotations, item.annotations);
    }
  });

  describe('peer files', () => {
    it("imports the SDK's export: rectangle, polygon and keypoints in percent", async () => {
      const file = fixture('labelstudio/label-studio-sdk/tests/custom/converter/data/test_export_coco/data.json');
      if (!file) return;
      const [item] = await readAll(readLabelStudio, dirTree(file));
      expect(item.ref.name).toBe('test_image1.jpg');
      expect(item.problems).toEqual([]);
      const schema = schemaFor('image', ['rectangle_label', 'polygon_label', 'keypoint_label1', 'keypoint_label2']);
      const m = mapPeerItem(item, { id: 'a', kind: 'image', width: 500, height: 320 }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
      expect(m.problems).toEqual([]);
      expect(m.annotations.map((a) => a.geometry.type)).toEqual(['box', 'polygon', 'points', 'points']);
      expect(m.annotations[0].geometry).toMatchObject({ type: 'box', width: expect.closeTo(31.76, 1) });
    });

    it("imports the ML backend's brush predictions with their scores", async () => {
      const file = fixture('labelstudio/label-studio-ml-backend/label_studio_ml/examples/yolo/tests/test_brush_labels.json');
      if (!file) return;
      const [item] = await readAll(readLabelStudio, dirTree(file));
      expect(item.problems).toEqual([]);
      expect(item.annotations).toHaveLength(3);
      const schema = schemaFor('image', [...new Set(item.annotations.map((a) => a.category))]);
      const m = mapPeerItem(item, { id: 'a', kind: 'image', width: 768, height: 576 }, { schema, schemaVersion: 1, mapping: {}, source: 'model', namespace: 'n' });
      expect(m.problems).toEqual([]);
      expect(m.annotations.every((a) => a.geometry.type === 'mask' && a.score! > 0)).toBe(true);
    });
  });
});
