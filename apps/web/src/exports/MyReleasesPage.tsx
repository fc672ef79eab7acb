import { Empty, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Release } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { formatBytes } from '../jobs/JobRunStatus';
import { PageHeader } from '../shell/PageHeader';
import { useMyReleases } from './api';
import { DiffSummary, ReleaseDownloadButton } from './ReleasesTab';
import { releaseName } from './release-text';

/**
 * A consumer's shelf: the releases granted to them (the server lists nothing
 * else), each downloaded through a fresh signed link.
 */
export function MyReleasesPage() {
  const { t } = useTranslation();
  const mine = useMyReleases();
  return (
    <>
      <PageHeader title={t('exports.mine.title')} sub={t('exports.mine.subtitle')} />
      <ErrorAlert error={mine.error} />
      <Table<Release>
        rowKey="id"
        loading={mine.isPending}
        dataSource={mine.data?.items ?? []}
        pagination={false}
        data-testid="my-releases"
        locale={{ emptyText: <Empty description={t('exports.mine.empty')} /> }}
        columns={[
          { title: t('exports.mine.project'), key: 'project', render: (_, r) => r.datasheet?.project ?? '–' },
          { title: t('exports.releases.number'), dataIndex: 'number', render: (n: number) => <strong>#{n}</strong> },
          { title: t('exports.releases.name'), key: 'name', render: (_, r) => releaseName(r, t) },
          { title: t('exports.releases.formats'), dataIndex: 'formats', render: (f: Release['formats']) => f.map((x) => <Tag key={x}>{t(`exports.formats.${x}`)}</Tag>) },
          { title: t('exports.releases.licence'), dataIndex: 'licence' },
          { title: t('exports.releases.changes'), key: 'diff', render: (_, r) => <DiffSummary diff={r.diff} /> },
          { title: t('exports.releases.size'), key: 'size', render: (_, r) => (r.file ? formatBytes(r.file.size) : '–') },
          { title: t('exports.releases.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('lll') },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (r.state === 'ready' ? <ReleaseDownloadButton release={r} /> : <Typography.Text type="secondary">{t(`exports.releases.states.${r.state}`)}</Typography.Text>),
          },
        ]}
      />
    </>
  );
}
