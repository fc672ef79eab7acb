import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useSettled } from './useSettled';
import type { InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Annotation, EditOp, Label } from '@tessera/contracts';
import { acceptOps, byThreshold, EditorFrame, EDITOR_NAMESPACE, isPrediction, labelShortcuts, newId, rejectOps, useSendOps, useShortcuts, type EditorPanel, type EditorProps } from '@tessera/web/editor-ui';
import { rowOf, type Layout, type PlacedSpan } from './engine/layout';
import { stepTarget, stepTargetRow } from './engine/relations';
import { graphemeBoundary, nextStop, previousStop, snapRange, type Precision } from './engine/tokens';
import { NAMESPACE } from './i18n';
import { focusDocLabel } from './DocumentLabels';
import { docLabelKeyAction, docLabelOps } from './engine/doc-labels';
import { findMatches, matchAfter } from './engine/search';
import { Minimap } from './Minimap';
import type { EditorContext } from './context';
import { keptIndex } from './kept-index';
import { useCaretBlink } from './useCaretBlink';
import { GUTTER_PX, mouseDownHandler, type DragState } from './mouse';
import { useTextPanels } from './panels';
import { relationActions } from './relation-actions';
import { RelatingBar, type Relating } from './RelatingBar';
import { Rows } from './Rows';
import { shortcutsOf, shortcutWords, type TextAction } from './shortcuts';
import { Toolbar, type ToolbarHandlers } from './Toolbar';
import { useDocumentLayout } from './useDocumentLayout';
import './text-annotator.css';

export interface TextAnnotatorProps extends EditorProps {
  /** The document, whose UTF-16 offsets the spans hold. */
  text: string;
  /** The rows in view are drawn with their spans: the editor is usable. */
  onReady?: () => void;
  /** CSS height of the document view; without it the view fills the height its container gives the editor. */
  height?: number | string;
}

/** Pixels per column of the document's monospaced face (a wide character takes two). */
const COLUMN_PX = 8.4;
const NO_PANELS: readonly EditorPanel[] = [];
const NO_LATER: { placed: readonly PlacedSpan[]; annotations: readonly Annotation[]; layout: Layout | null } = { placed: [], annotations: [], layout: null };
/** How long the keys must pause before the side panels and the map catch up with the document. */
const SETTLE_MS = 250;

/**
 * The text editor: the document in rows, of which only those in view are in
 * the DOM, with its entity spans stacked under the lines; selections snap to
 * words (or graphemes), from the mouse or from a caret moved by the arrows;
 * a label's key labels the selection. It knows nothing of HTTP or of the
 * sync client: the host passes the annotations in and takes ops out.
 */
