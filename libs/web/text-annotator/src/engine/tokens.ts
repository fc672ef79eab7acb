/**
 * Offsets in a document, in UTF-16 code units (as the contracts store spans),
 * and the boundaries a selection may snap to: graphemes (never split an
 * emoji, a combining mark or a surrogate pair) and words as `Intl.Segmenter`
 * finds them (Chinese splits into words, not whole runs of characters).
 *
 * A 1 MB document is never segmented whole: each question segments a window
 * around the offset it is about, wide enough that the window's edges cannot
 * move the answer.
 */

/** Code units either side of an offset that a question segments. */
const WINDOW = 96;

export type Precision = 'word' | 'char';

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(granularity: 'word' | 'grapheme', locale?: string): Intl.Segmenter {
  const key = `${granularity}:${locale ?? ''}`;
  let s = segmenters.get(key);
  if (!s) segmenters.set(key, (s = new Intl.Segmenter(locale, { granularity })));
  return s;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Moves an offset off the middle of a surrogate pair (backwards). */
export function unsplitPair(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length));
  return isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1)) ? at - 1 : at;
}

/**
 * Characters that are a grapheme of their own whatever is beside them: printable ASCII, the line feed (a
 * boundary unless a carriage return precedes it, which is not in this set), CJK punctuation without its
 * combining tone marks, CJK ideographs and full-width ASCII.
 */
const alone = (c: number) => (c >= 0x20 && c <= 0x7e) || c === 0x0a || (c >= 0x3000 && c <= 0x3029) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff5e);

/** A window [from, to) around `at` whose edges fall between code points, so segmenting it is safe. */
function windowAround(text: string, at: number, before = WINDOW, after = WINDOW): [number, number] {
  const from = unsplitPair(text, Math.max(0, at - before));
  let to = Math.min(text.length, at + after);
  if (to < text.length && isLow(text.charCodeAt(to))) to++;
  return [from, to];
}

interface Piece {
  start: number;
  end: number;
  wordLike: boolean;
}

function pieces(text: string, from: number, to: number, granularity: 'word' | 'grapheme', locale?: string): Piece[] {
  const out: Piece[] = [];
  for (const s of segmenter(granularity, locale).segment(text.slice(from, to))) {
    out.push({ start: from + s.index, end: from + s.index + s.segment.length, wordLike: granularity === 'word' ? !!s.isWordLike : true });
  }
  return out;
}

/**
 * The grapheme boundary at or before `at` (or after, with `forward`). The
 * window's first piece may start mid-grapheme, so boundaries in it count only
 * past the first.
 */
export function graphemeBoundary(text: string, at: number, forward = false): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  // Most of a document needs no segmenter: between two characters that never join, every offset is a boundary.
  if (alone(text.charCodeAt(at - 1)) && alone(text.charCodeAt(at))) return at;
  const [from, to] = windowAround(text, at, 32, 32);
  const ps = pieces(text, from, to, 'grapheme');
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (at > p.start && at < p.end) {
      // The first piece may be a fragment cut by the window: trust only later ones.
      if (i === 0 && from > 0) break;
      return forward ? p.end : p.start;
    }
  }
  return unsplitPair(text, at);
}

/** The word-like piece (a word, a Chinese word, a number) containing the offset, if any. */
export function wordAt(text: string, at: number, locale?: string): { start: number; end: number } | null {
  if (at < 0 || at >= text.length) return null;
  const [from, to] = windowAround(text, at);
  return wordIn(pieces(text, from, to, 'word', locale), at);
}

/** Of a window's pieces, the word-like one containing the offset (which lies at least WINDOW from the window's cut edges). */
function wordIn(ps: readonly Piece[], at: number): { start: number; end: number } | null {
  for (const p of ps) {
    if (p.start <= at && at < p.end) return p.wordLike ? { start: p.start, end: p.end } : null;
  }
  return null;
}

/**
 * Where a selection of [start, end) lands: widened to whole words where an
 * edge falls inside one (`word`), or only to whole graphemes (`char`), with
 * the white space at its edges left out. Null when nothing is left.
 */
export function snapRange(text: string, start: number, end: number, precision: Precision, locale?: string): { start: number; end: number } | null {
  let a = Math.max(0, Math.min(start, end));
  let b = Math.min(text.length, Math.max(start, end));
  if (b <= a) return null;
  a = graphemeBoundary(text, a);
  b = graphemeBoundary(text, b, true);
  if (precision === 'word') {
    // One segmentation for both edges when the selection is short (a word or a few, as a key press makes).
    const [from, to] = b - a <= WINDOW ? windowAround(text, a, WINDOW, b - a + WINDOW) : [0, 0];
    const both = to > from ? pieces(text, from, to, 'word', locale) : null;
    const first = both ? wordIn(both, a) : wordAt(text, a, locale);
    if (first) a = first.start;
    const last = both ? wordIn(both, b - 1) : wordAt(text, b - 1, locale);
    if (last) b = last.end;
  }
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return b > a ? { start: a, end: b } : null;
}

/**
 * The caret's next stop, moving by token: the end of the word it is in or
 * next reaches (`word`), or one grapheme (`char`). Spaces and punctuation are
 * passed over on the way to a word, so arrows walk word to word.
 */
export function nextStop(text: string, at: number, precision: Precision, locale?: string): number {
  if (at >= text.length) return text.length;
  if (precision === 'char') return graphemeBoundary(text, at + 1, true);
  let pos = at;
  // Look a window ahead at a time: a long run of spaces or symbols is passed over without a word.
  while (pos < text.length) {
    const [from, to] = windowAround(text, pos, 32, WINDOW * 2);
    const ps = pieces(text, from, to, 'word', locale);
    const last = to >= text.length ? ps.length : ps.length - 1;
    for (let i = 0; i < last; i++) {
      const p = ps[i];
      if (p.end <= at) continue;
      if (p.wordLike) return p.end;
    }
    if (to >= text.length) return text.length;
    pos = ps[last].start > pos ? ps[last].start : to;
  }
  return text.length;
}

/** The caret's previous stop: the start of the word it is in or last passed, or one grapheme back. */
export function previousStop(text: string, at: number, precision: Precision, locale?: string): number {
  if (at <= 0) return 0;
  if (precision === 'char') return graphemeBoundary(text, at - 1);
  let pos = at;
  while (pos > 0) {
    const [from, to] = windowAround(text, pos, WINDOW * 2, 32);
    const ps = pieces(text, from, to, 'word', locale);
    // The first piece may be cut by the window: trust it only at the document's start.
    const first = from === 0 ? 0 : 1;
    for (let i = ps.length - 1; i >= first; i--) {
      const p = ps[i];
      if (p.start >= at) continue;
      if (p.wordLike) return p.start;
    }
    if (from === 0) return 0;
    // The next window ends where this one began: the piece cut there is seen whole then.
    pos = from;
  }
  return 0;
}

/** The offset as code points (what Python counts), for people and for readers of the REST API. */
export function codePointOffset(text: string, at: number): number {
  let n = 0;
  for (let i = 0; i < at; i++) {
    if (!(isLow(text.charCodeAt(i)) && i > 0 && isHigh(text.charCodeAt(i - 1)))) n++;
  }
  return n;
}
