import { Button, Card, Col, Empty, Flex, List, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { AuditOutlined, CaretRightOutlined, CommentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import type { Task, TaskStage } from '@tessera/contracts';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { useProjects } from '../projects/api';
import { MediaTypeTag } from '../projects/labels';
import { PageHeader } from '../shell/PageHeader';
import { useClaimNext, useMyDashboard, useTasks } from './api';
import { QualificationPrompt } from '../quality/QualificationPanel';
import { formatNumber, formatRate, formatSeconds } from './DashboardTab';
import { StateTag } from './StateBar';
import { useMessage } from '../shell/icon-labels';

/** Claims the next task of a stage and opens it, or says the pool is empty. */
export function useTakeNext() {
  const claim = useClaimNext();
  const navigate = useNavigate();
  const message = useMessage();
  const { t } = useTranslation();
  const take = (projectId: string, stage: TaskStage) =>
    claim.mutate(
      { projectId, stage },
      {
        onSuccess: (task) => (task ? navigate(`/tasks/${task.id}`) : void message.info(t('tasks.my.poolEmpty'))),
        onError: (e) => {
          const d = describeError(e, t);
          void message.error(d.detail ?? d.title);
        },
      },
    );
  return { take, pending: claim.isPending ? claim.variables : undefined };
}

/** An annotator's and reviewer's home: what is theirs, a way to take more, and how they are doing. */
export function MyTasksPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWork = useCan('workTasks');
  const canReview = useCan('reviewTasks');
  const [params, setParams] = useSearchParams();
  const projects = useProjects({ status: 'active', limit: 500, offset: 0 });
  // Figures and the review queue are per project: the one in the URL, else the first.
  const projectId = params.get('project') ?? projects.data?.items[0]?.id;
  const setProjectId = (id: string) => setParams({ project: id }, { replace: true });
  const dash = useMyDashboard(projectId);
  // Open work across all projects: everything assigned to me that is not finished.
  const mine = useTasks({ mine: true, limit: 500 });
  const open = (mine.data?.items ?? []).filter((k) => k.state !== 'accepted' && !(k.stage === 'review' && k.state === 'rejected'));
  const { take, pending } = useTakeNext();
  const projectName = (id: string) => projects.data?.items.find((p) => p.id === id)?.name ?? '';
  const f = dash.data?.figures;

  return (
    <>
      <PageHeader
        title={t('tasks.my.title')}
        extra={
          <Select
            style={{ width: 240 }}
            aria-label={t('tasks.my.project')}
            placeholder={t('tasks.my.allProjects')}
            value={projectId}
            onChange={setProjectId}
            data-testid="figures-project"
            options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
        }
      />
      <ErrorAlert error={dash.error ?? projects.error ?? mine.error} />
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <section aria-labelledby="my-figures">
          <Typography.Title level={2} id="my-figures" style={{ fontSize: 16 }}>
            {t('tasks.my.figures', { project: projectId ? projectName(projectId) : '—' })}
          </Typography.Title>
          <Row gutter={[16, 16]} data-testid="my-figures">
            {(
              [
                ['submitted', f?.submitted ?? '—'],
                ['accepted', f?.accepted ?? '—'],
                ['rejected', f?.rejected ?? '—'],
                ['rejectionRate', formatRate(f?.rejectionRate)],
                ['secondsPerTask', formatSeconds(f?.secondsPerTask)],
                ['tasksPerHour', formatNumber(f?.tasksPerHour)],
              ] as const
            ).map(([key, value]) => (
              <Col key={key} xs={12} md={8} xl={4}>
                <Card size="small">
                  <Statistic title={t(`tasks.my.${key}`)} value={value} loading={!!projectId && dash.isPending} />
                </Card>
              </Col>
            ))}
          </Row>
        </section>

        <section aria-labelledby="take-work">
          <Typography.Title level={2} id="take-work" style={{ fontSize: 16 }}>
            {t('tasks.my.projects')}
          </Typography.Title>
          {projectId && <QualificationPrompt projectId={projectId} />}
          {canReview && (
            <Typography.Paragraph data-testid="review-queue">
              <AuditOutlined aria-hidden /> {t('tasks.my.reviewQueue')}: {t('tasks.my.reviewWaiting', { count: dash.data?.reviewQueue ?? 0, project: projectId ? projectName(projectId) : '—' })}
            </Typography.Paragraph>
          )}
          <List
            bordered
            loading={projects.isPending}
            dataSource={projects.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('tasks.my.noProjects')} /> }}
            renderItem={(p) => (
              <List.Item
                data-testid="work-project"
                actions={[
                  canWork && (
                    <Button
                      key="next"
                      type="primary"
                      size="large"
                      icon={<CaretRightOutlined aria-hidden />}
                      loading={pending?.projectId === p.id && pending.stage === 'annotate'}
                      onClick={() => take(p.id, 'annotate')}
                      data-testid="next-task"
                    >
                      {t('tasks.my.next')}
                    </Button>
                  ),
                  canReview && (
                    <Button
                      key="review"
                      size="large"
                      icon={<AuditOutlined aria-hidden />}
                      loading={pending?.projectId === p.id && pending.stage === 'review'}
                      onClick={() => take(p.id, 'review')}
                      data-testid="next-review"
                    >
                      {t('tasks.my.nextReview')}
                    </Button>
                  ),
                ].filter(Boolean)}
              >
                <List.Item.Meta title={p.name} description={<MediaTypeTag type={p.mediaType} />} />
              </List.Item>
            )}
          />
        </section>

        <section aria-labelledby="my-open">
          <Typography.Title level={2} id="my-open" style={{ fontSize: 16 }}>
            {t('tasks.my.open')}
          </Typography.Title>
          <Table<Task>
            rowKey="id"
            data-testid="my-open-tasks"
            loading={mine.isPending}
            dataSource={open}
            pagination={false}
            locale={{ emptyText: <Empty description={t('tasks.my.openEmpty')} /> }}
            onRow={(task) => ({ onDoubleClick: () => navigate(`/tasks/${task.id}`) })}
            columns={[
              { key: 'asset', title: t('tasks.asset'), render: (_, k) => <Link to={`/tasks/${k.id}`}>{k.assetName}</Link> },
              { key: 'project', title: t('tasks.my.project'), render: (_, k) => projectName(k.projectId) },
              { key: 'stage', title: t('tasks.stage'), render: (_, k) => <Tag>{t(`tasks.stages.${k.stage}`)}</Tag> },
              { key: 'state', title: t('tasks.state'), render: (_, k) => <StateTag state={k.state} /> },
              { key: 'round', title: t('tasks.round'), align: 'right', dataIndex: 'round' },
              {
                key: 'comments',
                title: t('tasks.comments.title'),
                render: (_, k) =>
                  k.openComments ? (
                    <Flex gap={4} align="center">
                      <CommentOutlined aria-hidden /> {t('tasks.commentsCount', { count: k.openComments })}
                    </Flex>
                  ) : null,
              },
              { key: 'updated', title: t('tasks.updated'), render: (_, k) => dayjs(k.updatedAt).format('lll') },
            ]}
          />
        </section>
      </Space>
    </>
  );
}
