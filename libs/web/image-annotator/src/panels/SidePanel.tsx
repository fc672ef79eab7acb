import { useMemo, useState } from 'react';
import { Button, Checkbox, Empty, Input, InputNumber, Select, Slider, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import type { Annotation, Attribute, Label, Peer } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import type { Editor } from '../engine/editor';

interface Props {
  editor: Editor;
  annotations: readonly Annotation[];
  predictions: readonly Annotation[];
  threshold: number;
  onThreshold: (t: number) => void;
  peers: readonly Peer[];
}

/** Tags, predictions, the selection's attributes and the object list, beside the canvas. */
export function SidePanel({ editor, annotations, predictions, threshold, onThreshold, peers }: Props) {
  const { t } = useTranslation(NAMESPACE);
  const tagLabels = editor.labels.filter((l) => l.tools.includes('tag'));
  return (
    <aside className="ia-side" aria-label={t('objects', { count: editor.scene.order.length })}>
      {tagLabels.length > 0 && (
        <section className="ia-panel" data-testid="tags">
          <h3>{t('tags')}</h3>
          <Space wrap>
            {tagLabels.map((l) => {
              const on = annotations.some((a) => a.geometry.type === 'tag' && a.labelId === l.id);
              return (
                <Checkbox key={l.id} checked={on} disabled={editor.readOnly} onChange={() => editor.toggleTag(l.id, annotations)} data-testid={`tag-${l.id}`}>
                  <span className="ia-swatch" style={{ background: l.color }} aria-hidden />
                  {l.name}
                  {l.hotkey && <kbd className="ia-kbd">{l.hotkey}</kbd>}
                </Checkbox>
              );
            })}
          </Space>
        </section>
      )}
      {predictions.length > 0 && (
        <section className="ia-panel" data-testid="predictions">
          <h3>{t('predictions', { count: predictions.length })}</h3>
          <label className="ia-adjust-row">
            <span id="ia-threshold">{t('threshold')}</span>
            <Slider min={0} max={1} step={0.05} value={threshold} onChange={onThreshold} style={{ width: 140 }} ariaLabelledByForHandle="ia-threshold" />
            <Typography.Text>{threshold.toFixed(2)}</Typography.Text>
          </label>
          <Space wrap>
            <Button size="small" type="primary" disabled={editor.readOnly} onClick={() => editor.acceptPredictions(predictions.filter((a) => (a.score ?? 0) >= threshold))} data-testid="accept-above">
              {t('acceptAbove', { t: threshold.toFixed(2) })}
            </Button>
            <Button size="small" danger disabled={editor.readOnly} onClick={() => editor.rejectPredictions(predictions.filter((a) => (a.score ?? 0) < threshold))} data-testid="reject-below">
              {t('rejectBelow', { t: threshold.toFixed(2) })}
            </Button>
          </Space>
        </section>
      )}
      <Selection editor={editor} peers={peers} />
      <ObjectList editor={editor} />
    </aside>
  );
}

function Selection({ editor, peers }: { editor: Editor; peers: readonly Peer[] }) {
  const { t } = useTranslation(NAMESPACE);
  const sel = editor.selected;
  if (sel.length !== 1) {
    return (
      <section className="ia-panel" data-testid="attributes">
        <h3>{t('attributes')}</h3>
        <Typography.Text type="secondary">{sel.length ? t('selectedCount', { count: sel.length }) : t('noSelection')}</Typography.Text>
      </section>
    );
  }
  const a = sel[0];
  const label = editor.label(a.labelId);
  const locked = editor.locked.has(a.id) || editor.readOnly;
  const allowed = editor.labels.filter((l) => (l.tools as readonly string[]).includes(a.geometry.type));
  const busy = peers.find((p) => p.activity?.annotationId === a.id);
  return (
    <section className="ia-panel" data-testid="attributes" data-id={a.id}>
      <h3>{t('attributes')}</h3>
      {/* The person's colour marks the tag; the text stays dark, since a peer's colour may be too light to read on its tint. */}
      {busy && <Tag style={{ borderColor: busy.color, borderInlineStartWidth: 4, color: 'rgba(0, 0, 0, 0.88)', background: '#fff' }} variant="outlined">{t('peerBusy', { name: busy.name, kind: busy.activity!.kind })}</Tag>}
      {a.source === 'model' && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Tag color="purple">{t('predicted')} · {t('score', { score: a.score?.toFixed(2) ?? '—' })}</Tag>
          <Button size="small" type="primary" disabled={editor.readOnly} onClick={() => editor.acceptPredictions([a])} data-testid="accept-one">{t('accept')}</Button>
          <Button size="small" danger disabled={editor.readOnly} onClick={() => editor.rejectPredictions([a])} data-testid="reject-one">{t('reject')}</Button>
        </Space>
      )}
      <label className="ia-field">
        <span id="ia-attr-label">{t('label')}</span>
        <Select aria-labelledby="ia-attr-label" value={a.labelId} disabled={locked} onChange={(v: string) => editor.setLabelOf(a.id, v)} options={allowed.map((l) => ({ value: l.id, label: l.name }))} data-testid="attr-label" />
      </label>
      {label?.attributes.map((at) => <AttributeField key={at.key} attribute={at} value={a.attributes[at.key]} disabled={locked} onChange={(v) => editor.setAttribute(a.id, at.key, v)} />)}
    </section>
  );
}

