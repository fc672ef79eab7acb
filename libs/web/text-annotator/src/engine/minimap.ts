import { rowOf, type Layout, type PlacedSpan } from './layout';

/**
 * The scrollbar map: the document's height squeezed into `height` pixels,
 * and for each pixel the label of the first span whose row lies there
 * (null: none). 50,000 spans become at most `height` marks.
 */
export function mapMarks(layout: Layout, spans: readonly PlacedSpan[], height: number): (string | null)[] {
  const px = Math.max(0, Math.floor(height));
  const marks: (string | null)[] = new Array(px).fill(null);
  const total = layout.tops[layout.count];
  if (!px || !total) return marks;
  let row = 0;
  for (const s of spans) {
    // Spans come sorted by start: the row only moves forward.
    while (row + 1 < layout.count && layout.starts[row + 1] <= s.start) row++;
    const y = Math.min(px - 1, Math.floor((layout.tops[row] / total) * px));
    if (marks[y] === null) marks[y] = s.labelId;
  }
  return marks;
}

/** The pixels of the map that hold a search match. */
export function matchMarks(layout: Layout, matches: Uint32Array, height: number): Uint8Array {
  const px = Math.max(0, Math.floor(height));
  const out = new Uint8Array(px);
  const total = layout.tops[layout.count];
  if (!px || !total) return out;
  for (let i = 0; i < matches.length; i += 2) out[Math.min(px - 1, Math.floor((layout.tops[rowOf(layout.starts, matches[i])] / total) * px))] = 1;
  return out;
}
