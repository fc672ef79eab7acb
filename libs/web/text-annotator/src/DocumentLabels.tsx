import { useEffect, useState, type KeyboardEvent } from 'react';
import { Checkbox, Input, Radio, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { hotkeyOwner, type Annotation, type Attribute, type AttributeValue, type EditOp, type Label } from '@tessera/contracts';
import { NumberInput } from '@tessera/web/editor-ui';
import { docLabelOps } from './engine/doc-labels';
import { NAMESPACE } from './i18n';

export interface DocumentLabelsProps {
  /** The schema's labels with the doc-label tool. */
  labels: readonly Label[];
  /** The document's doc-label annotations. */
  annotations: readonly Annotation[];
  disabled: boolean;
  onOps: (ops: EditOp[]) => void;
  /** Escape in a field: back to the document. */
  onDone: () => void;
  newId: () => string;
}

/**
 * The document's own labels: a classification whose label has no attributes
 * is a check box (the label applies to the document or not); its attributes
 * are single choices (radio buttons), multiple choices (check boxes), free
 * text (a summary, a transcription: committed when the field is left),
 * numbers and switches. Each label's hotkey brings focus here
 * (`focusDocLabel`), where the arrows and Space choose.
 */
export function DocumentLabels({ labels, annotations, disabled, onOps, onDone, newId }: DocumentLabelsProps) {
  const { t } = useTranslation(NAMESPACE);
  const of = (labelId: string) => annotations.find((a) => a.labelId === labelId && a.geometry.type === 'doc-label');
  const set = (label: Label, key: string | null, value: AttributeValue | null) => onOps(docLabelOps(label, of(label.id), key, value, newId));
  const escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    onDone();
  };
  if (!labels.length) return <div className="ta-muted">{t('docLabels.none')}</div>;
  return (
    <div className="ta-doc-labels" onKeyDown={escape} data-testid="doc-labels">
      {labels.map((l) => {
        const a = of(l.id);
        return (
          <fieldset key={l.id} className="ta-doc-label" data-doc-label={l.id} data-set={a ? 'true' : 'false'}>
            <legend>
              <span className="ta-swatch" style={{ background: l.color }} aria-hidden />
              {l.name}
              {l.hotkey && !hotkeyOwner(l.hotkey, l.tools) && <kbd className="ta-kbd">{l.hotkey}</kbd>}
            </legend>
            {l.attributes.length === 0 ? (
              <Checkbox checked={!!a} disabled={disabled} onChange={(e) => set(l, null, e.target.checked)} data-testid="doc-label-toggle">
                {t('docLabels.applies')}
              </Checkbox>
            ) : (
              l.attributes.map((at) => <Field key={at.key} label={l} at={at} value={a?.attributes[at.key]} disabled={disabled} onChange={(v) => set(l, at.key, v)} />)
            )}
          </fieldset>
        );
      })}
    </div>
  );
}

function Field({ label, at, value, disabled, onChange }: { label: Label; at: Attribute; value: AttributeValue | undefined; disabled: boolean; onChange: (v: AttributeValue | null) => void }) {
  const { t } = useTranslation(NAMESPACE);
  const id = `doc-${label.id}-${at.key}`;
  const common = { 'data-testid': 'doc-label-field', 'data-key': at.key };
  const caption = (
    <div className="ta-doc-field-name" id={`${id}-name`}>
      {at.name}
      {at.required && <span className="ta-required"> *</span>}
    </div>
  );
  switch (at.type) {
    case 'select':
      return (
        <div {...common}>
          {caption}
          <Radio.Group aria-labelledby={`${id}-name`} value={typeof value === 'string' ? value : undefined} disabled={disabled} onChange={(e) => onChange(e.target.value as string)}>
            {at.options.map((o) => (
              <Radio key={o} value={o} data-option={o}>
                {o}
              </Radio>
            ))}
          </Radio.Group>
        </div>
      );
    case 'multiselect':
      return (
        <div {...common}>
          {caption}
          <Checkbox.Group
            aria-labelledby={`${id}-name`}
            value={Array.isArray(value) ? value : []}
            disabled={disabled}
            options={at.options.map((o) => ({ value: o, label: o }))}
            onChange={(v) => onChange(v.length ? (v as string[]) : null)}
          />
        </div>
      );
    case 'text':
      return (
        <div {...common}>
          {caption}
          <FreeText id={id} value={typeof value === 'string' ? value : ''} maxLength={at.maxLength} disabled={disabled} onCommit={(v) => onChange(v === '' ? null : v)} placeholder={t('docLabels.textPlaceholder')} />
        </div>
      );
    case 'number':
      return (
        <div {...common}>
          {caption}
          <NumberInput aria-labelledby={`${id}-name`} value={typeof value === 'number' ? value : null} min={at.min} max={at.max} step={at.step} disabled={disabled} onChange={(v) => onChange(typeof v === 'number' ? v : null)} />
        </div>
      );
    case 'boolean':
      return (
        <div {...common}>
          {caption}
          <Switch aria-labelledby={`${id}-name`} checked={value === true} disabled={disabled} onChange={(v) => onChange(v)} />
        </div>
      );
  }
}

/** A text area that keeps what is typed to itself and commits it when left (or Ctrl+Enter), so a summary is one edit, not one per key. */
function FreeText({ id, value, maxLength, disabled, onCommit, placeholder }: { id: string; value: string; maxLength?: number; disabled: boolean; onCommit: (v: string) => void; placeholder: string }) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  // Someone else's edit shows unless this person is typing.
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  const commit = () => {
    setEditing(false);
    if (draft !== value) onCommit(draft);
  };
  return (
    <Input.TextArea
      aria-labelledby={`${id}-name`}
      value={draft}
      maxLength={maxLength}
      disabled={disabled}
      autoSize={{ minRows: 2, maxRows: 8 }}
      placeholder={placeholder}
      onFocus={() => setEditing(true)}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.ctrlKey) {
          e.preventDefault();
          commit();
        }
      }}
      data-testid="doc-label-text"
    />
  );
}

/** Focus on a document label's first field (its check box, chosen radio button or text area), so the arrows and Space choose. */
export function focusDocLabel(root: ParentNode, labelId: string): boolean {
  const box = root.querySelector(`[data-doc-label="${CSS.escape(labelId)}"]`);
  const field = box?.querySelector<HTMLElement>('input:checked') ?? box?.querySelector<HTMLElement>('input:not([type=hidden]), textarea, button, [role=switch]');
  field?.focus();
  return !!field;
}
