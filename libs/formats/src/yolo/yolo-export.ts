import { stringify } from 'yaml';
import { boxCorners } from '@tessera/contracts';
import type { ExportAnnotation, ExportAsset, ExportOptions, ExportReport, ExportSource } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { extentOf, num } from '../geometry/shapes';
import { addMedia, stem } from '../export-support';

export type YoloTask = 'detect' | 'segment' | 'obb' | 'pose';

/** Ultralytics' subset names: a plain export is its training set. */
const subsetOf = (split: string) => (split === 'default' ? 'train' : split);

/** One object as a YOLO label line (normalised to the image), or why this task cannot hold it. */
export function yoloLine(task: YoloTask, a: ExportAnnotation, cls: number, asset: ExportAsset, keypointCount: number): string {
  const w = asset.width ?? 0;
  const h = asset.height ?? 0;
  if (!w || !h) return '!the image has no known size';
  const X = (x: number) => num(x / w);
  const Y = (y: number) => num(y / h);
  const g = a.geometry;
  switch (task) {
    case 'detect': {
      if (g.type !== 'box') return `!yolo-detect holds boxes, not ${g.type} objects`;
      const [x, y, bw, bh] = extentOf(g)!;
      return `${cls} ${X(x + bw / 2)} ${Y(y + bh / 2)} ${X(bw)} ${Y(bh)}`;
    }
    case 'segment':
      if (g.type !== 'polygon') return `!yolo-segment holds polygons, not ${g.type} objects`;
      return `${cls} ${g.points.map(([x, y]) => `${X(x)} ${Y(y)}`).join(' ')}`;
    case 'obb':
      if (g.type !== 'box') return `!yolo-obb holds (rotated) boxes, not ${g.type} objects`;
      return `${cls} ${boxCorners(g).map(([x, y]) => `${X(x)} ${Y(y)}`).join(' ')}`;
    case 'pose': {
      if (g.type !== 'keypoints') return `!yolo-pose holds keypoints, not ${g.type} objects`;
      if (g.points.length !== keypointCount) return `!yolo-pose needs ${keypointCount} keypoints per object (kpt_shape); this label has ${g.points.length}`;
      const [x, y, bw, bh] = extentOf(g) ?? [0, 0, 0, 0];
      const kps = g.points.map((p) => (p ? `${X(p.x)} ${Y(p.y)} ${p.visible ? 2 : 1}` : '0 0 0')).join(' ');
      return `${cls} ${X(x + bw / 2)} ${Y(y + bh / 2)} ${X(bw)} ${Y(bh)} ${kps}`;
    }
  }
}

/**
 * The Ultralytics layout: `data.yaml` (class names by index, subsets, and
 * `kpt_shape` for pose), `labels/<subset>/<image stem>.txt` with one
 * normalised object a line, and with media `images/<subset>/…`. `path` is left
 * out, so Ultralytics resolves the subsets next to data.yaml.
 */
export function yoloExporter(task: YoloTask) {
  return async function exportYolo(src: ExportSource, zip: ArchiveSink, opts: ExportOptions, report: ExportReport): Promise<void> {
    const labels = src.schema.labels;
    const classOf = new Map(labels.map((l, i) => [l.id, i]));
    const keypointCount = Math.max(0, ...labels.map((l) => l.skeleton?.points.length ?? 0));
    const subsets = src.splits.map(subsetOf);
    const data: Record<string, unknown> = {
      train: `images/${subsets.includes('train') ? 'train' : subsets[0]}`,
      val: `images/${subsets.includes('val') ? 'val' : subsets.includes('train') ? 'train' : subsets[0]}`,
      ...(subsets.includes('test') ? { test: 'images/test' } : {}),
      names: Object.fromEntries(labels.map((l, i) => [i, l.name])),
    };
    if (task === 'pose') {
      const skeleton = labels.find((l) => l.skeleton?.points.length === keypointCount)?.skeleton;
      data.kpt_shape = [keypointCount, 3];
      if (skeleton) data.kpt_names = { 0: skeleton.points };
    }
    await zip.add('data.yaml', stringify(data));
    let done = 0;
    for (const split of src.splits) {
      const subset = subsetOf(split);
      for await (const item of src.items(split)) {
        const out: string[] = [];
        for (const a of item.annotations) {
          const cls = classOf.get(a.labelId);
          const line = cls === undefined ? '!its label is not in the schema' : yoloLine(task, a, cls, item.asset, keypointCount);
          if (line.startsWith('!')) report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: ${line.slice(1)}`);
          else out.push(line);
        }
        await zip.add(`labels/${subset}/${stem(item.asset.fileName)}.txt`, out.length ? out.join('\n') + '\n' : '');
        await report.progress(++done);
      }
      if (opts.includeMedia) await addMedia(src, split, zip, (a) => `images/${subset}/${a.fileName}`);
    }
  };
}
