import { useState } from 'react';
import { Button, Flex, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Webhook, WebhookDelivery } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { DELIVERY_PAGE, useDeliveries } from './api';
import { EventName } from './EventName';
import { pages } from '../shell/icon-labels';

const STATE_COLOR = { pending: 'processing', delivered: 'success', failed: 'error' } as const;

/** One hook's delivery log, newest first; it keeps itself fresh while anything is pending. */
export function DeliveryLog({ hook }: { hook: Webhook }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const log = useDeliveries(hook.id, page);
  const when = (d: string | null) => (d ? dayjs(d).format('lll') : '–');

  return (
    <section aria-label={t('webhooks.deliveriesOf', { url: hook.url })} data-testid={`deliveries-${hook.id}`} style={{ padding: '4px 0' }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ fontSize: 14, margin: 0 }}>
          {t('webhooks.deliveries')}
        </Typography.Title>
        <Button size="small" icon={<ReloadOutlined aria-hidden />} loading={log.isFetching} onClick={() => void log.refetch()}>
          {t('webhooks.refresh')}
        </Button>
      </Flex>
      <ErrorAlert error={log.error} />
      <Table<WebhookDelivery>
        size="small"
        rowKey="id"
        loading={log.isPending}
        dataSource={log.data?.items}
        locale={{ emptyText: t('webhooks.noDeliveries') }}
        pagination={
          (log.data?.total ?? 0) > DELIVERY_PAGE
            ? pages(t, { current: page, pageSize: DELIVERY_PAGE, total: log.data?.total, onChange: setPage, showSizeChanger: false, size: 'small' })
            : false
        }
        columns={[
          { title: t('webhooks.event'), dataIndex: 'event', render: (e: WebhookDelivery['event']) => <EventName event={e} /> },
          {
            title: t('webhooks.state'),
            dataIndex: 'state',
            render: (s: WebhookDelivery['state']) => (
              <Tag color={STATE_COLOR[s]} data-testid="delivery-state">
                {t(`webhooks.states.${s}`)}
              </Tag>
            ),
          },
          { title: t('webhooks.attempts'), dataIndex: 'attempts', align: 'right' },
          {
            title: t('webhooks.lastStatus'),
            dataIndex: 'lastStatus',
            render: (s: number | null, d) => (s !== null ? <Typography.Text code>{s}</Typography.Text> : d.attempts > 0 ? <Typography.Text type="secondary">{t('webhooks.noAnswer')}</Typography.Text> : '–'),
          },
          {
            title: t('webhooks.lastError'),
            dataIndex: 'lastError',
            render: (e: string | null) => (e ? <Typography.Text type="danger" style={{ wordBreak: 'break-word' }}>{e}</Typography.Text> : '–'),
          },
          { title: t('webhooks.queuedAt'), dataIndex: 'createdAt', render: when },
          { title: t('webhooks.deliveredAt'), dataIndex: 'deliveredAt', render: when },
        ]}
      />
    </section>
  );
}
