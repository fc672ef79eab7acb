import { useState } from 'react';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { useDuplicateCheck, useDuplicates, type DuplicateList } from './api';
import { pct } from './format';
import { pages } from '../shell/icon-labels';

type Member = DuplicateList['items'][number];
const PAGE_SIZE = 50;

/** How many rows of the page from `i` on belong to its group: the group's cell spans them (0 hides it on the rest). */
function groupSpan(rows: readonly Member[], i: number) {
  if (i > 0 && rows[i - 1].group.id === rows[i].group.id) return 0;
  let n = 1;
  while (i + n < rows.length && rows[i + n].group.id === rows[i].group.id) n++;
  return n;
}

/** Near-duplicate groups found at ingest, largest first (the Data tab); a name opens its asset. Managers may have assets not checked yet checked. */
export function DuplicatesPanel({ projectId, onOpen }: { projectId: string; onOpen: (assetId: string) => void }) {
  const { t } = useTranslation();
  const open = (a: { id: string; name: string }) => (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(a.id)}>{a.name}</Button>
  );
  const [page, setPage] = useState(0);
  const list = useDuplicates(projectId, page, PAGE_SIZE);
  const rows = list.data?.items ?? [];
  const check = useDuplicateCheck(projectId);
  const canCheck = useCan('manageQuality');
  return (
    <Card size="small" data-testid="near-duplicates"
      title={list.data ? `${t('quality.duplicates.title')} (${t('quality.duplicates.summary', {
        groups: t('quality.duplicates.groupCount', { count: list.data.groups }), assets: t('quality.duplicates.size', { count: list.data.total }),
      })})` : t('quality.duplicates.title')}>
      <Typography.Paragraph type="secondary">
        {t('quality.duplicates.hint')}
        {!!list.data?.pending && <> <span data-testid="duplicates-pending">{t('quality.duplicates.pending', { count: list.data.pending })}</span></>}
        {!!list.data?.unchecked && !list.data.pending && (
          <>
            {' '}<span data-testid="duplicates-unchecked">{t('quality.duplicates.unchecked', { count: list.data.unchecked })}</span>
            {canCheck && (
              <>{' '}<Button size="small" loading={check.isPending} onClick={() => check.mutate()} data-testid="duplicates-check">{t('quality.duplicates.check')}</Button></>
            )}
          </>
        )}
      </Typography.Paragraph>
      <ErrorAlert error={check.error} />
      {list.isError ? <ErrorAlert error={list.error} /> : (
        <Table<Member>
          size="small" loading={list.isPending} rowKey={(m) => m.asset.id} dataSource={rows}
          locale={{ emptyText: t('quality.duplicates.empty') }}
          pagination={pages(t, { current: page + 1, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, hideOnSinglePage: true, showSizeChanger: false, onChange: (p) => setPage(p - 1) })}
          columns={[
            {
              key: 'group', title: t('quality.duplicates.group'),
              onCell: (_, i) => ({ rowSpan: groupSpan(rows, i ?? 0) }),
              render: (_, m) => <span data-testid="duplicate-group">{m.group.name} <Tag>{t('quality.duplicates.size', { count: m.group.size })}</Tag></span>,
            },
            { key: 'asset', title: t('quality.duplicates.asset'), render: (_, m) => open(m.asset) },
            { key: 'nearest', title: t('quality.duplicates.nearest'), render: (_, m) => open(m.nearest) },
            { key: 'method', title: t('quality.duplicates.method'), render: (_, m) => <Tag>{t(`quality.duplicates.methods.${m.method}`)}</Tag> },
            { key: 'similarity', title: t('quality.duplicates.similarity'), align: 'right', render: (_, m) => pct(m.similarity, 1) },
          ]}
        />
      )}
    </Card>
  );
}
