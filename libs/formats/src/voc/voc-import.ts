import type { FileTree, PeerAnnotation, PeerItem } from '../model';
import { child, childText, children, xmlDocument, type XmlNode } from '../io/xml';
import { lines } from '../io/lines';
import { collect } from '../io/zip-writer';
import { rleFromBitmap } from '../geometry/rle';
import { VOC_CLASSES, VOC_PALETTE, pngIndexes } from './voc-colors';

const base = (p: string) => p.split('/').pop() ?? p;
const stemOf = (p: string) => base(p).replace(/\.[^.]*$/, '');

/** Class names and colours: labelmap.txt (CVAT, datumaro) when the upload has one, else VOC's 21 classes. */
async function classMap(tree: FileTree): Promise<{ names: string[]; colors: [number, number, number][] }> {
  const path = tree.paths().find((p) => /(^|\/)labelmap\.txt$/i.test(p));
  if (!path) return { names: VOC_CLASSES, colors: VOC_PALETTE.slice(0, VOC_CLASSES.length) };
  const names: string[] = [];
  const colors: [number, number, number][] = [];
  for await (const { text } of lines(await tree.open(path))) {
    if (!text.trim() || text.startsWith('#')) continue;
    const [name, rgb] = text.split(':');
    const c = (rgb ?? '').split(',').map(Number);
    names.push(name.trim());
    colors.push(c.length === 3 && c.every((v) => Number.isInteger(v)) ? (c as [number, number, number]) : VOC_PALETTE[names.length - 1]);
  }
  return { names, colors };
}

function bndbox(o: XmlNode): [number, number, number, number] | null {
  const b = child(o, 'bndbox');
  if (!b) return null;
  const v = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => Number(childText(b, k)));
  return v.every(Number.isFinite) ? (v as [number, number, number, number]) : null;
}

/** An object's attributes: VOC's own fields, person-layout actions, and `<attributes>` as CVAT and datumaro write them. */
function attributesOf(o: XmlNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['pose', 'truncated', 'difficult', 'occluded']) {
    const v = childText(o, k);
    if (v === undefined || v === '') continue;
    out[k] = k === 'pose' ? v : v === '1' || v.toLowerCase() === 'true';
  }
  const actions = child(o, 'actions');
  for (const a of actions?.children ?? []) out[a.name] = a.text.trim() === '1' || a.text.trim().toLowerCase() === 'true';
  for (const a of children(child(o, 'attributes') ?? { children: [] } as unknown as XmlNode, 'attribute')) {
    const name = childText(a, 'name');
    if (name) out[name] = childText(a, 'value') ?? '';
  }
  return out;
}

