import { Alert, Checkbox, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { API_TOKEN_LIFETIMES, apiTokenCreateRequest } from '@tessera/contracts';
import { CreateOnceFooter, useCreateOnce } from '../api/create-once';
import { ErrorAlert } from '../api/ErrorAlert';
import { SecretField } from '../shell/SecretField';
import { useApiTokenMutations } from './api-tokens';

const FIELDS = ['name', 'expiresInDays', 'readOnly', 'currentPassword'];
/** The Select's value for "never": a Select cannot hold null as an option's value. */
const NEVER = 0;

interface Values {
  name: string;
  expiresInDays: number;
  readOnly: boolean;
  currentPassword: string;
}

/** Makes an API token. The server answers with the token once; the dialog shows it with a copy button until closed. */
export function CreateApiTokenModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { create } = useApiTokenMutations();
  const never = Form.useWatch('expiresInDays', form) === NEVER;
  const { created, rest, close, submit } = useCreateOnce({
    form, schema: apiTokenCreateRequest, fields: FIELDS, making: create, onClose,
    prepare: (values: Values) => ({ ...values, expiresInDays: values.expiresInDays === NEVER ? null : values.expiresInDays }),
  });

  return (
    <Modal
      open={open}
      title={t('tokens.addTitle')}
      onCancel={close}
      destroyOnHidden
      width={560}
      footer={<CreateOnceFooter made={!!created} pending={create.isPending} label={t('tokens.create')} testId="token" onClose={close} onSubmit={submit} />}
    >
      {created ? (
        <>
          <Alert type="warning" showIcon title={t('tokens.tokenOnce')} description={t('tokens.tokenOnceHint')} style={{ marginBottom: 16 }} role="alert" />
          <SecretField id="api-token" label={`${t('tokens.token')} · ${created.name}`} value={created.token} copiedMessage={t('tokens.tokenCopied')} testId="token-secret" />
        </>
      ) : (
        <>
          <ErrorAlert error={create.error} issues={rest ?? undefined} />
          <Form form={form} layout="vertical" requiredMark={false} initialValues={{ name: '', expiresInDays: 90, readOnly: false, currentPassword: '' }} onFinish={submit}>
            <Form.Item
              name="name"
              label={t('tokens.name')}
              extra={t('tokens.nameHint')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { max: 100, message: t('validation.tooLong', { count: 100 }) },
              ]}
            >
              <Input autoFocus placeholder={t('tokens.namePlaceholder')} data-testid="token-name" />
            </Form.Item>
            <Form.Item name="expiresInDays" label={t('tokens.expiresIn')} extra={never ? t('tokens.neverHint') : undefined}>
              <Select
                data-testid="token-expiry"
                options={[
                  ...API_TOKEN_LIFETIMES.map((days) => ({ value: days, label: t('common.days', { count: days }) })),
                  { value: NEVER, label: t('tokens.never') },
                ]}
              />
            </Form.Item>
            <Form.Item name="readOnly" valuePropName="checked" extra={t('tokens.readOnlyHint')}>
              <Checkbox data-testid="token-read-only">{t('tokens.readOnly')}</Checkbox>
            </Form.Item>
            <Form.Item
              name="currentPassword"
              label={t('tokens.password')}
              extra={t('tokens.passwordHint')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Input.Password autoComplete="current-password" data-testid="token-password" />
            </Form.Item>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('tokens.subtitle')}
            </Typography.Paragraph>
            <button type="submit" hidden aria-hidden tabIndex={-1} />
          </Form>
        </>
      )}
    </Modal>
  );
}
