import { useState } from 'react';
import { Divider, Input, Segmented, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Asset, AssetListQuery, Project } from '@tessera/contracts';
import { useCan } from '../auth/permissions';
import { useAssetPage } from './api';
import { AssetGrid } from './AssetGrid';
import { AssetDrawer } from './AssetDrawer';
import { UploadPanel } from './UploadPanel';

type Status = NonNullable<AssetListQuery['status']> | 'all';

/** A project's data: upload, follow ingest, browse, and look at one asset. */
export function AssetsTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canUpload = useCan('uploadData');
  const [status, setStatus] = useState<Status>('all');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<Asset | null>(null);
  const filters = { ...(status !== 'all' ? { status } : {}), ...(q ? { q } : {}) };
  const counts = useAssetPage(project.id, {}, 0).data?.counts;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['assets', project.id] });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {canUpload && project.status === 'active' && (
        <>
          <UploadPanel projectId={project.id} onIngested={refresh} />
          <Divider style={{ margin: '4px 0' }} />
        </>
      )}
      <Space wrap>
        <Segmented<Status>
          value={status}
          onChange={setStatus}
          data-testid="status-filter"
          options={(['all', 'ready', 'pending', 'failed', 'quarantined'] as const).map((s) => ({
            value: s,
            label: s === 'all' ? t('assets.all') : `${t(`assets.statuses.${s}`)} (${counts?.[s] ?? 0})`,
          }))}
        />
        <Input.Search allowClear placeholder={t('assets.search')} aria-label={t('assets.search')} onSearch={setQ} style={{ width: 240 }} />
      </Space>
      <AssetGrid projectId={project.id} filters={filters} onOpen={setOpen} />
      <AssetDrawer asset={open} onClose={() => setOpen(null)} onChanged={refresh} />
    </Space>
  );
}

