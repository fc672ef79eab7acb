import type { Label } from '@tessera/contracts';
import type { PlacedSpan } from './layout';

/**
 * The entity list: spans grouped by label (in the schema's order), each
 * group a heading with its count, then its spans in document order. A
 * filter keeps the spans whose text or label name holds it (any case); a
 * folded group shows its heading only.
 */
export type EntityRow = { kind: 'group'; labelId: string; count: number; folded: boolean } | { kind: 'span'; id: string; labelId: string; start: number; end: number };

export function groupEntities(spans: readonly PlacedSpan[], labels: readonly Label[], text: string, filter: string, folded: ReadonlySet<string>): EntityRow[] {
  const q = filter.trim().toLowerCase();
  const nameOf = new Map(labels.map((l) => [l.id, l.name.toLowerCase()]));
  const groups = new Map<string, PlacedSpan[]>();
  for (const l of labels) if (l.tools.includes('span')) groups.set(l.id, []);
  for (const s of spans) {
    // A long span's text is looked at only as far as a filter could match in it.
    if (q && !(nameOf.get(s.labelId) ?? s.labelId).includes(q) && !text.slice(s.start, Math.min(s.end, s.start + 400)).toLowerCase().includes(q)) continue;
    let g = groups.get(s.labelId);
    if (!g) groups.set(s.labelId, (g = []));
    g.push(s);
  }
  const rows: EntityRow[] = [];
  for (const [labelId, list] of groups) {
    if (!list.length) continue;
    const isFolded = folded.has(labelId);
    rows.push({ kind: 'group', labelId, count: list.length, folded: isFolded });
    if (!isFolded) for (const s of list) rows.push({ kind: 'span', id: s.id, labelId, start: s.start, end: s.end });
  }
  return rows;
}
