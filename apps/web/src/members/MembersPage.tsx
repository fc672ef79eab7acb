import { useState } from 'react';
import { Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { type Invitation, type Member, type Role } from '@tessera/contracts';
import { ErrorAlert, errorLine } from '../api/ErrorAlert';
import { assignableRoles, useCan } from '../auth/permissions';
import { useSession } from '../auth/session-store';
import { PageHeader } from '../shell/PageHeader';
import { InviteModal } from './InviteModal';
import { useInvitations, useMemberMutations, useMembers } from './api';
import { CONFIRM_ICON, useMessage } from '../shell/icon-labels';

export function MembersPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const manage = useCan('manageMembers');
  const me = useSession((s) => s.user);
  const members = useMembers();
  const invitations = useInvitations(manage);
  const { changeRole, remove, revoke } = useMemberMutations();
  const [inviteOpen, setInviteOpen] = useState(false);
  const fail = (err: unknown) => message.error(errorLine(err, t));

  const pending = (invitations.data?.items ?? []).filter((i) => !i.acceptedAt);

  return (
    <>
      <PageHeader
        title={t('members.title')}
        extra={
          manage && (
            <Button type="primary" icon={<UserAddOutlined aria-hidden />} onClick={() => setInviteOpen(true)}>
              {t('members.invite')}
            </Button>
          )
        }
      />
      <ErrorAlert error={members.error} />
      <Card style={{ marginBottom: 24 }}>
        <Table<Member>
          rowKey="userId"
          loading={members.isPending}
          dataSource={members.data?.items}
          pagination={false}
          columns={[
            {
              title: t('fields.name'),
              dataIndex: 'name',
              render: (name: string, m) => (
                <Space>
                  {name}
                  {m.userId === me?.id && <Tag>{t('members.you')}</Tag>}
                </Space>
              ),
            },
            { title: t('fields.email'), dataIndex: 'email' },
            {
              title: t('fields.role'),
              dataIndex: 'role',
              render: (role: Role, m) =>
                manage && m.userId !== me?.id && assignableRoles(me?.role).includes(role) ? (
                  <Select<Role>
                    aria-label={t('members.roleOf', { name: m.name })}
                    value={role}
                    style={{ minWidth: 150 }}
                    onChange={(next) =>
                      changeRole.mutate(
                        { userId: m.userId, role: next },
                        { onSuccess: () => message.success(t('members.roleChanged')), onError: fail },
                      )
                    }
                    options={assignableRoles(me?.role).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  />
                ) : (
                  <Tag color={role === 'owner' ? 'gold' : undefined}>{t(`roles.${role}`)}</Tag>
                ),
            },
            { title: t('members.joined'), dataIndex: 'joinedAt', render: (d: string) => dayjs(d).format('LL') },
            ...(manage
              ? [
                  {
                    title: <span className="sr-only">{t('common.actions')}</span>,
                    key: 'actions',
                    align: 'right' as const,
                    render: (_: unknown, m: Member) =>
                      m.userId !== me?.id &&
                      assignableRoles(me?.role).includes(m.role) && (
                        <Popconfirm
                          icon={CONFIRM_ICON}
                          title={t('members.removeConfirm', { name: m.name })}
                          okText={t('common.remove')}
                          cancelText={t('common.cancel')}
                          okButtonProps={{ danger: true }}
                          onConfirm={() => remove.mutateAsync(m.userId).then(() => message.success(t('members.removed')), fail)}
                        >
                          <Button danger type="text" icon={<DeleteOutlined aria-hidden />} aria-label={t('members.removeLabel', { name: m.name })}>
                            {t('common.remove')}
                          </Button>
                        </Popconfirm>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      {manage && (
        <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('members.pending')}</Typography.Title>}>
          <ErrorAlert error={invitations.error} />
          <Table<Invitation>
            rowKey="id"
            loading={invitations.isPending}
            dataSource={pending}
            pagination={false}
            locale={{ emptyText: t('members.noPending') }}
            columns={[
              { title: t('fields.email'), dataIndex: 'email' },
              { title: t('fields.role'), dataIndex: 'role', render: (r: Role) => t(`roles.${r}`) },
              {
                title: t('members.expires'),
                dataIndex: 'expiresAt',
                render: (d: string) =>
                  dayjs(d).isBefore(dayjs()) ? <Tag color="red">{t('members.expired')}</Tag> : dayjs(d).format('LLL'),
              },
              {
                title: <span className="sr-only">{t('common.actions')}</span>,
                key: 'actions',
                align: 'right',
                render: (_, inv) => (
                  <Popconfirm
                    icon={CONFIRM_ICON}
                    title={t('members.revokeConfirm', { email: inv.email })}
                    okText={t('members.revoke')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => revoke.mutateAsync(inv.id).then(() => message.success(t('members.revoked')), fail)}
                  >
                    <Button danger type="text" aria-label={t('members.revokeLabel', { email: inv.email })}>
                      {t('members.revoke')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </Card>
      )}
      <InviteModal open={inviteOpen} onClose={() => setInviteOpen(false)} />
    </>
  );
}
