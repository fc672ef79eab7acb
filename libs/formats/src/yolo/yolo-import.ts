import { parse } from 'yaml';
import type { FileTree, PeerAnnotation, PeerItem } from '../model';
import { FormatError } from '../model';
import { lines, text } from '../io/lines';
import type { YoloTask } from './yolo-export';

const base = (p: string) => p.split('/').pop() ?? p;

/**
 * Class names, from whichever the upload has: Ultralytics' data.yaml (names as
 * a list or a map), Darknet's obj.names, or classes.txt (Label Studio); and
 * the keypoint shape for pose.
 */
async function classNames(tree: FileTree): Promise<{ names: Map<number, string>; kpt: [number, number] | null }> {
  const paths = tree.paths();
  const yamlPath = paths.find((p) => /(^|\/)data\.ya?ml$/i.test(p)) ?? paths.find((p) => /\.ya?ml$/i.test(p));
  const names = new Map<number, string>();
  if (yamlPath) {
    let doc: unknown;
    try {
      // Plain YAML only: no custom tags, no aliases beyond a small number (an alias bomb is refused).
      doc = parse(await text(await tree.open(yamlPath), 1024 * 1024), { maxAliasCount: 100, customTags: [] });
    } catch (e) {
      throw new FormatError(yamlPath, `malformed YAML (${(e as Error).message.split('\n')[0]})`);
    }
    const d = (doc ?? {}) as Record<string, unknown>;
    if (Array.isArray(d.names)) d.names.forEach((n, i) => names.set(i, String(n)));
    else if (d.names && typeof d.names === 'object') for (const [k, v] of Object.entries(d.names)) names.set(Number(k), String(v));
    const k = d.kpt_shape;
    const kpt = Array.isArray(k) && k.length === 2 && k.every((v) => Number.isInteger(v)) ? (k as [number, number]) : null;
    return { names, kpt };
  }
  const list = paths.find((p) => /(^|\/)(obj\.names|classes\.txt)$/i.test(p));
  if (list) {
    let i = 0;
    for await (const l of lines(await tree.open(list))) if (l.text.trim()) names.set(i++, l.text.trim());
  }
  return { names, kpt: null };
}

/** Label files: `.txt` files that are not lists of classes or subsets. */
function labelFiles(tree: FileTree): string[] {
  const skip = /(^|\/)(obj\.names|classes\.txt|train\.txt|valid\.txt|val\.txt|test\.txt|obj\.data)$/i;
  return tree.paths().filter((p) => p.toLowerCase().endsWith('.txt') && !skip.test(p)).sort();
}

/**
 * Reads YOLO label files (Ultralytics detect, segment, OBB and pose; Darknet's
 * "YOLO 1.1"; Label Studio's classes.txt layout). A line's meaning follows the
 * task asked for: the same nine numbers are an oriented box or a polygon of
 * four points. Coordinates are fractions of the image, which the mapper scales
 * by the matched asset's size. An item per label file, matched by its stem.
 */
export function yoloReader(task: YoloTask) {
  return async function* readYolo(tree: FileTree): AsyncGenerator<PeerItem> {
    const { names, kpt } = await classNames(tree);
    for (const path of labelFiles(tree)) {
      const item: PeerItem = { where: path, ref: { name: base(path).replace(/\.txt$/i, '') }, annotations: [], problems: [] };
      for await (const { n, text: line } of lines(await tree.open(path))) {
        if (!line.trim()) continue;
        const where = `${path}: line ${n}`;
        const parts = line.trim().split(/\s+/);
        const v = parts.map(Number);
        if (!v.every(Number.isFinite)) {
          item.problems.push({ where, message: `not numbers: "${line.trim().slice(0, 80)}"` });
          continue;
        }
        const cls = v[0];
        if (!Number.isInteger(cls) || cls < 0) {
          item.problems.push({ where, message: `the class "${parts[0]}" is not a class index` });
          continue;
        }
        const category = names.get(cls) ?? String(cls);
        const a = yoloObject(task, v.slice(1), kpt, category, where);
        if (typeof a === 'string') item.problems.push({ where, message: a });
        else item.annotations.push(a);
      }
      yield item;
    }
  };
}

function yoloObject(task: YoloTask, v: number[], kpt: [number, number] | null, category: string, where: string): PeerAnnotation | string {
  const out = (geometry: PeerAnnotation['geometry']): PeerAnnotation => ({ category, geometry, units: 'fraction', where });
  const box = () => out({ type: 'box', x: v[0] - v[2] / 2, y: v[1] - v[3] / 2, width: v[2], height: v[3], rotation: 0 });
  switch (task) {
    case 'detect':
      if (v.length !== 4) return `a detection line has a class and 4 numbers, this one ${v.length}`;
      return box();
    case 'obb': {
      if (v.length !== 8) return `an oriented box line has a class and 8 numbers (4 corners), this one ${v.length}`;
      return { ...out({ type: 'polygon', points: [[v[0], v[1]], [v[2], v[3]], [v[4], v[5]], [v[6], v[7]]] }), corners: true };
    }
    case 'segment': {
      if (v.length % 2) return 'a polygon line needs pairs of coordinates';
      if (v.length < 6) return `a polygon needs at least 3 points, this one has ${v.length / 2}`;
      const points: [number, number][] = [];
      for (let i = 0; i < v.length; i += 2) points.push([v[i], v[i + 1]]);
      return out({ type: 'polygon', points });
    }
    case 'pose': {
      const dims = kpt ? kpt[1] : (v.length - 4) % 3 === 0 ? 3 : 2;
      const k = kpt?.[0] ?? (v.length - 4) / dims;
      if (v.length !== 4 + k * dims || !Number.isInteger(k) || k < 1) return `a pose line has a class, a box and ${kpt ? `${kpt[0]}×${kpt[1]}` : 'its'} keypoint numbers; this one has ${v.length}`;
      const points = [];
      for (let i = 0; i < k; i++) {
        const [x, y] = [v[4 + i * dims], v[5 + i * dims]];
        const vis = dims === 3 ? v[6 + i * dims] : x || y ? 2 : 0;
        points.push(vis > 0 ? { x, y, visible: vis >= 2 } : null);
      }
      return out({ type: 'keypoints', points });
    }
  }
}
