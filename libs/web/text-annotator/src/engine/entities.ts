import type { Label } from '@tessera/contracts';
import type { PlacedSpan } from './layout';

/**
 * The entity list: spans grouped by label (in the schema's order), each
 * group a heading with its count, then its spans in document order. A
 * filter keeps the spans whose text or label name holds it (any case); a
 * folded group shows its heading only.
 */
export type EntityRow = { kind: 'group'; labelId: string; count: number; folded: boolean } | { kind: 'span'; id: string; labelId: string; start: number; end: number };

/** The list's rows, made as they are read: the list draws twenty of 50,000, and a key press regroups them all. */
export interface EntityRows {
  readonly length: number;
  at(i: number): EntityRow | undefined;
}

export function groupEntities(spans: readonly PlacedSpan[], labels: readonly Label[], text: string, filter: string, folded: ReadonlySet<string>): EntityRows {
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
  // Each group's heading row; its spans follow it unless it is folded.
  const parts: { labelId: string; list: PlacedSpan[]; folded: boolean; heading: number }[] = [];
  let length = 0;
  for (const [labelId, list] of groups) {
    if (!list.length) continue;
    const isFolded = folded.has(labelId);
    parts.push({ labelId, list, folded: isFolded, heading: length });
    length += 1 + (isFolded ? 0 : list.length);
  }
  const at = (i: number): EntityRow | undefined => {
    if (i < 0 || i >= length) return undefined;
    let k = parts.length - 1;
    while (parts[k].heading > i) k--;
    const part = parts[k];
    if (i === part.heading) return { kind: 'group', labelId: part.labelId, count: part.list.length, folded: part.folded };
    const s = part.list[i - part.heading - 1];
    return { kind: 'span', id: s.id, labelId: part.labelId, start: s.start, end: s.end };
  };
  return { length, at };
}

/** All the rows, in order (for tests and small lists). */
export function entityRowList(rows: EntityRows): EntityRow[] {
  return Array.from({ length: rows.length }, (_, i) => rows.at(i)!);
}
