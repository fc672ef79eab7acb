import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../api/ErrorAlert';
import { useDuplicates, type DuplicateList } from './api';
import { pct } from './format';

/** Near-duplicate pairs found at ingest, most alike first (the Data tab). */
export function DuplicatesPanel({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const pairs = useDuplicates(projectId);
  return (
    <Card size="small" data-testid="near-duplicates"
      title={`${t('quality.duplicates.title')}${pairs.data ? ` (${pairs.data.total})` : ''}`}>
      <Typography.Paragraph type="secondary">{t('quality.duplicates.hint')}</Typography.Paragraph>
      {pairs.isError ? <ErrorAlert error={pairs.error} /> : (
        <Table<DuplicateList['items'][number]>
          size="small" loading={pairs.isPending} rowKey={(p) => `${p.a.id}:${p.b.id}`} dataSource={pairs.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('quality.duplicates.empty') }}
          columns={[
            { key: 'a', title: t('quality.duplicates.a'), render: (_, p) => p.a.name },
            { key: 'b', title: t('quality.duplicates.b'), render: (_, p) => p.b.name },
            { key: 'method', title: t('quality.duplicates.method'), render: (_, p) => <Tag>{t(`quality.duplicates.methods.${p.method}`)}</Tag> },
            { key: 'similarity', title: t('quality.duplicates.similarity'), align: 'right', render: (_, p) => pct(p.similarity, 1) },
          ]}
        />
      )}
    </Card>
  );
}
