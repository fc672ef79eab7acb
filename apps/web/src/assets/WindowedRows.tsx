import { useImperativeHandle, useLayoutEffect, useRef, useState, type HTMLAttributes, type ReactNode, type Ref } from 'react';

/** First and last row (inclusive) to render for a scroll position; pure, so it is easy to reason about. */
export function visibleRows(scrollTop: number, viewport: number, rowHeight: number, rowCount: number, overscan: number) {
  if (rowCount === 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last };
}

export interface WindowHandle {
  /** Scrolls the least distance that shows the whole row. */
  scrollRowIntoView(row: number): void;
}

interface Props extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  rowCount: number;
  rowHeight: number;
  height: number;
  /** Rows rendered beyond each edge, so a short scroll shows no blank strip. */
  overscan?: number;
  renderRow: (row: number) => ReactNode;
  /** Called with the inner width (scrollbar excluded) whenever it changes. */
  onWidth?: (width: number) => void;
  onRange?: (range: { first: number; last: number }) => void;
  handle?: Ref<WindowHandle>;
}

/**
 * A fixed-row-height virtual list: a tall spacer gives the scrollbar its true
 * length and only the rows in view (plus the overscan) exist in the DOM, each
 * absolutely placed. Fixed heights keep the arithmetic O(1) at any row count.
 */
export function WindowedRows({ rowCount, rowHeight, height, overscan = 2, renderRow, onWidth, onRange, handle, style, ...rest }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const range = visibleRows(scrollTop, height, rowHeight, rowCount, overscan);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !onWidth) return;
    const ro = new ResizeObserver(() => onWidth(el.clientWidth));
    ro.observe(el);
    onWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  useLayoutEffect(() => onRange?.(range), [range.first, range.last]);

  useImperativeHandle(handle, () => ({
    scrollRowIntoView(row) {
      const el = box.current;
      if (!el) return;
      const top = row * rowHeight;
      let next = el.scrollTop;
      if (top < next) next = top;
      else if (top + rowHeight > next + height) next = top + rowHeight - height;
      el.scrollTop = next;
      // Render the target row now rather than after the scroll event, so it can take focus at once.
      setScrollTop(next);
    },
  }), [rowHeight, height]);

  const rows: ReactNode[] = [];
  for (let r = range.first; r <= range.last; r++) {
    rows.push(
      <div key={r} role="row" aria-rowindex={r + 1} style={{ position: 'absolute', top: r * rowHeight, height: rowHeight, left: 0, right: 0, display: 'flex' }}>
        {renderRow(r)}
      </div>,
    );
  }
  return (
    <div ref={box} {...rest} style={{ ...style, height, overflowY: 'auto', position: 'relative' }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div style={{ height: rowCount * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  );
}
