import { useState } from 'react';
import { Button, Card, Flex, Input, Popconfirm, Segmented, Select, Table, Typography } from 'antd';
import { InboxOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { MEDIA_TYPES, type MediaType, type ProjectListItem } from '@tessera/contracts';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { PageHeader } from '../shell/PageHeader';
import { useProjectMutations, useProjects } from './api';
import { MediaTypeTag, StatusTag } from './labels';
import { clearable, CONFIRM_ICON, pages, useMessage } from '../shell/icon-labels';

const STATUSES = ['active', 'archived', 'all'] as const;
type StatusFilter = (typeof STATUSES)[number];
const PAGE = 20;

export function ProjectsPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const navigate = useNavigate();
  const manage = useCan('manageProjects');
  // Filters live in the URL so a filtered list can be bookmarked and survives reload.
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as StatusFilter) : 'active';
  const mediaType = (MEDIA_TYPES as readonly string[]).includes(params.get('media') ?? '') ? (params.get('media') as MediaType) : undefined;
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [search, setSearch] = useState(q);

  const setFilter = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    // Any filter change goes back to page 1 unless a page is given.
    for (const [k, v] of Object.entries({ ...patch, page: patch.page })) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const list = useProjects({ status, mediaType, q: q || undefined, limit: PAGE, offset: (page - 1) * PAGE });
  const { archive, restore } = useProjectMutations();
  const fail = (err: unknown) => message.error(describeError(err, t).detail ?? describeError(err, t).title);

  return (
    <>
      <PageHeader
        title={t('projects.title')}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate('/projects/new')} data-testid="new-project">
              {t('projects.new')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search">
          <Segmented<StatusFilter>
            aria-label={t('projects.statusFilter')}
            value={status}
            onChange={(v) => setFilter({ status: v === 'active' ? undefined : v })}
            options={STATUSES.map((s) => ({ value: s, label: t(`projects.filter.${s}`) }))}
          />
          <Select<MediaType | 'any'>
            aria-label={t('projects.mediaType')}
            value={mediaType ?? 'any'}
            style={{ minWidth: 160 }}
            onChange={(v) => setFilter({ media: v === 'any' ? undefined : v })}
            options={[{ value: 'any', label: t('projects.anyMedia') }, ...MEDIA_TYPES.map((m) => ({ value: m, label: t(`mediaTypes.${m}`) }))]}
          />
          <Input.Search
            aria-label={t('projects.search')}
            placeholder={t('projects.search')}
            allowClear={clearable(t)}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) setFilter({ q: undefined });
            }}
            onSearch={(v) => setFilter({ q: v.trim() || undefined })}
            style={{ maxWidth: 320 }}
          />
        </Flex>
        <ErrorAlert error={list.error} />
        <Table<ProjectListItem>
          rowKey="id"
          data-testid="projects-table"
          loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
          dataSource={list.data?.items}
          locale={{ emptyText: q ? t('projects.noMatch') : t('projects.empty') }}
          pagination={pages(t, {
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (p) => setFilter({ page: p > 1 ? String(p) : undefined }),
          })}
          columns={[
            {
              title: t('projects.name'),
              dataIndex: 'name',
              render: (name: string, p) => (
                <div>
                  <Link to={`/projects/${p.id}`}>{name}</Link>
                  {p.description && (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 1 }} style={{ margin: 0, maxWidth: 480 }}>
                      {p.description}
                    </Typography.Paragraph>
                  )}
                </div>
              ),
            },
            { title: t('projects.mediaType'), dataIndex: 'mediaType', render: (m: MediaType) => <MediaTypeTag type={m} /> },
            { title: t('projects.labels'), dataIndex: 'labelCount', align: 'right' },
            { title: t('projects.schemaVersion'), dataIndex: 'schemaVersion', render: (v: number) => `v${v}` },
            { title: t('projects.statusLabel'), dataIndex: 'status', render: (s: ProjectListItem['status']) => <StatusTag status={s} /> },
            { title: t('projects.updatedAt'), dataIndex: 'updatedAt', render: (d: string) => <span title={dayjs(d).format('LLL')}>{dayjs(d).format('ll')}</span> },
            ...(manage
              ? [
                  {
                    title: <span className="sr-only">{t('common.actions')}</span>,
                    key: 'actions',
                    align: 'right' as const,
                    render: (_: unknown, p: ProjectListItem) =>
                      p.status === 'active' ? (
                        <Popconfirm icon={CONFIRM_ICON} title={t('projects.archiveConfirm')} okText={t('projects.archive')} cancelText={t('common.cancel')} onConfirm={() => archive.mutateAsync(p.id).catch(fail)}>
                          <Button type="text" icon={<InboxOutlined aria-hidden />} aria-label={t('projects.archiveNamed', { name: p.name })}>
                            {t('projects.archive')}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button type="text" icon={<RollbackOutlined aria-hidden />} onClick={() => restore.mutate(p.id, { onError: fail })} aria-label={t('projects.restoreNamed', { name: p.name })}>
                          {t('projects.restore')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </>
  );
}
