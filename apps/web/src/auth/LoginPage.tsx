import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { LoginRequest, TokenResponse } from '@tessera/contracts';
import { http } from '../api/client';
import { ErrorAlert } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { parseForm } from '../api/zod-form';
import { PublicLayout } from '../shell/PublicLayout';
import { useSession } from './session-store';
import { prefetchSignedIn } from '../pages';

const FIELDS = ['email', 'password'];

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginRequest>();
  const navigate = useNavigate();
  const location = useLocation();
  const { status, expired, signIn } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<IssueLike[]>([]);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/projects';
  // Once the form is up, fetch what comes after it while the person types.
  useEffect(() => {
    const idle = setTimeout(prefetchSignedIn, 0);
    return () => clearTimeout(idle);
  }, []);

  if (status === 'needsSetup') return <Navigate to="/setup" replace />;
  if (status === 'signedIn') return <Navigate to={from} replace />;

  const submit = async (values: LoginRequest) => {
    setError(null);
    // The contracts (and zod) are not in the first script; the prefetch above has usually brought them by now.
    const { loginRequest } = await import('./login-contract');
    const body = parseForm(form, loginRequest, values, FIELDS);
    if (!body) return;
    setBusy(true);
    try {
      signIn(await http.post<TokenResponse>('/auth/login', body, { auth: false }));
      navigate(from, { replace: true });
    } catch (err) {
      setRest(applyProblemToForm(form, err, FIELDS, t));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout title={t('login.title')} subtitle={t('login.subtitle')}>
      {expired && !error && <Alert type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} issues={rest} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
        <Form.Item
          name="email"
          label={t('fields.email')}
          rules={[
            { required: true, message: t('validation.required') },
            { type: 'email', message: t('validation.email') },
          ]}
        >
          <Input autoComplete="username" autoFocus inputMode="email" />
        </Form.Item>
        <Form.Item name="password" label={t('fields.password')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('login.submit')}
        </Button>
      </Form>
    </PublicLayout>
  );
}
