import { useEffect, useRef } from 'react';
import { Alert, Button, Card, Checkbox, Col, ColorPicker, Empty, Flex, Form, Input, Row, Space, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TOOLS_BY_MEDIA, type MediaType, type Tool } from '@tessera/contracts';
import { PALETTE, newAttribute, newLabel, slugify, uniqueId, type AttributeDraft, type LabelDraft } from './draft';
import { AttributeEditor } from './AttributeEditor';

interface Props {
  mediaType: MediaType;
  labels: LabelDraft[];
  /** Without it the editor is read-only (an old schema version, or a user who may not edit). */
  onChange?: (labels: LabelDraft[]) => void;
  /** Messages by displayed path ("labels.0.hotkey"); see displayedPath(). */
  errors?: Record<string, string>;
  idPrefix?: string;
}

type MoveDir = 'up' | 'down';

export function LabelSchemaEditor({ mediaType, labels, onChange, errors = {}, idPrefix = 'schema' }: Props) {
  const { t } = useTranslation();
  const ro = !onChange;
  const tools = TOOLS_BY_MEDIA[mediaType] as readonly Tool[];

  // After a move the card re-renders elsewhere; keep keyboard focus on the
  // button that was pressed (or its twin once it hits the top/bottom).
  const refocus = useRef<{ uid: string; dir: MoveDir } | null>(null);
  useEffect(() => {
    const f = refocus.current;
    if (!f) return;
    refocus.current = null;
    const btn = (d: MoveDir) => document.getElementById(`${idPrefix}-${f.uid}-move-${d}`) as HTMLButtonElement | null;
    const target = btn(f.dir);
    (target && !target.disabled ? target : btn(f.dir === 'up' ? 'down' : 'up'))?.focus();
  });

  const change = (next: LabelDraft[]) => onChange?.(next);
  const setLabel = (i: number, patch: Partial<LabelDraft>) => change(labels.map((l, k) => (k === i ? { ...l, ...patch } : l)));
  const move = (i: number, dir: MoveDir) => {
    const j = dir === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= labels.length) return;
    const next = [...labels];
    [next[i], next[j]] = [next[j], next[i]];
    refocus.current = { uid: labels[i].uid, dir };
    change(next);
  };
  const rename = (i: number, name: string) => {
    const l = labels[i];
    const others = new Set(labels.filter((_, k) => k !== i).map((o) => o.id));
    setLabel(i, { name, id: l.idLocked ? l.id : uniqueId(slugify(name, `label-${i + 1}`), others) });
  };
  const setAttrs = (i: number, attributes: AttributeDraft[]) => setLabel(i, { attributes });

  const err = (path: string) => (errors[path] ? { validateStatus: 'error' as const, help: errors[path] } : {});

  return (
    <Form layout="vertical" component="div" data-testid="label-schema-editor">
      {labels.length === 0 && <Empty description={t('schema.empty')} style={{ margin: '24px 0' }} />}
      {labels.map((l, i) => {
        const p = `labels.${i}`;
        const id = (f: string) => `${idPrefix}-${l.uid}-${f}`;
        const title = l.name.trim() || t('schema.labelN', { n: i + 1 });
        return (
          <Card
            key={l.uid}
            size="small"
            style={{ marginBottom: 12, borderInlineStart: `4px solid ${l.color}` }}
            data-testid="label-card"
            title={
              <Space>
                <span aria-hidden style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, background: l.color }} />
                <Typography.Text strong>{title}</Typography.Text>
                {l.hotkey && <Typography.Text keyboard>{l.hotkey}</Typography.Text>}
              </Space>
            }
            extra={
              !ro && (
                <Space size={4}>
                  <Tooltip title={t('schema.moveUp')}>
                    <Button id={id('move-up')} size="small" icon={<ArrowUpOutlined aria-hidden />} disabled={i === 0} onClick={() => move(i, 'up')} aria-label={t('schema.moveUpLabel', { name: title })} />
                  </Tooltip>
                  <Tooltip title={t('schema.moveDown')}>
                    <Button id={id('move-down')} size="small" icon={<ArrowDownOutlined aria-hidden />} disabled={i === labels.length - 1} onClick={() => move(i, 'down')} aria-label={t('schema.moveDownLabel', { name: title })} />
                  </Tooltip>
                  <Tooltip title={t('schema.removeLabel')}>
                    <Button size="small" danger icon={<DeleteOutlined aria-hidden />} onClick={() => change(labels.filter((_, k) => k !== i))} aria-label={t('schema.removeLabelNamed', { name: title })} />
                  </Tooltip>
                </Space>
              )
            }
          >
            {errors[p] && <Alert type="error" showIcon title={errors[p]} style={{ marginBottom: 12 }} />}
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item label={t('schema.name')} htmlFor={id('name')} required {...err(`${p}.name`)}>
                  <Input id={id('name')} value={l.name} disabled={ro} maxLength={80} onChange={(e) => rename(i, e.target.value)} data-testid="label-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={5}>
                <Form.Item label={t('schema.id')} htmlFor={id('id')} tooltip={t('schema.idHint')} {...err(`${p}.id`)}>
                  <Input id={id('id')} aria-description={t('schema.idHint')} value={l.id} disabled={ro || l.idLocked} maxLength={64} onChange={(e) => setLabel(i, { id: e.target.value.toLowerCase() })} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label={t('schema.color')} htmlFor={id('color')} {...err(`${p}.color`)}>
                  <Space.Compact style={{ width: '100%' }}>
                    <ColorPicker
                      value={l.color}
                      disabled={ro}
                      disabledAlpha
                      presets={[{ label: t('schema.palette'), colors: PALETTE }]}
                      onChange={(c) => setLabel(i, { color: c.toHexString().slice(0, 7) })}
                    >
                      {/* A real button as trigger, so the picker opens from the keyboard too. */}
                      <Button
                        disabled={ro}
                        aria-label={t('schema.pickColor', { name: title })}
                        icon={<span aria-hidden style={{ display: 'inline-block', width: 16, height: 16, borderRadius: 3, background: l.color }} />}
                      />
                    </ColorPicker>
                    <Input id={id('color')} value={l.color} disabled={ro} maxLength={7} onChange={(e) => setLabel(i, { color: e.target.value.trim() })} data-testid="label-color" />
                  </Space.Compact>
                </Form.Item>
              </Col>
              <Col xs={12} md={5}>
                <Form.Item label={t('schema.hotkey')} htmlFor={id('hotkey')} {...err(`${p}.hotkey`)}>
                  <Input
                    id={id('hotkey')}
                    value={l.hotkey}
                    disabled={ro}
                    maxLength={7}
                    placeholder={t('schema.hotkeyPlaceholder')}
                    onChange={(e) => setLabel(i, { hotkey: e.target.value.toLowerCase().replace(/\s+/g, '') })}
                    data-testid="label-hotkey"
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label={t('schema.tools')} {...err(`${p}.tools`)}>
              <Checkbox.Group<Tool>
                value={l.tools}
                disabled={ro}
                aria-label={t('schema.toolsOf', { name: title })}
                onChange={(v) => setLabel(i, { tools: tools.filter((x) => v.includes(x)) })}
                options={tools.map((tool) => ({ value: tool, label: t(`tools.${tool}`) }))}
              />
            </Form.Item>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              {t('schema.attributes')}
            </Typography.Text>
            {l.attributes.map((a, j) => (
              <AttributeEditor
                key={a.uid}
                attr={a}
                index={j}
                path={`${p}.attributes.${j}`}
                idPrefix={`${id('attr')}-${a.uid}`}
                otherKeys={l.attributes.filter((_, k) => k !== j).map((o) => o.key)}
                errors={errors}
                onChange={ro ? undefined : (next) => setAttrs(i, l.attributes.map((x, k) => (k === j ? next : x)))}
                onRemove={() => setAttrs(i, l.attributes.filter((_, k) => k !== j))}
              />
            ))}
            {!ro && (
              <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setAttrs(i, [...l.attributes, newAttribute(l.attributes)])} data-testid="add-attribute">
                {t('schema.addAttribute')}
              </Button>
            )}
          </Card>
        );
      })}
      {!ro && (
        <Flex>
          <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => change([...labels, newLabel(labels, mediaType)])} data-testid="add-label" block>
            {t('schema.addLabel')}
          </Button>
        </Flex>
      )}
    </Form>
  );
}
