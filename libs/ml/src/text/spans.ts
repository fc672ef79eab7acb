import type { ModelPrediction, PredictOptions } from '../backend';

/** One entity found in a text: [start, end) in UTF-16 code units, as the span contract counts. */
export interface FoundSpan {
  start: number;
  end: number;
  modelClass: string;
  score: number;
}

const EDGE = /[\s.,;:!?'"“”‘’()[\]{}<>，。；：！？、（）【】《》「」]/u;

/** A span without the white space and punctuation a tagger may leave at its ends ("New York." → "New York"). */
export function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && EDGE.test(text[start])) start++;
  while (end > start && EDGE.test(text[end - 1])) end--;
  return [start, end];
}

/**
 * Overlapping finds become one: the better score wins, then the longer span,
 * then the earlier; what is left is in text order. Then the options: spans
 * below the threshold go, and at most `maxObjects` stay (the best).
 */
export function settleSpans(found: FoundSpan[], options: PredictOptions): ModelPrediction[] {
  const ranked = found
    .filter((s) => s.end > s.start && s.score >= options.scoreThreshold)
    .sort((a, b) => b.score - a.score || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const kept: FoundSpan[] = [];
  for (const s of ranked) {
    if (kept.length >= options.maxObjects) break;
    if (!kept.some((k) => k.start < s.end && s.start < k.end)) kept.push(s);
  }
  kept.sort((a, b) => a.start - b.start || a.end - b.end);
  return kept.map((s) => ({ modelClass: s.modelClass, score: s.score, geometry: { type: 'span', start: s.start, end: s.end } }));
}

/**
 * Where each piece of a tokenised text sits in it, by walking the text (taggers
 * that give no offsets, or give them in their own units). Pieces the text does
 * not contain in order (a tagger that normalised them) are -1.
 */
export function locate(text: string, pieces: readonly string[]): number[] {
  const at: number[] = [];
  let cursor = 0;
  for (const p of pieces) {
    const i = p ? text.indexOf(p, cursor) : -1;
    at.push(i);
    if (i >= 0) cursor = i + p.length;
  }
  return at;
}
