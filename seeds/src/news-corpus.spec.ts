import { newsCorpus, newsJsonl, newsSidecar } from './news-corpus';

const { documents, truth } = newsCorpus();

it('makes 30 distinct English and Chinese news items with people, organisations, places, dates and e-mail addresses', () => {
  expect(documents).toHaveLength(30);
  expect(documents.filter((d) => d.lang === 'en')).toHaveLength(15);
  expect(documents.filter((d) => d.lang === 'zh')).toHaveLength(15);
  expect(new Set(documents.map((d) => d.text)).size).toBe(30);
  const labels = new Set(truth.flatMap((t) => t.spans.map((s) => s.label)));
  expect([...labels].sort()).toEqual(['date', 'email', 'location', 'organization', 'person']);
  expect(JSON.stringify(newsCorpus())).toBe(JSON.stringify({ documents, truth }));
});

it('gives spans in UTF-16 code units that slice to their surface strings, in order, without overlap', () => {
  for (const [i, d] of documents.entries()) {
    expect(truth[i].id).toBe(d.id);
    let end = 0;
    for (const s of truth[i].spans) {
      expect(d.text.slice(s.start, s.end)).toBe(s.text);
      expect(s.start).toBeGreaterThanOrEqual(end);
      end = s.end;
    }
  }
  const zh = documents.find((d) => d.lang === 'zh')!;
  const date = truth[documents.indexOf(zh)].spans.find((s) => s.label === 'date')!;
  expect(date.text).toMatch(/^2024年\d+月\d+日$/);
  expect(zh.text.slice(date.start, date.end)).toBe(date.text);
  const mail = truth.flatMap((t) => t.spans).filter((s) => s.label === 'email');
  for (const m of mail) expect(m.text).toMatch(/^[a-z.-]+@[a-z-]+\.example$/);
});

it('writes one JSON record per line whose text survives ingest unchanged (already NFC), and a sidecar with the spans', () => {
  const lines = newsJsonl(documents).trimEnd().split('\n');
  expect(lines).toHaveLength(30);
  lines.forEach((line, i) => {
    const record = JSON.parse(line);
    expect(record).toEqual({ id: documents[i].id, lang: documents[i].lang, source: documents[i].source, published: expect.stringMatching(/^2024-\d\d-\d\d$/), text: documents[i].text });
    expect(record.text.normalize('NFC')).toBe(record.text);
  });
  expect(newsSidecar(truth).documents).toBe(truth);
});
