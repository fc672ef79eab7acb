import { useState } from 'react';
import { Button, Checkbox, DatePicker, Descriptions, Empty, Flex, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { DownloadOutlined, ExportOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Project, Release, ReleaseDiff } from '@tessera/contracts';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { formatBytes } from '../jobs/JobRunStatus';
import { useMembers } from '../members/api';
import { downloadRelease, useReleaseGrants, useReleaseMutations, useReleases } from './api';
import { CutReleaseModal } from './CutReleaseModal';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { deidentificationText, releaseName, splitName } from './release-text';
import { CONFIRM_ICON, useMessage } from '../shell/icon-labels';

const STATE_COLOR = { building: 'processing', ready: 'success', failed: 'error' } as const;

/** The project's way out and back in: export and import dialogs, and its releases with their diffs and grants. */
export function ReleasesTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const canExport = useCan('exportData');
  const canImport = useCan('importAnnotations');
  const canManage = useCan('manageReleases');
  const canDownload = useCan('downloadReleases');
  const [dialog, setDialog] = useState<'export' | 'import' | 'cut' | null>(null);
  const releases = useReleases(project.id);
  const items = releases.data?.items ?? [];
  const next = items.reduce((n, r) => Math.max(n, r.number), 0) + 1;

  return (
    <div data-testid="releases-tab">
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        {canExport && (
          <Button icon={<ExportOutlined aria-hidden />} onClick={() => setDialog('export')} data-testid="open-export">
            {t('exports.export.open')}
          </Button>
        )}
        {canImport && (
          <Button icon={<ImportOutlined aria-hidden />} onClick={() => setDialog('import')} data-testid="open-import">
            {t('exports.import.open')}
          </Button>
        )}
      </Flex>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('exports.releases.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('exports.releases.intro')}</Typography.Text>
        </div>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog('cut')} data-testid="open-cut">
            {t('exports.releases.cut')}
          </Button>
        )}
      </Flex>
      <ErrorAlert error={releases.error} />
      <ReleaseTable releases={items} loading={releases.isPending} manage={canManage} download={canDownload} />
      {canExport && <ExportDialog project={project} open={dialog === 'export'} onClose={() => setDialog(null)} />}
      {canImport && <ImportDialog project={project} open={dialog === 'import'} onClose={() => setDialog(null)} />}
      {canManage && <CutReleaseModal project={project} next={next} open={dialog === 'cut'} onClose={() => setDialog(null)} />}
    </div>
  );
}

export function DiffSummary({ diff }: { diff: ReleaseDiff | null }) {
  const { t } = useTranslation();
  if (!diff) return null;
  if (diff.previous === null) return <Typography.Text>{t('exports.releases.diffFirst')}</Typography.Text>;
  const { added, removed, changed } = diff;
  if (!added.total && !removed.total && !changed.total) return <Typography.Text>{t('exports.releases.noChanges')}</Typography.Text>;
  return <Typography.Text>{t('exports.releases.diffSummary', { added: added.total, removed: removed.total, changed: changed.total })}</Typography.Text>;
}

