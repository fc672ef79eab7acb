import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { Label } from '@tessera/contracts';
import { ARC, rowOf, type Layout, type PlacedSpan } from './engine/layout';
import { arcPath, type RelationEnds } from './engine/relations';
import type { Index } from './kept-index';

interface ArcsProps {
  view: HTMLDivElement | null;
  layout: Layout;
  text: string;
  first: number;
  last: number;
  ends: readonly RelationEnds[];
  spanById: Index<PlacedSpan>;
  labels: ReadonlyMap<string, Label>;
  selected: ReadonlySet<string>;
  relating: { from: string; to: string | null } | null;
  /** Offsets with comment pins: a pin takes room in its row, so a row with one is measured in the DOM. */
  pins: ReadonlyMap<number, unknown>;
}

interface DrawnArc {
  id: string;
  labelId: string;
  d: string;
  x: number;
  y: number;
  symmetric: boolean;
  model: boolean;
}

/** The rows' font and where their text starts (right of the gutter), read once from a drawn row. */
interface RowMetrics {
  font: string;
  left: number;
}

/** Text set right to left, or with tabs: measured in the DOM, where the browser has placed it. */
const NEEDS_DOM = /[\t\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
let measuring: CanvasRenderingContext2D | null | undefined;

/**
 * The relations touching the rows drawn, as arcs above the lines from one
 * span's first piece to the other's; an end outside the rows drawn is taken
 * to the edge. Where a span starts is worked out with the rows' own font on
 * a canvas (the text before it in its row, measured), in the same render as
 * the rows: reading it from the DOM forced a layout on every key press and
 * scroll step, and a second drawing once the arcs were known. Rows with
 * right-to-left text, tabs or pins are read from the DOM in the next frame.
 */
export function Arcs({ view, layout, text, first, last, ends, spanById, labels, selected, relating, pins }: ArcsProps) {
  const markerId = useId().replace(/:/g, '');
  const [metrics, setMetrics] = useState<RowMetrics | null>(null);
  /** The arcs as last read from the DOM, with the rows' extent they were read in. */
  const [read, setRead] = useState<{ arcs: DrawnArc[]; top: number; bottom: number }>({ arcs: [], top: 0, bottom: 0 });
  const drawn = useRef('');
  const top = layout.tops[first] ?? 0;
  const bottom = layout.tops[last + 1] ?? top;
  const rowStart = layout.starts[first];
  const rowEnd = last + 1 < layout.count ? layout.starts[last + 1] : Infinity;
  const list: RelationEnds[] = [];
  // Only those touching the rows drawn (numbers compared, no look-ups).
  for (const e of ends) if (!((e.a.start < rowStart && e.b.start < rowStart) || (e.a.start >= rowEnd && e.b.start >= rowEnd))) list.push(e);
  const pa0 = relating?.to ? spanById.get(relating.from) : undefined;
  const pb0 = relating?.to ? spanById.get(relating.to) : undefined;
  if (pa0 && pb0) list.push({ rel: { id: '', labelId: '', from: pa0.id, to: pb0.id, symmetric: false, model: false }, a: pa0, b: pb0 });

  const rowTextOf = (r: number) => text.slice(layout.starts[r], r + 1 < layout.count ? layout.starts[r + 1] : text.length);
  const needsDom = (s: PlacedSpan) => {
    if (s.start < rowStart || s.start >= rowEnd) return false;
    const r = rowOf(layout.starts, s.start);
    if (NEEDS_DOM.test(rowTextOf(r))) return true;
    const to = r + 1 < layout.count ? layout.starts[r + 1] : text.length;
    for (const at of pins.keys()) if ((at as number) >= layout.starts[r] && (at as number) <= to) return true;
    return false;
  };
  /** Arcs from where each end is, found by `at` (null: not drawn). */
  const arcsFrom = (at: (s: PlacedSpan) => { x: number; y: number } | null): DrawnArc[] => {
    const end = (s: PlacedSpan) => (s.start < rowStart ? { x: NaN, y: 0 } : s.start >= rowEnd ? { x: NaN, y: bottom - top } : at(s));
    const out: DrawnArc[] = [];
    for (const { rel, a, b } of list) {
      const pa = end(a);
      const pb = end(b);
      if (!pa || !pb) continue;
      if (Number.isNaN(pa.x)) pa.x = pb.x;
      if (Number.isNaN(pb.x)) pb.x = pa.x;
      const { d, peak } = arcPath(pa, pb, ARC - 9);
      out.push({ id: rel.id, labelId: rel.labelId, d, x: peak.x, y: peak.y, symmetric: rel.symmetric, model: rel.model });
    }
    return out;
  };
  const inRender = !!metrics && !list.some((e) => needsDom(e.a) || needsDom(e.b));
  let computed: DrawnArc[] | null = null;
  if (inRender && list.length) {
    measuring ??= document.createElement('canvas').getContext('2d');
    const ctx = measuring;
    if (ctx) {
      ctx.font = metrics.font;
      computed = arcsFrom((s) => {
        const r = rowOf(layout.starts, s.start);
        const x = metrics.left + ctx.measureText(text.slice(layout.starts[r], s.start)).width;
        const w = ctx.measureText(text.slice(s.start, Math.min(s.end, s.start + 8))).width;
        return { x: x + Math.min(w, 40) / 2, y: layout.tops[r] - top + ARC };
      });
    }
  }

  useLayoutEffect(() => {
    const doc = view?.firstElementChild as HTMLElement | null;
    if (!doc || last < first || computed || (!list.length && metrics)) return;
    const frame = requestAnimationFrame(() => {
      const box = doc.getBoundingClientRect();
      if (!metrics) {
        const line = doc.querySelector<HTMLElement>('.ta-row:not([dir]) .ta-line');
        if (line) {
          const cs = getComputedStyle(line);
          setMetrics({ font: `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`, left: line.getBoundingClientRect().left - box.left + parseFloat(cs.paddingLeft || '0') });
        }
      }
      if (!list.length) return;
      const out = arcsFrom((s) => {
        const el = doc.querySelector<HTMLElement>(`[data-s="${s.start}"]`);
        if (!el) return null;
        const b = el.getBoundingClientRect();
        const r = rowOf(layout.starts, s.start);
        return { x: b.left - box.left + Math.min(b.width, 40) / 2, y: layout.tops[r] - top + ARC };
      });
      const key = `${top},${bottom},${JSON.stringify(out)}`;
      if (key !== drawn.current) {
        drawn.current = key;
        setRead({ arcs: out, top, bottom });
      }
    });
    return () => cancelAnimationFrame(frame);
  });
  const shown = computed ? { arcs: computed, top, bottom } : list.length ? read : { arcs: [], top, bottom };
  const arcs = shown.arcs;
  if (!arcs.length) return null;
  const colors = [...new Set(arcs.map((a) => labels.get(a.labelId)?.color ?? '#1f1f1f'))];
  return (
    <>
      <svg className="ta-arcs" style={{ top: shown.top, height: Math.max(1, shown.bottom - shown.top) }} aria-hidden>
        <defs>
          {colors.map((c) => (
            <marker key={c} id={`${markerId}${c.slice(1)}`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" fill={c} />
            </marker>
          ))}
        </defs>
        {arcs.map((a) => {
          const c = labels.get(a.labelId)?.color ?? '#1f1f1f';
          return (
            <path
              key={a.id || 'preview'}
              d={a.d}
              fill="none"
              stroke={c}
              strokeWidth={selected.has(a.id) ? 2.5 : 1.5}
              strokeDasharray={!a.id ? '4 3' : a.model ? '2 2' : undefined}
              markerEnd={a.symmetric ? undefined : `url(#${markerId}${c.slice(1)})`}
              data-testid={a.id ? 'relation-arc' : 'relation-preview'}
              data-relation-arc={a.id}
            />
          );
        })}
      </svg>
      {arcs
        .filter((a) => a.id)
        .map((a) => {
          const l = labels.get(a.labelId);
          return (
            <span
              key={`label-${a.id}`}
              className={`ta-arc-label${selected.has(a.id) ? ' is-picked' : ''}`}
              style={{ left: a.x, top: shown.top + a.y, borderColor: l?.color }}
              data-relation={a.id}
              data-testid="relation-label-tag"
              title={l?.name}
            >
              {l?.name ?? a.labelId}
            </span>
          );
        })}
    </>
  );
}

