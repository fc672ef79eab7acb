import { Button, Card, Col, Form, Input, Row, Select, Switch } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ATTRIBUTE_TYPES } from '@tessera/contracts';
import { NumberInput } from '@tessera/web/editor-ui';
import { slugify, uniqueId, type AttributeDraft, type AttributeType } from './draft';
import { clearable } from '../../shell/icon-labels';

interface Props {
  attr: AttributeDraft;
  index: number;
  /** e.g. "labels.0.attributes.1" */
  path: string;
  idPrefix: string;
  otherKeys: string[];
  errors: Record<string, string>;
  onChange?: (next: AttributeDraft) => void;
  onRemove?: () => void;
}

export function AttributeEditor({ attr, index, path, idPrefix, otherKeys, errors, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const ro = !onChange;
  const set = (patch: Partial<AttributeDraft>) => onChange?.({ ...attr, ...patch });
  const err = (field?: string) => {
    const msg = errors[field ? `${path}.${field}` : path];
    return msg ? { validateStatus: 'error' as const, help: msg } : {};
  };
  const id = (f: string) => `${idPrefix}-${f}`;

  const rename = (name: string) =>
    set({ name, key: attr.keyEdited ? attr.key : uniqueId(slugify(name, `attr-${index + 1}`).replace(/-/g, '_'), new Set(otherKeys)) });

  // Switching type drops the settings that only made sense for the old one.
  const retype = (type: AttributeType) =>
    set({ type, options: type === 'select' || type === 'multiselect' ? attr.options : [], defaultText: undefined, defaultNumber: undefined, defaultBool: undefined, defaultOptions: undefined, min: undefined, max: undefined, step: undefined, maxLength: undefined });

  const optionItems = attr.options.map((o) => ({ value: o, label: o }));

  return (
    <Card
      size="small"
      data-testid="attribute"
      style={{ marginBottom: 8, background: '#fafafa' }}
      title={t('schema.attributeN', { n: index + 1 })}
      extra={
        !ro && (
          <Button size="small" type="text" danger icon={<DeleteOutlined aria-hidden />} onClick={onRemove} aria-label={t('schema.removeAttribute', { name: attr.name || t('schema.attributeN', { n: index + 1 }) })} />
        )
      }
    >
      {errors[path] && <div className="ant-form-item-explain-error" role="alert">{errors[path]}</div>}
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item label={t('schema.attrName')} htmlFor={id('name')} required {...err('name')}>
            <Input id={id('name')} value={attr.name} disabled={ro} onChange={(e) => rename(e.target.value)} maxLength={80} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t('schema.attrKey')} htmlFor={id('key')} tooltip={t('schema.attrKeyHint')} {...err('key')}>
            <Input id={id('key')} aria-description={t('schema.attrKeyHint')} value={attr.key} disabled={ro} onChange={(e) => set({ key: e.target.value.toLowerCase(), keyEdited: true })} maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t('schema.attrType')} htmlFor={id('type')}>
            <Select<AttributeType>
              id={id('type')}
              value={attr.type}
              disabled={ro}
              onChange={retype}
              options={ATTRIBUTE_TYPES.map((ty) => ({ value: ty, label: t(`attributeTypes.${ty}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item label={t('schema.attrRequired')} htmlFor={id('required')}>
            <Switch id={id('required')} checked={attr.required} disabled={ro} onChange={(required) => set({ required })} />
          </Form.Item>
        </Col>
      </Row>
      {(attr.type === 'select' || attr.type === 'multiselect') && (
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item label={t('schema.options')} htmlFor={id('options')} extra={!ro && t('schema.optionsHint')} required {...err('options')}>
              <Select
                id={id('options')}
                mode="tags"
                value={attr.options}
                disabled={ro}
                tokenSeparators={[',', '，']}
                suffixIcon={null}
                onChange={(options: string[]) => {
                  const clean = [...new Set(options.map((o) => o.trim()).filter(Boolean))];
                  set({
                    options: clean,
                    defaultText: attr.defaultText && clean.includes(attr.defaultText) ? attr.defaultText : undefined,
                    defaultOptions: attr.defaultOptions?.filter((o) => clean.includes(o)),
                  });
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item label={t('schema.default')} htmlFor={id('default')} {...err('default')}>
              {attr.type === 'select' ? (
                <Select id={id('default')} allowClear={clearable(t)} value={attr.defaultText} disabled={ro} options={optionItems} onChange={(v?: string) => set({ defaultText: v })} placeholder={t('schema.noDefault')} />
              ) : (
                <Select id={id('default')} mode="multiple" allowClear={clearable(t)} value={attr.defaultOptions ?? []} disabled={ro} options={optionItems} onChange={(v: string[]) => set({ defaultOptions: v })} placeholder={t('schema.noDefault')} />
              )}
            </Form.Item>
          </Col>
        </Row>
      )}
      {attr.type === 'number' && (
        <Row gutter={12}>
          {(['min', 'max', 'step'] as const).map((f) => (
            <Col xs={8} md={6} key={f}>
              <Form.Item label={t(`schema.${f}`)} htmlFor={id(f)} {...err(f)}>
                <NumberInput id={id(f)} style={{ width: '100%' }} value={attr[f]} disabled={ro} min={f === 'step' ? 0 : undefined} onChange={(v) => set({ [f]: v ?? undefined })} />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24} md={6}>
            <Form.Item label={t('schema.default')} htmlFor={id('default')} {...err('default')}>
              <NumberInput id={id('default')} style={{ width: '100%' }} value={attr.defaultNumber} disabled={ro} min={attr.min} max={attr.max} onChange={(v) => set({ defaultNumber: v ?? undefined })} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {attr.type === 'text' && (
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item label={t('schema.maxLength')} htmlFor={id('maxLength')} {...err('maxLength')}>
              <NumberInput id={id('maxLength')} style={{ width: '100%' }} min={1} max={10000} precision={0} value={attr.maxLength} disabled={ro} onChange={(v) => set({ maxLength: v ?? undefined })} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('schema.default')} htmlFor={id('default')} {...err('default')}>
              <Input id={id('default')} value={attr.defaultText} disabled={ro} maxLength={attr.maxLength} onChange={(e) => set({ defaultText: e.target.value || undefined })} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {attr.type === 'boolean' && (
        <Form.Item label={t('schema.default')} htmlFor={id('default')} {...err('default')}>
          <Select
            id={id('default')}
            style={{ maxWidth: 240 }}
            value={attr.defaultBool === undefined ? 'none' : String(attr.defaultBool)}
            disabled={ro}
            onChange={(v: string) => set({ defaultBool: v === 'none' ? undefined : v === 'true' })}
            options={[
              { value: 'none', label: t('schema.noDefault') },
              { value: 'true', label: t('common.yes') },
              { value: 'false', label: t('common.no') },
            ]}
          />
        </Form.Item>
      )}
    </Card>
  );
}