function AttributeField({ attribute: at, value, disabled, onChange }: { attribute: Attribute; value: Annotation['attributes'][string] | undefined; disabled: boolean; onChange: (v: Annotation['attributes'][string] | null) => void }) {
  const id = `ia-attr-${at.key}`;
  const title = (
    <span id={id}>
      {at.name}
      {at.required && <span className="ia-required" aria-hidden> *</span>}
    </span>
  );
  let input: React.ReactNode;
  switch (at.type) {
    case 'select':
      input = <Select aria-labelledby={id} allowClear value={typeof value === 'string' ? value : undefined} disabled={disabled} onChange={(v?: string) => onChange(v ?? null)} options={at.options.map((o) => ({ value: o, label: o }))} />;
      break;
    case 'multiselect':
      input = <Select aria-labelledby={id} mode="multiple" value={Array.isArray(value) ? value : []} disabled={disabled} onChange={(v: string[]) => onChange(v.length ? v : null)} options={at.options.map((o) => ({ value: o, label: o }))} />;
      break;
    case 'number':
      input = <InputNumber aria-labelledby={id} min={at.min} max={at.max} step={at.step} value={typeof value === 'number' ? value : null} disabled={disabled} onChange={(v) => onChange(typeof v === 'number' ? v : null)} style={{ width: '100%' }} />;
      break;
    case 'boolean':
      input = <Switch aria-labelledby={id} checked={value === true} disabled={disabled} onChange={(v) => onChange(v)} />;
      break;
    case 'text':
      input = <TextAttribute labelledBy={id} value={typeof value === 'string' ? value : ''} maxLength={at.maxLength} disabled={disabled} onCommit={(v) => onChange(v === '' ? null : v)} />;
      break;
  }
  return (
    <div className="ia-field" data-testid={`attr-${at.key}`}>
      {title}
      {input}
    </div>
  );
}

/** Text is sent when the field is left or Enter pressed, not on every keystroke. */
function TextAttribute({ value, onCommit, labelledBy, maxLength, disabled }: { value: string; onCommit: (v: string) => void; labelledBy: string; maxLength?: number; disabled: boolean }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return <Input aria-labelledby={labelledBy} value={draft ?? value} maxLength={maxLength} disabled={disabled} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onPressEnter={commit} />;
}

const ROW = 32;
const LIST_HEIGHT = 320;

