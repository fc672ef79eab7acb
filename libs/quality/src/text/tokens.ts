/** A token of a text: [start, end) in UTF-16 code units, the unit spans use. */
export interface Token {
  start: number;
  end: number;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
/** One CJK character; or a run of letters, digits and marks that are not CJK; or any other visible character. */
const TOKEN = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}_])+|[^\\s]`, 'gu');

/**
 * Splits a text into tokens for per-token agreement: a run of letters, digits
 * and marks is a word; each Han, kana or Hangul character is a token of its
 * own (Chinese has no spaces to split on); any other visible character is a
 * token alone. Whitespace separates and belongs to no token.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

export interface LabelledSpan {
  start: number;
  end: number;
  labelId: string;
}

/**
 * Each token's label: that of the span covering most of it, null for none.
 * So a span that ends mid-word still labels the word it mostly covers.
 */
export function tokenLabels(tokens: readonly Token[], spans: readonly LabelledSpan[]): (string | null)[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  return tokens.map((t) => {
    let best: string | null = null;
    let bestCover = 0;
    for (const s of sorted) {
      if (s.start >= t.end) break;
      const cover = Math.min(s.end, t.end) - Math.max(s.start, t.start);
      if (cover * 2 > t.end - t.start - 1e-9 && cover > bestCover) {
        best = s.labelId;
        bestCover = cover;
      }
    }
    return best;
  });
}

/** Consecutive tokens with one label become one span (from the first token's start to the last one's end). */
export function spansFromTokenLabels(tokens: readonly Token[], labels: readonly (string | null)[]): LabelledSpan[] {
  const out: LabelledSpan[] = [];
  let open: LabelledSpan | null = null;
  tokens.forEach((t, i) => {
    const l = labels[i];
    if (open && l === open.labelId) {
      open.end = t.end;
      return;
    }
    if (open) out.push(open);
    open = l ? { start: t.start, end: t.end, labelId: l } : null;
  });
  if (open) out.push(open);
  return out;
}
