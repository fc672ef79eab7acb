import type { ExportOptions, ExportReport, ExportSource, FileTree, PeerAnnotation, PeerItem } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { lines } from '../io/lines';
import { batched } from '../export-support';
import { tokenize } from './offsets';

const SENTENCE_END = /^[.!?。！？…]+$/u;

/**
 * CoNLL-2003 columns (`token -X- _ TAG`, as Label Studio writes them), a
 * `-DOCSTART- -X- -X- O` line before each document and a blank line after
 * each sentence. Tags in IOB2 or BIOES; spans are whole tokens (a token is cut
 * where a span starts or ends inside it); overlapping spans, relations and
 * document labels have no place in CoNLL and are reported.
 */
export async function exportConll(src: ExportSource, zip: ArchiveSink, opts: ExportOptions, report: ExportReport): Promise<void> {
  const { scheme, segmentation } = opts.conll ?? { scheme: 'iob2', segmentation: 'chars' };
  const labels = new Map(src.schema.labels.map((l) => [l.id, l]));
  let done = 0;
  for (const split of src.splits) {
    const body = batched(src.items(split), async (item) => {
      const text = item.text ?? '';
      const spans = item.annotations
        .filter((a) => {
          if (a.geometry.type === 'span') return true;
          report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: CoNLL holds entity spans only`);
          return false;
        })
        .map((a) => ({ a, g: a.geometry as { start: number; end: number }, name: labels.get(a.labelId)?.name.replace(/\s+/g, '_') ?? a.labelId }))
        .sort((x, y) => x.g.start - y.g.start || y.g.end - x.g.end);
      const kept: typeof spans = [];
      for (const s of spans) {
        if (kept.length && s.g.start < kept[kept.length - 1].g.end) report.skipped(item.asset.fileName, `span ${s.a.id}: it overlaps another span, which CoNLL cannot show`);
        else kept.push(s);
      }
      const cuts = new Set(kept.flatMap((s) => [s.g.start, s.g.end]));
      const tokens = tokenize(text, segmentation, cuts);
      let out = '-DOCSTART- -X- -X- O\n\n';
      let k = 0;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        while (k < kept.length && kept[k].g.end <= t.start) k++;
        const s = kept[k];
        let tag = 'O';
        if (s && t.start >= s.g.start && t.end <= s.g.end) {
          const first = t.start === s.g.start;
          const last = t.end === s.g.end;
          const p = scheme === 'bioes' ? (first && last ? 'S' : first ? 'B' : last ? 'E' : 'I') : first ? 'B' : 'I';
          tag = `${p}-${s.name}`;
        }
        out += `${t.text.replace(/\s+/gu, '_')} -X- _ ${tag}\n`;
        const next = tokens[i + 1];
        if (!next || SENTENCE_END.test(t.text) || text.slice(t.end, next.start).includes('\n')) out += '\n';
      }
      await report.progress(++done);
      return out;
    });
    await zip.add(`${split === 'default' ? 'annotations' : split}.conll`, body);
  }
}

const HEADER_TOKEN = /^(word|token|tokens|text|form)$/i;
const HEADER_TAG = /^(tag|tags|ner|label|labels|ne)$/i;

/**
 * Reads CoNLL-style column files (CoNLL-2003, doccano, flair, Label Studio):
 * the token is the first column, the tag the last; columns are split on tabs
 * when a line has one (a token may then hold a space), else on any run of
 * white space. Tags in IOB1, IOB2, BIOES or BILOU, or bare types (IO). A
 * `-DOCSTART-` starts a document; a file without one has a document per
 * sentence, as doccano reads it. Spans index tokens; the mapper finds the
 * tokens in the matched document's text.
 */
export async function* readConll(tree: FileTree): AsyncGenerator<PeerItem> {
  for (const path of tree.paths().filter((p) => /\.(conll|conllu?|txt|tsv|bio|iob|train|test|dev)$/i.test(p)).sort()) {
    let docs = false;
    let tokens: string[] = [];
    let spans: PeerAnnotation[] = [];
    let problems: PeerItem['problems'] = [];
    let open: { type: string; start: number; line: number } | null = null;
    let startLine = 0;
    let first = true;
    const close = (end: number) => {
      if (open) spans.push({ category: open.type, geometry: { type: 'span', start: open.start, end }, units: 'tokens', where: `${path}: line ${open.line}` });
      open = null;
    };
    const flush = (): PeerItem | null => {
      close(tokens.length);
      if (!tokens.length && !problems.length) return null;
      const item: PeerItem = { where: `${path}: line ${startLine}`, ref: { text: tokens.join('') }, tokens, annotations: spans, problems };
      tokens = [];
      spans = [];
      problems = [];
      return item;
    };
    for await (const { n, text } of lines(await tree.open(path))) {
      const line = text.trimEnd();
      if (line.startsWith('-DOCSTART-')) {
        docs = true;
        const item = flush();
        if (item) yield item;
        continue;
      }
      if (!line.trim()) {
        close(tokens.length);
        if (!docs) {
          const item = flush();
          if (item) yield item;
        }
        continue;
      }
      const cols = line.includes('\t') ? line.split('\t') : line.trim().split(/\s+/);
      if (first) {
        first = false;
        if (cols.length >= 2 && HEADER_TOKEN.test(cols[0].trim()) && HEADER_TAG.test(cols[cols.length - 1].trim())) continue;
      }
      if (!tokens.length) startLine = n;
      const token = cols[0].trim();
      if (cols.length < 2) {
        problems.push({ where: `${path}: line ${n}`, message: 'a line needs a token and a tag' });
        continue;
      }
      const tag = cols[cols.length - 1].trim();
      const m = /^([BIESLU])[-_](.+)$/.exec(tag);
      const [prefix, type] = tag === 'O' || tag === '_' ? ['O', ''] : m ? [m[1], m[2]] : ['I', tag];
      const i = tokens.length;
      tokens.push(token);
      if (prefix === 'O') close(i);
      else if (prefix === 'B' || prefix === 'S' || prefix === 'U' || !open || open.type !== type) {
        close(i);
        open = { type, start: i, line: n };
      }
      if (prefix === 'E' || prefix === 'S' || prefix === 'L' || prefix === 'U') close(i + 1);
    }
    const item = flush();
    if (item) yield item;
  }
}
