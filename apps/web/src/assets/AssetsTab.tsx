import { useCallback, useEffect, useRef, useState } from 'react';
import { Divider, Input, Segmented, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ASSET_KINDS, type Asset, type AssetListQuery, type Project } from '@tessera/contracts';
import { useCan } from '../auth/permissions';
import { http } from '../api/client';
import { describeError } from '../api/ErrorAlert';
import { invalidateAssets, useAssetPage, type AssetFilters } from './api';
import { AssetGrid, type GridHandle } from './AssetGrid';
import { AssetDrawer } from './AssetDrawer';
import { IngestProgress } from './IngestProgress';
import { ChoiceBar } from './ChoiceBar';
import { useAssetChoice } from './asset-choice';
import { UploadPanel } from './UploadPanel';
import { DuplicatesPanel } from '../quality/DuplicatesPanel';
import { qualityKeys } from '../quality/api';
import './assets.css';
import { clearable, useMessage } from '../shell/icon-labels';

type Status = NonNullable<AssetListQuery['status']> | 'all';
type Kind = NonNullable<AssetListQuery['kind']> | 'all';

/**
 * A project's data (route /projects/:id/assets): upload, follow ingest,
 * browse, and look at one asset. Upload and Retry are offered by role; the
 * server still decides per project (a provider outside it gets 403/404).
 */
export function AssetsTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canUpload = useCan('uploadData') && project.status === 'active';
  const canDelete = useCan('deleteData');
  const canBatch = useCan('manageBatches') && project.status === 'active';
  const [status, setStatus] = useState<Status>('all');
  const [kind, setKind] = useState<Kind>('all');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<Asset | null>(null);
  const [runIds, setRunIds] = useState<string[]>([]);
  const grid = useRef<GridHandle>(null);
  const filters: AssetFilters = { ...(status !== 'all' ? { status } : {}), ...(kind !== 'all' ? { kind } : {}), ...(q ? { q } : {}) };
  // Counts over the whole project, whatever the filters: they label the status filter.
  const counts = useAssetPage(project.id, {}, 0).data?.counts;
  // The grid's first page (the same query): how many the filters match, which "choose all" takes.
  const matching = useAssetPage(project.id, filters, 0).data?.total ?? 0;
  const choice = useAssetChoice(filters, matching);
  // Assets are chosen to make a batch of, to be deleted, or to have the failed ones among them retried.
  const retryable = canUpload && !!counts?.failed;
  const choosing = canBatch || canDelete || retryable;
  // New or changed assets may also change the near-duplicate groups (which then follow their fingerprints).
  const refresh = useCallback(() => {
    void invalidateAssets(queryClient, project.id);
    void queryClient.invalidateQueries({ queryKey: qualityKeys.duplicates(project.id) });
  }, [project.id]);
  const follow = useCallback((ids: string[]) => setRunIds((r) => [...r, ...ids.filter((id) => !r.includes(id))]), []);
  const followOne = useCallback((id: string) => follow([id]), [follow]);
  const message = useMessage();
  // An asset opened from elsewhere on the page (a near-duplicate group) gives focus back there on close.
  const opener = useRef<HTMLElement | null>(null);
  const openById = useCallback((id: string) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    http.get<Asset>(`/assets/${id}`).then(setOpen, (e: unknown) => void message.error(describeError(e, t).title));
  }, [message, t]);
  // When the drawer closes, keyboard focus goes back to the grid's current cell or the opener
  // (after the drawer has released its focus trap, hence the timeout).
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !open) {
      const back = opener.current;
      opener.current = null;
      setTimeout(() => (back ? back.focus() : grid.current?.focusCurrent()), 0);
    }
    wasOpen.current = !!open;
  }, [open]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {canUpload && <UploadPanel projectId={project.id} mediaType={project.mediaType} onRuns={follow} />}
      <IngestProgress runIds={runIds} onFinished={refresh} />
      {canUpload && <Divider style={{ margin: '4px 0' }} />}
      <Space wrap>
        <Segmented<Status>
          value={status}
          onChange={setStatus}
          aria-label={t('assets.status')}
          data-testid="status-filter"
          options={(['all', 'ready', 'pending', 'failed', 'quarantined'] as const)
            // Quarantine only happens to DICOM; elsewhere it would be a filter that is always empty.
            .filter((s) => s !== 'quarantined' || project.mediaType === 'dicom' || !!counts?.quarantined)
            .map((s) => ({
              value: s,
              label: s === 'all' ? t('assets.all') : `${t(`assets.statuses.${s}`)} (${counts?.[s] ?? 0})`,
            }))}
        />
        <Select<Kind>
          value={kind}
          onChange={setKind}
          aria-label={t('assets.kind')}
          data-testid="kind-filter"
          style={{ width: 140 }}
          options={[{ value: 'all', label: t('assets.anyKind') }, ...ASSET_KINDS.map((k) => ({ value: k, label: t(`mediaTypes.${k}`) }))]}
        />
        <Input.Search allowClear={clearable(t)} placeholder={t('assets.search')} aria-label={t('assets.search')} onSearch={(v) => setQ(v.trim())} style={{ width: 240 }} />
        {choosing && <ChoiceBar project={project} choice={choice} total={matching} canDelete={canDelete} canBatch={canBatch} onRetryRun={retryable ? followOne : undefined} />}
      </Space>
      <AssetGrid handle={grid} projectId={project.id} filters={filters} onOpen={setOpen} onRetryRun={canUpload ? followOne : undefined} choice={choosing ? choice : undefined} />
      <AssetDrawer asset={open} onClose={() => setOpen(null)} onChanged={refresh} onRetryRun={followOne} onDeleted={choice.forget} />
      {project.mediaType !== 'dicom' && <DuplicatesPanel projectId={project.id} onOpen={openById} />}
    </Space>
  );
}
