import { Button, Card, Col, Row, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Project, QualityReport } from '@tessera/contracts';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { downloadWithAuth } from '../api/download';
import { useCan } from '../auth/permissions';
import { useQualityReport, useRecomputeReport } from './api';
import { ConsensusReview } from './ConsensusReview';
import { money, pct } from './format';
import { QualificationSet } from './QualificationPanel';
import { QualityCharts } from './QualityCharts';
import { Scorecards } from './Scorecards';
import { useMessage } from '../shell/icon-labels';

/** The project's quality control: figures, scorecards, consensus to review, the qualification set. */
export function QualityTab({ project }: { project: Project }) {
  const canRead = useCan('viewQuality');
  const canReview = useCan('reviewConsensus');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="quality-tab">
      {canRead && <Report project={project} />}
      {canReview && <ConsensusReview project={project} />}
      {useCan('manageQuality') && <QualificationSet project={project} />}
    </Space>
  );
}

function Report({ project }: { project: Project }) {
  const report = useQualityReport(project.id);
  if (report.isPending) return <Skeleton />;
  if (report.isError) return <ErrorAlert error={report.error} />;
  return <Figures project={project} report={report.data} />;
}

function Figures({ project, report }: { project: Project; report: QualityReport }) {
  const { t, i18n } = useTranslation();
  const message = useMessage();
  const manage = useCan('manageQuality');
  const recompute = useRecomputeReport(project.id);
  const cur = (n: number | null) => (n === null ? '—' : money(n, report.cost.currency, i18n.language));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row justify="space-between" align="middle" gutter={[8, 8]}>
        <Col>
          <Typography.Text type="secondary" data-testid="report-time">
            {report.computedAt ? t('quality.computedAt', { when: dayjs(report.computedAt).format('LLL') }) : t('quality.notComputed')}
          </Typography.Text>
        </Col>
        <Col>
          <Space wrap>
            {manage && (
              <Button icon={<ReloadOutlined aria-hidden />} loading={recompute.isPending || !!report.runningJobId}
                onClick={() => recompute.mutate(undefined, { onError: (e) => message.error(describeError(e, t).detail ?? describeError(e, t).title) })}>
                {report.runningJobId ? t('quality.computing') : t('quality.recompute')}
              </Button>
            )}
            <Button icon={<DownloadOutlined aria-hidden />} onClick={() => downloadWithAuth(`/projects/${project.id}/quality/scorecards.csv`, 'scorecards.csv').catch((e) => message.error(describeError(e, t).title))}>
              {t('quality.csv')}
            </Button>
          </Space>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        {[
          [t('quality.summary.agreement'), pct(report.agreement.mean)],
          [t('quality.summary.assets'), report.agreement.assets],
          [t('quality.summary.below'), report.agreement.belowThreshold],
          [t('quality.summary.toReview'), report.consensus.review],
          [t('quality.summary.cost'), cur(report.cost.total)],
          [t('quality.summary.perItem'), cur(report.cost.perAcceptedItem)],
        ].map(([title, value]) => (
          <Col key={String(title)} xs={12} md={8} xl={4}>
            <Card size="small"><Statistic title={title} value={value as string | number} /></Card>
          </Col>
        ))}
      </Row>
      <QualityCharts report={report} minGold={project.workflow.qc.minGoldAccuracy} />
      <Scorecards report={report} projectId={project.id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('quality.labels.title')}>
            <Table size="small" rowKey="labelId" pagination={false} dataSource={report.labels} locale={{ emptyText: t('quality.noGold') }}
              columns={[
                { key: 'label', title: t('quality.labels.label'), render: (_, l) => project.labelSchema.labels.find((x) => x.id === l.labelId)?.name ?? l.labelId },
                { key: 'p', title: t('quality.labels.precision'), align: 'right', render: (_, l) => pct(l.precision) },
                { key: 'r', title: t('quality.labels.recall'), align: 'right', render: (_, l) => pct(l.recall) },
                { key: 'f', title: t('quality.labels.f1'), align: 'right', render: (_, l) => pct(l.f1) },
              ]} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('quality.chance.title')}>
            <Table size="small" rowKey="scope" pagination={false} dataSource={report.agreement.chanceCorrected} locale={{ emptyText: '—' }}
              columns={[
                { key: 'scope', title: t('quality.chance.scope'), dataIndex: 'scope' },
                { key: 'raters', title: t('quality.chance.raters'), dataIndex: 'raters', align: 'right' },
                { key: 'units', title: t('quality.chance.units'), dataIndex: 'units', align: 'right' },
                { key: 'cohen', title: t('quality.chance.cohen'), align: 'right', render: (_, c) => c.cohenKappa?.toFixed(3) ?? '—' },
                { key: 'fleiss', title: t('quality.chance.fleiss'), align: 'right', render: (_, c) => c.fleissKappa?.toFixed(3) ?? '—' },
                { key: 'alpha', title: t('quality.chance.alpha'), align: 'right', render: (_, c) => c.krippendorffAlpha?.toFixed(3) ?? '—' },
              ]} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