export function TextAnnotator(given: TextAnnotatorProps) {
  // Every op goes out through useSendOps (a refusal is said); the panels and actions get it as `props.onOps`.
  const onOps = useSendOps(given.onOps);
  const props = { ...given, onOps };
  const { text, labels, annotations, readOnly } = props;
  const { t } = useTranslation(NAMESPACE);
  const { t: te } = useTranslation(EDITOR_NAMESPACE);
  const viewRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [precision, setPrecision] = useState<Precision>('word');
  const [anchor, setAnchor] = useState(0);
  const [focus, setFocus] = useState(0);
  useCaretBlink(viewRef, `${anchor}:${focus}`);
  const [selection, setSelection] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [query, setQuery] = useState('');
  const searched = useDeferredValue(query);
  const matches = useMemo(() => findMatches(text, searched), [text, searched]);
  const [matchIndex, setMatchIndex] = useState(-1);
  const searchRef = useRef<InputRef>(null);
  const drag = useRef<DragState>({ dragging: false, moved: false, spanId: null });
  const spanLabels = useMemo(() => labels.filter((l) => l.tools.includes('span')), [labels]);
  const relationLabels = useMemo(() => labels.filter((l) => l.tools.includes('relation')), [labels]);
  const docLabels = useMemo(() => labels.filter((l) => l.tools.includes('doc-label')), [labels]);
  // The same array while the document labels are the same ones (a new span leaves their panel as it is).
  const lastDocAnnotations = useRef<readonly Annotation[]>([]);
  const docAnnotations = useMemo(() => {
    const next = annotations.filter((a) => a.geometry.type === 'doc-label');
    const last = lastDocAnnotations.current;
    return (lastDocAnnotations.current = last.length === next.length && last.every((a, i) => a === next[i]) ? last : next);
  }, [annotations]);
  const [relating, setRelating] = useState<Relating | null>(null);
  const [labelId, setLabelId] = useState<string | null>(null);
  const [threshold, setThreshold] = useState(0.5);
  const current = spanLabels.find((l) => l.id === labelId) ?? spanLabels[0];
  const labelOf = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  // Looked up lazily: a label's key press needs one or two ids of 50,000, not a map of them all.
  const indexOf = useRef(keptIndex<Annotation>()).current;
  const byId = useMemo(() => indexOf(annotations), [annotations, indexOf]);

  useLayoutEffect(() => {
    const el = viewRef.current!;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // 0 until the view is measured: no rows are cut at a width it does not have.
  const columns = size.width ? Math.max(20, Math.floor((size.width - GUTTER_PX - 24) / COLUMN_PX)) : 0;
  const { placed, longest, relations, ends, spanById, layout, lineNumbers } = useDocumentLayout(text, annotations, labelOf, columns);
  // What the side panels and the map show follows a moment later, so the document (opened, or after a key press) paints first.
  // While keys come quickly one after another, they follow once the keys pause (see useSettled).
  const now = useMemo(() => ({ placed, annotations, layout }), [placed, annotations, layout]);
  const later = useSettled(now, NO_LATER, SETTLE_MS);
  const laterPlaced = later.placed;
  const laterAnnotations = later.annotations;
  const laterLayout = later.layout;

  const selStart = Math.min(anchor, focus);
  const selEnd = Math.max(anchor, focus);
  const rowEnd = (r: number) => (r + 1 < layout.count ? layout.starts[r + 1] : text.length);
  const rowTextEnd = (r: number) => {
    const end = rowEnd(r);
    return end > layout.starts[r] && text.charCodeAt(end - 1) === 10 ? end - 1 : end;
  };

  const announce = (s: string) => setAnnouncement(s);
  const quote = (a: number, b: number) => {
    const s = text.slice(a, b);
    return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  };
  const spanName = (a: Annotation) => labelOf.get(a.labelId)?.name ?? a.labelId;
  const spanText = (id: string | null) => {
    const s = id ? spanById.get(id) : undefined;
    return s ? quote(s.start, s.end) : '';
  };

  const reveal = (at: number) => {
    const el = viewRef.current;
    if (!el) return;
    const r = rowOf(layout.starts, at);
    const top = layout.tops[r];
    const bottom = layout.tops[r + 1];
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
  };

  const select = (ids: string[]) => {
    setSelection(ids);
    props.onSelectionChange?.(ids);
    props.onPresence?.({ selection: ids });
    const a = ids.length === 1 ? byId.get(ids[0]) : undefined;
    if (a?.geometry.type === 'span') announce(t('announce.selected', { label: spanName(a), text: quote(a.geometry.start, a.geometry.end), start: a.geometry.start, end: a.geometry.end }));
    if (a?.geometry.type === 'relation') announce(t('announce.relation', { label: spanName(a), from: spanText(a.geometry.from), to: spanText(a.geometry.to) }));
  };

  const c: EditorContext = {
    props, text, readOnly, t, viewRef, layout, placed, relations, spanById, byId, labelOf, relationLabels, selection, anchor, focus, precision, relating, labelId,
    setAnchor, setFocus, setSelection, setRelating, announce, quote, spanText, reveal, select, rowTextEnd,
  };
  const { target, startRelation, createRelation, confirmRelation, pickStep } = relationActions(c);

  const moveCaret = (to: number, extend: boolean) => {
    const at = Math.max(0, Math.min(text.length, to));
    setFocus(at);
    if (!extend) setAnchor(at);
    else announce(t('announce.selection', { text: quote(Math.min(anchor, at), Math.max(anchor, at)) }));
    if (selection.length && !extend) select([]);
    props.onPresence?.({ cursor: { x: at, y: 0 } });
    reveal(at);
  };

  /** Labels the selection, or relabels the selected spans; with neither, makes the label the one the mouse applies. */
  const applyLabel = (label: Label): boolean => {
    if (readOnly) return false;
    setLabelId(label.id);
    const range = selEnd > selStart ? snapRange(text, selStart, selEnd, precision) : null;
    if (range) {
      const id = newId();
      const ops: EditOp[] = [{ type: 'create', annotation: { id, labelId: label.id, geometry: { type: 'span', start: range.start, end: range.end } } }];
      if (!onOps(ops)) return true;
      setAnchor(range.end);
      setFocus(range.end);
      setSelection([id]);
      props.onSelectionChange?.([id]);
      announce(t('announce.added', { text: quote(range.start, range.end), label: label.name }));
      return true;
    }
    const spans = selection.map((id) => byId.get(id)).filter((a): a is Annotation => a?.geometry.type === 'span' && a.labelId !== label.id);
    if (spans.length) {
      onOps(spans.map((a) => ({ type: 'update', id: a.id, patch: { labelId: label.id } })));
      return true;
    }
    if (!selection.length) announce(t('announce.nothing'));
    return true;
  };

  const deleteSelected = (): boolean => {
    if (readOnly) return false;
    const gone = selection.map((id) => byId.get(id)).filter((a): a is Annotation => !!a);
    if (!gone.length) return false;
    // A span's relations go with it: a relation needs both its ends.
    const ids = new Set(gone.map((a) => a.id));
    const joined = relations.filter((r) => !ids.has(r.id) && (ids.has(r.from) || ids.has(r.to))).map((r) => r.id);
    onOps([...gone.map((a) => a.id), ...joined].map((id): EditOp => ({ type: 'delete', id })));
    const g = gone[0].geometry;
    if (g.type === 'span') announce(t('announce.removed', { label: spanName(gone[0]), text: quote(g.start, g.end) }));
    if (g.type === 'relation') announce(t('announce.relationRemoved', { label: spanName(gone[0]), from: spanText(g.from), to: spanText(g.to) }));
    select([]);
    return true;
  };

  const stepSpan = (forward: boolean): boolean => {
    if (!placed.length) return false;
    const sel = selection.length === 1 ? placed.find((s) => s.id === selection[0]) : undefined;
    const from = sel ? sel.start : focus;
    const ordered = placed;
    let next: PlacedSpan | undefined;
    if (forward) next = ordered.find((s) => (s.start > from || (s.start === from && sel && s.id !== sel.id && ordered.indexOf(s) > ordered.indexOf(sel))) && s.id !== sel?.id) ?? ordered[0];
    else next = [...ordered].reverse().find((s) => s.start < from) ?? ordered[ordered.length - 1];
    setAnchor(next.start);
    setFocus(next.start);
    reveal(next.start);
    select([next.id]);
    return true;
  };

  const verticalMove = (down: boolean) => {
    const r = rowOf(layout.starts, focus);
    const target = down ? r + 1 : r - 1;
    if (target < 0) return 0;
    if (target >= layout.count) return text.length;
    const col = focus - layout.starts[r];
    return graphemeBoundary(text, Math.min(layout.starts[target] + col, rowTextEnd(target)));
  };

  /** Goes to a search match: it becomes the selection, so a label's key labels it. */
  const goToMatch = (i: number, matches: Uint32Array) => {
    const n = matches.length / 2;
    if (!n) {
      announce(t('search.none'));
      return;
    }
    const k = ((i % n) + n) % n;
    setMatchIndex(k);
    setAnchor(matches[k * 2]);
    setFocus(matches[k * 2 + 1]);
    if (selection.length) select([]);
    reveal(matches[k * 2]);
    announce(t('search.at', { n: k + 1, count: n, text: quote(matches[k * 2], matches[k * 2 + 1]) }));
  };

  /** Labels every match with the current label, leaving out those that already have a span of it just there. */
  const labelEveryMatch = () => {
    if (readOnly || !current || !matches.length) return;
    const have = new Set(placed.filter((s) => s.labelId === current.id).map((s) => `${s.start}:${s.end}`));
    const ops: EditOp[] = [];
    for (let i = 0; i < matches.length; i += 2) {
      if (have.has(`${matches[i]}:${matches[i + 1]}`)) continue;
      ops.push({ type: 'create', annotation: { id: newId(), labelId: current.id, geometry: { type: 'span', start: matches[i], end: matches[i + 1] } } });
    }
    if (ops.length) onOps(ops);
    announce(t('search.labelled', { count: ops.length, label: current.name }));
  };

  /** A model's spans made the person's (accepted) or dropped (rejected), as one undo step; false when there are none. */
  const decide = (list: readonly Annotation[], accept: boolean) => {
    const ops = readOnly ? [] : accept ? acceptOps(list) : rejectOps(list);
    if (!ops.length) return false;
    onOps(ops);
  };
  const selectedPredictions = () => selection.map((id) => byId.get(id)).filter((a): a is Annotation => !!a && isPrediction(a));

  const actions: Record<TextAction, () => boolean | void> = {
    caretNext: () => moveCaret(selEnd > selStart && anchor !== focus ? selEnd : nextStop(text, focus, precision), false),
    caretPrevious: () => moveCaret(selEnd > selStart && anchor !== focus ? selStart : previousStop(text, focus, precision), false),
    caretDown: () => moveCaret(verticalMove(true), false),
    caretUp: () => moveCaret(verticalMove(false), false),
    extendNext: () => moveCaret(nextStop(text, focus, precision), true),
    extendPrevious: () => moveCaret(previousStop(text, focus, precision), true),
    extendDown: () => moveCaret(verticalMove(true), true),
    extendUp: () => moveCaret(verticalMove(false), true),
    lineStart: () => moveCaret(layout.starts[rowOf(layout.starts, focus)], false),
    lineEnd: () => moveCaret(rowTextEnd(rowOf(layout.starts, focus)), false),
    delete: deleteSelected,
    cancel: () => {
      if (relating) {
        setRelating(null);
        announce(t('announce.relationCancelled'));
        return;
      }
      if (!selection.length && anchor === focus) return false;
      setAnchor(focus);
      select([]);
    },
    nextSpan: () => stepSpan(true),
    previousSpan: () => stepSpan(false),
    precision: () => setPrecision((p) => (p === 'word' ? 'char' : 'word')),
    search: () => {
      searchRef.current?.focus({ cursor: 'all' });
    },
    relation: () => (relating ? confirmRelation() : startRelation()),
    relationNext: () => (relating?.picking ? pickStep(1) : target(stepTarget(placed, relating!.from, relating!.to, true))),
    relationPrevious: () => (relating?.picking ? pickStep(-1) : target(stepTarget(placed, relating!.from, relating!.to, false))),
    relationDown: () => (relating?.picking ? pickStep(1) : target(stepTargetRow(placed, layout.starts, relating!.from, relating!.to, true))),
    relationUp: () => (relating?.picking ? pickStep(-1) : target(stepTargetRow(placed, layout.starts, relating!.from, relating!.to, false))),
    relationConfirm: confirmRelation,
    accept: () => decide(selectedPredictions(), true),
    reject: () => decide(selectedPredictions(), false),
    // Looked for when the key comes: a filter of every annotation on each key press would be paid by every label.
    acceptAbove: () => decide(byThreshold(annotations.filter(isPrediction), threshold).above, true),
    rejectBelow: () => decide(byThreshold(annotations.filter(isPrediction), threshold).below, false),
  };
  // A relation label's own key makes the relation to the target chosen (labels that also mark spans keep their key for spans).
  const relationKeyLabels = relationLabels.filter((l) => !l.tools.includes('span'));
  // A document label's key: a classification without attributes is toggled, one with attributes takes the focus to its fields.
  const docKeyLabels = docLabels.filter((l) => !l.tools.includes('span') && !l.tools.includes('relation'));
  const docLabelKey = (l: Label): boolean => {
    if (docLabelKeyAction(l) === 'focus') return readOnly ? false : focusDocLabel(document, l.id);
    if (readOnly) return false;
    const had = docAnnotations.find((a) => a.labelId === l.id);
    onOps(docLabelOps(l, had, null, !had, newId));
    announce(t(had ? 'announce.docLabelOff' : 'announce.docLabelOn', { label: l.name }));
    return true;
  };
  const keyWords = useMemo(() => shortcutWords(t), [t]);
  useShortcuts([
    ...labelShortcuts(docKeyLabels, docLabelKey, t('sheet.groups.document')),
    ...shortcutsOf(actions, spanLabels, applyLabel, keyWords, () => !!relating),
    ...labelShortcuts(relationKeyLabels, (l) => (relating?.to ? createRelation(l) : false), t('sheet.groups.relations')),
  ]);

  // The selection from outside (a comment's link, a problem in a list): selected and scrolled to.
  // The host hands back what this editor selected itself: that moves no caret.
  const selectionNow = useRef(selection);
  selectionNow.current = selection;
  useEffect(() => {
    const a = props.focusId ? byId.get(props.focusId) : undefined;
    if (a?.geometry.type !== 'span' || selectionNow.current.includes(a.id)) return;
    setSelection([a.id]);
    setAnchor(a.geometry.start);
    setFocus(a.geometry.start);
    reveal(a.geometry.start);
  }, [props.focusId]);

  // Spans that went away (undone, deleted by someone else) leave the selection.
  useEffect(() => {
    if (selection.some((id) => !byId.has(id))) setSelection((s) => s.filter((id) => byId.has(id)));
  }, [byId]);

  const ready = size.width > 0;
  useEffect(() => {
    if (ready) props.onReady?.();
  }, [ready]);

  const onMouseDown = mouseDownHandler(c, drag, target);

  const pinAt = useMemo(() => {
    const m = new Map<number, NonNullable<EditorProps['pins']>[number][]>();
    for (const p of props.pins ?? []) {
      const a = p.annotationId ? byId.get(p.annotationId) : undefined;
      const at = a?.geometry.type === 'span' ? a.geometry.end : p.point ? Math.round(p.point.x) : null;
      if (at !== null) m.set(at, [...(m.get(at) ?? []), p]);
    }
    return m;
  }, [props.pins, byId]);

  const panels = useTextPanels(c, { labels, docLabels, docAnnotations, laterPlaced, laterAnnotations, te, threshold, setThreshold });
  const allPanels = useMemo(() => [...panels, ...(props.panels ?? NO_PANELS)], [panels, props.panels]);

  const onSearchKey = (e: ReactKeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      // Typed faster than the deferred search ran: search now.
      const now = searched === query ? matches : findMatches(text, query);
      goToMatch(matchIndex < 0 ? Math.max(0, matchAfter(now, focus)) : matchIndex + (e.shiftKey ? -1 : 1), now);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      viewRef.current?.focus();
    }
  };
  // The toolbar's handlers, as of the latest render: the toolbar itself is drawn again only when what it shows changes (not on every key press).
  const handlerNow: ToolbarHandlers = {
    applyLabel, startRelation, labelEveryMatch, onSearchKey,
    stopRelating: () => setRelating(null),
    onQuery: (q) => {
      setQuery(q);
      setMatchIndex(-1);
    },
    onPrecision: setPrecision,
  };
  const handlers = useRef(handlerNow);
  const jumpTo = useCallback((fraction: number) => {
    const el = viewRef.current;
    if (el) el.scrollTop = Math.max(0, fraction * el.scrollHeight - el.clientHeight / 2);
  }, []);
  handlers.current = handlerNow;

  return (
    <EditorFrame
      testId="text-annotator"
      toolbar={
        <Toolbar
          spanLabels={spanLabels}
          relationLabels={relationLabels}
          current={current}
          readOnly={readOnly}
          relating={!!relating}
          query={query}
          matchIndex={matchIndex}
          matchCount={matches.length / 2}
          precision={precision}
          searchRef={searchRef}
          handlers={handlers}
        />
      }
      history={props.history}
      readOnly={readOnly}
      connection={props.connection}
      peers={props.peers}
      pins={props.pins}
      hint={t(readOnly ? (props.onPoint ? 'hints.review' : 'hints.readOnly') : 'hints.edit')}
      panels={allPanels}
      labels={labels}
    >
      {relating && <RelatingBar relating={relating} relationLabels={relationLabels} spanText={spanText} onPick={createRelation} />}
      <div className="ta-body" style={props.height === undefined ? undefined : { height: props.height, flex: 'none' }}>
      <div
        ref={viewRef}
        className={`ta-view${readOnly ? ' is-readonly' : ''}`}
        tabIndex={0}
        role="application"
        aria-label={t('document')}
        aria-describedby="text-annotator-hint"
        data-testid="annotator-stage"
        data-ready={ready || undefined}
        data-selection={`${selStart},${selEnd}`}
        data-caret={focus}
        data-selected={selection.join(',')}
        data-objects={placed.length}
        data-relations={relations.length}
        data-rows={layout.count}
        onMouseDown={onMouseDown}
      >
        <div className="ta-doc" style={{ height: layout.tops[layout.count] }}>
          <Rows view={size.width ? viewRef.current : null} height={size.height} layout={layout} text={text} placed={placed} longest={longest} anchor={anchor} focus={focus} selection={selection} pins={pinAt} peers={props.peers} labels={labelOf} lineNumbers={lineNumbers} ends={ends} spanById={spanById} relating={relating} matches={matches} matchIndex={matchIndex} />
        </div>
      </div>
      <Minimap
        layout={laterLayout}
        spans={laterPlaced}
        matches={matches}
        labels={labelOf}
        height={size.height}
        onJump={jumpTo}
      />
      </div>
      <div className="eu-sr-only" aria-live="polite" data-testid="text-announcer">
        {announcement}
      </div>
    </EditorFrame>
  );
}
