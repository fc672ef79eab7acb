import { exportConll, readConll } from './conll';
import { exportDoccano, exportJsonl, readTextJsonl } from './jsonl';
import { exportLabelStudio } from '../label-studio/ls-export';
import { readLabelStudio } from '../label-studio/ls-import';
import { tokenize, codePointsToUtf16, utf16ToCodePoints } from './offsets';
import { mapPeerItem } from '../mapping';
import { memoryTree } from '../io/file-tree';
import { textKey } from '../match';
import { asset, dirTree, expectSameAnnotations, exportToTree, fixture, memorySource, readAll, schemaFor } from '../testing/support';
import { ann } from '../testing/items';
import type { ExportItem, FileTree, PeerItem } from '../model';

const schema = schemaFor('text', ['PER', 'ORG', 'LOC', 'works for', 'positive'], {
  PER: { attributes: [{ key: 'confidence', name: 'Confidence', type: 'number' }, { key: 'note', name: 'Note', type: 'text' }] },
});

const en = 'Alice Smith works for Acme Corp. in Paris 👩‍💻 today.\nBob stays.';
const zh = '张伟在北京的清华大学工作。李娜😀住在上海。';
function docs(): ExportItem[] {
  const at = (t: string, s: string) => [t.indexOf(s), t.indexOf(s) + s.length];
  const [a0, a1] = at(en, 'Alice Smith');
  const [c0, c1] = at(en, 'Acme Corp');
  const [p0, p1] = at(en, 'Paris');
  const alice = ann('l0', { type: 'span', start: a0, end: a1 }, { attributes: { confidence: 0.9, note: 'CEO' } });
  const acme = ann('l1', { type: 'span', start: c0, end: c1 });
  const [z0, z1] = at(zh, '张伟');
  const [b0, b1] = at(zh, '北京');
  const [q0, q1] = at(zh, '清华大学');
  const [s0, s1] = at(zh, '上海');
  return [
    { asset: asset('d1', 'news-en.txt', 'text', null, null), text: en, annotations: [alice, acme, ann('l2', { type: 'span', start: p0, end: p1 }), ann('l3', { type: 'relation', from: alice.id, to: acme.id }), ann('l4', { type: 'doc-label' })] },
    { asset: asset('d2', 'news-zh.txt', 'text', null, null), text: zh, annotations: [ann('l0', { type: 'span', start: z0, end: z1 }), ann('l2', { type: 'span', start: b0, end: b1 }), ann('l1', { type: 'span', start: q0, end: q1 }), ann('l2', { type: 'span', start: s0, end: s1 })] },
  ];
}

/** Maps read items onto the documents they name (by text, without white space, as the server does). */
function mapBack(peer: PeerItem[], items: ExportItem[]) {
  return items.map((item) => {
    const got = peer.filter((p) => p.ref.text !== undefined && textKey(p.ref.text) === textKey(item.text!));
    expect(got.length).toBeGreaterThan(0);
    const mapped = got.map((p) => mapPeerItem(p, { ...item.asset, text: item.text }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 't' }));
    expect(mapped.flatMap((m) => m.problems)).toEqual([]);
    return mapped.flatMap((m) => m.annotations);
  });
}

async function roundTrip(exporter: Parameters<typeof exportToTree>[0], reader: (t: FileTree) => AsyncIterable<PeerItem>, keep: (a: ExportItem['annotations'][number]) => boolean, keepAttributes: boolean, opts = {}) {
  const items = docs();
  const { tree, skipped } = await exportToTree(exporter, memorySource(schema, items), opts);
  const peer = await readAll(reader, tree);
  const back = mapBack(peer, items);
  items.forEach((item, i) => {
    const want = item.annotations.filter(keep).map((a) => ({ ...a, attributes: keepAttributes ? a.attributes : {} }));
    // relations name the imported spans' new ids: compare them by what they join
    const rel = (list: typeof back[number] | typeof want, all: { id: string; geometry: { type: string; start?: number } }[]) =>
      list.map((a) => (a.geometry.type === 'relation' ? { ...a, geometry: { type: 'relation', from: String((all.find((s) => s.id === (a.geometry as { from: string }).from)?.geometry as { start: number }).start), to: String((all.find((s) => s.id === (a.geometry as { to: string }).to)?.geometry as { start: number }).start) } } : a));
    expectSameAnnotations(rel(back[i], back[i]) as never, rel(want, item.annotations) as never);
  });
  return { tree, skipped };
}