/** Every object, filterable by label and text; only the rows in view are in the DOM, so 10,000 objects cost what 12 do. */
function ObjectList({ editor }: { editor: Editor }) {
  const { t } = useTranslation(NAMESPACE);
  const [text, setText] = useState('');
  const [labelFilter, setLabelFilter] = useState<string | null>(null);
  const [top, setTop] = useState(0);
  const order = editor.scene.order;
  const items = useMemo(() => {
    const q = text.trim().toLowerCase();
    const name = (id: string) => editor.label(id)?.name.toLowerCase() ?? id;
    // "Prediction" (in the UI's language) finds the model's objects.
    const predicted = t('predicted').toLowerCase();
    const matches = (a: Annotation) => name(a.labelId).includes(q) || a.geometry.type.includes(q) || a.id.startsWith(q) || (a.source === 'model' && predicted.includes(q));
    return [...order].reverse().filter((a) => (!labelFilter || a.labelId === labelFilter) && (!q || matches(a)));
  }, [order, text, labelFilter, editor, t]);
  const first = Math.max(0, Math.floor(top / ROW) - 4);
  const last = Math.min(items.length, first + Math.ceil(LIST_HEIGHT / ROW) + 8);
  const selected = new Set(editor.selection);
  return (
    <section className="ia-panel" data-testid="object-list-panel">
      <h3>{t('objects', { count: order.length })}</h3>
      <Space.Compact style={{ width: '100%', marginBottom: 6 }}>
        <Input allowClear placeholder={t('filter')} aria-label={t('filter')} value={text} onChange={(e) => setText(e.target.value)} data-testid="object-filter" />
        <Select allowClear placeholder={t('allLabels')} aria-label={t('allLabels')} value={labelFilter ?? undefined} onChange={(v?: string) => setLabelFilter(v ?? null)} options={editor.labels.map((l) => ({ value: l.id, label: l.name }))} style={{ minWidth: 110 }} />
      </Space.Compact>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noObjects')} />
      ) : (
        <div className="ia-list" style={{ height: Math.min(LIST_HEIGHT, items.length * ROW) }} onScroll={(e) => setTop(e.currentTarget.scrollTop)} role="list" aria-label={t('objects', { count: items.length })} data-testid="object-list">
          <div style={{ height: items.length * ROW, position: 'relative' }}>
            {items.slice(first, last).map((a, i) => (
              <ObjectRow key={a.id} a={a} top={(first + i) * ROW} label={editor.label(a.labelId)} selected={selected.has(a.id)} hidden={editor.hidden.has(a.id)} locked={editor.locked.has(a.id)} editor={editor} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

function ObjectRow({ a, top, label, selected, hidden, locked, editor }: { a: Annotation; top: number; label?: Label; selected: boolean; hidden: boolean; locked: boolean; editor: Editor }) {
  const { t } = useTranslation(NAMESPACE);
  return (
    <div className={`ia-row${selected ? ' is-selected' : ''}${hidden ? ' is-hidden' : ''}`} style={{ top, height: 32 }} role="listitem" data-testid="annotator-object" data-id={a.id} data-type={a.geometry.type} data-label={a.labelId} data-source={a.source} data-bounds={boundsText(editor, a.id)} data-vertices={'points' in a.geometry ? a.geometry.points.length : undefined}>
      <button
        type="button"
        className="ia-row-main"
        aria-pressed={selected}
        onClick={(e) => {
          editor.setSelection(e.shiftKey ? (selected ? editor.selection.filter((x) => x !== a.id) : [...editor.selection, a.id]) : [a.id]);
          editor.reveal(a.id);
        }}
      >
        <span className="ia-swatch" style={{ background: label?.color ?? '#8c8c8c' }} aria-hidden />
        <span className="ia-row-name">{label?.name ?? a.labelId}</span>
        <span className="ia-row-type">{t(`types.${a.geometry.type}`, { defaultValue: a.geometry.type })}</span>
        {a.source === 'model' && <Tag color="purple" className="ia-row-score">{a.score?.toFixed(2) ?? '—'}</Tag>}
      </button>
      <Tooltip title={hidden ? t('show') : t('hide')}>
        <Button size="small" type="text" aria-label={hidden ? t('show') : t('hide')} aria-pressed={hidden} onClick={() => editor.setHidden(a.id, !hidden)} icon={hidden ? <EyeInvisibleOutlined /> : <EyeOutlined />} data-testid="toggle-visibility" />
      </Tooltip>
      <Tooltip title={locked ? t('unlock') : t('lock')}>
        <Button size="small" type="text" aria-label={locked ? t('unlock') : t('lock')} aria-pressed={locked} onClick={() => editor.toggleLocked([a.id])} icon={locked ? <LockOutlined /> : <UnlockOutlined />} data-testid="toggle-lock" />
      </Tooltip>
    </div>
  );
}

/** Where an object is, for tests and assistive tech reading the list: its bounds in image pixels. */
function boundsText(editor: Editor, id: string) {
  const b = editor.scene.boundsOf(id);
  return b ? [b.minX, b.minY, b.maxX, b.maxY].map(Math.round).join(',') : undefined;
}
