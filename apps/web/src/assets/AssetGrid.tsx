import { useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Asset } from '@tessera/contracts';
import { PAGE_SIZE, useAssetPage, useAssetPages, useRetryAsset, type AssetFilters } from './api';
import { AssetCell, CELL_H, CELL_W, PlaceholderCell } from './AssetCell';
import type { AssetChoice } from './asset-choice';
import { WindowedRows, type WindowHandle } from './WindowedRows';

const HEIGHT = 600;
const OVERSCAN_ROWS = 2;

export interface GridHandle {
  /** Puts keyboard focus back on the current cell (after the drawer closes). */
  focusCurrent(): void;
}

interface Props {
  projectId: string;
  filters: AssetFilters;
  onOpen: (a: Asset) => void;
  /** Present when the viewer may upload: failed cells then offer Retry. */
  onRetryRun?: (runId: string) => void;
  /** Present when assets can be chosen (to delete them, or retry the failed ones): Space or a check box; Ctrl+A all, Escape none. */
  choice?: AssetChoice;
  handle?: React.Ref<GridHandle>;
}

/**
 * The project's assets as a windowed thumbnail grid: only the rows in view
 * exist in the DOM and only the list pages they cover are fetched, so 100,000
 * assets cost what a few dozen do. One cell at a time is in the tab order;
 * arrow keys, Home/End and PageUp/PageDown move it, Enter opens the asset.
 */
export function AssetGrid({ projectId, filters, onOpen, onRetryRun, choice, handle }: Props) {
  const { t } = useTranslation();
  const windowRef = useRef<WindowHandle>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [range, setRange] = useState({ first: 0, last: -1 });
  const [focused, setFocused] = useState(0);
  // Set when a key moved focus; the cell takes it as soon as it is rendered (its page may still be loading).
  const focusPending = useRef(false);
  const filterKey = JSON.stringify(filters);

  const first = useAssetPage(projectId, filters, 0);
  const total = first.data?.total ?? 0;
  const columns = Math.max(1, Math.floor(width / CELL_W));
  const rowCount = Math.ceil(total / columns);

  const pageNumbers: number[] = [];
  if (total > 0 && range.last >= range.first) {
    const lastIndex = Math.min(total - 1, (range.last + 1) * columns - 1);
    for (let p = Math.floor((range.first * columns) / PAGE_SIZE); p <= Math.floor(lastIndex / PAGE_SIZE); p++) pageNumbers.push(p);
  }
  const pages = useAssetPages(projectId, filters, pageNumbers);
  const itemAt = (i: number) => pages[pageNumbers.indexOf(Math.floor(i / PAGE_SIZE))]?.data?.items[i % PAGE_SIZE];

  const retry = useRetryAsset(projectId, (id) => onRetryRun?.(id));
  useEffect(() => setFocused(0), [filterKey]);
  useEffect(() => {
    if (!focusPending.current) return;
    const el = boxRef.current?.querySelector<HTMLElement>(`[data-index="${focused}"]`);
    if (el) {
      el.focus();
      focusPending.current = false;
    }
  });

  const move = (index: number) => {
    if (total === 0) return;
    const i = Math.max(0, Math.min(total - 1, index));
    setFocused(i);
    windowRef.current?.scrollRowIntoView(Math.floor(i / columns));
    const el = boxRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`);
    if (el) el.focus();
    else focusPending.current = true;
  };
  const focusedRow = Math.floor(focused / columns);
  const focusedRendered = focusedRow >= range.first && focusedRow <= range.last && !!itemAt(focused);
  const pageRows = Math.max(1, Math.floor(HEIGHT / CELL_H));

  useImperativeHandle(handle, () => ({ focusCurrent: () => move(focused) }));
  // Stable, so the memoised cells do not all re-render on every change of the grid.
  const onRetry = useCallback((a: Asset) => retry.mutate(a.id), [retry.mutate]);
  const toggle = choice?.toggle;
  const onChoose = useCallback((a: Asset) => toggle?.(a.id), [toggle]);

  if (first.isPending) return <Spin style={{ display: 'block', padding: 80 }} />;
  if (total === 0) return <Empty description={t('assets.empty')} style={{ paddingTop: 80 }} />;

  return (
    <div ref={boxRef}>
      <WindowedRows
        handle={windowRef}
        rowCount={rowCount}
        rowHeight={CELL_H}
        height={HEIGHT}
        overscan={OVERSCAN_ROWS}
        onWidth={setWidth}
        onRange={setRange}
        role="grid"
        aria-label={t('assets.gridLabel')}
        aria-rowcount={rowCount}
        aria-colcount={columns}
        aria-multiselectable={choice ? true : undefined}
        data-testid="asset-grid"
        className="asset-grid"
        // When the focused cell has scrolled out of the DOM, the grid itself stays reachable by Tab.
        tabIndex={focusedRendered ? -1 : 0}
        onFocus={(e) => e.target === e.currentTarget && move(Math.max(focused, range.first * columns))}
        onKeyDown={(e) => {
          const step: Record<string, number> = {
            ArrowRight: 1,
            ArrowLeft: -1,
            ArrowDown: columns,
            ArrowUp: -columns,
            PageDown: columns * pageRows,
            PageUp: -columns * pageRows,
            Home: -focused,
            End: total - 1 - focused,
          };
          if (e.key in step) {
            e.preventDefault();
            move(focused + step[e.key]);
          } else if (choice && e.key === 'a' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            choice.chooseAll();
          } else if (choice && e.key === 'Escape' && choice.count) {
            e.preventDefault();
            choice.clear();
          }
        }}
        renderRow={(row) =>
          Array.from({ length: columns }, (_, c) => {
            const i = row * columns + c;
            if (i >= total) return null;
            const a = itemAt(i);
            return a ? (
              <AssetCell
                key={a.id}
                asset={a}
                index={i}
                column={c}
                focused={i === focused}
                onOpen={onOpen}
                onFocusCell={setFocused}
                onRetry={onRetryRun ? onRetry : undefined}
                retrying={retry.isPending && retry.variables === a.id}
                onChoose={choice ? onChoose : undefined}
                chosen={choice?.has(a.id)}
              />
            ) : (
              <PlaceholderCell key={`p${i}`} />
            );
          })
        }
      />
    </div>
  );
}