describe('text offsets', () => {
  it('converts between code points and UTF-16 around astral characters', () => {
    const t = 'a😀b👩‍💻c';
    expect(codePointsToUtf16(t, [0, 1, 2, 3, 6, 7])).toEqual([0, 1, 3, 4, 9, 10]);
    expect(utf16ToCodePoints(t, [0, 1, 3, 4, 9, 10])).toEqual([0, 1, 2, 3, 6, 7]);
    expect(codePointsToUtf16(t, [99])).toEqual([null]);
  });

  it('tokenizes Chinese by characters or by words, and cuts tokens at span ends', () => {
    expect(tokenize('北京大学', 'chars').map((t) => t.text)).toEqual(['北', '京', '大', '学']);
    expect(tokenize('我爱北京大学', 'words').map((t) => t.text).join('|')).toMatch(/北京/);
    expect(tokenize('Acme-Corp works', 'chars', new Set([2])).map((t) => t.text)).toEqual(['Ac', 'me', '-', 'Corp', 'works']);
  });
});

describe('text formats', () => {
  it('Label Studio: spans with text, relations, choices and per-region attributes round-trip', async () => {
    await roundTrip(exportLabelStudio, readLabelStudio, () => true, true);
  });

  it('jsonl: both offsets, relations, labels and attributes round-trip', async () => {
    const { tree } = await roundTrip(exportJsonl, readTextJsonl, () => true, true);
    const first = JSON.parse((await (await tree.open('documents.jsonl')).toArray()).join('').split('\n')[0]);
    const emojiAfter = en.indexOf('today');
    void emojiAfter;
    expect(first.spans[2]).toMatchObject({ label: 'LOC', text: 'Paris' });
    expect(first.spans.every((s: { start: number; start_cp: number }) => s.start === s.start_cp)).toBe(true);
  });

  it('doccano: code-point offsets, relations and categories round-trip', async () => {
    const { tree } = await roundTrip(exportDoccano, readTextJsonl, () => true, false);
    const zhRecord = JSON.parse((await (await tree.open('all.jsonl')).toArray()).join('').split('\n')[1]);
    const shanghai = [...zh].join('').indexOf('上海');
    expect(zhRecord.label[3]).toEqual([[...zh.slice(0, shanghai)].length, [...zh.slice(0, shanghai)].length + 2, 'LOC']);
  });

  it.each([['iob2', 'chars'], ['bioes', 'words'], ['iob2', 'words']] as const)('CoNLL %s with Chinese by %s round-trips the entity spans', async (scheme, segmentation) => {
    const { tree, skipped } = await roundTrip(exportConll, readConll, (a) => a.geometry.type === 'span', false, { conll: { scheme, segmentation } });
    expect(skipped).toHaveLength(2);
    const conll = (await (await tree.open('annotations.conll')).toArray()).join('');
    expect(conll.startsWith('-DOCSTART- -X- -X- O\n\nAlice -X- _ B-PER\nSmith -X- _ ' + (scheme === 'bioes' ? 'E-PER' : 'I-PER'))).toBe(true);
  });

  it('refuses spans past the end of the document or splitting a character', () => {
    const item: PeerItem = { where: 'x', ref: {}, problems: [], annotations: [
      { category: 'PER', geometry: { type: 'span', start: 0, end: 999 }, units: 'utf16', where: 'a' },
      { category: 'PER', geometry: { type: 'span', start: 0, end: 1 }, units: 'utf16', where: 'b' },
      { category: 'PER', geometry: { type: 'span', start: 0, end: 40 }, units: 'codepoints', where: 'c' },
    ] };
    const m = mapPeerItem(item, { id: 'd', kind: 'text', width: null, height: null, text: '😀 hi' }, { schema, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
    expect(m.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([
      'a: the span ends at 999, past the end of the document (5 UTF-16 units)',
      'b: the span [0, 1) splits a character (a grapheme)',
      'c: the span [0, 40) runs past the end of the document (4 characters)',
    ]);
  });

  it('reads every line of a broken JSONL file, refusing the bad ones', async () => {
    const items = await readAll(readTextJsonl, memoryTree({ 'x.jsonl': '{"text": "a", "label": [[0, 1, "PER"]]}\n{not json\n{"label": []}\n' }));
    expect(items.map((i) => i.problems.map((p) => p.where))).toEqual([[], ['x.jsonl: line 2'], ['x.jsonl: line 3']]);
  });

  describe('peer files', () => {
    const conll: [string, number, number][] = [
      ['text_ner/doccano/backend/data_import/pipeline/examples/sequence_labeling/example.txt', 2, 3],
      ['text_ner/doccano/backend/data_import/tests/data/sequence_labeling/example.conll', 2, 2],
      ['text_ner/flair/tests/resources/tasks/column_corpus_options/eng.train', 1, 1],
      ['text_ner/flair/tests/resources/tasks/trivial/trivial_bioes/train.txt', 16, 0],
    ];
    it.each(conll)('CoNLL reads %s', async (path, docsCount, minSpans) => {
      const file = fixture(path);
      if (!file) return;
      const items = await readAll(readConll, dirTree(file));
      expect(items.flatMap((i) => i.problems)).toEqual([]);
      expect(items).toHaveLength(docsCount);
      expect(items.reduce((n, i) => n + i.annotations.length, 0)).toBeGreaterThanOrEqual(minSpans);
      // Each document's tokens find themselves in the text they came from.
      for (const item of items) {
        const text = item.tokens!.join(' ');
        const s = schemaFor('text', [...new Set(item.annotations.map((a) => a.category))]);
        const m = mapPeerItem(item, { id: 'd', kind: 'text', width: null, height: null, text }, { schema: s, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
        expect(m.problems).toEqual([]);
      }
    });

    const jsonl: [string, number][] = [
      ['text_ner/doccano/backend/data_import/tests/data/sequence_labeling/example.jsonl', 1],
      ['text_ner/doccano/backend/data_import/tests/data/sequence_labeling/example_overlapping.jsonl', 0],
      ['text_ner/doccano/backend/data_import/tests/data/relation_extraction/example.jsonl', 0],
    ];
    it.each(jsonl)('doccano JSONL reads %s (refusing only the record without text)', async (path, broken) => {
      const file = fixture(path);
      if (!file) return;
      const items = await readAll(readTextJsonl, dirTree(file));
      expect(items.filter((i) => i.problems.length)).toHaveLength(broken);
      for (const item of items.filter((i) => !i.problems.length)) {
        const s = schemaFor('text', [...new Set(item.annotations.map((a) => a.category))]);
        const m = mapPeerItem(item, { id: 'd', kind: 'text', width: null, height: null, text: item.ref.text }, { schema: s, schemaVersion: 1, mapping: {}, source: 'import', namespace: 'n' });
        expect(m.problems).toEqual([]);
        expect(m.annotations).toHaveLength(item.annotations.length);
      }
    });

    it.each(['labelstudio/label-studio-frontend/examples/named_entity/tasks.json', 'labelstudio/label-studio-frontend/examples/named_entity/annotations/1.json'])('Label Studio NER reads %s', async (path) => {
      const file = fixture(path);
      if (!file) return;
      const [item] = await readAll(readLabelStudio, dirTree(file));
      expect(item.problems).toEqual([]);
      const s = schemaFor('text', ['Date']);
      const m = mapPeerItem(item, { id: 'd', kind: 'text', width: null, height: null, text: item.ref.text }, { schema: s, schemaVersion: 1, mapping: {}, source: 'model', namespace: 'n' });
      expect(m.problems).toEqual([]);
      expect(item.ref.text!.slice((m.annotations[0].geometry as { start: number }).start, (m.annotations[0].geometry as { end: number }).end)).toBe('February 22');
    });
  });
});
