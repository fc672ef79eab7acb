/**
 * Offsets into a document in the units peers use. Tessera's own unit is the
 * UTF-16 code unit (JavaScript's); doccano and Python tools count code
 * points. A span may not end inside a grapheme (an emoji with its modifier, a
 * letter with its accent).
 */

/** UTF-16 offset of each code-point offset asked for (sorted or not). Null for one past the end. */
export function codePointsToUtf16(text: string, cps: number[]): (number | null)[] {
  const wanted = [...new Set(cps)].sort((a, b) => a - b);
  const at = new Map<number, number>();
  let cp = 0;
  let u = 0;
  let w = 0;
  while (w < wanted.length) {
    while (w < wanted.length && wanted[w] === cp) at.set(wanted[w++], u);
    if (u >= text.length) break;
    const c = text.codePointAt(u)!;
    u += c > 0xffff ? 2 : 1;
    cp++;
  }
  return cps.map((c) => at.get(c) ?? null);
}

export function utf16ToCodePoints(text: string, offsets: number[]): number[] {
  const wanted = [...new Set(offsets)].sort((a, b) => a - b);
  const at = new Map<number, number>();
  let cp = 0;
  let u = 0;
  let w = 0;
  while (w < wanted.length) {
    while (w < wanted.length && wanted[w] <= u) at.set(wanted[w++], cp);
    if (u >= text.length) break;
    const c = text.codePointAt(u)!;
    u += c > 0xffff ? 2 : 1;
    cp++;
  }
  return offsets.map((o) => at.get(o) ?? cp);
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** UTF-16 offsets where a grapheme starts (and the text's end). */
export function graphemeBoundaries(text: string): Set<number> {
  const b = new Set<number>([text.length]);
  for (const s of graphemes.segment(text)) b.add(s.index);
  return b;
}

export interface Token {
  text: string;
  start: number;
  end: number;
}

const HAN = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}/u;
const WORDISH = /[\p{L}\p{M}\p{N}_]/u;

/**
 * Splits a document into tokens (UTF-16 offsets): runs of letters and digits,
 * single punctuation marks; Chinese and Japanese by characters or, with
 * `words`, by the platform's dictionary segmenter. `cuts` are offsets a
 * token must not cross (span ends), so every span is whole tokens.
 */
export function tokenize(text: string, segmentation: 'chars' | 'words', cuts: Set<number> = new Set()): Token[] {
  const out: Token[] = [];
  const words = segmentation === 'words' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
  const push = (start: number, end: number) => {
    let s = start;
    for (let i = start + 1; i < end; i++) {
      if (cuts.has(i)) {
        out.push({ text: text.slice(s, i), start: s, end: i });
        s = i;
      }
    }
    out.push({ text: text.slice(s, end), start: s, end });
  };
  for (const g of (words ?? graphemes).segment(text)) {
    const seg = g.segment;
    if (/^\s+$/u.test(seg)) continue;
    if (words) {
      // The word segmenter keeps Latin words whole and splits Chinese by its dictionary; spaces and marks are their own.
      let s = g.index;
      for (const part of seg.split(/(\s+)/u)) {
        if (part && !/^\s+$/u.test(part)) push(s, s + part.length);
        s += part.length;
      }
      continue;
    }
    // Characters: a Han grapheme is a token, a run of letters and digits is one, any other mark is one.
    const last = out[out.length - 1];
    const glued = last && last.end === g.index && !cuts.has(g.index) && WORDISH.test(seg) && !HAN.test(seg) && WORDISH.test(last.text) && !HAN.test(last.text);
    if (glued) {
      last.text += seg;
      last.end += seg.length;
    } else push(g.index, g.index + seg.length);
  }
  return out;
}

/**
 * Finds each token in the document in order, stepping over whitespace
 * (CoNLL keeps no spacing). Returns the tokens' UTF-16 ranges, or where the
 * tokens and the document part ways.
 */
export function alignTokens(text: string, tokens: string[]): { ranges: [number, number][] } | { error: string } {
  const ranges: [number, number][] = [];
  let p = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    while (p < text.length && /\s/u.test(text[p])) p++;
    if (text.startsWith(t, p)) {
      ranges.push([p, p + t.length]);
      p += t.length;
      continue;
    }
    // A token with spaces inside (some corpora keep "New York" as one) matches the document's own spacing.
    const spaced = new RegExp(t.split(/\s+/u).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'uy');
    spaced.lastIndex = p;
    const m = spaced.exec(text);
    if (!m) return { error: `token ${i + 1} "${t}" does not match the document at offset ${p}` };
    ranges.push([p, p + m[0].length]);
    p += m[0].length;
  }
  return { ranges };
}
