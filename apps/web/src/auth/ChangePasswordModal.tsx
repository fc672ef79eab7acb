import { useState } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { changePasswordRequest, type ChangePasswordRequest, type TokenResponse } from '@tessera/contracts';
import { ApiError, http } from '../api/client';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { parseForm } from '../api/zod-form';
import { useSession } from './session-store';
import { NewPasswordFields } from './NewPasswordFields';
import { useMessage } from '../shell/icon-labels';

const FIELDS = ['currentPassword', 'newPassword'];

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [form] = Form.useForm<ChangePasswordRequest & { confirm: string }>();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<IssueLike[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    let values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const { confirm: _c, ...raw } = values;
    setError(null);
    const body = parseForm(form, changePasswordRequest, raw, FIELDS);
    if (!body) return;
    setBusy(true);
    try {
      // A wrong current password must not look like an expired session.
      // The server ends every other session and hands this one a fresh token.
      const session = await http.post<TokenResponse>('/auth/password', body);
      useSession.getState().signIn(session);
      message.success(t('password.changed'));
      form.resetFields();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && [400, 401, 403].includes(err.status) && !err.fieldErrors.length) {
        const { title, detail } = describeError(err, t);
        form.setFields([{ name: 'currentPassword', errors: [detail ?? title] }]);
      } else {
        setRest(applyProblemToForm(form, err, FIELDS, t));
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={error} issues={rest} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <NewPasswordFields name="newPassword" label={t('password.new')} />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('password.consequence')}
        </Typography.Paragraph>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
