import { memo, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { Button, Input, Switch, Tooltip, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { TEXT_EDITOR_KEYS, type Annotation, type EditOp, type Label, type Peer } from '@tessera/contracts';
import {
  acceptOps, AttributesPanel, EditorFrame, EDITOR_NAMESPACE, labelShortcuts, newId, ObjectList, rejectOps, useShortcuts,
  type CommentPin, type EditorPanel, type EditorProps, type Shortcut,
} from '@tessera/web/editor-ui';
import { ARC, LANE, LINE, layoutRows, piecesOf, placeSpansFrom, relayoutRows, rowAtY, rowOf, spansIn, wrapRows, type Layout, type PlacedSpan, type Placing } from './engine/layout';
import { arcPath, arcRowsOf, relationExists, relationsOf, stepTarget, stepTargetRow, type PlacedRelation } from './engine/relations';
import { graphemeBoundary, nextStop, previousStop, snapRange, wordAt, type Precision } from './engine/tokens';
import { NAMESPACE } from './i18n';
import { DocumentLabels, focusDocLabel } from './DocumentLabels';
import { docLabelKeyAction, docLabelOps } from './engine/doc-labels';
import { findMatches, matchAfter, matchesIn } from './engine/search';
import { EntityList } from './EntityList';
import { Minimap } from './Minimap';
import './text-annotator.css';

export interface TextAnnotatorProps extends EditorProps {
  /** The document, whose UTF-16 offsets the spans hold. */
  text: string;
  /** The rows in view are drawn with their spans: the editor is usable. */
  onReady?: () => void;
  /** CSS height of the document view; without it the view fills the height its container gives the editor. */
  height?: number | string;
}

type TextAction = keyof typeof TEXT_EDITOR_KEYS;

/** Pixels per column of the document's monospaced face (a wide character takes two). */
const COLUMN_PX = 8.4;
const GUTTER_PX = 64;
/** Rows drawn beyond the view's edges: enough for a wheel's step, few enough that a jump draws little more than the view. */
const OVERSCAN_PX = 120;
const NO_PANELS: readonly EditorPanel[] = [];
const NO_SPANS: PlacedSpan[] = [];
const NO_ANNOTATIONS: Annotation[] = [];

/**
 * The text editor: the document in rows, of which only those in view are in
 * the DOM, with its entity spans stacked under the lines; selections snap to
 * words (or graphemes), from the mouse or from a caret moved by the arrows;
 * a label's key labels the selection. It knows nothing of HTTP or of the
 * sync client: the host passes the annotations in and takes ops out.
 */
export function TextAnnotator(props: TextAnnotatorProps) {
  const { text, labels, annotations, readOnly, onOps } = props;
  const { t } = useTranslation(NAMESPACE);
  const { t: te } = useTranslation(EDITOR_NAMESPACE);
  const viewRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [precision, setPrecision] = useState<Precision>('word');
  const [anchor, setAnchor] = useState(0);
  const [focus, setFocus] = useState(0);
  const [selection, setSelection] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [query, setQuery] = useState('');
  const searched = useDeferredValue(query);
  const matches = useMemo(() => findMatches(text, searched), [text, searched]);
  const [matchIndex, setMatchIndex] = useState(-1);
  const searchRef = useRef<InputRef>(null);
  const drag = useRef<{ dragging: boolean; moved: boolean; spanId: string | null }>({ dragging: false, moved: false, spanId: null });

  const spanLabels = useMemo(() => labels.filter((l) => l.tools.includes('span')), [labels]);
  const relationLabels = useMemo(() => labels.filter((l) => l.tools.includes('relation')), [labels]);
  const docLabels = useMemo(() => labels.filter((l) => l.tools.includes('doc-label')), [labels]);
  const docAnnotations = useMemo(() => annotations.filter((a) => a.geometry.type === 'doc-label'), [annotations]);
  /** A relation being made from the keyboard or the mouse: its source, the target chosen so far, and (picking) the label highlighted. */
  const [relating, setRelating] = useState<{ from: string; to: string | null; picking: boolean; pick: number } | null>(null);
  const [labelId, setLabelId] = useState<string | null>(null);
  const current = spanLabels.find((l) => l.id === labelId) ?? spanLabels[0];
  const labelOf = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  // Looked up lazily: a label's key press needs one or two ids of 50,000, not a map of them all.
  const byId = useMemo(() => lazyIndex(annotations), [annotations]);

  useLayoutEffect(() => {
    const el = viewRef.current!;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const columns = Math.max(20, Math.floor((size.width - GUTTER_PX - 24) / COLUMN_PX));
  const starts = useMemo(() => wrapRows(text, columns), [text, columns]);
  // A key press adds a span to 50,000: it is put in its place, and only the rows it touches are measured again.
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
  const relations = useMemo(() => relationsOf(annotations, labelOf), [annotations, labelOf]);
  const spanById = useMemo(() => lazyIndex(placed), [placed]);
  const lastArcRows = useRef<Uint8Array | null>(null);
  const arcRows = useMemo(() => {
    const rows = arcRowsOf(relations, placed, starts);
    // The same rows as before (a new span that no relation joins): the same array, so the layout need not start over.
    const last = lastArcRows.current;
    if (last && last.length === rows.length && last.every((v, i) => v === rows[i])) return last;
    return (lastArcRows.current = rows);
  }, [relations, placed, starts]);
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
  // What the side panels and the map show follows a moment later, so the document (opened, or after a key press) paints first.
  const laterPlaced = useDeferredValue(placed, NO_SPANS);
  const laterAnnotations = useDeferredValue(annotations, NO_ANNOTATIONS);
  const laterLayout = useDeferredValue<Layout | null>(layout, null);
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
      onOps(ops);
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

  /** Moves a relation's target and says where it is. */
  const target = (to: string | null) => {
    if (!relating || !to) return;
    setRelating({ ...relating, to });
    const s = spanById.get(to)!;
    reveal(s.start);
    announce(t('announce.target', { label: labelOf.get(s.labelId)?.name ?? s.labelId, text: quote(s.start, s.end) }));
  };

  const startRelation = (): boolean => {
    if (readOnly || !relationLabels.length) return false;
    const from = selection.length === 1 && byId.get(selection[0])?.geometry.type === 'span' ? selection[0] : null;
    if (!from) {
      announce(t('announce.relationNeedsSpan'));
      return true;
    }
    const to = stepTarget(placed, from, null, true);
    setRelating({ from, to, picking: false, pick: Math.max(0, relationLabels.findIndex((l) => l.id === labelId)) });
    if (to) reveal(spanById.get(to)!.start);
    announce(t('announce.relating', { from: spanText(from), to: spanText(to) }));
    return true;
  };

  const createRelation = (label: Label): boolean => {
    if (!relating?.to) return false;
    const { from, to } = relating;
    setRelating(null);
    if (relationExists(relations, label.id, from, to, !!label.symmetric)) {
      announce(t('announce.relationExists', { label: label.name }));
      return true;
    }
    const id = newId();
    onOps([{ type: 'create', annotation: { id, labelId: label.id, geometry: { type: 'relation', from, to } } }]);
    setSelection([id]);
    props.onSelectionChange?.([id]);
    announce(t('announce.related', { label: label.name, from: spanText(from), to: spanText(to) }));
    return true;
  };

  const confirmRelation = (): boolean => {
    if (!relating) return false;
    if (!relating.to) return true;
    if (relating.picking || relationLabels.length === 1) return createRelation(relationLabels[relating.picking ? relating.pick : 0]);
    setRelating({ ...relating, picking: true });
    announce(t('announce.pickRelation', { label: relationLabels[relating.pick].name }));
    return true;
  };

  const pickStep = (by: number) => {
    if (!relating) return false;
    const pick = (relating.pick + by + relationLabels.length) % relationLabels.length;
    setRelating({ ...relating, pick });
    announce(relationLabels[pick].name);
    return true;
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
  useShortcuts([
    ...labelShortcuts(docKeyLabels, docLabelKey, t('sheet.groups.document')),
    ...shortcutsOf(actions, spanLabels, applyLabel, t, () => !!relating),
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

  /** The document offset under a point of the screen, from the piece of text there. */
  const offsetAt = (x: number, y: number): number | null => {
    const doc = document as Document & { caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null };
    let node: Node | null = null;
    let offset = 0;
    if (doc.caretPositionFromPoint) {
      const p = doc.caretPositionFromPoint(x, y);
      if (p) [node, offset] = [p.offsetNode, p.offset];
    } else {
      const r = doc.caretRangeFromPoint?.(x, y);
      if (r) [node, offset] = [r.startContainer, r.startOffset];
    }
    const piece = (node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null))?.closest<HTMLElement>('[data-s]');
    if (piece) return Number(piece.dataset.s) + (node?.nodeType === Node.TEXT_NODE ? offset : 0);
    // Beside the text (the gutter, past a row's end): the row's edge.
    const row = (node as Element | null)?.closest?.<HTMLElement>('[data-row]');
    if (!row) return null;
    const r = Number(row.dataset.row);
    const box = row.getBoundingClientRect();
    return x < box.left + GUTTER_PX ? layout.starts[r] : rowTextEnd(r);
  };

  const onMouseDown = (e: ReactMouseEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    viewRef.current?.focus({ preventScroll: true });
    const at = offsetAt(e.clientX, e.clientY);
    if (at === null) return;
    const arc = (e.target as HTMLElement).closest<HTMLElement>('[data-relation]');
    if (arc) {
      select([arc.dataset.relation!]);
      return;
    }
    const spanId = (e.target as HTMLElement).closest<HTMLElement>('[data-spans]')?.dataset.spans?.split(' ')[0] || null;
    if (e.detail >= 2) {
      const w = wordAt(text, Math.min(at, text.length - 1));
      if (w) {
        setAnchor(w.start);
        setFocus(w.end);
        if (selection.length) select([]);
        announce(t('announce.selection', { text: quote(w.start, w.end) }));
      }
      return;
    }
    drag.current = { dragging: true, moved: false, spanId };
    if (e.shiftKey) setFocus(at);
    else {
      setAnchor(at);
      setFocus(at);
    }
    const move = (ev: MouseEvent) => {
      const to = offsetAt(ev.clientX, ev.clientY);
      if (to === null) return;
      drag.current.moved = true;
      setFocus(to);
    };
    const up = (ev: MouseEvent) => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      const d = drag.current;
      d.dragging = false;
      const end = offsetAt(ev.clientX, ev.clientY) ?? at;
      const from = e.shiftKey ? anchor : at;
      if (from === end) {
        // A click: on a span it selects it (again: the span beneath), on plain text it places the caret.
        if (d.spanId && relating) {
          // Making a relation: the span clicked is its target.
          const under = (e.target as HTMLElement).closest<HTMLElement>('[data-spans]')!.dataset.spans!.split(' ').filter((id) => id !== relating.from);
          if (under.length) target(under[0]);
        } else if (d.spanId) {
          const under = (e.target as HTMLElement).closest<HTMLElement>('[data-spans]')!.dataset.spans!.split(' ');
          const i = selection.length === 1 ? under.indexOf(selection[0]) : -1;
          select([under[(i + 1) % under.length]]);
        } else {
          if (selection.length) select([]);
          if (readOnly) props.onPoint?.({ x: end, y: 0 });
        }
        props.onPresence?.({ cursor: { x: end, y: 0 } });
        return;
      }
      const snapped = snapRange(text, from, end, precision);
      if (!snapped) return;
      const [a, b] = end >= from ? [snapped.start, snapped.end] : [snapped.end, snapped.start];
      setAnchor(a);
      setFocus(b);
      if (selection.length) select([]);
      announce(t('announce.selection', { text: quote(snapped.start, snapped.end) }));
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const pinAt = useMemo(() => {
    const m = new Map<number, NonNullable<EditorProps['pins']>[number][]>();
    for (const p of props.pins ?? []) {
      const a = p.annotationId ? byId.get(p.annotationId) : undefined;
      const at = a?.geometry.type === 'span' ? a.geometry.end : p.point ? Math.round(p.point.x) : null;
      if (at !== null) m.set(at, [...(m.get(at) ?? []), p]);
    }
    return m;
  }, [props.pins, byId]);


  const selectedSpans = selection.map((id) => byId.get(id)).filter((a): a is Annotation => !!a);
  const panels: EditorPanel[] = [
    ...(docLabels.length
      ? [
          {
            key: 'document',
            title: t('docLabels.title'),
            testId: 'doc-labels-panel',
            children: <DocumentLabels labels={docLabels} annotations={docAnnotations} disabled={readOnly} onOps={onOps} newId={newId} onDone={() => viewRef.current?.focus()} />,
          },
        ]
      : []),
    {
      key: 'attributes',
      title: te('attributes'),
      children: (
        <AttributesPanel
          selected={selectedSpans}
          labels={labels}
          disabled={readOnly}
          peers={props.peers}
          onLabel={(id, l) => onOps([{ type: 'update', id, patch: { labelId: l } }])}
          onAttribute={(id, key, v) => onOps([{ type: 'update', id, patch: { attributes: { [key]: v } } }])}
          onAccept={(a) => onOps(acceptOps([a]))}
          onReject={(a) => onOps(rejectOps([a]))}
        />
      ),
    },
    {
      key: 'entities',
      title: t('entities.title'),
      testId: 'entities-panel',
      children: (
        <EntityList
          spans={laterPlaced}
          labels={labels}
          text={text}
          selection={selection}
          onJump={(id) => {
            const s = spanById.get(id);
            if (!s) return;
            setAnchor(s.start);
            setFocus(s.start);
            reveal(s.start);
            select([id]);
          }}
        />
      ),
    },
    {
      key: 'objects',
      title: te('objects', { count: placed.length }),
      children: (
        <ObjectList
          objects={laterAnnotations}
          labels={labels}
          selection={selection}
          onSelect={(ids, clicked) => {
            select(ids);
            const a = byId.get(clicked);
            if (a?.geometry.type === 'span') {
              setAnchor(a.geometry.start);
              setFocus(a.geometry.start);
              reveal(a.geometry.start);
            }
          }}
          rowData={(a) =>
            a.geometry.type === 'span'
              ? { start: a.geometry.start, end: a.geometry.end, text: quote(a.geometry.start, a.geometry.end) }
              : a.geometry.type === 'relation'
                ? { from: a.geometry.from, to: a.geometry.to, text: `${spanText(a.geometry.from)} → ${spanText(a.geometry.to)}` }
                : {}
          }
        />
      ),
    },
  ];

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
  // The toolbar's handlers, as of the latest render: the toolbar itself is made again only when what it shows changes (not on every key press).
  const handlers = useRef({ applyLabel, startRelation, labelEveryMatch, onSearchKey, stopRelating: () => setRelating(null) });
  handlers.current = { applyLabel, startRelation, labelEveryMatch, onSearchKey, stopRelating: () => setRelating(null) };
  const toolbar = useMemo(() => (
    <div className="ta-toolbar" role="toolbar" aria-label={t('toolbar')}>
      {spanLabels.map((l) => (
        <Tooltip key={l.id} title={t('apply', { name: l.name })}>
          <Button
            size="small"
            type={current?.id === l.id ? 'primary' : 'default'}
            ghost={current?.id === l.id}
            disabled={readOnly}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => handlers.current.applyLabel(l)}
            data-testid="text-label"
            data-label={l.id}
          >
            <span className="ta-swatch" style={{ background: l.color }} aria-hidden />
            {l.name}
            {l.hotkey && <kbd className="ta-kbd">{l.hotkey}</kbd>}
          </Button>
        </Tooltip>
      ))}
      {relationLabels.length > 0 && (
        <Tooltip title={t('relationHelp')}>
          <Button size="small" disabled={readOnly} onMouseDown={(e) => e.preventDefault()} onClick={() => (relating ? handlers.current.stopRelating() : handlers.current.startRelation())} aria-pressed={!!relating} data-testid="text-relation">
            {t('relation')}
            <kbd className="ta-kbd">R</kbd>
          </Button>
        </Tooltip>
      )}
      <span className="ta-search" role="search">
        <Input
          ref={searchRef}
          size="small"
          allowClear
          value={query}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          onChange={(e) => {
            setQuery(e.target.value);
            setMatchIndex(-1);
          }}
          onKeyDown={(e) => handlers.current.onSearchKey(e)}
          suffix={query ? <span className="ta-search-count" data-testid="search-count">{t('search.count', { n: matchIndex + 1, count: matches.length / 2 })}</span> : <kbd className="ta-kbd">/</kbd>}
          data-testid="text-search"
          style={{ width: 220 }}
        />
        {query && (
          <Tooltip title={current ? t('search.labelAllHelp', { label: current.name }) : undefined}>
            <Button size="small" disabled={readOnly || !current || !matches.length} onClick={() => handlers.current.labelEveryMatch()} data-testid="label-every-match">
              {t('search.labelAll')}
            </Button>
          </Tooltip>
        )}
      </span>
      <Tooltip title={t('precisionHelp')}>
        <label className="ta-precision">
          <Switch size="small" checked={precision === 'char'} onChange={(on) => setPrecision(on ? 'char' : 'word')} data-testid="text-precision" />
          {t('precision')}
        </label>
      </Tooltip>
    </div>
  ), [t, spanLabels, relationLabels, current, readOnly, relating, query, matches, matchIndex, precision]);

  return (
    <EditorFrame
      testId="text-annotator"
      toolbar={toolbar}
      history={props.history}
      readOnly={readOnly}
      connection={props.connection}
      peers={props.peers}
      pins={props.pins}
      hint={t(readOnly ? (props.onPoint ? 'hints.review' : 'hints.readOnly') : 'hints.edit')}
      panels={[...panels, ...(props.panels ?? NO_PANELS)]}
      labels={labels}
    >
      {relating && (
        <div className="ta-relating" role="group" aria-label={t('relating.title')} data-testid="text-relating" data-from={relating.from} data-to={relating.to ?? ''} data-picking={relating.picking || undefined}>
          <span>{t(relating.picking ? 'relating.pick' : 'relating.target', { from: spanText(relating.from), to: spanText(relating.to) })}</span>
          {relating.picking && (
            <span role="listbox" aria-label={t('relating.labels')} className="ta-relating-labels">
              {relationLabels.map((l, i) => (
                <Button
                  key={l.id}
                  size="small"
                  role="option"
                  aria-selected={i === relating.pick}
                  type={i === relating.pick ? 'primary' : 'default'}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => createRelation(l)}
                  data-testid="relation-label"
                  data-label={l.id}
                >
                  <span className="ta-swatch" style={{ background: l.color }} aria-hidden />
                  {l.name}
                  {l.symmetric ? ' ↔' : ' →'}
                  {l.hotkey && <kbd className="ta-kbd">{l.hotkey}</kbd>}
                </Button>
              ))}
            </span>
          )}
          <span className="ta-relating-keys">{t('relating.keys')}</span>
        </div>
      )}
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
          <Rows view={size.width ? viewRef.current : null} height={size.height} layout={layout} text={text} placed={placed} longest={longest} anchor={anchor} focus={focus} selection={selection} pins={pinAt} peers={props.peers} labels={labelOf} lineNumbers={lineNumbers} relations={relations} spanById={spanById} relating={relating} matches={matches} matchIndex={matchIndex} />
        </div>
      </div>
      <Minimap
        layout={laterLayout}
        spans={laterPlaced}
        matches={matches}
        labels={labelOf}
        height={size.height}
        onJump={(f) => {
          const el = viewRef.current;
          if (el) el.scrollTop = Math.max(0, f * el.scrollHeight - el.clientHeight / 2);
        }}
      />
      </div>
      <div className="eu-sr-only" aria-live="polite" data-testid="text-announcer">
        {announcement}
      </div>
    </EditorFrame>
  );
}

interface RowsProps {
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
  relations: readonly PlacedRelation[];
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
const Rows = memo(function Rows({ view, height, layout, text, placed, longest, anchor, focus, selection, pins: pinAt, peers, labels: labelOf, lineNumbers, relations, spanById, relating, matches, matchIndex }: RowsProps) {
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

  const colorOf = (id: string) => labelOf.get(id)?.color ?? '#8c8c8c';

  const rows = [];
  for (let r = first; r <= last; r++) {
    const from = layout.starts[r];
    const to = rowTextEnd(r);
    const lanes = layout.lanes[r];
    const spans = spansIn(placed, from, Math.max(to, from + 1), longest);
    const [m0, m1] = matchesIn(matches, from, Math.max(to, from + 1));
    const cuts = [selStart, selEnd, ...pinAt.keys(), ...peerCarets.map((p) => Math.round(p.cursor!.x))];
    for (let m = m0; m < m1; m++) cuts.push(matches[m * 2], matches[m * 2 + 1]);
    const pieces = piecesOf(from, to, spans, cuts);
    /** The match a piece lies in (index), or -1. */
    const matchOf = (a: number) => {
      for (let m = m0; m < m1; m++) if (matches[m * 2] <= a && a < matches[m * 2 + 1]) return m;
      return -1;
    };
    const mark = (at: number) => [
      ...(anchor === focus && focus === at ? [<span key="caret" className="ta-caret" data-testid="text-caret" data-offset={at} aria-hidden />] : []),
      ...peerCarets.filter((p) => Math.round(p.cursor!.x) === at).map((p) => <span key={`peer-${p.sessionId}`} className="ta-peer-caret" style={{ borderColor: p.color }} title={p.name} data-testid="peer-caret" data-user={p.userId} aria-hidden />),
      ...(pinAt.get(at) ?? []).map((p) => (
        <sup key={`pin-${p.n}`} className={`ta-pin${p.draft ? ' is-draft' : ''}${p.resolved ? ' is-resolved' : ''}`} aria-hidden>
          {p.draft ? '•' : p.n}
        </sup>
      )),
    ];
    rows.push(
      <div key={r} className="ta-row" data-row={r} data-row-start={from} data-row-end={to} style={{ top: layout.tops[r], height: layout.tops[r + 1] - layout.tops[r], paddingTop: layout.arcs[r] ? ARC : undefined }}>
        <span className="ta-gutter" aria-hidden>
          {r === 0 || lineNumbers[r] !== lineNumbers[r - 1] ? lineNumbers[r] : ''}
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
            const ids = [...p.spans].sort((x, y) => x.lane - y.lane).map((s) => s.id).join(' ');
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
      </div>,
    );
  }
  return (
    <>
      {rows}
      <Arcs view={view} layout={layout} first={first} last={last} relations={relations} spanById={spanById} labels={labelOf} selected={selected} relating={relating} />
    </>
  );
});

interface ArcsProps {
  view: HTMLDivElement | null;
  layout: Layout;
  first: number;
  last: number;
  relations: readonly PlacedRelation[];
  spanById: Index<PlacedSpan>;
  labels: ReadonlyMap<string, Label>;
  selected: ReadonlySet<string>;
  relating: { from: string; to: string | null } | null;
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

/**
 * The relations touching the rows drawn, as arcs above the lines from one
 * span's first piece to the other's. Where the pieces are is read from the
 * rows just drawn (after every drawing of them, as the rows' fonts decide
 * it); an end outside the rows drawn is taken to the edge.
 */
function Arcs({ view, layout, first, last, relations, spanById, labels, selected, relating }: ArcsProps) {
  const markerId = useId().replace(/:/g, '');
  const [arcs, setArcs] = useState<DrawnArc[]>([]);
  const drawn = useRef('');
  const top = layout.tops[first] ?? 0;
  const bottom = layout.tops[last + 1] ?? top;
  useLayoutEffect(() => {
    const doc = view?.firstElementChild as HTMLElement | null;
    if (!doc || last < first) return;
    // Nothing to draw: no reading of the layout (which would force it on every drawing of the rows).
    if (!relations.length && !relating?.to) {
      if (drawn.current !== '[]') {
        drawn.current = '[]';
        setArcs([]);
      }
      return;
    }
    const box = doc.getBoundingClientRect();
    const rowStart = layout.starts[first];
    const rowEnd = last + 1 < layout.count ? layout.starts[last + 1] : Infinity;
    const end = (s: PlacedSpan | undefined) => {
      if (!s) return null;
      if (s.start < rowStart) return { x: NaN, y: 0 };
      if (s.start >= rowEnd) return { x: NaN, y: bottom - top };
      const el = doc.querySelector<HTMLElement>(`[data-s="${s.start}"]`);
      if (!el) return null;
      const b = el.getBoundingClientRect();
      const r = rowOf(layout.starts, s.start);
      return { x: b.left - box.left + Math.min(b.width, 40) / 2, y: layout.tops[r] - top + ARC };
    };
    const list: (PlacedRelation & { preview?: boolean })[] = [...relations];
    if (relating?.to) list.push({ id: '', labelId: '', from: relating.from, to: relating.to, symmetric: false, model: false, preview: true });
    const out: DrawnArc[] = [];
    for (const rel of list) {
      const a = spanById.get(rel.from);
      const b = spanById.get(rel.to);
      if (!a || !b) continue;
      if ((a.start < rowStart && b.start < rowStart) || (a.start >= rowEnd && b.start >= rowEnd)) continue;
      const pa = end(a);
      const pb = end(b);
      if (!pa || !pb) continue;
      if (Number.isNaN(pa.x)) pa.x = pb.x;
      if (Number.isNaN(pb.x)) pb.x = pa.x;
      const { d, peak } = arcPath(pa, pb, ARC - 9);
      out.push({ id: rel.id, labelId: rel.labelId, d, x: peak.x, y: peak.y, symmetric: rel.symmetric, model: rel.model });
    }
    const key = JSON.stringify(out);
    if (key !== drawn.current) {
      drawn.current = key;
      setArcs(out);
    }
  });
  if (!arcs.length) return null;
  const colors = [...new Set(arcs.map((a) => labels.get(a.labelId)?.color ?? '#1f1f1f'))];
  return (
    <>
      <svg className="ta-arcs" style={{ top, height: Math.max(1, bottom - top) }} aria-hidden>
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
              style={{ left: a.x, top: top + a.y, borderColor: l?.color }}
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

interface Index<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
}

/** Items by id, found by a scan from the end (where new ones are) for the first few look-ups, by a map built then after. */
function lazyIndex<T extends { id: string }>(list: readonly T[]): Index<T> {
  let map: Map<string, T> | null = null;
  let scans = 0;
  const get = (id: string): T | undefined => {
    if (!map && ++scans > 4) map = new Map(list.map((a) => [a.id, a]));
    if (map) return map.get(id);
    for (let i = list.length - 1; i >= 0; i--) if (list[i].id === id) return list[i];
    return undefined;
  };
  return { get, has: (id) => get(id) !== undefined };
}

/** The editor's keys (TEXT_EDITOR_KEYS) bound to its actions, and the span labels' hotkeys. */
function shortcutsOf(actions: Record<TextAction, () => boolean | void>, labels: readonly Label[], apply: (l: Label) => boolean, t: TFunction<typeof NAMESPACE>, relating: () => boolean): Shortcut[] {
  const keys = Object.entries(TEXT_EDITOR_KEYS) as [TextAction, (typeof TEXT_EDITOR_KEYS)[TextAction]][];
  return [
    ...keys.map(
      ([id, spec]): Shortcut => ({
        id: `text.${id}`, scope: spec.scope, keys: spec.keys, title: t(`actions.${id}`), group: t(`sheet.groups.${spec.group}`), run: () => actions[id](),
        // The tool-scope keys (a relation's target and label) are live only while a relation is being made.
        ...(spec.scope === 'tool' ? { when: relating } : {}),
      }),
    ),
    ...labelShortcuts(labels, apply, t('sheet.groups.labels')),
  ];
}
