import { useMemo, useRef } from 'react';
import type { Annotation, Label } from '@tessera/contracts';
import { layoutRows, placeSpansFrom, rowOf, relayoutRows, wrapRows, type Layout, type PlacedSpan, type Placing } from './engine/layout';
import { relationsOf, type PlacedRelation, type RelationEnds } from './engine/relations';
import type { Index } from './kept-index';

/** No rows yet: the view's width is not known (the first render, before it is measured). */
const NOT_MEASURED = new Uint32Array(0);

/**
 * The document cut into rows of `columns`, its spans stacked, its relations,
 * and the rows' heights. A key press adds a span to 50,000: it is put in its
 * place, and only the rows it touches are measured again. With `columns` 0
 * (the view not measured yet) the document is not cut into rows and none is
 * drawn: the render before the view was measured cut 1 MB into rows of 20
 * columns and stacked the spans under them, only to do it all again a moment
 * later at the real width.
 */
export function useDocumentLayout(text: string, annotations: readonly Annotation[], labelOf: ReadonlyMap<string, Label>, columns: number) {
  const starts = useMemo(() => (columns > 0 ? wrapRows(text, columns) : NOT_MEASURED), [text, columns]);
  const lastPlacing = useRef<Placing | null>(null);
  /** The placing the current one was made from (its dirty range is relative to that one). */
  const parentPlacing = useRef<Placing | null>(null);
  const placing = useMemo(() => {
    parentPlacing.current = lastPlacing.current;
    return (lastPlacing.current = placeSpansFrom(lastPlacing.current, annotations));
  }, [annotations]);
  const placed = placing.placed;
  const longest = useMemo(() => {
    let m = 0;
    for (const s of placed) if (s.end - s.start > m) m = s.end - s.start;
    return m;
  }, [placed]);
  // Spans by id: built once, then kept up to date with the spans a key press adds (a map of 50,000 made again per key press was most of its time).
  const index = useRef<{ placing: Placing; map: Map<string, PlacedSpan> } | null>(null);
  const spanById = useMemo((): Index<PlacedSpan> => {
    const last = index.current;
    let map: Map<string, PlacedSpan>;
    if (last && placing.added && last.placing === parentPlacing.current) {
      map = last.map;
      for (const s of placing.added) map.set(s.id, s);
    } else {
      // Set one by one: no [id, span] pair made per span to build it from.
      map = new Map();
      for (const s of placed) map.set(s.id, s);
    }
    index.current = { placing, map };
    return { get: (id) => map.get(id), has: (id) => map.has(id) };
  }, [placing]);
  // Relations: with annotations only added at the end (a key press), only those are looked at; unchanged, the same array.
  const lastRelations = useRef<{ annotations: readonly Annotation[]; labelOf: ReadonlyMap<string, Label>; relations: PlacedRelation[] } | null>(null);
  const relations = useMemo(() => {
    const last = lastRelations.current;
    let next: PlacedRelation[];
    if (last && last.labelOf === labelOf && placing.added && parentPlacing.current?.annotations === last.annotations) {
      const tail = relationsOf(annotations.slice(last.annotations.length), labelOf);
      next = tail.length ? [...last.relations, ...tail] : last.relations;
    } else {
      next = relationsOf(annotations, labelOf);
      const same = (a: PlacedRelation, b: PlacedRelation) => a.id === b.id && a.labelId === b.labelId && a.from === b.from && a.to === b.to && a.symmetric === b.symmetric && a.model === b.model;
      if (last && last.relations.length === next.length && last.relations.every((r, i) => same(r, next[i]))) next = last.relations;
    }
    lastRelations.current = { annotations, labelOf, relations: next };
    return next;
  }, [annotations, labelOf]);
  // Each relation with its two spans: worked out again when the relations change or the spans are placed anew, not per new span.
  const lastEnds = useRef<{ relations: readonly PlacedRelation[]; map: Map<string, PlacedSpan>; ends: RelationEnds[]; complete: boolean } | null>(null);
  const ends = useMemo(() => {
    const map = index.current!.map;
    const last = lastEnds.current;
    if (last && last.relations === relations && last.map === map && last.complete) return last.ends;
    const out: RelationEnds[] = [];
    let complete = true;
    for (const rel of relations) {
      const a = map.get(rel.from);
      const b = map.get(rel.to);
      if (a && b) out.push({ rel, a, b });
      else complete = false;
    }
    lastEnds.current = { relations, map, ends: out, complete };
    return out;
  }, [relations, spanById]);
  const lastArcRows = useRef<Uint8Array | null>(null);
  const arcRows = useMemo(() => {
    const rows = new Uint8Array(starts.length);
    for (const { a, b } of ends) rows[rowOf(starts, a.start)] = rows[rowOf(starts, b.start)] = 1;
    // The same rows as before: the same array, so the layout need not start over.
    const last = lastArcRows.current;
    if (last && last.length === rows.length && last.every((v, i) => v === rows[i])) return last;
    return (lastArcRows.current = rows);
  }, [ends, starts]);
  const lastLayout = useRef<{ layout: Layout; placing: Placing; arcRows: Uint8Array } | null>(null);
  const layout = useMemo(() => {
    const last = lastLayout.current;
    const layout =
      last && last.layout.starts === starts && last.arcRows === arcRows && placing.dirty && last.placing === parentPlacing.current
        ? relayoutRows(last.layout, placed, placing.dirty, longest)
        : layoutRows(starts, placed, arcRows);
    lastLayout.current = { layout, placing, arcRows };
    return layout;
  }, [starts, placing, arcRows]);
  // The hard line each row belongs to, for the gutter's numbers.
  const lineNumbers = useMemo(() => {
    const out = new Uint32Array(starts.length);
    let line = 1;
    for (let r = 0; r < starts.length; r++) {
      if (r > 0 && text.charCodeAt(starts[r] - 1) === 10) line++;
      out[r] = line;
    }
    return out;
  }, [starts, text]);
  return { placed, longest, relations, ends, spanById, layout, lineNumbers };
}
