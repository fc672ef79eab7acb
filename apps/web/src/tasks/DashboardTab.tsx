import { Card, Col, Row, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { annotatorFigures, Batch } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { useProjectDashboard, type ProjectDashboard } from './api';
import { StateBar } from './StateBar';

type Figures = z.infer<typeof annotatorFigures>;

export const formatRate = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`);
export const formatNumber = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? '—' : n.toFixed(digits));
/** Seconds as "1 m 05 s" / "42 s": time per task is minutes, rarely hours. */
export function formatSeconds(s: number | null | undefined) {
  if (s === null || s === undefined) return '—';
  const total = Math.round(s);
  if (total < 60) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h ? `${h} h ${String(m).padStart(2, '0')} m` : `${m} m ${sec} s`;
}

/** The manager's view of a project's work: progress by batch, each annotator's throughput and quality, and the reviewers. */
export function DashboardTab({ projectId }: { projectId: string }) {
  const dash = useProjectDashboard(projectId);
  if (dash.isPending) return <Skeleton />;
  if (dash.isError) return <ErrorAlert error={dash.error} />;
  return <Dashboard data={dash.data} />;
}

function Dashboard({ data }: { data: ProjectDashboard }) {
  const { t } = useTranslation();
  return (
    <div data-testid="project-dashboard">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('tasks.dashboard.tasks')}>
            <StateBar counts={data.tasksByState} label={t('tasks.dashboard.tasks')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('tasks.dashboard.reviews')}>
            <StateBar counts={data.reviewsByState} label={t('tasks.dashboard.reviews')} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('tasks.dashboard.batches')}>
            <Table<Batch>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.batches}
              locale={{ emptyText: t('tasks.batches.empty') }}
              columns={[
                { key: 'name', title: t('tasks.batches.name'), dataIndex: 'name' },
                { key: 'status', title: t('tasks.state'), render: (_, b) => t(`tasks.batches.statuses.${b.status}`) },
                { key: 'assets', title: t('tasks.batches.assets'), dataIndex: 'assetCount', align: 'right' },
                { key: 'progress', title: t('tasks.batches.progress'), render: (_, b) => <StateBar compact counts={b.progress} label={`${b.name} · ${t('tasks.batches.progress')}`} /> },
                { key: 'review', title: t('tasks.batches.reviewProgress'), render: (_, b) => <StateBar compact counts={b.reviewProgress} label={`${b.name} · ${t('tasks.batches.reviewProgress')}`} /> },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('tasks.dashboard.annotators')}>
            <Table<Figures>
              size="small"
              rowKey={(f) => f.user.id}
              pagination={false}
              dataSource={data.annotators}
              data-testid="annotator-figures"
              locale={{ emptyText: t('tasks.dashboard.empty') }}
              columns={[
                { key: 'user', title: t('tasks.dashboard.person'), render: (_, f) => f.user.name },
                { key: 'submitted', title: t('tasks.my.submitted'), dataIndex: 'submitted', align: 'right' },
                { key: 'accepted', title: t('tasks.my.accepted'), dataIndex: 'accepted', align: 'right' },
                { key: 'rejected', title: t('tasks.my.rejected'), dataIndex: 'rejected', align: 'right' },
                { key: 'rate', title: t('tasks.my.rejectionRate'), align: 'right', render: (_, f) => formatRate(f.rejectionRate) },
                { key: 'spt', title: t('tasks.my.secondsPerTask'), align: 'right', render: (_, f) => formatSeconds(f.secondsPerTask) },
                { key: 'tph', title: t('tasks.my.tasksPerHour'), align: 'right', render: (_, f) => formatNumber(f.tasksPerHour) },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('tasks.dashboard.reviewers')}>
            <Table
              size="small"
              rowKey={(r) => r.user.id}
              pagination={false}
              dataSource={data.reviewers}
              data-testid="reviewer-figures"
              locale={{ emptyText: t('tasks.dashboard.empty') }}
              columns={[
                { key: 'user', title: t('tasks.dashboard.person'), render: (_, r) => r.user.name },
                { key: 'reviewed', title: t('tasks.dashboard.reviewed'), dataIndex: 'reviewed', align: 'right' },
                { key: 'rejected', title: t('tasks.my.rejected'), dataIndex: 'rejected', align: 'right' },
                {
                  key: 'rate',
                  title: t('tasks.my.rejectionRate'),
                  align: 'right',
                  render: (_, r) => <Typography.Text>{formatRate(r.reviewed ? r.rejected / r.reviewed : null)}</Typography.Text>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
