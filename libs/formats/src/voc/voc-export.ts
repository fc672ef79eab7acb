import type { AttributeValue, Label } from '@tessera/contracts';
import type { ExportAnnotation, ExportOptions, ExportReport, ExportSource } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { esc } from '../io/xml';
import { extentOf, num } from '../geometry/shapes';
import { bitmapFromRle } from '../geometry/rle';
import { addMedia, stem } from '../export-support';
import { VOC_PALETTE, indexedPng } from './voc-colors';

/** VOC's own object fields; other attributes go in `<attributes>` as CVAT and datumaro write them. */
const STANDARD = ['pose', 'truncated', 'difficult', 'occluded'];
const flag = (v: AttributeValue) => (v === true ? '1' : v === false ? '0' : esc(Array.isArray(v) ? v.join(',') : String(v)));

function vocObject(a: ExportAnnotation, label: Label): string {
  const [x, y, w, h] = extentOf(a.geometry)!;
  const std = STANDARD.filter((k) => a.attributes[k] !== undefined).map((k) => `<${k}>${flag(a.attributes[k])}</${k}>`).join('');
  const others = Object.entries(a.attributes).filter(([k]) => !STANDARD.includes(k));
  const attrs = others.length ? `<attributes>${others.map(([k, v]) => `<attribute><name>${esc(k)}</name><value>${esc(Array.isArray(v) ? v.join(',') : String(v))}</value></attribute>`).join('')}</attributes>` : '';
  return `  <object><name>${esc(label.name)}</name>${std}<bndbox><xmin>${num(x)}</xmin><ymin>${num(y)}</ymin><xmax>${num(x + w)}</xmax><ymax>${num(y + h)}</ymax></bndbox>${attrs}</object>\n`;
}

/**
 * Pascal VOC: `Annotations/<stem>.xml` per image with its boxes (corner
 * coordinates as they are, the way CVAT, datumaro and Roboflow write them),
 * `ImageSets/Main/<subset>.txt`, and for images with masks
 * `SegmentationClass/<stem>.png` (class indexes in the labels' colours,
 * named in `labelmap.txt`) and `SegmentationObject/<stem>.png` (instance
 * indexes after the XML's objects, in VOC's colour map).
 */
export async function exportVoc(src: ExportSource, zip: ArchiveSink, opts: ExportOptions, report: ExportReport): Promise<void> {
  const labels = src.schema.labels;
  const index = new Map(labels.map((l, i) => [l.id, i]));
  const hex = (c: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
  const classPalette: [number, number, number][] = [[0, 0, 0], ...labels.map((l) => hex(l.color))];
  while (classPalette.length < 256) classPalette.push(classPalette.length === 255 ? [224, 224, 192] : [0, 0, 0]);
  await zip.add('labelmap.txt', ['# label:color_rgb:parts:actions', 'background:0,0,0::', ...labels.map((l) => `${l.name}:${hex(l.color).join(',')}::`)].join('\n') + '\n');
  let done = 0;
  for (const split of src.splits) {
    const subset = split === 'default' ? 'default' : split;
    const ids: string[] = [];
    const segIds: string[] = [];
    for await (const item of src.items(split)) {
      const { fileName, width, height } = item.asset;
      const objects: string[] = [];
      const masks: ExportAnnotation[] = [];
      for (const a of item.annotations) {
        const label = labels[index.get(a.labelId) ?? -1];
        const why = !label ? 'its label is not in the schema' : a.geometry.type === 'mask' ? null : a.geometry.type === 'box' ? null : `VOC holds boxes and masks, not ${a.geometry.type} objects`;
        if (why) report.skipped(fileName, `${a.geometry.type} ${a.id}: ${why}`);
        else if (a.geometry.type === 'mask') {
          if (Object.keys(a.attributes).length) report.skipped(fileName, `mask ${a.id}: its attributes (VOC keeps none for masks)`);
          masks.push(a);
        } else {
          if (a.geometry.type === 'box' && a.geometry.rotation) report.skipped(fileName, `box ${a.id}: its rotation (VOC boxes are upright; written as its extent)`);
          objects.push(vocObject(a, label));
        }
      }
      const id = stem(fileName);
      ids.push(id);
      const xml = `<?xml version="1.0" encoding="utf-8"?>\n<annotation>\n  <folder>${esc(subset)}</folder>\n  <filename>${esc(fileName)}</filename>\n  <source><database>Tessera</database></source>\n  <size><width>${width ?? 0}</width><height>${height ?? 0}</height><depth>3</depth></size>\n  <segmented>${masks.length ? 1 : 0}</segmented>\n${objects.join('')}</annotation>\n`;
      await zip.add(`Annotations/${id}.xml`, xml);
      if (masks.length && width && height) {
        const cls = new Uint8Array(width * height);
        const obj = new Uint8Array(width * height);
        masks.forEach((m, k) => {
          if (m.geometry.type !== 'mask') return;
          const b = bitmapFromRle(m.geometry.rle);
          const c = index.get(m.labelId)! + 1;
          for (let p = 0; p < b.data.length; p++) {
            if (b.data[p]) {
              cls[p] = c;
              obj[p] = objects.length + k + 1;
            }
          }
        });
        await zip.add(`SegmentationClass/${id}.png`, indexedPng(width, height, cls, classPalette), { compress: false });
        await zip.add(`SegmentationObject/${id}.png`, indexedPng(width, height, obj, VOC_PALETTE), { compress: false });
        segIds.push(id);
      }
      await report.progress(++done);
    }
    await zip.add(`ImageSets/Main/${subset}.txt`, ids.join('\n') + (ids.length ? '\n' : ''));
    if (segIds.length) await zip.add(`ImageSets/Segmentation/${subset}.txt`, segIds.join('\n') + '\n');
    if (opts.includeMedia) await addMedia(src, split, zip, (a) => `JPEGImages/${a.fileName}`);
  }
}
