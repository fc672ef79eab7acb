import type { Label } from '@tessera/contracts';
import type { ExportAnnotation, ExportOptions, ExportReport, ExportSource } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { extentOf, polygonArea } from '../geometry/shapes';
import { rleExtent } from '../geometry/rle';
import { addMedia, batched, subsetFile } from '../export-support';

const isEmpty = (o: object) => {
  for (const _ in o) return false;
  return true;
};

/** COCO categories from the schema: ids 1… in schema order, keypoint names and a 1-based skeleton for labels that have one. */
export function cocoCategories(labels: Label[]) {
  return labels.map((l, i) => ({
    id: i + 1,
    name: l.name,
    supercategory: '',
    ...(l.skeleton ? { keypoints: l.skeleton.points, skeleton: l.skeleton.edges.map(([a, b]) => [a + 1, b + 1]) } : {}),
  }));
}

/** One Tessera annotation as a COCO annotation (without ids), or why COCO cannot hold it. */
export function cocoAnnotation(a: ExportAnnotation, categoryId: number): Record<string, unknown> | string {
  const g = a.geometry;
  const attributes: Record<string, unknown> = { ...a.attributes };
  const base = { category_id: categoryId, iscrowd: 0 };
  let shape: Record<string, unknown>;
  switch (g.type) {
    case 'box':
      // COCO has no rotation; CVAT's convention keeps it in the attributes, the bbox unrotated.
      if (g.rotation) attributes.rotation = g.rotation;
      shape = { segmentation: [], bbox: [g.x, g.y, g.width, g.height], area: g.width * g.height };
      break;
    case 'polygon':
      shape = { segmentation: [g.points.flat()], bbox: extentOf(g), area: polygonArea(g.points) };
      break;
    case 'mask': {
      const e = rleExtent(g.rle);
      shape = { segmentation: { size: g.rle.size, counts: g.rle.counts }, bbox: e?.bbox ?? [0, 0, 0, 0], area: e?.area ?? 0, iscrowd: 1 };
      break;
    }
    case 'keypoints': {
      const ext = extentOf(g) ?? [0, 0, 0, 0];
      shape = {
        segmentation: [],
        keypoints: g.points.flatMap((p) => (p ? [p.x, p.y, p.visible ? 2 : 1] : [0, 0, 0])),
        num_keypoints: g.points.filter(Boolean).length,
        bbox: ext,
        area: ext[2] * ext[3],
      };
      break;
    }
    default:
      return `COCO has no ${g.type} objects`;
  }
  return {
    ...base,
    ...shape,
    ...(a.score !== null ? { score: a.score } : {}),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}

/**
 * COCO instances (and keypoints) JSON, one file per subset, streamed: the
 * header and categories, then the images (a walk over the assets), then the
 * annotations (a walk over the items, in the same order, so image ids are the
 * positions 1…n). Annotation ids run 1… across the file.
 */
export async function exportCoco(src: ExportSource, zip: ArchiveSink, opts: ExportOptions, report: ExportReport): Promise<void> {
  const categories = cocoCategories(src.schema.labels);
  const categoryOf = new Map(src.schema.labels.map((l, i) => [l.id, i + 1]));
  let done = 0;
  for (const split of src.splits) {
    async function* body(): AsyncGenerator<string> {
      const info = { description: src.projectName, version: '1.0', year: new Date().getUTCFullYear(), contributor: 'Tessera', date_created: new Date().toISOString() };
      yield `{"info":${JSON.stringify(info)},"licenses":[],"categories":${JSON.stringify(categories)},"images":[`;
      let n = 0;
      yield* batched(src.assets(split), (asset) => {
        n++;
        return (n > 1 ? ',' : '') + JSON.stringify({ id: n, width: asset.width, height: asset.height, file_name: asset.fileName, ...(asset.externalId ? { tessera_external_id: asset.externalId } : {}) });
      });
      yield '],"annotations":[';
      let imageId = 0;
      let annId = 0;
      yield* batched(src.items(split), async (item) => {
        imageId++;
        let out = '';
        for (const a of item.annotations) {
          const cat = categoryOf.get(a.labelId);
          const g = a.geometry;
          // The common case, written directly, in the order cocoAnnotation's object has: an upright box, its score and
          // attributes if it has them (one small stringify for those, not one for the whole object).
          if (cat !== undefined && g.type === 'box' && !g.rotation) {
            annId++;
            out += `${annId > 1 ? ',' : ''}{"id":${annId},"image_id":${imageId},"category_id":${cat},"iscrowd":0,"segmentation":[],"bbox":[${g.x},${g.y},${g.width},${g.height}],"area":${g.width * g.height}${a.score !== null ? `,"score":${a.score}` : ''}${isEmpty(a.attributes) ? '' : `,"attributes":${JSON.stringify(a.attributes)}`}}`;
            continue;
          }
          const coco = cat === undefined ? 'its label is not in the schema' : cocoAnnotation(a, cat);
          if (typeof coco === 'string') {
            report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: ${coco}`);
            continue;
          }
          annId++;
          out += (annId > 1 ? ',' : '') + JSON.stringify({ id: annId, image_id: imageId, ...coco });
        }
        await report.progress(++done);
        return out;
      });
      yield ']}\n';
    }
    await zip.add(`annotations/${subsetFile('instances', split)}.json`, body());
    if (opts.includeMedia) await addMedia(src, split, zip, (a) => `images/${split === 'default' ? '' : `${split}/`}${a.fileName}`);
  }
}
