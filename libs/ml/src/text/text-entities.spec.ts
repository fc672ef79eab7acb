import { ChineseEntities, validIdNumber } from './chinese';
import { EnglishEntities } from './english';

/** Real sentences through the real libraries (compromise, wink-nlp's English lite model, jieba's dictionary): nothing is mocked. */
const options = { scoreThreshold: 0, maxObjects: 100 };
type Span = { type: 'span'; start: number; end: number };
const spansOf = async (backend: EnglishEntities | ChineseEntities, text: string) =>
  (await backend.predict({ media: 'text', text }, options)).map((p) => {
    const g = p.geometry as Span;
    return [p.modelClass, text.slice(g.start, g.end)];
  });

describe('English entities', () => {
  const en = new EnglishEntities();

  it('finds people, places and organisations (compromise) and dates, money, e-mail addresses and URLs (wink-nlp)', async () => {
    const text = 'Tim Cook met Angela Merkel in Berlin on 5 March 2024. The United Nations paid $1,200.50 to press@example.com; details at https://example.org/report.';
    const found = await spansOf(en, text);
    expect(found).toEqual(expect.arrayContaining([
      ['person', 'Tim Cook'], ['person', 'Angela Merkel'], ['place', 'Berlin'], ['date', '5 March 2024'],
      ['organization', 'United Nations'], ['money', '$1,200.50'], ['email', 'press@example.com'], ['url', 'https://example.org/report'],
    ]));
    // Trailing punctuation is not part of a span.
    expect(found.every(([, s]) => !/[.,;]$/.test(s))).toBe(true);
  });

  it('counts offsets in UTF-16 code units, after emoji and accented letters', async () => {
    const text = '😀 Café news: François Hollande visited Paris. Write to ops@example.org 🙂';
    const predictions = await en.predict({ media: 'text', text }, options);
    const email = predictions.find((p) => p.modelClass === 'email')!.geometry as Span;
    expect(text.slice(email.start, email.end)).toBe('ops@example.org');
    expect(email.start).toBe(text.indexOf('ops@'));
    const place = predictions.find((p) => p.modelClass === 'place')!.geometry as Span;
    expect(text.slice(place.start, place.end)).toBe('Paris');
  });

  it('keeps the threshold and the maximum, and never returns overlapping spans', async () => {
    const text = 'Contact ops@example.org or visit https://example.org on Monday, 12 January 2026, with $30.';
    const all = await en.predict({ media: 'text', text }, options);
    const sorted = all.map((p) => p.geometry as Span);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end);
    const sure = await en.predict({ media: 'text', text }, { scoreThreshold: 0.95, maxObjects: 100 });
    expect(sure.map((p) => p.modelClass).sort()).toEqual(['email', 'url']);
    expect(await en.predict({ media: 'text', text }, { scoreThreshold: 0, maxObjects: 1 })).toHaveLength(1);
  });
});

describe('Chinese entities', () => {
  const zh = new ChineseEntities();

  it('finds people, places and organisations by jieba part of speech, and dates, amounts, phones and id numbers by pattern', async () => {
    const text = '2024年3月5日，国务院总理李强在北京会见了清华大学的代表，并捐赠了1200万元。联系电话13812345678，身份证号11010519491231002X。';
    const found = await spansOf(zh, text);
    expect(found).toEqual(expect.arrayContaining([
      ['date', '2024年3月5日'], ['organization', '国务院'], ['person', '李强'], ['place', '北京'], ['organization', '清华大学'],
      ['money', '1200万元'], ['phone', '13812345678'], ['id-number', '11010519491231002X'],
    ]));
    // A phone-like run of digits inside an id number is not a phone number.
    expect(found.filter(([c]) => c === 'phone')).toEqual([['phone', '13812345678']]);
  });

  it('counts offsets in UTF-16 code units (a character outside the BMP counts two)', async () => {
    const text = '𠮷野家的客户王小明于2023年12月1日在上海消费了¥300元。';
    const predictions = await zh.predict({ media: 'text', text }, options);
    const date = predictions.find((p) => p.modelClass === 'date')!.geometry as Span;
    expect(date.start).toBe(text.indexOf('2023'));
    expect(text.slice(date.start, date.end)).toBe('2023年12月1日');
    const money = predictions.find((p) => p.modelClass === 'money')!.geometry as Span;
    expect(text.slice(money.start, money.end)).toBe('¥300元');
  });

  it('checks an id number by its check character (GB 11643)', () => {
    expect(validIdNumber('11010519491231002X')).toBe(true);
    expect(validIdNumber('110105194912310021')).toBe(false);
  });

  it('finds landlines and Chinese-numeral dates', async () => {
    const text = '请于二〇二四年五月一日前致电010-62751234。';
    expect(await spansOf(zh, text)).toEqual(expect.arrayContaining([['date', '二〇二四年五月一日'], ['phone', '010-62751234']]));
  });
});
