import { memo, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import type { Label, Peer } from '@tessera/contracts';
import type { CommentPin } from '@tessera/web/editor-ui';
import { ARC, LANE, LINE, piecesOf, rowAtY, spansIn, type Layout, type PlacedSpan } from './engine/layout';
import type { RelationEnds } from './engine/relations';
import { matchesIn } from './engine/search';
import { Arcs } from './Arcs';
import type { Index } from './kept-index';

/** Rows drawn beyond the view's edges: enough for a wheel's step, few enough that a jump draws little more than the view. */
const OVERSCAN_PX = 120;

export interface RowsProps {
  /** The scrolling element, once it is laid out. */
  view: HTMLDivElement | null;
  height: number;
  layout: Layout;
  text: string;
  placed: readonly PlacedSpan[];
  longest: number;
  anchor: number;
  focus: number;
  selection: readonly string[];
  pins: ReadonlyMap<number, readonly CommentPin[]>;
  peers?: readonly Peer[];
  labels: ReadonlyMap<string, Label>;
  lineNumbers: Uint32Array;
  ends: readonly RelationEnds[];
  spanById: Index<PlacedSpan>;
  relating: { from: string; to: string | null } | null;
  matches: Uint32Array;
  matchIndex: number;
}

/**
 * The rows in view, and a margin either side. It follows the view's scroll
 * position itself, so scrolling draws these rows again and nothing else of
 * the editor (its frame and panels stay as they are).
 */
export const Rows = memo(function Rows({ view, height, layout, text, placed, longest, anchor, focus, selection, pins: pinAt, peers, labels: labelOf, lineNumbers, ends, spanById, relating, matches, matchIndex }: RowsProps) {
  const [scrollTop, setScrollTop] = useState(0);
  useEffect(() => {
    if (!view) return;
    const follow = () => setScrollTop(view.scrollTop);
    follow();
    view.addEventListener('scroll', follow, { passive: true });
    return () => view.removeEventListener('scroll', follow);
  }, [view]);
  const rowTextEnd = (r: number) => {
    const end = r + 1 < layout.count ? layout.starts[r + 1] : text.length;
    return end > layout.starts[r] && text.charCodeAt(end - 1) === 10 ? end - 1 : end;
  };
  const selStart = Math.min(anchor, focus);
  const selEnd = Math.max(anchor, focus);
  const first = layout.count ? rowAtY(layout, Math.max(0, scrollTop - OVERSCAN_PX)) : 0;
  const last = layout.count ? rowAtY(layout, scrollTop + height + OVERSCAN_PX) : -1;
  const peerCarets = (peers ?? []).filter((p) => p.cursor);
  const selected = new Set(selection);

  const rows: ReactNode[] = [];
  for (let r = first; r <= last; r++) {
    const from = layout.starts[r];
    const to = rowTextEnd(r);
    const spans = spansIn(placed, from, Math.max(to, from + 1), longest);
    const [m0, m1] = matchesIn(matches, from, Math.max(to, from + 1));
    const inRow = (at: number) => at >= from && at <= to;
    // Everything that decides how this row looks, as one string: a row whose string is the one it had is not drawn again
    // (a label's key press draws the row it labels, not the forty in view; a span's lane changes in place, so it is in the string).
    let sig = `${from},${to},${layout.tops[r]},${layout.tops[r + 1]},${layout.lanes[r]},${layout.arcs[r]},${lineNumbers[r]},${r === 0 || lineNumbers[r] !== lineNumbers[r - 1]}`;
    for (const s of spans) sig += `|${s.id}:${s.lane}:${s.labelId}:${s.model ? 1 : 0}${selected.has(s.id) ? ':sel' : ''}${relating?.from === s.id ? ':from' : ''}${relating?.to === s.id ? ':to' : ''}`;
    if (selEnd > selStart && selStart < to && selEnd > from) sig += `|sel${Math.max(selStart, from)}-${Math.min(selEnd, to)}`;
    if (anchor === focus && inRow(focus)) sig += `|caret${focus}`;
    for (let m = m0; m < m1; m++) sig += `|m${matches[m * 2]}-${matches[m * 2 + 1]}${m === matchIndex ? '!' : ''}`;
    const rowPeers = peerCarets.filter((p) => inRow(Math.round(p.cursor!.x)));
    for (const p of rowPeers) sig += `|peer${p.sessionId}:${Math.round(p.cursor!.x)}:${p.color}:${p.name}`;
    const rowPins: [number, readonly CommentPin[]][] = [];
    for (const [at, list] of pinAt) if (inRow(at)) rowPins.push([at, list]);
    for (const [at, list] of rowPins) for (const p of list) sig += `|pin${at}:${p.n}:${p.draft ? 1 : 0}:${p.resolved ? 1 : 0}`;
    rows.push(
      <Line
        key={r}
        sig={sig}
        row={r}
        from={from}
        to={to}
        layout={layout}
        text={text}
        spans={spans}
        matches={matches}
        m0={m0}
        m1={m1}
        matchIndex={matchIndex}
        selStart={selStart}
        selEnd={selEnd}
        caret={anchor === focus ? focus : -1}
        peers={rowPeers}
        pins={rowPins}
        selected={selected}
        relating={relating}
        labels={labelOf}
        lineNumber={r === 0 || lineNumbers[r] !== lineNumbers[r - 1] ? lineNumbers[r] : 0}
      />,
    );
  }
  return (
    <>
      {rows}
      <Arcs view={view} layout={layout} first={first} last={last} text={text} ends={ends} spanById={spanById} labels={labelOf} selected={selected} relating={relating} pins={pinAt} />
    </>
  );
});

interface LineProps {
  /** What decides how the row looks (see Rows): the row is drawn again only when it changes. */
  sig: string;
  row: number;
  from: number;
  to: number;
  layout: Layout;
  text: string;
  spans: readonly PlacedSpan[];
  matches: Uint32Array;
  m0: number;
  m1: number;
  matchIndex: number;
  selStart: number;
  selEnd: number;
  /** The caret's offset, or -1 while there is a selection. */
  caret: number;
  peers: readonly Peer[];
  pins: readonly [number, readonly CommentPin[]][];
  selected: ReadonlySet<string>;
  relating: { from: string; to: string | null } | null;
  labels: ReadonlyMap<string, Label>;
  /** The hard line's number where the row starts one, else 0. */
  lineNumber: number;
}

/** One row: its text cut into pieces at every span edge (and the selection's, the matches', carets' and pins'), each piece with its spans' bars under it. */
const Line = memo(
  function Line({ row: r, from, to, layout, text, spans, matches, m0, m1, matchIndex, selStart, selEnd, caret, peers, pins, selected, relating, labels: labelOf, lineNumber }: LineProps) {
    const lanes = layout.lanes[r];
    const colorOf = (id: string) => labelOf.get(id)?.color ?? '#8c8c8c';
    const pinAt = new Map(pins);
    const cuts = [selStart, selEnd, ...pinAt.keys(), ...peers.map((p) => Math.round(p.cursor!.x))];
    for (let m = m0; m < m1; m++) cuts.push(matches[m * 2], matches[m * 2 + 1]);
    const pieces = piecesOf(from, to, spans, cuts);
    /** The match a piece lies in (index), or -1. */
    const matchOf = (a: number) => {
      for (let m = m0; m < m1; m++) if (matches[m * 2] <= a && a < matches[m * 2 + 1]) return m;
      return -1;
    };
    const mark = (at: number) => [
      ...(caret === at ? [<span key="caret" className="ta-caret" data-testid="text-caret" data-offset={at} aria-hidden />] : []),
      ...peers.filter((p) => Math.round(p.cursor!.x) === at).map((p) => <span key={`peer-${p.sessionId}`} className="ta-peer-caret" style={{ borderColor: p.color }} title={p.name} data-testid="peer-caret" data-user={p.userId} aria-hidden />),
      ...(pinAt.get(at) ?? []).map((p) => (
        <sup key={`pin-${p.n}`} className={`ta-pin${p.draft ? ' is-draft' : ''}${p.resolved ? ' is-resolved' : ''}`} aria-hidden>
          {p.draft ? '•' : p.n}
        </sup>
      )),
    ];
    return (
      <div className="ta-row" data-row={r} data-row-start={from} data-row-end={to} style={{ top: layout.tops[r], height: layout.tops[r + 1] - layout.tops[r], paddingTop: layout.arcs[r] ? ARC : undefined }}>
        <span className="ta-gutter" aria-hidden>
          {lineNumber || ''}
        </span>
        <span className="ta-line" dir="auto">
          {pieces.map((p) => {
            const inSel = p.start >= selStart && p.end <= selEnd && selEnd > selStart;
            const match = m1 > m0 ? matchOf(p.start) : -1;
            const style: CSSProperties = { paddingBottom: lanes ? lanes * LANE + 2 : undefined };
            const backgrounds: string[] = [];
            const sizes: string[] = [];
            const positions: string[] = [];
            for (const s of p.spans) {
              const c = colorOf(s.labelId);
              backgrounds.push(s.model ? `repeating-linear-gradient(90deg, ${c} 0 4px, transparent 4px 7px)` : `linear-gradient(${c}, ${c})`);
              sizes.push(`100% ${selected.has(s.id) ? 4 : 3}px`);
              positions.push(`0 calc(100% - ${s.lane * LANE}px)`);
            }
            const top = p.spans.find((s) => selected.has(s.id)) ?? p.spans[0];
            if (top) {
              backgrounds.push(`linear-gradient(${colorOf(top.labelId)}${selected.has(top.id) ? '55' : '22'}, ${colorOf(top.labelId)}${selected.has(top.id) ? '55' : '22'})`);
              sizes.push(`100% ${LINE - 2}px`);
              positions.push('0 1px');
            }
            if (backgrounds.length) Object.assign(style, { backgroundImage: backgrounds.join(', '), backgroundSize: sizes.join(', '), backgroundPosition: positions.join(', '), backgroundRepeat: 'no-repeat' });
            const ids = [...p.spans]
              .sort((x, y) => x.lane - y.lane)
              .map((s) => s.id)
              .join(' ');
            return (
              <span key={p.start}>
                {mark(p.start)}
                <span
                  data-s={p.start}
                  data-spans={ids || undefined}
                  className={`ta-piece${inSel ? ' is-selected' : ''}${p.spans.some((s) => selected.has(s.id)) ? ' is-picked' : ''}${relating && p.spans.some((s) => s.id === relating.from) ? ' is-source' : ''}${relating?.to && p.spans.some((s) => s.id === relating.to) ? ' is-target' : ''}${match >= 0 ? (match === matchIndex ? ' is-match is-current' : ' is-match') : ''}`}
                  style={style}
                  title={p.spans.length ? p.spans.map((s) => labelOf.get(s.labelId)?.name ?? s.labelId).join(' · ') : undefined}
                >
                  {text.slice(p.start, p.end)}
                </span>
              </span>
            );
          })}
          {mark(to)}
        </span>
      </div>
    );
  },
  (a, b) => a.sig === b.sig && a.text === b.text && a.labels === b.labels,
);
