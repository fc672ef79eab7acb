import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Result, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import { acceptInvitationRequest, type InvitationPreview, type TokenResponse } from '@tessera/contracts';
import { ApiError, http } from '../api/client';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { parseForm } from '../api/zod-form';
import { PublicLayout } from '../shell/PublicLayout';
import { useSession } from './session-store';
import { NewPasswordFields } from './NewPasswordFields';
import { SIGN } from '../shell/icon-labels';

interface Values {
  name: string;
  password: string;
  confirm: string;
}
const FIELDS = ['name', 'password'];

export function AcceptInvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const signIn = useSession((s) => s.signIn);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<IssueLike[]>([]);
  const [busy, setBusy] = useState(false);

  const preview = useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => http.get<InvitationPreview>(`/invitations/preview/${encodeURIComponent(token)}`, undefined, { auth: false }),
    retry: false,
  });

  if (preview.isPending) {
    return (
      <PublicLayout title={t('invite.title')}>
        <Skeleton />
      </PublicLayout>
    );
  }
  if (preview.isError) {
    const gone = preview.error instanceof ApiError && [404, 410].includes(preview.error.status);
    return (
      <PublicLayout title={t('invite.title')}>
        <Result
          status="warning"
          icon={SIGN.warning}
          title={gone ? t('invite.invalid') : describeError(preview.error, t).title}
          subTitle={gone ? t('invite.invalidHint') : describeError(preview.error, t).detail}
          extra={<Button onClick={() => navigate('/login')}>{t('login.submit')}</Button>}
        />
      </PublicLayout>
    );
  }
  const inv = preview.data;

  const submit = async ({ confirm: _c, ...values }: Values) => {
    setError(null);
    const body = parseForm(form, acceptInvitationRequest, { ...values, token }, FIELDS);
    if (!body) return;
    setBusy(true);
    try {
      signIn(await http.post<TokenResponse>('/invitations/accept', body, { auth: false }));
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
    <PublicLayout title={t('invite.title')} subtitle={t('invite.subtitle', { org: inv.orgName })}>
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 16 }}
        items={[
          { key: 'org', label: t('invite.organization'), children: inv.orgName },
          { key: 'email', label: t('fields.email'), children: inv.email },
          { key: 'role', label: t('fields.role'), children: t(`roles.${inv.role}`) },
          { key: 'exp', label: t('invite.expires'), children: dayjs(inv.expiresAt).format('LLL') },
        ]}
      />
      {inv.existingUser && <Alert type="info" showIcon title={t('invite.existingUser')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} issues={rest} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
        <Form.Item name="name" label={t('fields.yourName')} rules={[required, { max: 120 }]}>
          <Input autoFocus autoComplete="name" />
        </Form.Item>
        <NewPasswordFields />
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('invite.submit')}
        </Button>
      </Form>
    </PublicLayout>
  );
}
