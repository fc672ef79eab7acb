import { useState } from 'react';
import { Button, Card, Flex, Popover, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { JOB_STATES, type JobRun, type JobState } from '@tessera/contracts';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { PageHeader } from '../shell/PageHeader';
import { isCancellable, useCancelRun, useJobRuns } from './api';
import { DownloadButton, JobProgress, JobStateTag } from './JobRunStatus';
import { RunError } from './RunError';
import { pages, useMessage } from '../shell/icon-labels';

const PAGE = 20;

export function JobsPage() {
  const { t } = useTranslation();
  const seesAll = useCan('viewAllJobs');
  const [state, setState] = useState<JobState>();
  const [page, setPage] = useState(1);
  const runs = useJobRuns({ state, limit: PAGE, offset: (page - 1) * PAGE });
  const cancel = useCancelRun();
  const message = useMessage();

  return (
    <>
      <PageHeader title={t('jobs.title')} sub={seesAll ? t('jobs.allRuns') : t('jobs.ownRuns')} />
      <Card>
        <Flex gap={12} style={{ marginBottom: 16 }}>
          <Select<JobState | 'any'>
            aria-label={t('jobs.state')}
            value={state ?? 'any'}
            style={{ minWidth: 160 }}
            onChange={(v) => {
              setState(v === 'any' ? undefined : v);
              setPage(1);
            }}
            options={[{ value: 'any', label: t('jobs.anyState') }, ...JOB_STATES.map((s) => ({ value: s, label: t(`jobs.states.${s}`) }))]}
          />
        </Flex>
        <ErrorAlert error={runs.error} />
        <Table<JobRun>
          rowKey="id"
          loading={runs.isPending}
          dataSource={runs.data?.items}
          locale={{ emptyText: t('jobs.empty') }}
          pagination={pages(t, { current: page, pageSize: PAGE, total: runs.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true })}
          columns={[
            // Minimum widths where the auto layout squeezed a count into "26/2 6" and a two-character header onto two lines.
            { title: t('jobs.type'), dataIndex: 'type', minWidth: 120, render: (ty: JobRun['type']) => t(`jobs.types.${ty}`) },
            { title: t('jobs.state'), dataIndex: 'state', render: (s: JobState) => <JobStateTag state={s} /> },
            { title: t('jobs.progress'), key: 'progress', width: 200, render: (_, r) => <JobProgress run={r} /> },
            {
              title: t('jobs.counts'),
              key: 'counts',
              minWidth: 80,
              render: (_, r) => (
                <Typography.Text>
                  {r.counts.processed}/{r.counts.total}
                  {r.counts.failed > 0 && <Typography.Text type="danger"> · {t('jobs.failedCount', { count: r.counts.failed })}</Typography.Text>}
                </Typography.Text>
              ),
            },
            {
              title: t('jobs.errors'),
              key: 'errors',
              minWidth: 72,
              render: (_, r) =>
                r.errors.length === 0 ? (
                  <Typography.Text type="secondary">—</Typography.Text>
                ) : (
                  <Popover
                    trigger={['click']}
                    title={t('jobs.errors')}
                    content={
                      <ul style={{ margin: 0, paddingInlineStart: 20, maxWidth: 420, maxHeight: 300, overflow: 'auto' }}>
                        {r.errors.map((e, i) => (
                          <li key={i}>
                            {e.at && <Typography.Text type="secondary">{dayjs(e.at).format('LTS')} </Typography.Text>}
                            <RunError error={e} />
                          </li>
                        ))}
                      </ul>
                    }
                  >
                    <Button type="link" danger size="small" style={{ padding: 0 }}>
                      {t('jobs.errorCount', { count: r.errors.length })}
                    </Button>
                  </Popover>
                ),
            },
            { title: t('jobs.createdAt'), dataIndex: 'createdAt', minWidth: 140, render: (d: string) => dayjs(d).format('lll') },
            {
              title: t('jobs.finishedAt'),
              dataIndex: 'finishedAt',
              minWidth: 140,
              render: (d: string | null, r) => (d ? `${dayjs(d).format('lll')} (${dayjs(d).diff(dayjs(r.startedAt ?? r.createdAt), 'second')}s)` : '—'),
            },
            {
              title: <span className="sr-only">{t('common.actions')}</span>,
              key: 'dl',
              align: 'right',
              render: (_, r) => (
                <Space>
                  {isCancellable(r) && (
                    <Button
                      type="link"
                      danger
                      loading={cancel.isPending && cancel.variables === r.id}
                      onClick={() => cancel.mutate(r.id, { onError: (err) => message.error(describeError(err, t).detail ?? describeError(err, t).title) })}
                    >
                      {t('common.cancel')}
                    </Button>
                  )}
                  <DownloadButton run={r} type="link" />
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
