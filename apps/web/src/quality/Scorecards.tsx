import { Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AnnotatorScorecard, PersonStatus, QualityReport, ReviewerScorecard } from '@tessera/contracts';
import { describeError } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { formatSeconds } from '../tasks/DashboardTab';
import { useSetPersonStatus } from './api';
import { money, pct, withInterval } from './format';
import { useMessage } from '../shell/icon-labels';

function StatusTag({ status, qualified }: { status: PersonStatus; qualified: boolean | null }) {
  const { t } = useTranslation();
  const tags = [];
  if (status.paused) tags.push(<Tag key="p" color="red">{t('quality.status.paused')}</Tag>);
  else if (status.fullReview) tags.push(<Tag key="f" color="orange">{t('quality.status.fullReview')}</Tag>);
  if (qualified === false) tags.push(<Tag key="q">{t('quality.status.notQualified')}</Tag>);
  if (!tags.length) tags.push(<Tag key="ok" color="green">{t('quality.status.ok')}</Tag>);
  return <Tooltip title={status.reason ?? undefined}><span>{tags}</span></Tooltip>;
}

/** What a manager may do about someone's standing: review all their work, pause them, or clear it. */
function StatusActions({ projectId, card }: { projectId: string; card: AnnotatorScorecard }) {
  const { t } = useTranslation();
  const message = useMessage();
  const set = useSetPersonStatus(projectId);
  const run = (body: { fullReview?: boolean; paused?: boolean }) =>
    set.mutate({ userId: card.user.id, ...body }, { onError: (e) => message.error(describeError(e, t).detail ?? describeError(e, t).title) });
  const flagged = card.status.fullReview || card.status.paused;
  return (
    <Space size={4} wrap>
      {flagged ? (
        <Button size="small" onClick={() => run({ fullReview: false, paused: false })} loading={set.isPending}>{t('quality.status.clear')}</Button>
      ) : (
        <>
          <Button size="small" onClick={() => run({ fullReview: true })} loading={set.isPending}>{t('quality.status.putUnderReview')}</Button>
          <Button size="small" danger onClick={() => run({ paused: true })} loading={set.isPending}>{t('quality.status.pause')}</Button>
        </>
      )}
    </Space>
  );
}

/** Per annotator and per reviewer: items, time, gold accuracy with its interval, agreement, rejections, rework, earnings. */
export function Scorecards({ report, projectId }: { report: QualityReport; projectId: string }) {
  const { t, i18n } = useTranslation();
  const manage = useCan('manageQuality');
  const cur = (n: number) => money(n, report.cost.currency, i18n.language);
  return (
    <>
      <Card size="small" title={t('quality.annotators')}>
        <Table<AnnotatorScorecard>
          size="small" rowKey={(a) => a.user.id} pagination={false} dataSource={report.annotators} scroll={{ x: true }}
          data-testid="annotator-scorecards" locale={{ emptyText: t('tasks.dashboard.empty') }}
          columns={[
            { key: 'person', title: t('quality.cols.person'), render: (_, a) => a.user.name },
            { key: 'items', title: t('quality.cols.items'), dataIndex: 'items', align: 'right' },
            { key: 'time', title: t('quality.cols.timePerItem'), align: 'right', render: (_, a) => formatSeconds(a.activeSecondsPerItem) },
            { key: 'gold', title: t('quality.cols.gold'), align: 'right', render: (_, a) => withInterval(a.gold) ?? <Typography.Text type="secondary">{t('quality.noGold')}</Typography.Text> },
            { key: 'agreement', title: t('quality.cols.agreement'), align: 'right', render: (_, a) => pct(a.agreement) },
            { key: 'rejection', title: t('quality.cols.rejection'), align: 'right', render: (_, a) => pct(a.rejectionRate) },
            { key: 'rework', title: t('quality.cols.rework'), dataIndex: 'reworkRounds', align: 'right' },
            { key: 'earnings', title: t('quality.cols.earnings'), align: 'right', render: (_, a) => cur(a.earnings) },
            { key: 'status', title: t('quality.cols.status'), render: (_, a) => <StatusTag status={a.status} qualified={a.qualified} /> },
            ...(manage ? [{ key: 'actions', title: '', render: (_: unknown, a: AnnotatorScorecard) => <StatusActions projectId={projectId} card={a} /> }] : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('quality.reviewers')}>
        <Table<ReviewerScorecard>
          size="small" rowKey={(r) => r.user.id} pagination={false} dataSource={report.reviewers} scroll={{ x: true }}
          data-testid="reviewer-scorecards" locale={{ emptyText: t('tasks.dashboard.empty') }}
          columns={[
            { key: 'person', title: t('quality.cols.person'), render: (_, r) => r.user.name },
            { key: 'items', title: t('quality.cols.items'), dataIndex: 'items', align: 'right' },
            { key: 'time', title: t('quality.cols.timePerItem'), align: 'right', render: (_, r) => formatSeconds(r.activeSecondsPerItem) },
            { key: 'gold', title: t('quality.cols.reviewerGold'), align: 'right', render: (_, r) => withInterval(r.gold) ?? <Typography.Text type="secondary">{t('quality.noGold')}</Typography.Text> },
            { key: 'rejection', title: t('quality.cols.rejection'), align: 'right', render: (_, r) => pct(r.rejectionRate) },
            { key: 'earnings', title: t('quality.cols.earnings'), align: 'right', render: (_, r) => cur(r.earnings) },
          ]}
        />
      </Card>
    </>
  );
}
