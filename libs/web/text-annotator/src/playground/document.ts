import type { Annotation, Label } from '@tessera/contracts';

/**
 * A deterministic document for the playground and the `text` benchmark:
 * paragraphs of English and Chinese sentences (with an emoji now and then),
 * and entity spans over whole words, some nested in others. The same query
 * gives the same document and spans, byte for byte.
 */
export interface DocumentSpec {
  chars: number;
  spans: number;
  /** Relations between nearby spans (each from a span to one of the next three). */
  relations?: number;
  seed: number;
}

export const DOCUMENT_LABELS: Label[] = [
  { id: 'per', name: 'Person', color: '#f5222d', hotkey: 'p', tools: ['span'], attributes: [] },
  { id: 'org', name: 'Organisation', color: '#1677ff', hotkey: 'o', tools: ['span'], attributes: [] },
  { id: 'loc', name: 'Location', color: '#389e0d', hotkey: 'l', tools: ['span'], attributes: [] },
  { id: 'date', name: 'Date', color: '#d46b08', hotkey: 'd', tools: ['span'], attributes: [] },
  { id: 'rel', name: 'Related to', color: '#595959', tools: ['relation'], attributes: [] },
];
/** The labels spans are drawn from (the schema's span labels). */
const SPAN_LABELS = DOCUMENT_LABELS.filter((l) => l.tools.includes('span'));

const EN = ['Alice', 'Bob', 'met', 'the', 'board', 'of', 'Acme', 'Corp', 'in', 'Paris', 'on', 'Monday', 'and', 'signed', 'a', 'deal', 'with', 'Globex', 'near', 'London', 'while', 'reporters', 'waited', 'outside', 'for', 'news', 'about', 'markets', 'Shanghai', 'Tuesday'];
const ZH = ['张三', '在', '北京', '会见', '了', '华为', '公司', '的', '代表', '并且', '签署', '合同', '李四', '上海', '星期一', '记者', '等待', '消息', '市场', '深圳'];
const EMOJI = ['😀', '👍🏽', '👩‍👩‍👧', '🇨🇳'];

function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, fast, the same everywhere.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function documentFromQuery(search: string): DocumentSpec {
  const q = new URLSearchParams(search);
  const n = (k: string, d: number, max: number) => Math.max(0, Math.min(max, Number(q.get(k) ?? d) || 0));
  return { chars: Math.max(100, n('chars', 20000, 5_000_000)), spans: n('spans', 500, 500_000), relations: n('relations', 0, 100_000), seed: n('seed', 1, 2 ** 31) || 1 };
}

/** The document's text and its spans' words (where each could go), built together so spans fall on whole words. */
export function makeDocument(spec: DocumentSpec): { text: string; annotations: Annotation[] } {
  const rnd = random(spec.seed);
  // The text's UTF-16 code units, written into a buffer and decoded once at the end: joining 400,000 little
  // strings was a large part of the playground's own time on open. Word bounds likewise go into typed arrays. (A Uint16Array
  // is little-endian on every platform browsers run on, hence utf-16le.)
  let units = new Uint16Array(spec.chars + 4096);
  let wordStarts = new Uint32Array(1 + (spec.chars >> 1));
  let wordEnds = new Uint32Array(wordStarts.length);
  let words = 0;
  let length = 0;
  let lineLength = 0;
  const push = (s: string, word = false) => {
    if (length + s.length > units.length) {
      const more = new Uint16Array(units.length * 2);
      more.set(units);
      units = more;
    }
    if (word) {
      if (words === wordStarts.length) {
        const starts = new Uint32Array(words * 2);
        const ends = new Uint32Array(words * 2);
        starts.set(wordStarts);
        ends.set(wordEnds);
        wordStarts = starts;
        wordEnds = ends;
      }
      wordStarts[words] = length;
      wordEnds[words++] = length + s.length;
    }
    for (let k = 0; k < s.length; k++) units[length + k] = s.charCodeAt(k);
    length += s.length;
    lineLength += s.length;
  };
  while (length < spec.chars) {
    const chinese = rnd() < 0.4;
    const n = 6 + Math.floor(rnd() * 10);
    for (let i = 0; i < n; i++) {
      if (chinese) push(ZH[Math.floor(rnd() * ZH.length)], true);
      else {
        if (i > 0) push(' ');
        push(EN[Math.floor(rnd() * EN.length)], true);
      }
      if (rnd() < 0.03) push(EMOJI[Math.floor(rnd() * EMOJI.length)]);
    }
    push(chinese ? '。' : '. ');
    if (lineLength > 300 || rnd() < 0.15) {
      push('\n');
      lineLength = 0;
    }
  }
  // Decoded whole (every surrogate pair complete), then cut: the cut may split a pair, as slicing the joined text did.
  const text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(units.subarray(0, length)).slice(0, spec.chars);
  const annotations: Annotation[] = [];
  let usable = words;
  while (usable > 0 && wordEnds[usable - 1] > text.length) usable--;
  const count = Math.min(spec.spans, usable);
  const stride = usable / Math.max(1, count);
  const at = '2026-01-01T00:00:00.000Z';
  for (let i = 0; i < count; i++) {
    const w = Math.floor(i * stride);
    // Every tenth span covers the next word too, so the span after it overlaps it and is stacked apart.
    const last = i % 10 === 9 && w + 1 < usable ? w + 1 : w;
    const label = SPAN_LABELS[Math.floor(rnd() * SPAN_LABELS.length)];
    const id = `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`;
    annotations.push({
      id, labelId: label.id, schemaVersion: 1, geometry: { type: 'span', start: wordStarts[w], end: wordEnds[last] }, attributes: {},
      source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null, version: 1, createdBy: 'playground', updatedBy: 'playground', createdAt: at, updatedAt: at,
    });
  }
  // Relations spread evenly over the document, each from a span to one of the three after it (so its arc stays near).
  const spans = annotations.length;
  const relations = Math.min(spec.relations ?? 0, Math.max(0, spans - 3));
  const step = spans / Math.max(1, relations);
  for (let i = 0; i < relations; i++) {
    const from = Math.floor(i * step);
    const to = Math.min(spans - 1, from + 1 + Math.floor(rnd() * 3));
    const id = `00000000-0000-4000-9000-${(i + 1).toString(16).padStart(12, '0')}`;
    annotations.push({
      id, labelId: 'rel', schemaVersion: 1, geometry: { type: 'relation', from: annotations[from].id, to: annotations[to].id }, attributes: {},
      source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null, version: 1, createdBy: 'playground', updatedBy: 'playground', createdAt: at, updatedAt: at,
    });
  }
  return { text, annotations };
}
