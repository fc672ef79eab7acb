import { useState } from 'react';
import { Button, Card, DatePicker, Flex, Input, Modal, Table, Tag, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useMutation, useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { auditExportRequest, type AuditEvent, type JobRun, auditEventList } from '@tessera/contracts';
import { http } from '../api/client';
import { ErrorAlert } from '../api/ErrorAlert';
import { useJobRun } from '../jobs/api';
import { JobRunSummary } from '../jobs/JobRunStatus';
import { PageHeader } from '../shell/PageHeader';
import { en } from '../i18n/en';
import { clearable, pages } from '../shell/icon-labels';

/** A kind of object the messages name; the server's log may hold others (older or newer kinds), shown as it names them. */
const knownType = (type: string): type is keyof typeof en.audit.resourceTypes => Object.hasOwn(en.audit.resourceTypes, type);

const PAGE = 50;
type Range = [Dayjs | null, Dayjs | null] | null;

export function AuditPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<Range>(null);
  const [actionInput, setActionInput] = useState('');
  const [action, setAction] = useState('');
  const [page, setPage] = useState(1);
  const [exportId, setExportId] = useState<string | null>(null);

  // Whole days: "to" is the end of the chosen day, so the last day is included.
  const from = range?.[0]?.startOf('day').toISOString();
  const to = range?.[1]?.endOf('day').toISOString();

  const events = useQuery({
    queryKey: ['audit-events', { from, to, action, page }],
    queryFn: () =>
      http.get<z.infer<typeof auditEventList>>('/audit-events', { from, to, action: action || undefined, limit: PAGE, offset: (page - 1) * PAGE }),
    placeholderData: keepPreviousData,
  });

  const startExport = useMutation({
    mutationFn: () => {
      // An export needs both ends; without a chosen range take the last 30 days.
      const body = auditExportRequest.parse({ from: from ?? dayjs().subtract(30, 'day').startOf('day').toISOString(), to: to ?? dayjs().toISOString() });
      return http.post<JobRun>('/audit-events/exports', body);
    },
    onSuccess: (run) => setExportId(run.id),
  });
  const run = useJobRun(exportId);

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Button type="primary" icon={<ExportOutlined aria-hidden />} loading={startExport.isPending} onClick={() => startExport.mutate()} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        }
      />
      <ErrorAlert error={startExport.error} />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search">
          <DatePicker.RangePicker
            aria-label={t('audit.dateRange')}
            value={range}
            onChange={(v) => {
              setRange(v);
              setPage(1);
            }}
            allowEmpty={[true, true]}
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
          />
          <Input.Search
            aria-label={t('audit.action')}
            placeholder={t('audit.actionPlaceholder')}
            allowClear={clearable(t)}
            value={actionInput}
            onChange={(e) => {
              setActionInput(e.target.value);
              if (!e.target.value) setAction('');
            }}
            onSearch={(v) => {
              setAction(v.trim());
              setPage(1);
            }}
            style={{ maxWidth: 280 }}
          />
        </Flex>
        <ErrorAlert error={events.error} />
        <Table<AuditEvent>
          rowKey="id"
          size="middle"
          loading={events.isPending || (events.isFetching && events.isPlaceholderData)}
          dataSource={events.data?.items}
          locale={{ emptyText: t('audit.empty') }}
          pagination={pages(t, { current: page, pageSize: PAGE, total: events.data?.total ?? 0, onChange: setPage, showSizeChanger: false })}
          expandable={{
            rowExpandable: (e) => Object.keys(e.details).length > 0,
            expandedRowRender: (e) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(e.details, null, 2)}</pre>,
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', width: 190, render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss') },
            {
              title: t('audit.actor'),
              key: 'actor',
              // No actor id means the system acted; an id without an email is a person since removed.
              render: (_, e) => (
                <>
                  {e.actorEmail || (e.actorId ? <code>{e.actorId.slice(0, 8)}</code> : <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>)}
                  {e.apiTokenId && (
                    <Tag style={{ marginInlineStart: 6 }} title={e.apiTokenId}>
                      {t('audit.viaApiToken')}
                    </Tag>
                  )}
                </>
              ),
            },
            { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <code>{a}</code> },
            {
              title: t('audit.resource'),
              key: 'resource',
              render: (_, e) => (
                <span>
                  {knownType(e.resourceType) ? t(`audit.resourceTypes.${e.resourceType}`) : e.resourceType}
                  {e.resourceId && <Typography.Text type="secondary" copyable={{ text: e.resourceId }}> {e.resourceId.slice(0, 8)}</Typography.Text>}
                </span>
              ),
            },
            { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
          ]}
        />
      </Card>
      <Modal
        open={!!exportId}
        title={t('audit.exportTitle')}
        onCancel={() => setExportId(null)}
        footer={<Button onClick={() => setExportId(null)}>{t('common.close')}</Button>}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('audit.exportHint')}</Typography.Paragraph>
        <ErrorAlert error={run.error} />
        {run.data && <JobRunSummary run={run.data} />}
      </Modal>
    </>
  );
}
