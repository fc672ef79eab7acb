import { useState } from 'react';
import { Button, Flex, Popconfirm, Select, Table } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { PROJECT_ROLES, type ProjectMember, type ProjectRole } from '@tessera/contracts';
import { ErrorAlert, errorLine } from '../api/ErrorAlert';
import { useMembers } from '../members/api';
import { useCan } from '../auth/permissions';
import { useProjectMembers, useProjectMutations } from './api';
import { CONFIRM_ICON, useMessage } from '../shell/icon-labels';

export function ProjectMembersTab({ projectId, editable }: { projectId: string; editable: boolean }) {
  const { t } = useTranslation();
  const message = useMessage();
  const members = useProjectMembers(projectId);
  const orgMembers = useMembers(editable && useCan('viewMembers'));
  const { addMember, removeMember } = useProjectMutations(projectId);
  const [userId, setUserId] = useState<string>();
  const [role, setRole] = useState<ProjectRole>('annotator');
  const fail = (err: unknown) => message.error(errorLine(err, t));

  const inProject = new Set((members.data?.items ?? []).map((m) => m.userId));
  const candidates = (orgMembers.data?.items ?? []).filter((m) => !inProject.has(m.userId));

  return (
    <>
      <ErrorAlert error={members.error} />
      {editable && (
        <Flex gap={8} wrap style={{ marginBottom: 16 }} role="group" aria-label={t('projectMembers.add')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('projectMembers.person')}
            placeholder={t('projectMembers.person')}
            style={{ minWidth: 280 }}
            value={userId}
            onChange={setUserId}
            loading={orgMembers.isPending}
            options={candidates.map((m) => ({ value: m.userId, label: `${m.name} <${m.email}>` }))}
            notFoundContent={t('projectMembers.noCandidates')}
          />
          <Select<ProjectRole>
            aria-label={t('projectMembers.projectRole')}
            style={{ minWidth: 160 }}
            value={role}
            onChange={setRole}
            options={PROJECT_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
          <Button
            type="primary"
            icon={<UserAddOutlined aria-hidden />}
            disabled={!userId}
            loading={addMember.isPending}
            onClick={() =>
              userId &&
              addMember.mutate(
                { userId, role },
                {
                  onSuccess: () => {
                    setUserId(undefined);
                    message.success(t('projectMembers.added'));
                  },
                  onError: fail,
                },
              )
            }
          >
            {t('projectMembers.add')}
          </Button>
        </Flex>
      )}
      <Table<ProjectMember>
        rowKey="userId"
        loading={members.isPending}
        dataSource={members.data?.items}
        pagination={false}
        locale={{ emptyText: t('projectMembers.empty') }}
        columns={[
          { title: t('fields.name'), dataIndex: 'name' },
          { title: t('fields.email'), dataIndex: 'email' },
          { title: t('projectMembers.projectRole'), dataIndex: 'role', render: (r: ProjectRole) => t(`roles.${r}`) },
          { title: t('projectMembers.addedAt'), dataIndex: 'addedAt', render: (d: string) => dayjs(d).format('LL') },
          ...(editable
            ? [
                {
                  title: <span className="sr-only">{t('common.actions')}</span>,
                  key: 'actions',
                  align: 'right' as const,
                  render: (_: unknown, m: ProjectMember) => (
                    <Popconfirm
                      icon={CONFIRM_ICON}
                      title={t('projectMembers.removeConfirm', { name: m.name })}
                      okText={t('common.remove')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => removeMember.mutateAsync(m.userId).then(() => message.success(t('projectMembers.removed')), fail)}
                    >
                      <Button type="text" danger aria-label={t('members.removeLabel', { name: m.name })}>
                        {t('common.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
