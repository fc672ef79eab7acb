import type { FileTree, PeerAnnotation, PeerItem, Problem } from '../model';
import { FormatError } from '../model';
import { scanJsonArrays } from '../io/json-scan';
import { decodeCocoString, rleTotal } from '../geometry/rle';

interface CocoImage {
  id: number | string;
  file_name?: string;
  width?: number;
  height?: number;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const truthy = (v: unknown) => v === true || v === 1 || v === '1' || (typeof v === 'string' && v.toLowerCase() === 'true');

/** The JSON files of an upload that look like COCO (every .json, for a zip of several subsets). */
export const cocoFiles = (tree: FileTree) => tree.paths().filter((p) => p.toLowerCase().endsWith('.json'));

/**
 * One COCO annotation as Tessera-shaped peer annotations: a polygon per
 * outline part, a mask for RLE, keypoints, or the box when there is neither,
 * all in one group when there are several.
 */
export function cocoObjects(ann: Record<string, unknown>, category: string, where: string, size: { width?: number; height?: number }): { annotations: PeerAnnotation[]; problems: Problem[] } {
  const annotations: PeerAnnotation[] = [];
  const problems: Problem[] = [];
  const attributes = typeof ann.attributes === 'object' && ann.attributes !== null && !Array.isArray(ann.attributes) ? { ...(ann.attributes as Record<string, unknown>) } : {};
  const rotation = isNum(attributes.rotation) ? attributes.rotation : 0;
  delete attributes.rotation;
  const score = isNum(ann.score) ? ann.score : null;
  const base = { category, attributes, score, units: 'px' as const };
  const seg = ann.segmentation;
  const kps = Array.isArray(ann.keypoints) ? (ann.keypoints as unknown[]) : [];
  const placedKps = kps.length >= 3 && kps.some((v, i) => i % 3 === 2 && isNum(v) && v > 0);
  if (Array.isArray(seg) && seg.length && !truthy(ann.isbbox)) {
    seg.forEach((part, k) => {
      const w = seg.length > 1 ? `${where}.segmentation[${k}]` : where;
      if (!Array.isArray(part) || !part.every(isNum)) return problems.push({ where: w, message: 'a polygon must be a list of numbers' });
      if (part.length % 2) return problems.push({ where: w, message: 'a polygon needs an even count of coordinates' });
      if (part.length < 6) return problems.push({ where: w, message: `a polygon needs at least 3 points, this one has ${part.length / 2}` });
      const points: [number, number][] = [];
      for (let i = 0; i < part.length; i += 2) points.push([part[i], part[i + 1]]);
      annotations.push({ ...base, geometry: { type: 'polygon', points }, where: w });
    });
  } else if (seg && typeof seg === 'object' && !Array.isArray(seg)) {
    const rle = seg as { size?: unknown; counts?: unknown };
    const s = rle.size;
    if (!Array.isArray(s) || s.length !== 2 || !s.every((v) => Number.isInteger(v) && v > 0)) {
      problems.push({ where, message: 'an RLE mask needs size [height, width]' });
    } else {
      let counts: number[] | null = null;
      if (Array.isArray(rle.counts) && rle.counts.every((c) => Number.isInteger(c) && c >= 0)) counts = rle.counts as number[];
      else if (typeof rle.counts === 'string') {
        try {
          counts = decodeCocoString(rle.counts);
        } catch (e) {
          problems.push({ where, message: `the compressed RLE cannot be read (${(e as Error).message})` });
        }
      } else problems.push({ where, message: 'RLE counts must be a list of counts or a compressed string' });
      if (counts) {
        const [h, w] = s as [number, number];
        if (rleTotal(counts) !== h * w) problems.push({ where, message: `the RLE runs cover ${rleTotal(counts)} pixels, a ${h}×${w} mask has ${h * w}` });
        else if ((size.height && size.height !== h) || (size.width && size.width !== w)) problems.push({ where, message: `the mask is ${h}×${w}, the image ${size.height}×${size.width}` });
        else annotations.push({ ...base, geometry: { type: 'mask', rle: { size: [h, w], counts } }, where });
      }
    }
  } else if (!placedKps) {
    const b = ann.bbox;
    if (!Array.isArray(b) || b.length !== 4 || !b.every(isNum)) problems.push({ where, message: 'bbox must be [x, y, width, height] numbers' });
    else annotations.push({ ...base, geometry: { type: 'box', x: b[0], y: b[1], width: b[2], height: b[3], rotation }, where });
  }
  if (placedKps) {
    if (kps.length % 3 || !kps.every(isNum)) problems.push({ where: `${where}.keypoints`, message: 'keypoints must be x, y, visibility triples of numbers' });
    else {
      const points = [];
      for (let i = 0; i < kps.length; i += 3) {
        const v = kps[i + 2] as number;
        points.push(v > 0 ? { x: kps[i] as number, y: kps[i + 1] as number, visible: v === 2 } : null);
      }
      annotations.push({ ...base, geometry: { type: 'keypoints', points }, where: `${where}.keypoints` });
    }
  }
  if (annotations.length > 1) for (const a of annotations) a.group = where;
  return { annotations, problems };
}

/**
 * Reads COCO instances, keypoints and results files. A dataset file is read
 * twice, as a stream: first its images and categories, then its annotations,
 * grouped by image as they come (tools write them image by image; an image
 * seen again later makes a second item for the same asset). A results file
 * (a bare list of detections) names images by id only: with a dataset file
 * beside it (the one the detector ran on), its ids are that file's images.
 */
export async function* readCoco(tree: FileTree): AsyncGenerator<PeerItem> {
  const shared = { images: new Map<string, CocoImage>(), categories: new Map<string, string>() };
  const files: { path: string; images: Map<string, CocoImage>; categories: Map<string, string>; results: boolean }[] = [];
  for (const path of cocoFiles(tree)) {
    const images = new Map<string, CocoImage>();
    const categories = new Map<string, string>();
    let results = false;
    for await (const ev of scanJsonArrays(await tree.open(path), (p) => p === 'images' || p === 'categories' || p === '', path)) {
      const v = ev.value as Record<string, unknown>;
      if (ev.path === '') {
        results = true;
        break;
      }
      if (typeof v !== 'object' || v === null) throw new FormatError(`${path}: ${ev.path}[${ev.index}]`, 'expected an object');
      if (ev.path === 'images') {
        if (v.id === undefined) throw new FormatError(`${path}: images[${ev.index}]`, 'an image needs an id');
        images.set(String(v.id), v as unknown as CocoImage);
      } else categories.set(String(v.id), typeof v.name === 'string' && v.name ? v.name : String(v.id));
    }
    for (const [k, v] of images) shared.images.set(k, v);
    for (const [k, v] of categories) shared.categories.set(k, v);
    files.push({ path, images, categories, results });
  }
  for (const { path, results, ...own } of files) {
    const images = results ? shared.images : own.images;
    const categories = results ? shared.categories : own.categories;
    let current: PeerItem | null = null;
    let currentId: string | null = null;
    const orphans: Problem[] = [];
    for await (const ev of scanJsonArrays(await tree.open(path), (p) => (results ? p === '' : p === 'annotations'), path)) {
      const where = `${path}: ${ev.path || 'results'}[${ev.index}]`;
      const ann = ev.value as Record<string, unknown>;
      if (typeof ann !== 'object' || ann === null) throw new FormatError(where, 'expected an object');
      const imageId = String(ann.image_id);
      const image = images.get(imageId);
      if (!results && !image) {
        orphans.push({ where, message: `image_id ${imageId} is not among the file's images` });
        continue;
      }
      if (imageId !== currentId) {
        if (current) yield current;
        currentId = imageId;
        current = {
          where: image ? `${path}: image ${imageId}${image.file_name ? ` (${image.file_name})` : ''}` : `${path}: image ${imageId}`,
          ref: image?.file_name ? { name: image.file_name, externalId: imageId } : { externalId: imageId },
          width: isNum(image?.width) ? image.width : undefined,
          height: isNum(image?.height) ? image.height : undefined,
          annotations: [],
          problems: [],
        };
      }
      const category = categories.get(String(ann.category_id)) ?? String(ann.category_id);
      const objs = cocoObjects(ann, category, where, { width: current!.width, height: current!.height });
      current!.annotations.push(...objs.annotations);
      current!.problems.push(...objs.problems);
    }
    if (current) yield current;
    if (orphans.length) yield { where: path, ref: {}, annotations: [], problems: orphans };
  }
}
