import { useState, type ReactNode } from 'react';
import { Button, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Annotation, Attribute, Label, Peer } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import { isPrediction } from '../predictions';
import { clearButton } from '../clear-button';
import { NumberInput } from '../number-input';

type Value = Annotation['attributes'][string];

export interface AttributesPanelProps {
  /** What is selected; the fields show when it is one object. */
  selected: readonly Annotation[];
  labels: readonly Label[];
  /** Nothing may change (read-only, or the object is locked). */
  disabled: boolean;
  peers?: readonly Peer[];
  onLabel: (id: string, labelId: string) => void;
  /** null removes the attribute. */
  onAttribute: (id: string, key: string, value: Value | null) => void;
  onAccept: (a: Annotation) => void;
  onReject: (a: Annotation) => void;
}

/** The selected object's label and typed attributes; for a prediction, its score and accept or reject. */
export function AttributesPanel({ selected, labels, disabled, peers = [], onLabel, onAttribute, onAccept, onReject }: AttributesPanelProps) {
  const { t } = useTranslation(NAMESPACE);
  if (selected.length !== 1) {
    return (
      <div data-testid="attributes">
        <Typography.Text type="secondary">{selected.length ? t('selectedCount', { count: selected.length }) : t('noSelection')}</Typography.Text>
      </div>
    );
  }
  const a = selected[0];
  const label = labels.find((l) => l.id === a.labelId);
  const allowed = labels.filter((l) => (l.tools as readonly string[]).includes(a.geometry.type));
  const busy = peers.find((p) => p.activity?.annotationId === a.id);
  return (
    <div data-testid="attributes" data-id={a.id}>
      {/* The person's colour marks the tag; the text stays dark, since a peer's colour may be too light to read on its tint. */}
      {busy && <Tag style={{ borderColor: busy.color, borderInlineStartWidth: 4, color: 'rgba(0, 0, 0, 0.88)', background: '#fff' }} variant="outlined">{t('peerBusy', { name: busy.name, kind: t(`activity.${busy.activity!.kind}`) })}</Tag>}
      {isPrediction(a) && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Tag color="purple">
            {t('predicted')} · {t('score', { score: a.score?.toFixed(2) ?? '—' })}
          </Tag>
          <Button size="small" type="primary" disabled={disabled} onClick={() => onAccept(a)} data-testid="accept-one">
            {t('accept')}
          </Button>
          <Button size="small" danger disabled={disabled} onClick={() => onReject(a)} data-testid="reject-one">
            {t('reject')}
          </Button>
        </Space>
      )}
      <label className="eu-field">
        <span id="eu-attr-label">{t('label')}</span>
        <Select aria-labelledby="eu-attr-label" value={a.labelId} disabled={disabled} onChange={(v: string) => onLabel(a.id, v)} options={allowed.map((l) => ({ value: l.id, label: l.name }))} data-testid="attr-label" />
      </label>
      {label?.attributes.map((at) => <AttributeField key={at.key} attribute={at} value={a.attributes[at.key]} disabled={disabled} onChange={(v) => onAttribute(a.id, at.key, v)} />)}
    </div>
  );
}

function AttributeField({ attribute: at, value, disabled, onChange }: { attribute: Attribute; value: Value | undefined; disabled: boolean; onChange: (v: Value | null) => void }) {
  const { t } = useTranslation(NAMESPACE);
  const id = `eu-attr-${at.key}`;
  let input: ReactNode;
  switch (at.type) {
    case 'select':
      input = <Select aria-labelledby={id} allowClear={clearButton(t('clear'))} value={typeof value === 'string' ? value : undefined} disabled={disabled} onChange={(v?: string) => onChange(v ?? null)} options={at.options.map((o) => ({ value: o, label: o }))} />;
      break;
    case 'multiselect':
      input = <Select aria-labelledby={id} mode="multiple" value={Array.isArray(value) ? value : []} disabled={disabled} onChange={(v: string[]) => onChange(v.length ? v : null)} options={at.options.map((o) => ({ value: o, label: o }))} />;
      break;
    case 'number':
      input = <NumberInput aria-labelledby={id} min={at.min} max={at.max} step={at.step} value={typeof value === 'number' ? value : null} disabled={disabled} onChange={(v) => onChange(typeof v === 'number' ? v : null)} style={{ width: '100%' }} />;
      break;
    case 'boolean':
      input = <Switch aria-labelledby={id} checked={value === true} disabled={disabled} onChange={(v) => onChange(v)} />;
      break;
    case 'text':
      input = <TextAttribute labelledBy={id} value={typeof value === 'string' ? value : ''} maxLength={at.maxLength} disabled={disabled} onCommit={(v) => onChange(v === '' ? null : v)} />;
      break;
  }
  return (
    <div className="eu-field" data-testid={`attr-${at.key}`}>
      <span id={id}>
        {at.name}
        {at.required && <span className="eu-required" aria-hidden> *</span>}
      </span>
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
