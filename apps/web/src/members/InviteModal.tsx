import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { invitationCreateRequest, type Role } from '@tessera/contracts';
import { CreateOnceFooter, useCreateOnce } from '../api/create-once';
import { ErrorAlert } from '../api/ErrorAlert';
import { useMemberMutations } from './api';
import { assignableRoles } from '../auth/permissions';
import { useSession } from '../auth/session-store';

const FIELDS = ['email', 'role', 'expiresInHours'];
const EXPIRY_HOURS = [24, 72, 168, 720];

interface Values {
  email: string;
  role: Exclude<Role, 'owner'>;
  expiresInHours: number;
}

export function InviteModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { invite } = useMemberMutations();
  const me = useSession((s) => s.user);
  const role = Form.useWatch('role', form) ?? 'annotator';
  const { created, rest, close, submit } = useCreateOnce({ form, schema: invitationCreateRequest, fields: FIELDS, making: invite, onClose });

  // The server keeps only a hash of the token, so this is the one moment the link exists in full.
  const link = created ? new URL(created.acceptPath, window.location.origin).toString() : '';

  return (
    <Modal
      open={open}
      title={t('members.inviteTitle')}
      onCancel={close}
      destroyOnHidden
      footer={<CreateOnceFooter made={!!created} pending={invite.isPending} label={t('members.createInvite')} testId="invite" onClose={close} onSubmit={submit} />}
    >
      {created ? (
        <>
          <Alert type="warning" showIcon title={t('members.linkOnce')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph>{t('members.linkFor', { email: created.email, role: t(`roles.${created.role}`) })}</Typography.Paragraph>
          <Typography.Paragraph
            copyable={{ text: link, tooltips: [t('common.copy'), t('common.copied')] }}
            data-testid="invite-link"
            style={{ wordBreak: 'break-all', fontFamily: 'ui-monospace, Menlo, monospace', background: '#f5f5f5', padding: '8px 12px', borderRadius: 6 }}
          >
            {link}
          </Typography.Paragraph>
        </>
      ) : (
        <>
          <ErrorAlert error={invite.error} issues={rest ?? undefined} />
          <Form form={form} layout="vertical" requiredMark={false} initialValues={{ role: 'annotator', expiresInHours: 72 }} onFinish={submit}>
            <Form.Item
              name="email"
              label={t('fields.email')}
              rules={[
                { required: true, message: t('validation.required') },
                { type: 'email', message: t('validation.email') },
              ]}
            >
              <Input autoFocus inputMode="email" />
            </Form.Item>
            <Form.Item name="role" label={t('fields.role')} extra={t(`roleHints.${role}`)}>
              <Select options={assignableRoles(me?.role).filter((r) => r !== 'owner').map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
            </Form.Item>
            <Form.Item name="expiresInHours" label={t('members.expiresIn')}>
              <Select options={EXPIRY_HOURS.map((h) => ({ value: h, label: h < 48 ? t('common.hours', { count: h }) : t('common.days', { count: h / 24 }) }))} />
            </Form.Item>
            <button type="submit" hidden aria-hidden tabIndex={-1} />
          </Form>
        </>
      )}
    </Modal>
  );
}