/** The folders of VOC's masks, and how a path inside one looks. */
const MASK_DIRS = [['SegmentationObject', /(^|\/)SegmentationObject\//], ['SegmentationClass', /(^|\/)SegmentationClass\//]] as const;

/**
 * Reads Pascal VOC: an item per `Annotations/*.xml`, its objects as boxes
 * (parts as boxes of their own, grouped with their object), and the
 * instance masks of `SegmentationObject/<stem>.png` with their classes from
 * `SegmentationClass/<stem>.png`: an instance within the XML's objects is
 * grouped with its box; one after them is a mask of its own.
 */
export async function* readVoc(tree: FileTree): AsyncGenerator<PeerItem> {
  const paths = tree.paths();
  const { names, colors } = await classMap(tree);
  // The masks by folder and stem, found in one pass: a scan of every path for each XML file (a regular expression made
  // per path) made the import's time grow with the square of its files: some eight minutes of the worker's main thread
  // for the 17,125 of VOC 2012, 29 ms a file.
  const masks = new Map<string, string>();
  for (const p of paths) {
    if (!p.toLowerCase().endsWith('.png')) continue;
    for (const [dir, inside] of MASK_DIRS) if (inside.test(p) && !masks.has(`${dir}/${stemOf(p)}`)) masks.set(`${dir}/${stemOf(p)}`, p);
  }
  const pngOf = (dir: (typeof MASK_DIRS)[number][0], stem: string) => masks.get(`${dir}/${stem}`);
  for (const path of paths.filter((p) => p.toLowerCase().endsWith('.xml')).sort()) {
    const doc = await xmlDocument(await tree.open(path), path);
    const fileName = childText(doc, 'filename') ?? `${stemOf(path)}.jpg`;
    const size = child(doc, 'size');
    const width = Number(size && childText(size, 'width')) || undefined;
    const height = Number(size && childText(size, 'height')) || undefined;
    const item: PeerItem = { where: path, ref: { name: fileName }, width, height, annotations: [], problems: [] };
    const objects = children(doc, 'object');
    objects.forEach((o, i) => {
      const where = `${path}: object ${i + 1} (line ${o.line})`;
      const b = bndbox(o);
      if (!b) {
        item.problems.push({ where, message: 'bndbox needs numeric xmin, ymin, xmax, ymax' });
        return;
      }
      const group = `o${i + 1}`;
      const box: PeerAnnotation = { category: childText(o, 'name') ?? '', geometry: { type: 'box', x: b[0], y: b[1], width: b[2] - b[0], height: b[3] - b[1], rotation: 0 }, attributes: attributesOf(o), where, units: 'px' };
      const parts = children(o, 'part');
      if (parts.length) box.group = group;
      item.annotations.push(box);
      parts.forEach((p, k) => {
        const pb = bndbox(p);
        const pw = `${where}, part ${k + 1}`;
        if (!pb) item.problems.push({ where: pw, message: 'bndbox needs numeric xmin, ymin, xmax, ymax' });
        else item.annotations.push({ category: childText(p, 'name') ?? '', geometry: { type: 'box', x: pb[0], y: pb[1], width: pb[2] - pb[0], height: pb[3] - pb[1], rotation: 0 }, group, where: pw, units: 'px' });
      });
    });
    const objPng = pngOf('SegmentationObject', stemOf(path));
    const clsPng = pngOf('SegmentationClass', stemOf(path));
    if (objPng && clsPng) {
      try {
        const inst = pngIndexes(await collect(await tree.open(objPng)), VOC_PALETTE);
        const cls = pngIndexes(await collect(await tree.open(clsPng)), colors);
        if (inst.width !== cls.width || inst.height !== cls.height) throw new Error('the class and object PNGs differ in size');
        if ((width && inst.width !== width) || (height && inst.height !== height)) throw new Error(`the masks are ${inst.width}×${inst.height}, the image ${width}×${height}`);
        const byInstance = new Map<number, { data: Uint8Array; cls: number }>();
        for (let p = 0; p < inst.data.length; p++) {
          const k = inst.data[p];
          if (k === 0 || k === 255) continue;
          let m = byInstance.get(k);
          if (!m) byInstance.set(k, (m = { data: new Uint8Array(inst.data.length), cls: cls.data[p] }));
          m.data[p] = 1;
        }
        for (const k of [...byInstance.keys()].sort((a, b) => a - b)) {
          const m = byInstance.get(k)!;
          const where = `${objPng}: instance ${k}`;
          const name = names[m.cls];
          if (!name || m.cls === 255) {
            item.problems.push({ where, message: `its class colour (index ${m.cls}) is not in the label map` });
            continue;
          }
          const rle = rleFromBitmap({ width: inst.width, height: inst.height, data: m.data });
          const withBox = k <= objects.length ? item.annotations.find((a) => a.where.startsWith(`${path}: object ${k} `)) : undefined;
          if (withBox) withBox.group ??= `o${k}`;
          item.annotations.push({ category: name, geometry: { type: 'mask', rle }, group: withBox?.group ?? null, where, units: 'px' });
        }
      } catch (e) {
        item.problems.push({ where: objPng, message: `the masks cannot be read (${(e as Error).message})` });
      }
    }
    yield item;
  }
}
