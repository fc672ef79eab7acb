import type { ExportOptions, ExportReport, ExportSource, FileTree, PeerAnnotation, PeerItem } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { lines } from '../io/lines';
import { batched } from '../export-support';
import { utf16ToCodePoints } from './offsets';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * doccano's JSONL: `{"text", "label": [[start, end, label]]}` in code points
 * (Python's unit); with relations also `entities` and `relations` as doccano's
 * relation projects write them; document labels as `cats`.
 */
export async function exportDoccano(src: ExportSource, zip: ArchiveSink, _opts: ExportOptions, report: ExportReport): Promise<void> {
  const name = new Map(src.schema.labels.map((l) => [l.id, l.name]));
  let done = 0;
  for (const split of src.splits) {
    const body = batched(src.items(split), async (item) => {
      const text = item.text ?? '';
      const spans = item.annotations.filter((a) => a.geometry.type === 'span');
      const offsets = utf16ToCodePoints(text, spans.flatMap((a) => (a.geometry.type === 'span' ? [a.geometry.start, a.geometry.end] : [])));
      const ids = new Map(spans.map((a, i) => [a.id, i + 1]));
      const label = spans.map((a, i) => [offsets[2 * i], offsets[2 * i + 1], name.get(a.labelId) ?? a.labelId]);
      const relations = item.annotations.flatMap((a, i) => (a.geometry.type === 'relation' ? [{ id: i + 1, from_id: ids.get(a.geometry.from), to_id: ids.get(a.geometry.to), type: name.get(a.labelId) ?? a.labelId }] : []));
      const cats = item.annotations.filter((a) => a.geometry.type === 'doc-label').map((a) => name.get(a.labelId) ?? a.labelId);
      for (const a of item.annotations) if (Object.keys(a.attributes).length) report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: its attributes (doccano keeps none)`);
      const record: Record<string, unknown> = { id: item.asset.externalId ?? item.asset.fileName, text, label };
      if (relations.length) {
        record.entities = label.map(([s, e, l], i) => ({ id: i + 1, start_offset: s, end_offset: e, label: l }));
        record.relations = relations;
      }
      if (cats.length) record.cats = cats;
      await report.progress(++done);
      return JSON.stringify(record) + '\n';
    });
    await zip.add(`${split === 'default' ? 'all' : split}.jsonl`, body);
  }
}

/**
 * Tessera's plain JSONL: every document with its spans (UTF-16 and
 * code-point offsets, the covered text, attributes), relations and document
 * labels, one JSON object a line.
 */
export async function exportJsonl(src: ExportSource, zip: ArchiveSink, _opts: ExportOptions, report: ExportReport): Promise<void> {
  const name = new Map(src.schema.labels.map((l) => [l.id, l.name]));
  let done = 0;
  for (const split of src.splits) {
    const body = batched(src.items(split), async (item) => {
      const text = item.text ?? '';
      const spans = item.annotations.filter((a) => a.geometry.type === 'span');
      const cp = utf16ToCodePoints(text, spans.flatMap((a) => (a.geometry.type === 'span' ? [a.geometry.start, a.geometry.end] : [])));
      const record = {
        id: item.asset.externalId ?? item.asset.id,
        name: item.asset.fileName,
        subset: split,
        text,
        spans: spans.map((a, i) => {
          const g = a.geometry as { start: number; end: number };
          return { id: a.id, label: name.get(a.labelId) ?? a.labelId, start: g.start, end: g.end, start_cp: cp[2 * i], end_cp: cp[2 * i + 1], text: text.slice(g.start, g.end), attributes: a.attributes, ...(a.score !== null ? { score: a.score } : {}) };
        }),
        relations: item.annotations.flatMap((a) => (a.geometry.type === 'relation' ? [{ id: a.id, label: name.get(a.labelId) ?? a.labelId, from: a.geometry.from, to: a.geometry.to, attributes: a.attributes }] : [])),
        labels: item.annotations.flatMap((a) => (a.geometry.type === 'doc-label' ? [{ id: a.id, label: name.get(a.labelId) ?? a.labelId, attributes: a.attributes }] : [])),
      };
      await report.progress(++done);
      return JSON.stringify(record) + '\n';
    });
    await zip.add(`${split === 'default' ? 'documents' : split}.jsonl`, body);
  }
}

/**
 * Reads JSONL text annotations: doccano's (`label` as spans or as classes,
 * `entities` and `relations`, `cats`), and Tessera's own (`spans` with UTF-16
 * offsets, `relations`, `labels`). A line that is not JSON, or has no text,
 * is a problem of its own.
 */
export async function* readTextJsonl(tree: FileTree): AsyncGenerator<PeerItem> {
  for (const path of tree.paths().filter((p) => /\.(jsonl|ndjson)$/i.test(p)).sort()) {
    for await (const { n, text: line } of lines(await tree.open(path))) {
      if (!line.trim()) continue;
      const where = `${path}: line ${n}`;
      let r: Record<string, unknown>;
      try {
        r = JSON.parse(line);
      } catch (e) {
        yield { where, ref: {}, annotations: [], problems: [{ where, message: `malformed JSON (${(e as Error).message})` }] };
        continue;
      }
      if (typeof r !== 'object' || r === null || typeof r.text !== 'string') {
        yield { where, ref: {}, annotations: [], problems: [{ where, message: 'the record has no "text"' }] };
        continue;
      }
      const item: PeerItem = { where, ref: { text: r.text, externalId: r.id === undefined ? undefined : String(r.id), name: typeof r.name === 'string' ? r.name : undefined }, annotations: [], problems: [] };
      const span = (start: unknown, end: unknown, category: unknown, w: string, units: 'utf16' | 'codepoints', extra: Partial<PeerAnnotation> = {}) => {
        if (!isNum(start) || !isNum(end) || typeof category !== 'string') item.problems.push({ where: w, message: 'a span needs numeric start and end and a label' });
        else item.annotations.push({ category, geometry: { type: 'span', start, end }, units, where: w, ...extra });
      };
      if (Array.isArray(r.spans)) {
        (r.spans as Record<string, unknown>[]).forEach((s, i) => span(s.start, s.end, s.label, `${where}: spans[${i}]`, 'utf16', { key: String(s.id), attributes: s.attributes as Record<string, unknown>, score: isNum(s.score) ? s.score : null }));
        for (const [i, x] of ((r.relations ?? []) as Record<string, unknown>[]).entries()) {
          item.annotations.push({ category: String(x.label), geometry: { type: 'relation', from: '00000000-0000-4000-8000-000000000000', to: '00000000-0000-4000-8000-000000000000' }, from: String(x.from), to: String(x.to), attributes: x.attributes as Record<string, unknown>, where: `${where}: relations[${i}]` });
        }
        for (const [i, x] of ((r.labels ?? []) as Record<string, unknown>[]).entries()) item.annotations.push({ category: String(x.label), geometry: { type: 'doc-label' }, attributes: x.attributes as Record<string, unknown>, where: `${where}: labels[${i}]` });
        yield item;
        continue;
      }
      if (Array.isArray(r.entities)) {
        (r.entities as Record<string, unknown>[]).forEach((e, i) => span(e.start_offset, e.end_offset, e.label, `${where}: entities[${i}]`, 'codepoints', { key: String(e.id) }));
        for (const [i, x] of ((r.relations ?? []) as Record<string, unknown>[]).entries()) {
          item.annotations.push({ category: String(x.type ?? x.label ?? ''), geometry: { type: 'relation', from: '00000000-0000-4000-8000-000000000000', to: '00000000-0000-4000-8000-000000000000' }, from: String(x.from_id), to: String(x.to_id), where: `${where}: relations[${i}]` });
        }
      } else if (Array.isArray(r.label)) {
        (r.label as unknown[]).forEach((l, i) => {
          if (Array.isArray(l)) span(l[0], l[1], l[2], `${where}: label[${i}]`, 'codepoints');
          else if (typeof l === 'string') item.annotations.push({ category: l, geometry: { type: 'doc-label' }, where: `${where}: label[${i}]` });
          else item.problems.push({ where: `${where}: label[${i}]`, message: 'a label is [start, end, label] or a class name' });
        });
      }
      for (const [i, c] of (Array.isArray(r.cats) ? (r.cats as unknown[]) : []).entries()) item.annotations.push({ category: String(c), geometry: { type: 'doc-label' }, where: `${where}: cats[${i}]` });
      yield item;
    }
  }
}
