import { Alert, Checkbox, Form, Input, Modal, Switch, Typography } from 'antd';
import type { GetProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_EVENTS, webhookCreateRequest, type WebhookCreated, type WebhookEvent } from '@tessera/contracts';
import { CreateOnceFooter, useCreateOnce } from '../api/create-once';
import { ErrorAlert } from '../api/ErrorAlert';
import { useWebhookMutations } from './api';
import { EventName } from './EventName';
import { SecretField } from '../shell/SecretField';

const FIELDS = ['url', 'events', 'active'];

interface Values {
  url: string;
  events: WebhookEvent[];
  active: boolean;
}

const MONO = 'ui-monospace, Menlo, Consolas, monospace';

/**
 * The events' checkboxes. The form marks a required field's control `aria-required`, which ARIA
 * does not allow on a group (the label's mark and the hint under it say that one is needed).
 */
function EventsGroup({ 'aria-required': _required, ...props }: GetProps<typeof Checkbox.Group<WebhookEvent>> & { 'aria-required'?: unknown }) {
  return (
    <Checkbox.Group {...props} style={{ display: 'grid', gap: 8 }}>
      {WEBHOOK_EVENTS.map((e) => (
        <Checkbox key={e} value={e} data-testid={`event-${e}`}>
          <EventName event={e} />
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}

/**
 * Adds a webhook. The server answers with its signing secret once; the dialog
 * then shows it in a read-only field with a copy button until it is closed.
 */
export function CreateWebhookModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { create } = useWebhookMutations();
  const { created, rest, close, submit } = useCreateOnce({
    form, schema: webhookCreateRequest, fields: FIELDS, making: create, onClose, refusedLead: 'webhooks.refusedTarget',
    prepare: (values: Values) => ({ ...values, url: values.url.trim() }),
  });

  return (
    <Modal
      open={open}
      title={t('webhooks.addTitle')}
      onCancel={close}
      destroyOnHidden
      width={620}
      footer={<CreateOnceFooter made={!!created} pending={create.isPending} label={t('webhooks.create')} testId="webhook" onClose={close} onSubmit={submit} />}
    >
      {created ? (
        <SecretView created={created} />
      ) : (
        <>
          <ErrorAlert error={create.error} issues={rest ?? undefined} />
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ url: '', events: [...WEBHOOK_EVENTS], active: true }}
            onFinish={submit}
          >
            <Form.Item
              name="url"
              label={t('webhooks.url')}
              extra={t('webhooks.urlHint')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { pattern: /^\s*https?:\/\/[^\s/?#]+/i, message: t('webhooks.urlInvalid') },
                { max: 2048, message: t('validation.tooLong', { count: 2048 }) },
              ]}
            >
              <Input autoFocus inputMode="url" placeholder="https://example.com/hooks/tessera" style={{ fontFamily: MONO }} />
            </Form.Item>
            <Form.Item
              name="events"
              label={t('webhooks.events')}
              extra={t('webhooks.eventsHint')}
              rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}
            >
              <EventsGroup />
            </Form.Item>
            <Form.Item name="active" label={t('webhooks.active')} extra={t('webhooks.activeHint')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <button type="submit" hidden aria-hidden tabIndex={-1} />
          </Form>
        </>
      )}
    </Modal>
  );
}

function SecretView({ created }: { created: WebhookCreated }) {
  const { t } = useTranslation();
  return (
    <>
      <Alert type="warning" showIcon title={t('webhooks.secretOnce')} description={t('webhooks.secretOnceHint')} style={{ marginBottom: 16 }} role="alert" />
      <Typography.Paragraph style={{ wordBreak: 'break-all' }}>
        <Typography.Text type="secondary">{t('webhooks.urlColon')} </Typography.Text>
        <Typography.Text code>{created.url}</Typography.Text>
      </Typography.Paragraph>
      <SecretField id="webhook-secret" label={t('webhooks.secret')} value={created.secret} copiedMessage={t('webhooks.secretCopied')} testId="webhook-secret" />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
        {t('webhooks.secretUse')}
      </Typography.Paragraph>
    </>
  );
}
