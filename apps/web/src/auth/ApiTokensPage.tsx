import { useState } from 'react';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Trans, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { ApiToken } from '@tessera/contracts';
import { ErrorAlert, errorLine } from '../api/ErrorAlert';
import { DeleteButton } from '../shell/DeleteButton';
import { PageHeader } from '../shell/PageHeader';
import { useMessage } from '../shell/icon-labels';
import { useApiTokenMutations, useApiTokens } from './api-tokens';
import { CreateApiTokenModal } from './CreateApiTokenModal';
import { useCan } from './permissions';

/** Your API tokens (an owner's or admin's page: everyone's in the organisation): make one, see when each was last used, revoke. */
export function ApiTokensPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const tokens = useApiTokens();
  const { revoke } = useApiTokenMutations();
  const everyone = useCan('manageAllTokens');
  const [createOpen, setCreateOpen] = useState(false);
  const when = (d: string | null, none: string) => (d ? dayjs(d).format('lll') : <Typography.Text type="secondary">{none}</Typography.Text>);

  const revokeToken = (token: ApiToken) =>
    revoke.mutateAsync(token.id).then(
      () => void message.success(t('tokens.revoked')),
      (err: unknown) => void message.error(errorLine(err, t)),
    );

  return (
    <>
      <PageHeader
        title={t('tokens.title')}
        sub={t(everyone ? 'tokens.everyoneSubtitle' : 'tokens.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreateOpen(true)} data-testid="token-add">
            {t('tokens.add')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">
        <Trans i18nKey="tokens.usage" values={{ header: 'Authorization: Bearer tsr_…', env: 'TESSERA_TOKEN' }} components={{ code: <Typography.Text code /> }} />
      </Typography.Paragraph>
      <ErrorAlert error={tokens.error} />
      <Card>
        <Table<ApiToken>
          rowKey="id"
          data-testid="token-table"
          loading={tokens.isPending}
          dataSource={tokens.data?.items}
          pagination={false}
          locale={{ emptyText: t('tokens.empty') }}
          columns={[
            {
              title: t('tokens.name'),
              dataIndex: 'name',
              render: (name: string, tok) => (
                <>
                  <Typography.Text strong>{name}</Typography.Text>
                  {tok.readOnly && <Tag style={{ marginInlineStart: 8 }}>{t('tokens.readOnly')}</Tag>}
                </>
              ),
            },
            { title: t('tokens.hint'), dataIndex: 'hint', render: (hint: string) => <Typography.Text code>{hint}…</Typography.Text> },
            ...(everyone ? [{ title: t('tokens.owner'), key: 'owner', render: (_: unknown, tok: ApiToken) => <span title={tok.owner.email}>{tok.owner.name}</span> }] : []),
            { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('lll') },
            { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: (d: string | null) => when(d, t('tokens.neverUsed')) },
            {
              title: t('tokens.expires'),
              dataIndex: 'expiresAt',
              render: (d: string | null) => (d && dayjs(d).isBefore(dayjs()) ? <Tag color="red">{t('tokens.expired')}</Tag> : when(d, t('tokens.never'))),
            },
            {
              title: <span className="sr-only">{t('common.actions')}</span>,
              key: 'actions',
              align: 'right',
              render: (_, tok) => (
                <DeleteButton
                  title={t('tokens.revokeConfirm', { name: tok.name })}
                  consequence={t('tokens.revokeConsequence')}
                  label={t('tokens.revoke')}
                  ariaLabel={t('tokens.revokeLabel', { name: tok.name })}
                  loading={revoke.isPending && revoke.variables === tok.id}
                  onConfirm={() => revokeToken(tok)}
                  testId="token-revoke"
                />
              ),
            },
          ]}
        />
      </Card>
      <CreateApiTokenModal open={createOpen} onClose={() => setCreateOpen(false)} />
    </>
  );
}
