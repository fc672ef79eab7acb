import type { MutableRefObject, MouseEvent as ReactMouseEvent } from 'react';
import { snapRange, wordAt } from './engine/tokens';
import type { EditorContext } from './context';

export const GUTTER_PX = 64;

/** Where a drag started, and whether it moved (a click that did not is a click). */
export interface DragState {
  dragging: boolean;
  moved: boolean;
  spanId: string | null;
}

/**
 * The mouse on the document: a click places the caret or selects the span
 * under it (the next one down on a second click), a drag selects (snapped to
 * words), a double-click selects a word, shift-click extends; while a
 * relation is being made, a click on a span makes it the target.
 */
export function mouseDownHandler(c: EditorContext, drag: MutableRefObject<DragState>, target: (to: string | null) => void) {
  const { text, layout, t, setAnchor, setFocus, select, announce, quote, selection, anchor, relating, props } = c;
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
    return x < box.left + GUTTER_PX ? layout.starts[r] : c.rowTextEnd(r);
  };

  const onMouseDown = (e: ReactMouseEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    c.viewRef.current?.focus({ preventScroll: true });
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
          if (c.readOnly) props.onPoint?.({ x: end, y: 0 });
        }
        props.onPresence?.({ cursor: { x: end, y: 0 } });
        return;
      }
      const snapped = snapRange(text, from, end, c.precision);
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

  return onMouseDown;
}
