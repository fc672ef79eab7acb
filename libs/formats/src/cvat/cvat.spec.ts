import { exportCvat } from './cvat-export';
import { readCvat } from './cvat-import';
import { mapPeerItem } from '../mapping';
import { memoryTree } from '../io/file-tree';
import { AssetIndex } from '../match';
import { asset, dirTree, expectSameAnnotations, exportToTree, fixture, memorySource, readAll, schemaFor } from '../testing/support';
import { ann, imageItems, imageSchema } from '../testing/items';

describe('CVAT for images 1.1', () => {
  it('round-trips every image shape with attributes, occluded, z_order and groups', async () => {
    const items = imageItems();
    const group = '11111111-1111-4111-8111-111111111111';
    items[0].annotations.push(
      ann('l2', { type: 'polyline', points: [[1, 1], [5.5, 9.25], [30, 40]] }, { zIndex: 3, groupId: group }),
      ann('l2', { type: 'points', points: [[7, 7], [8.5, 9]] }, { zIndex: -2, groupId: group }),
      ann('l1', { type: 'tag' }),
      ann('l1', { type: 'keypoints', points: [null, { x: 3, y: 4, visible: true }, null] }, { attributes: { occluded: false } }),
    );
    const { tree, skipped } = await exportToTree(exportCvat, memorySource(imageSchema, items));
    expect(skipped).toEqual([]);
    const xml = (await (await tree.open('annotations.xml')).toArray()).join('');
    expect(xml).toContain('<type>skeleton</type>');
    expect(xml).toContain('rotation="33.3"');
    const peer = await readAll(readCvat, tree);
    const index = new AssetIndex(items.map((i) => i.asset));
    for (const item of items) {
      const got = peer.find((p) => (index.find(p.ref) as { id?: string }).id === item.asset.id)!;
      expect(got.problems).toEqual([]);
      const mapped = mapPeerItem(got, item.asset, { schema: imageSchema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'c' });
      expect(mapped.problems).toEqual([]);
      expectSameAnnotations(mapped.annotations, item.annotations);
      expect(mapped.annotations.map((a) => a.zIndex).sort()).toEqual(item.annotations.map((a) => a.zIndex).sort());
      const grouped = mapped.annotations.filter((a) => a.groupId);
      if (item.asset.id === 'a1') expect(new Set(grouped.map((a) => a.groupId)).size).toBe(1);
    }
  });

  it('refuses a DOCTYPE: entities are never expanded, external ones never fetched', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><annotations><image id="0" name="&lol2;"/></annotations>`;
    await expect(readAll(readCvat, memoryTree({ 'a.xml': laughs }))).rejects.toThrow(/a\.xml: line 1.*DOCTYPE/);
    const xxe = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><annotations><image name="&x;"/></annotations>`;
    await expect(readAll(readCvat, memoryTree({ 'b.xml': xxe }))).rejects.toThrow(/DOCTYPE/);
    await expect(readAll(readCvat, memoryTree({ 'c.xml': '<annotations><image name="&x;"/></annotations>' }))).rejects.toThrow(/malformed XML/);
    await expect(readAll(readCvat, memoryTree({ 'd.xml': '<annotations>\n<image name="a">\n</annotations>' }))).rejects.toThrow(/d\.xml: line 3: malformed XML/);
  });

  it('refuses bad shapes one by one', async () => {
    const xml = `<annotations><image id="0" name="a.jpg" width="10" height="10">
      <polygon label="x" points="1,2;3,4"/>
      <box label="x" xtl="a" ytl="1" xbr="2" ybr="3"/>
      <mask label="x" rle="5, 5" left="0" top="0" width="3" height="3"/>
      <points label="x" points="1,NaN"/>
      <box label="x" xtl="1" ytl="1" xbr="2" ybr="3"/>
    </image></annotations>`;
    const [item] = await readAll(readCvat, memoryTree({ 'a.xml': xml }));
    expect(item.annotations).toHaveLength(1);
    expect(item.problems.map((p) => p.message)).toEqual([
      'a polygon needs at least 3 points, this one has 2',
      'a box needs numeric xtl, ytl, xbr, ybr',
      "the mask's runs cover 10 pixels, its 3×3 box has 9",
      'points must be "x,y;x,y…" numbers, not "1,NaN"',
    ]);
  });

  describe('peer files', () => {
    it('imports datumaro\'s "for images" task export (unlabelled shapes are mapped by the user)', async () => {
      const file = fixture('cvat/datumaro/tests/assets/cvat_dataset/for_images/export_task/train.xml');
      if (!file) return;
      const items = await readAll(readCvat, dirTree(file));
      expect(items.map((i) => i.ref.name)).toEqual(['img0.jpg', 'img1.jpg']);
      expect(items.flatMap((i) => i.problems)).toEqual([]);
      const schema = schemaFor('image', ['label1', 'label2'], {
        label1: { attributes: [{ key: 'a1', name: 'a1', type: 'boolean' }, { key: 'a2', name: 'a2', type: 'select', options: ['v1', 'v2', 'v3'] }, { key: 'a3', name: 'a3', type: 'text' }, { key: 'a4', name: 'a4', type: 'number' }, { key: 'occluded', name: 'occluded', type: 'boolean' }] },
      });
      const mapped = items.map((i) => mapPeerItem(i, { id: i.ref.name!, kind: 'image', width: i.width!, height: i.height! }, { schema, schemaVersion: 1, mapping: { '': 'l1' }, source: 'import', namespace: 'n' }));
      expect(mapped.flatMap((m) => m.problems)).toEqual([]);
      expect(mapped[0].annotations[0]).toMatchObject({ labelId: 'l0', geometry: { type: 'box', x: 0, y: 2, width: 4, height: 2 }, attributes: { a1: true, a2: 'v3', a3: '0003', a4: 2.4, occluded: true }, zIndex: 1 });
      expect(mapped.flatMap((m) => m.annotations.map((a) => a.geometry.type))).toEqual(['box', 'polyline', 'polygon', 'points']);
    });

    it('imports datumaro\'s "for video" tracks frame by frame', async () => {
      const file = fixture('cvat/datumaro/tests/assets/cvat_dataset/for_video/annotations.xml');
      if (!file) return;
      const items = await readAll(readCvat, dirTree(file));
      expect(items.map((i) => [i.ref.name, i.annotations.map((a) => `${a.category}:${a.geometry.type}`)])).toEqual([
        ['frame_000010', ['II:box', 'klhg:points']],
        ['frame_000013', ['II:polyline']],
      ]);
      const schema = schemaFor('image', ['klhg', 'z U k', 'II'], { klhg: { attributes: [{ key: 'hgl', name: 'hgl', type: 'select', options: ['jk', 'hgkf'] }] } });
      const mapped = items.map((i) => mapPeerItem(i, asset(i.ref.name!, i.ref.name!, 'image', 25, 20), { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' }));
      expect(mapped.flatMap((m) => m.problems)).toEqual([]);
      expect(mapped[0].annotations[1].attributes).toEqual({ hgl: 'hgkf' });
    });
  });
});
