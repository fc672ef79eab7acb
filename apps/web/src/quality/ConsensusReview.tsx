import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Drawer, Popconfirm, Segmented, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Project } from '@tessera/contracts';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { isFinished, useJobRun } from '../jobs/api';
import { RunError } from '../jobs/RunError';
import { useAcceptAgreed, useAcceptConsensus, useAssetQuality, useAssetQualityList, type AssetQualityList } from './api';
import { ConsensusView, PERSON_COLORS } from './ConsensusView';
import { pct } from './format';
import { CONFIRM_ICON, useMessage } from '../shell/icon-labels';

const STATES = ['review', 'agreed', 'accepted'] as const;

/** Overlapped assets' agreement, those to review first; each opens with the people's work and the consensus. */
export function ConsensusReview({ project }: { project: Project }) {
  const { t } = useTranslation();
  const [state, setState] = useState<string>('review');
  const [open, setOpen] = useState<string | null>(null);
  const list = useAssetQualityList(project.id, state === 'all' ? undefined : state);
  return (
    <Card size="small" title={t('quality.consensus.title')} data-testid="consensus-review"
      extra={(
        <Space wrap>
          <AcceptAgreed projectId={project.id} />
          <Segmented aria-label={t('quality.consensus.filter')} value={state} onChange={(v) => setState(String(v))}
            options={[...STATES.map((s) => ({ value: s, label: t(`quality.consensus.states.${s}`) })), { value: 'all', label: t('quality.consensus.all') }]} />
        </Space>
      )}>
      {list.isError ? <ErrorAlert error={list.error} /> : (
        <Table<AssetQualityList['items'][number]>
          size="small" rowKey="assetId" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={false}
          locale={{ emptyText: t('quality.consensus.empty') }}
          columns={[
            { key: 'asset', title: t('quality.consensus.asset'), render: (_, a) => <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(a.assetId)}>{a.assetName}</Button> },
            { key: 'state', title: t('tasks.state'), render: (_, a) => <Tag color={a.state === 'review' ? 'orange' : a.state === 'accepted' ? 'blue' : 'green'}>{t(`quality.consensus.states.${a.state}`)}</Tag> },
            { key: 'agreement', title: t('quality.cols.agreement'), align: 'right', render: (_, a) => pct(a.agreement) },
            { key: 'people', title: t('quality.consensus.people'), dataIndex: 'people', align: 'right' },
            { key: 'objects', title: t('quality.consensus.objects'), dataIndex: 'objects', align: 'right' },
            { key: 'ties', title: t('quality.consensus.ties'), dataIndex: 'ties', align: 'right' },
          ]}
        />
      )}
      <Drawer open={!!open} onClose={() => setOpen(null)} width="min(960px, 100vw)" title={list.data?.items.find((a) => a.assetId === open)?.assetName} destroyOnHidden>
        {open && <AssetConsensus project={project} assetId={open} />}
      </Drawer>
    </Card>
  );
}

/** Every agreed consensus accepted at once, as a job followed here until it is done. */
function AcceptAgreed({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const message = useMessage();
  const qc = useQueryClient();
  const start = useAcceptAgreed(projectId);
  const [runId, setRunId] = useState<string | null>(null);
  const run = useJobRun(runId).data;
  const busy = start.isPending || (!!run && !isFinished(run.state));
  useEffect(() => {
    if (!run || !isFinished(run.state)) return;
    void qc.invalidateQueries({ queryKey: ['quality'] });
    if (run.state === 'succeeded') message.success(t('quality.consensus.acceptedAgreed'));
  }, [run?.state]);
  return (
    <Space>
      {run?.state === 'failed' && run.errors[0] && <Typography.Text type="danger"><RunError error={run.errors[0]} /></Typography.Text>}
      <Popconfirm icon={CONFIRM_ICON} title={t('quality.consensus.acceptAgreedConfirm')} okText={t('quality.consensus.acceptAgreed')} cancelText={t('common.cancel')}
        onConfirm={() => start.mutate(undefined, { onSuccess: (r) => setRunId(r.id), onError: (e) => message.error(describeError(e, t).detail ?? describeError(e, t).title) })}>
        <Button loading={busy} data-testid="accept-agreed">{busy ? t('quality.consensus.acceptingAgreed') : t('quality.consensus.acceptAgreed')}</Button>
      </Popconfirm>
    </Space>
  );
}

function AssetConsensus({ project, assetId }: { project: Project; assetId: string }) {
  const { t } = useTranslation();
  const message = useMessage();
  const q = useAssetQuality(assetId);
  const accept = useAcceptConsensus(project.id);
  if (q.isPending) return <Skeleton />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const a = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="asset-consensus">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
        { key: 'state', label: t('tasks.state'), children: t(`quality.consensus.states.${a.state}`) },
        { key: 'agreement', label: t('quality.cols.agreement'), children: pct(a.agreement) },
        { key: 'objects', label: t('quality.consensus.objects'), children: a.objects.length },
      ]} />
      <Space wrap>
        {a.people.map((p, i) => (
          <Tag key={p.user.id}>
            <span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, marginInlineEnd: 6, background: PERSON_COLORS[i % PERSON_COLORS.length] }} />
            {p.user.name} · {t('quality.consensus.weight', { weight: p.weight.toFixed(2) })} · {t('quality.consensus.disagreements', { count: p.disagreements.length })}
          </Tag>
        ))}
      </Space>
      <ConsensusView quality={a} kind={project.mediaType} />
      {a.state === 'accepted' ? (
        <Typography.Text type="success">{t('quality.consensus.accepted', { name: a.acceptedBy?.name ?? '' })} · {a.acceptedAt && dayjs(a.acceptedAt).format('lll')}</Typography.Text>
      ) : (
        <Button type="primary" loading={accept.isPending} onClick={() => accept.mutate(assetId, { onError: (e) => message.error(describeError(e, t).detail ?? describeError(e, t).title) })}>
          {t('quality.consensus.accept')}
        </Button>
      )}
    </Space>
  );
}
