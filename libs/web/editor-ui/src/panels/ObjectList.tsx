import { useMemo, useState } from 'react';
import { Button, Empty, Input, Select, Space, Tag, Tooltip } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Annotation, Label } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import { isPrediction } from '../predictions';
import { clearButton } from '../clear-button';

export interface ObjectListProps {
  /** In draw order; the list shows the topmost first. */
  objects: readonly Annotation[];
  labels: readonly Label[];
  selection: readonly string[];
  hidden?: ReadonlySet<string>;
  locked?: ReadonlySet<string>;
  /** The new selection (Shift+click adds or removes), and the object clicked, to bring into view. */
  onSelect: (ids: string[], clicked: string) => void;
  /** Without it the rows have no eye button. */
  onHidden?: (id: string, hidden: boolean) => void;
  /** Without it the rows have no lock button. */
  onLocked?: (id: string) => void;
  /** data-* attributes for a row, for assistive tech and tests (the image editor gives an object's bounds). */
  rowData?: (a: Annotation) => Record<string, string | number | undefined>;
}

const ROW = 32;
const LIST_HEIGHT = 320;
const NONE: ReadonlySet<string> = new Set();

/** Every object, filterable by label and text; only the rows in view are in the DOM, so 10,000 objects cost what 12 do. */
export function ObjectList({ objects, labels, selection, hidden = NONE, locked = NONE, onSelect, onHidden, onLocked, rowData }: ObjectListProps) {
  const { t } = useTranslation(NAMESPACE);
  const [text, setText] = useState('');
  const [labelFilter, setLabelFilter] = useState<string | null>(null);
  const [top, setTop] = useState(0);
  const byId = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const items = useMemo(() => {
    const q = text.trim().toLowerCase();
    const name = (id: string) => byId.get(id)?.name.toLowerCase() ?? id;
    // "Prediction" (in the reader's language) finds the model's objects.
    const predicted = t('predicted').toLowerCase();
    const matches = (a: Annotation) => name(a.labelId).includes(q) || a.geometry.type.includes(q) || a.id.startsWith(q) || (isPrediction(a) && predicted.includes(q));
    return [...objects].reverse().filter((a) => (!labelFilter || a.labelId === labelFilter) && (!q || matches(a)));
  }, [objects, text, labelFilter, byId, t]);
  const first = Math.max(0, Math.floor(top / ROW) - 4);
  const last = Math.min(items.length, first + Math.ceil(LIST_HEIGHT / ROW) + 8);
  const selected = new Set(selection);
  const pick = (id: string, additive: boolean) => onSelect(additive ? (selected.has(id) ? selection.filter((x) => x !== id) : [...selection, id]) : [id], id);
  return (
    <div data-testid="object-list-panel">
      <Space.Compact style={{ width: '100%', marginBottom: 6 }}>
        <Input allowClear={clearButton(t('clear'))} placeholder={t('filter')} aria-label={t('filter')} value={text} onChange={(e) => setText(e.target.value)} data-testid="object-filter" />
        <Select allowClear={clearButton(t('clear'))} placeholder={t('allLabels')} aria-label={t('allLabels')} value={labelFilter ?? undefined} onChange={(v?: string) => setLabelFilter(v ?? null)} options={labels.map((l) => ({ value: l.id, label: l.name }))} style={{ minWidth: 110 }} />
      </Space.Compact>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noObjects')} />
      ) : (
        <div className="eu-list" style={{ height: Math.min(LIST_HEIGHT, items.length * ROW) }} onScroll={(e) => setTop(e.currentTarget.scrollTop)} role="list" aria-label={t('objects', { count: items.length })} data-testid="object-list">
          <div style={{ height: items.length * ROW, position: 'relative' }}>
            {items.slice(first, last).map((a, i) => (
              <ObjectRow
                key={a.id}
                a={a}
                top={(first + i) * ROW}
                label={byId.get(a.labelId)}
                selected={selected.has(a.id)}
                hidden={hidden.has(a.id)}
                locked={locked.has(a.id)}
                data={rowData?.(a)}
                onPick={pick}
                onHidden={onHidden}
                onLocked={onLocked}
              />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

interface RowProps {
  a: Annotation;
  top: number;
  label?: Label;
  selected: boolean;
  hidden: boolean;
  locked: boolean;
  data?: Record<string, string | number | undefined>;
  onPick: (id: string, additive: boolean) => void;
  onHidden?: (id: string, hidden: boolean) => void;
  onLocked?: (id: string) => void;
}

function ObjectRow({ a, top, label, selected, hidden, locked, data, onPick, onHidden, onLocked }: RowProps) {
  const { t } = useTranslation(NAMESPACE);
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div
      className={`eu-row${selected ? ' is-selected' : ''}${hidden ? ' is-hidden' : ''}`}
      style={{ top, height: ROW }}
      role="listitem"
      data-testid="annotator-object"
      data-id={a.id}
      data-type={a.geometry.type}
      data-label={a.labelId}
      data-source={a.source}
      {...attrs}
    >
      <button type="button" className="eu-row-main" aria-pressed={selected} onClick={(e) => onPick(a.id, e.shiftKey)}>
        <span className="eu-swatch" style={{ background: label?.color ?? '#8c8c8c' }} aria-hidden />
        <span className="eu-row-name">{label?.name ?? a.labelId}</span>
        <span className="eu-row-type">{t(`types.${a.geometry.type}`)}</span>
        {isPrediction(a) && <Tag color="purple" className="eu-row-score">{a.score?.toFixed(2) ?? '—'}</Tag>}
      </button>
      {onHidden && (
        <Tooltip title={hidden ? t('show') : t('hide')}>
          <Button size="small" type="text" aria-label={hidden ? t('show') : t('hide')} aria-pressed={hidden} onClick={() => onHidden(a.id, !hidden)} icon={hidden ? <EyeInvisibleOutlined aria-hidden /> : <EyeOutlined aria-hidden />} data-testid="toggle-visibility" />
        </Tooltip>
      )}
      {onLocked && (
        <Tooltip title={locked ? t('unlock') : t('lock')}>
          <Button size="small" type="text" aria-label={locked ? t('unlock') : t('lock')} aria-pressed={locked} onClick={() => onLocked(a.id)} icon={locked ? <LockOutlined aria-hidden /> : <UnlockOutlined aria-hidden />} data-testid="toggle-lock" />
        </Tooltip>
      )}
    </div>
  );
}
