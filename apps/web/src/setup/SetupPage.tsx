import { useState } from 'react';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { setupRequest, type SetupRequest, type TokenResponse } from '@tessera/contracts';
import { http } from '../api/client';
import { ErrorAlert } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { parseForm } from '../api/zod-form';
import { PublicLayout } from '../shell/PublicLayout';
import { useSession } from '../auth/session-store';
import { NewPasswordFields } from '../auth/NewPasswordFields';

const FIELDS = ['organizationName', 'name', 'email', 'password'];

/** First run: creates the organisation and its owner, then signs the owner in. */
export function SetupPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupRequest & { confirm: string }>();
  const navigate = useNavigate();
  const { status, signIn } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<IssueLike[]>([]);
  const [busy, setBusy] = useState(false);

  if (status !== 'needsSetup') return <Navigate to={status === 'signedIn' ? '/projects' : '/login'} replace />;

  const submit = async ({ confirm: _confirm, ...values }: SetupRequest & { confirm: string }) => {
    setError(null);
    const body = parseForm(form, setupRequest, values, FIELDS);
    if (!body) return;
    setBusy(true);
    try {
      signIn(await http.post<TokenResponse>('/setup', body, { auth: false }));
      navigate('/projects', { replace: true });
    } catch (err) {
      setRest(applyProblemToForm(form, err, FIELDS, t));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('validation.required') };
  return (
    <PublicLayout title={t('setup.title')} subtitle={t('setup.subtitle')}>
      <ErrorAlert error={error} issues={rest} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy} data-testid="setup-form">
        <Form.Item name="organizationName" label={t('setup.organizationName')} rules={[required, { max: 120 }]}>
          <Input autoFocus autoComplete="organization" />
        </Form.Item>
        <Form.Item name="name" label={t('fields.yourName')} rules={[required, { max: 120 }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="email" label={t('fields.email')} rules={[required, { type: 'email', message: t('validation.email') }]}>
          <Input autoComplete="email" inputMode="email" />
        </Form.Item>
        <NewPasswordFields />
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('setup.submit')}
        </Button>
      </Form>
    </PublicLayout>
  );
}
