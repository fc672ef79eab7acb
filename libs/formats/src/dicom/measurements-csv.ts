import { parse } from 'csv-parse';
import type { ExportAnnotation, ExportItem, ExportOptions, ExportReport, ExportSource, FileTree, PeerItem } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { batched } from '../export-support';
import { seriesAxes } from './placement';
import { csvCell } from '../csv-cell';

type P3 = [number, number, number];
const dist = (a: P3, b: P3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const COLUMNS = ['series_uid', 'asset', 'annotation_id', 'label', 'kind', 'slice_index', 'value', 'value2', 'unit', 'points', 'attributes', 'score'] as const;

/** A CSV field, quoted as needed, with cells a spreadsheet would run as formulas defused. */
const field = csvCell;

/** What a measurement measures, in mm (or degrees, mm², mm³). */
export function measure(a: ExportAnnotation, item: ExportItem): { value: number | string; value2?: number; unit: string } | null {
  const g = a.geometry;
  switch (g.type) {
    case 'length':
      return { value: dist(g.points[0], g.points[1]), unit: 'mm' };
    case 'angle': {
      const [p, v, q] = g.points;
      const u = [p[0] - v[0], p[1] - v[1], p[2] - v[2]];
      const w = [q[0] - v[0], q[1] - v[1], q[2] - v[2]];
      const cos = (u[0] * w[0] + u[1] * w[1] + u[2] * w[2]) / (Math.hypot(...u) * Math.hypot(...w) || 1);
      return { value: (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI, unit: 'deg' };
    }
    case 'ellipse':
      return { value: (Math.PI * dist(g.points[0], g.points[1]) * dist(g.points[2], g.points[3])) / 4, unit: 'mm2' };
    case 'rectangle': {
      const s = item.series;
      const d: P3 = [g.points[1][0] - g.points[0][0], g.points[1][1] - g.points[0][1], g.points[1][2] - g.points[0][2]];
      if (!s) return { value: Math.abs(d[0] * d[1]), unit: 'mm2' };
      const o = s.orientation;
      const along = (k: number) => Math.abs(d[0] * o[k] + d[1] * o[k + 1] + d[2] * o[k + 2]);
      return { value: along(0) * along(3), unit: 'mm2' };
    }
    case 'bidirectional':
      return { value: dist(g.points[0], g.points[1]), value2: dist(g.points[2], g.points[3]), unit: 'mm' };
    case 'classification':
      return { value: g.scope, unit: '' };
    case 'segment': {
      if (!item.series) return null;
      const { axes } = seriesAxes(item.series);
      const voxel = Math.hypot(...axes[0]) * Math.hypot(...axes[1]) * Math.hypot(...axes[2]);
      let n = 0;
      for (const rle of Object.values(g.slices)) rle.counts.forEach((c, i) => (n += i % 2 ? c : 0));
      return { value: n * voxel, unit: 'mm3' };
    }
    default:
      return null;
  }
}

/**
 * Measurements and classifications of DICOM series as CSV, a row each:
 * series, label, kind, slice, the measured value with its unit, the points
 * (JSON, patient coordinates in mm) and attributes; segments get a row with
 * their volume, for reading (their voxels travel as DICOM SEG or NIfTI).
 */
export async function exportDicomCsv(src: ExportSource, zip: ArchiveSink, _opts: ExportOptions, report: ExportReport): Promise<void> {
  const name = new Map(src.schema.labels.map((l) => [l.id, l.name]));
  let done = 0;
  async function* body(): AsyncGenerator<string> {
    yield '\ufeff' + COLUMNS.join(',') + '\r\n';
    for (const split of src.splits) {
      yield* batched(src.items(split), async (item) => {
        let out = '';
        for (const a of item.annotations) {
          const m = measure(a, item);
          if (!m) {
            report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: not a measurement`);
            continue;
          }
          const g = a.geometry as { sliceIndex?: number; points?: unknown };
          out += [item.series?.seriesUid ?? '', item.asset.fileName, a.id, name.get(a.labelId) ?? a.labelId, a.geometry.type, g.sliceIndex ?? '', m.value, m.value2 ?? '', m.unit, a.geometry.type === 'segment' ? '' : g.points ?? '', a.attributes, a.score ?? '']
            .map(field)
            .join(',') + '\r\n';
        }
        await report.progress(++done);
        return out;
      });
    }
  }
  await zip.add('measurements.csv', body());
}

/**
 * Reads the CSV back: a row per measurement or classification (segment rows
 * are read, not imported: their voxels come as SEG or NIfTI). Rows name their
 * series by UID and their asset by name.
 */
export async function* readDicomCsv(tree: FileTree): AsyncGenerator<PeerItem> {
  for (const path of tree.paths().filter((p) => p.toLowerCase().endsWith('.csv'))) {
    const items = new Map<string, PeerItem>();
    const parser = (await tree.open(path)).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }));
    let row = 1;
    for await (const r of parser as AsyncIterable<Record<string, string>>) {
      row++;
      const where = `${path}: row ${row}`;
      const key = `${r.series_uid}\u0000${r.asset}`;
      const item = items.get(key) ?? { where: `${path}: ${r.asset || r.series_uid}`, ref: { seriesUid: r.series_uid || undefined, name: r.asset || undefined }, annotations: [], problems: [] };
      items.set(key, item);
      if (r.kind === 'segment') continue;
      const unquote = (s: string) => (s?.startsWith("'") ? s.slice(1) : s);
      try {
        const attributes = r.attributes ? JSON.parse(unquote(r.attributes)) : {};
        const geometry = r.kind === 'classification'
          ? { type: 'classification' as const, scope: (r.value === 'study' ? 'study' : 'series') as 'study' | 'series' }
          : { type: r.kind, sliceIndex: Number(r.slice_index), points: JSON.parse(unquote(r.points)) };
        item.annotations.push({ category: unquote(r.label), geometry: geometry as PeerItem['annotations'][number]['geometry'], attributes, score: r.score ? Number(r.score) : null, where });
      } catch (e) {
        item.problems.push({ where, message: `the row cannot be read (${(e as Error).message})` });
      }
    }
    yield* items.values();
  }
}
