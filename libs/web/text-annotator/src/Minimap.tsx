import { memo, useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '@tessera/contracts';
import type { Layout, PlacedSpan } from './engine/layout';
import { mapMarks, matchMarks } from './engine/minimap';
import { NAMESPACE } from './i18n';

export interface MinimapProps {
  /** Null until the document is laid out (the map is drawn after the document). */
  layout: Layout | null;
  spans: readonly PlacedSpan[];
  matches: Uint32Array;
  labels: ReadonlyMap<string, Label>;
  height: number;
  /** A click: scroll the view so this fraction of the document is at its middle. */
  onJump: (fraction: number) => void;
}

const WIDTH = 14;

/** Beside the scroll bar: where the spans are, in their labels' colours, and the search's matches (at the left edge). Drawn on a canvas, once per change. */
export const Minimap = memo(function Minimap({ layout, spans, matches, labels, height, onJump }: MinimapProps) {
  const { t } = useTranslation(NAMESPACE);
  const ref = useRef<HTMLCanvasElement>(null);
  const px = Math.max(0, Math.floor(height));
  const marks = useMemo(() => (layout ? mapMarks(layout, spans, px) : []), [layout, spans, px]);
  const found = useMemo(() => (layout ? matchMarks(layout, matches, px) : new Uint8Array(0)), [layout, matches, px]);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, WIDTH, px);
    for (let y = 0; y < marks.length; y++) {
      const id = marks[y];
      if (id === null) continue;
      ctx.fillStyle = labels.get(id)?.color ?? '#8c8c8c';
      ctx.fillRect(5, y, WIDTH - 5, 2);
    }
    ctx.fillStyle = '#faad14';
    for (let y = 0; y < found.length; y++) if (found[y]) ctx.fillRect(0, y, 4, 2);
  }, [marks, found, labels, px]);
  const click = (e: MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    onJump(Math.max(0, Math.min(1, (e.clientY - box.top) / box.height)));
  };
  return (
    <canvas
      ref={ref}
      className="ta-minimap"
      width={WIDTH}
      height={px}
      style={{ height: px }}
      onClick={click}
      role="img"
      aria-label={t('minimap', { count: spans.length })}
      data-testid="text-minimap"
      data-marks={marks.reduce((n, m) => n + (m === null ? 0 : 1), 0)}
    />
  );
});