/** `download`: the auditor reads releases' figures but takes no archive. */
function ReleaseTable({ releases, loading, manage, download }: { releases: Release[]; loading: boolean; manage: boolean; download: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string[]>([]);
  return (
    <Table<Release>
      style={{ marginTop: 16 }}
      rowKey="id"
      loading={loading}
      dataSource={releases}
      pagination={false}
      data-testid="release-table"
      locale={{ emptyText: <Empty description={t('exports.releases.empty')} /> }}
      expandable={{
        expandedRowKeys: open,
        onExpandedRowsChange: (keys) => setOpen(keys as string[]),
        expandedRowRender: (r) => <ReleaseDetails release={r} manage={manage} />,
        rowExpandable: (r) => r.state === 'ready',
        expandIcon: () => null,
        showExpandColumn: false,
      }}
      columns={[
        { title: t('exports.releases.number'), dataIndex: 'number', width: 90, render: (n: number) => <strong>#{n}</strong> },
        { title: t('exports.releases.name'), key: 'name', render: (_, r) => releaseName(r, t) },
        { title: t('exports.releases.state'), dataIndex: 'state', render: (s: Release['state']) => <Tag color={STATE_COLOR[s]}>{t(`exports.releases.states.${s}`)}</Tag> },
        { title: t('exports.releases.formats'), dataIndex: 'formats', render: (f: Release['formats']) => f.map((x) => <Tag key={x}>{t(`exports.formats.${x}`)}</Tag>) },
        { title: t('exports.releases.changes'), key: 'diff', render: (_, r) => <span data-testid={`release-diff-${r.number}`}><DiffSummary diff={r.diff} /></span> },
        { title: t('exports.releases.size'), key: 'size', render: (_, r) => (r.file ? formatBytes(r.file.size) : '–') },
        { title: t('exports.releases.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('lll') },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, r) =>
            r.state === 'ready' && (
              <Space>
                {download && <ReleaseDownloadButton release={r} />}
                <Button
                  size="small"
                  // The label repeats the visible word; antd's space between two Chinese characters would break that match.
                  autoInsertSpace={false}
                  aria-expanded={open.includes(r.id)}
                  aria-label={t('exports.releases.detailsOf', { number: r.number })}
                  onClick={() => setOpen((o) => (o.includes(r.id) ? o.filter((k) => k !== r.id) : [...o, r.id]))}
                  data-testid={`release-details-${r.number}`}
                >
                  {t('exports.releases.details')}
                </Button>
              </Space>
            ),
        },
      ]}
    />
  );
}

export function ReleaseDownloadButton({ release }: { release: Release }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      type="primary"
      icon={<DownloadOutlined aria-hidden />}
      loading={busy}
      aria-label={t('exports.releases.downloadOf', { number: release.number })}
      data-testid={`release-download-${release.number}`}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadRelease(release);
        } catch (err) {
          message.error(describeError(err, t).detail ?? describeError(err, t).title);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('exports.releases.download')}
    </Button>
  );
}

function ReleaseDetails({ release, manage }: { release: Release; manage: boolean }) {
  const { t } = useTranslation();
  const d = release.datasheet;
  const diff = release.diff;
  const labels = diff ? [...new Set([...Object.keys(diff.added.byLabel), ...Object.keys(diff.removed.byLabel), ...Object.keys(diff.changed.byLabel)])].sort() : [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid={`release-detail-${release.number}`}>
      {diff && (
        <section>
          <Typography.Title level={5}>{diff.previous === null ? t('exports.releases.diffFirst') : t('exports.releases.diff', { previous: diff.previous })}</Typography.Title>
          <Table
            size="small"
            rowKey="label"
            pagination={false}
            style={{ maxWidth: 560 }}
            dataSource={labels.map((label) => ({ label, added: diff.added.byLabel[label] ?? 0, removed: diff.removed.byLabel[label] ?? 0, changed: diff.changed.byLabel[label] ?? 0 }))}
            columns={[
              { title: t('exports.import.label'), dataIndex: 'label' },
              { title: t('exports.releases.added'), dataIndex: 'added', align: 'right' },
              { title: t('exports.releases.removed'), dataIndex: 'removed', align: 'right' },
              { title: t('exports.releases.changed'), dataIndex: 'changed', align: 'right' },
            ]}
            locale={{ emptyText: t('exports.releases.noChanges') }}
          />
        </section>
      )}
      {d && (
        <Descriptions
          title={t('exports.releases.datasheet')}
          size="small"
          bordered
          column={2}
          items={[
            { key: 'licence', label: t('exports.releases.licence'), children: d.licence },
            { key: 'schema', label: t('exports.releases.schemaVersion'), children: `v${d.schemaVersion}` },
            { key: 'splits', label: t('exports.releases.assetsBySplit'), children: Object.entries(d.assets).map(([k, n]) => `${splitName(k, t)}: ${n}`).join(' · ') },
            { key: 'annotators', label: t('exports.releases.annotators'), children: d.annotators },
            { key: 'deid', label: t('exports.releases.deidentification'), children: deidentificationText(d, t), span: 2 },
            { key: 'manifest', label: t('exports.releases.manifest'), children: release.manifest?.length ?? 0 },
            { key: 'sha', label: t('exports.releases.sha256'), children: <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{release.file?.sha256}</Typography.Text> },
          ]}
        />
      )}
      {manage && <Grants release={release} />}
    </Space>
  );
}

function Grants({ release }: { release: Release }) {
  const { t } = useTranslation();
  const message = useMessage();
  const grants = useReleaseGrants(release.id, true);
  const members = useMembers();
  const { grant, revoke } = useReleaseMutations(release.projectId);
  const [userId, setUserId] = useState<string | undefined>();
  const [expiry, setExpiry] = useState<Dayjs | null>(null);
  const [watermark, setWatermark] = useState(false);
  const consumers = (members.data?.items ?? []).filter((m) => m.role === 'consumer');
  const granted = new Set((grants.data?.items ?? []).map((g) => g.userId));
  return (
    <section aria-label={t('exports.releases.grants')} data-testid={`release-grants-${release.number}`}>
      <Typography.Title level={5}>{t('exports.releases.grants')}</Typography.Title>
      <ErrorAlert error={grants.error ?? grant.error ?? revoke.error} />
      {(grants.data?.items.length ?? 0) === 0 ? (
        <Typography.Paragraph type="secondary">{t('exports.releases.noGrants')}</Typography.Paragraph>
      ) : (
        <ul style={{ paddingInlineStart: 20 }}>
          {grants.data!.items.map((g) => (
            <li key={g.userId} style={{ marginBottom: 4 }}>
              <Space>
                <span>
                  {g.name} &lt;{g.email}&gt; · {t('exports.releases.expiresOn', { date: g.expiresAt ? dayjs(g.expiresAt).format('ll') : t('exports.releases.noExpiry') })}
                </span>
                {g.watermark && <Tag>{t('exports.releases.watermarked')}</Tag>}
                <Popconfirm
                  icon={CONFIRM_ICON}
                  title={t('exports.releases.revokeOf', { name: g.name })}
                  okText={t('exports.releases.revoke')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => revoke.mutateAsync({ releaseId: release.id, userId: g.userId }).then(() => message.success(t('exports.releases.revoked')))}
                >
                  <Button size="small" danger autoInsertSpace={false} aria-label={t('exports.releases.revokeOf', { name: g.name })}>
                    {t('exports.releases.revoke')}
                  </Button>
                </Popconfirm>
              </Space>
            </li>
          ))}
        </ul>
      )}
      {consumers.length === 0 && !members.isPending ? (
        <Typography.Paragraph type="secondary">{t('exports.releases.noConsumers')}</Typography.Paragraph>
      ) : (
        <Space wrap>
          <Select
            style={{ width: 280 }}
            value={userId}
            onChange={setUserId}
            placeholder={t('exports.releases.grantToPlaceholder')}
            aria-label={t('exports.releases.grantTo')}
            data-testid={`grant-user-${release.number}`}
            loading={members.isPending}
            options={consumers.filter((m) => !granted.has(m.userId)).map((m) => ({ value: m.userId, label: `${m.name} <${m.email}>` }))}
          />
          <DatePicker
            style={{ width: 220 }}
            value={expiry}
            onChange={setExpiry}
            placeholder={t('exports.releases.expiryOptional')}
            aria-label={t('exports.releases.expiryOptional')}
            disabledDate={(d) => d.isBefore(dayjs(), 'day')}
          />
          <Checkbox checked={watermark} onChange={(e) => setWatermark(e.target.checked)}>
            {t('exports.releases.watermark')}
          </Checkbox>
          <Button
            disabled={!userId}
            loading={grant.isPending}
            data-testid={`grant-${release.number}`}
            onClick={() => {
              const who = consumers.find((m) => m.userId === userId);
              grant.mutate(
                { releaseId: release.id, userId: userId!, expiresAt: expiry ? expiry.endOf('day').toISOString() : null, watermark },
                {
                  onSuccess: () => {
                    message.success(t('exports.releases.granted', { number: release.number, name: who?.name ?? '' }));
                    setUserId(undefined);
                    setExpiry(null);
                    setWatermark(false);
                  },
                },
              );
            }}
          >
            {t('exports.releases.grant')}
          </Button>
        </Space>
      )}
    </section>
  );
}
