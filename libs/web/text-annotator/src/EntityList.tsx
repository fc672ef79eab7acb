import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Empty, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Label } from '@tessera/contracts';
import { groupEntities } from './engine/entities';
import type { PlacedSpan } from './engine/layout';
import { NAMESPACE } from './i18n';
import { clearButton } from '@tessera/web/editor-ui';

export interface EntityListProps {
  spans: readonly PlacedSpan[];
  labels: readonly Label[];
  text: string;
  selection: readonly string[];
  /** A span chosen: the editor selects it and scrolls to it. */
  onJump: (id: string) => void;
}

const ROW = 28;
const HEIGHT = 320;

/**
 * The document's spans grouped by label, with a filter on their text or
 * label; only the rows in view are in the DOM. The arrows move through the
 * list, Enter (or a click) jumps to the span; a group's heading folds it.
 */
export function EntityList({ spans, labels, text, selection, onJump }: EntityListProps) {
  const { t } = useTranslation(NAMESPACE);
  const [filter, setFilter] = useState('');
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const [top, setTop] = useState(0);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => groupEntities(spans, labels, text, filter, folded), [spans, labels, text, filter, folded]);
  const labelOf = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const selected = new Set(selection);
  const first = Math.max(0, Math.floor(top / ROW) - 4);
  const last = Math.min(rows.length, first + Math.ceil(HEIGHT / ROW) + 8);
  const quote = (a: number, b: number) => {
    const s = text.slice(a, Math.min(b, a + 60)).replace(/\s+/g, ' ');
    return b - a > 60 ? `${s}…` : s;
  };
  const activate = (i: number) => {
    const row = rows.at(i);
    if (!row) return;
    if (row.kind === 'group') {
      const next = new Set(folded);
      if (next.has(row.labelId)) next.delete(row.labelId);
      else next.add(row.labelId);
      setFolded(next);
    } else onJump(row.id);
  };
  const focusRow = (i: number) => {
    const at = Math.max(0, Math.min(rows.length - 1, i));
    setActive(at);
    const el = listRef.current;
    if (!el) return;
    if (at * ROW < el.scrollTop) el.scrollTop = at * ROW;
    else if ((at + 1) * ROW > el.scrollTop + el.clientHeight) el.scrollTop = (at + 1) * ROW - el.clientHeight;
    // Drawn already, or once the rows in view are drawn again.
    const row = el.querySelector<HTMLElement>(`[data-index="${at}"]`);
    if (row) row.focus();
    else requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-index="${at}"]`)?.focus());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusRow(active + 1),
      ArrowUp: () => focusRow(active - 1),
      Home: () => focusRow(0),
      End: () => focusRow(rows.length - 1),
    };
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    e.stopPropagation();
    run();
  };
  return (
    <div data-testid="entity-list-panel">
      <Input
        allowClear={clearButton(t('clear'))}
        placeholder={t('entities.filter')}
        aria-label={t('entities.filter')}
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            focusRow(0);
          }
        }}
        style={{ marginBottom: 6 }}
        data-testid="entity-filter"
      />
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('entities.none')} />
      ) : (
        <div ref={listRef} className="ta-entities" style={{ height: Math.min(HEIGHT, rows.length * ROW) }} onScroll={(e) => setTop(e.currentTarget.scrollTop)} role="tree" aria-label={t('entities.title')} onKeyDown={onKeyDown} data-testid="entity-list">
          <div style={{ height: rows.length * ROW, position: 'relative' }}>
            {Array.from({ length: Math.max(0, last - first) }, (_, k) => {
              const i = first + k;
              const row = rows.at(i)!;
              const l = labelOf.get(row.labelId);
              const common = { 'data-index': i, tabIndex: i === active ? 0 : -1, onFocus: () => setActive(i), onClick: () => activate(i), style: { top: i * ROW, height: ROW } };
              return row.kind === 'group' ? (
                <button key={`g-${row.labelId}`} type="button" role="treeitem" aria-expanded={!row.folded} aria-level={1} className="ta-entity-group" data-testid="entity-group" data-label={row.labelId} data-count={row.count} {...common}>
                  <span className="ta-entity-fold" aria-hidden>
                    {row.folded ? '▸' : '▾'}
                  </span>
                  <span className="ta-swatch" style={{ background: l?.color }} aria-hidden />
                  {l?.name ?? row.labelId}
                  <span className="ta-entity-count">{row.count}</span>
                </button>
              ) : (
                <button key={row.id} type="button" role="treeitem" aria-level={2} aria-selected={selected.has(row.id)} className={`ta-entity${selected.has(row.id) ? ' is-selected' : ''}`} data-testid="entity" data-id={row.id} data-start={row.start} data-end={row.end} {...common}>
                  <span className="ta-entity-text" dir="auto">
                    {quote(row.start, row.end)}
                  </span>
                  <span className="ta-entity-at">{row.start}</span>
                </button>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
