import { useState } from 'react';
import { Button, Card, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, DownOutlined, PlusOutlined, RightOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Webhook } from '@tessera/contracts';
import { ErrorAlert, errorLine } from '../api/ErrorAlert';
import { PageHeader } from '../shell/PageHeader';
import { useWebhookMutations, useWebhooks } from './api';
import { CreateWebhookModal } from './CreateWebhookModal';
import { DeliveryLog } from './DeliveryLog';
import { EventName } from './EventName';
import { CONFIRM_ICON, useMessage } from '../shell/icon-labels';

/** The organisation's webhooks (owners and admins): add, pause and resume, delete, send a test ping, read each one's delivery log. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const hooks = useWebhooks();
  const { remove, test, update } = useWebhookMutations();
  const [createOpen, setCreateOpen] = useState(false);
  const [expanded, setExpanded] = useState<string[]>([]);
  const fail = (err: unknown) => message.error(errorLine(err, t));
  const toggle = (id: string, open = !expanded.includes(id)) =>
    setExpanded((keys) => (open ? [...new Set([...keys, id])] : keys.filter((k) => k !== id)));

  const sendTest = (hook: Webhook) =>
    test.mutate(hook.id, {
      onSuccess: () => {
        message.success(t('webhooks.testSent'));
        toggle(hook.id, true); // show the log the ping lands in
      },
      onError: fail,
    });

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        sub={t('webhooks.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreateOpen(true)} data-testid="webhook-add">
            {t('webhooks.add')}
          </Button>
        }
      />
      <ErrorAlert error={hooks.error} />
      <Card>
        <Table<Webhook>
          rowKey="id"
          data-testid="webhook-table"
          loading={hooks.isPending}
          dataSource={hooks.data?.items}
          pagination={false}
          locale={{ emptyText: t('webhooks.empty') }}
          expandable={{
            expandedRowKeys: expanded,
            showExpandColumn: false,
            expandedRowRender: (hook) => <DeliveryLog hook={hook} />,
          }}
          columns={[
            {
              title: t('webhooks.url'),
              dataIndex: 'url',
              render: (url: string) => (
                <Typography.Text style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 13, wordBreak: 'break-all' }}>{url}</Typography.Text>
              ),
            },
            {
              title: t('webhooks.events'),
              dataIndex: 'events',
              render: (events: Webhook['events']) => (
                <Space size={[4, 4]} wrap>
                  {events.map((e) => (
                    <Tag key={e} title={e}>
                      <EventName event={e} code={false} />
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('webhooks.active'),
              dataIndex: 'active',
              // Pausing keeps the settings and the secret; nothing but test pings is sent meanwhile.
              // No loading state: it would disable the switch, and a disabled switch drops the keyboard focus.
              render: (active: boolean, hook) => (
                <Space size={6}>
                  <Switch
                    size="small"
                    checked={active}
                    onChange={(on) => update.mutate({ id: hook.id, active: on }, { onSuccess: () => void message.success(t(on ? 'webhooks.resumed' : 'webhooks.paused')), onError: fail })}
                    aria-label={t('webhooks.activeLabel', { url: hook.url })}
                    data-testid="webhook-active"
                  />
                  {active ? <Tag color="green">{t('webhooks.isActive')}</Tag> : <Tag>{t('webhooks.isInactive')}</Tag>}
                </Space>
              ),
            },
            { title: t('webhooks.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('lll') },
            {
              title: <span className="sr-only">{t('common.actions')}</span>,
              key: 'actions',
              align: 'right',
              render: (_, hook) => {
                const open = expanded.includes(hook.id);
                return (
                  <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                    <Button
                      type="text"
                      icon={open ? <DownOutlined aria-hidden /> : <RightOutlined aria-hidden />}
                      aria-expanded={open}
                      aria-label={t('webhooks.deliveriesLabel', { url: hook.url })}
                      onClick={() => toggle(hook.id)}
                      data-testid="webhook-deliveries"
                    >
                      {t('webhooks.showDeliveries')}
                    </Button>
                    <Button
                      icon={<SendOutlined aria-hidden />}
                      loading={test.isPending && test.variables === hook.id}
                      aria-label={t('webhooks.testLabel', { url: hook.url })}
                      onClick={() => sendTest(hook)}
                      data-testid="webhook-test"
                    >
                      {t('webhooks.test')}
                    </Button>
                    <Popconfirm
                      icon={CONFIRM_ICON}
                      title={t('webhooks.removeConfirm')}
                      description={<Typography.Text code>{hook.url}</Typography.Text>}
                      okText={t('webhooks.remove')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove.mutateAsync(hook.id).then(() => message.success(t('webhooks.removed')), fail)}
                    >
                      <Button danger type="text" icon={<DeleteOutlined aria-hidden />} aria-label={t('webhooks.removeLabel', { url: hook.url })} data-testid="webhook-delete">
                        {t('webhooks.remove')}
                      </Button>
                    </Popconfirm>
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <CreateWebhookModal open={createOpen} onClose={() => setCreateOpen(false)} />
    </>
  );
}
