import { Button, Descriptions, Drawer, Space, Typography } from 'antd';
import { RedoOutlined, TeamOutlined, UnlockOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Asset } from '@tessera/contracts';
import { http } from '../api/client';
import { describeError } from '../api/ErrorAlert';
import { formatBytes } from '../jobs/JobRunStatus';
import { useCan } from '../auth/permissions';
import { GoldSwitch } from '../tasks/GoldSwitch';
import { useAssetFiles, useDeleteAsset, useRetryAsset, useSignedText } from './api';
import { DeleteButton } from '../shell/DeleteButton';
import { useMessage } from '../shell/icon-labels';

interface Props {
  asset: Asset | null;
  onClose: () => void;
  onChanged: () => void;
  /** A retry starts an ingest run; the page follows it with the uploads' runs. */
  onRetryRun: (runId: string) => void;
  onDeleted: (assetId: string) => void;
}

/** One asset: its content (image or text), metadata, and what can be done about a failure or a quarantine. */
export function AssetDrawer({ asset, onClose, onChanged, onRetryRun, onDeleted }: Props) {
  const { t } = useTranslation();
  const message = useMessage();
  const navigate = useNavigate();
  const canUpload = useCan('uploadData');
  const canRelease = useCan('releaseData');
  const canGold = useCan('manageGold');
  const canDelete = useCan('deleteData');
  // Bytes come as signed URLs, fetched only for the opened asset. A series shows its thumbnail (the
  // middle slice) until the DICOM viewer arrives; the server sends no URLs for what the viewer may not see.
  const viewable = !!asset && (asset.status === 'ready' || (asset.status === 'quarantined' && canRelease));
  const files = useAssetFiles(asset?.id, viewable && asset?.kind !== 'dicom');
  const content = files.data?.assetId === asset?.id ? files.data?.items[0] : undefined;
  const text = useSignedText(asset?.id, asset?.kind === 'text' ? content?.url : undefined).data ?? null;
  const url = asset?.kind === 'image' ? content?.url : asset?.kind === 'dicom' && viewable ? asset.thumbnailUrl : undefined;

  const retry = useRetryAsset(asset?.projectId ?? '', onRetryRun);
  const remove = useDeleteAsset(asset?.projectId ?? '');
  const act = (path: string, done: 'assets.released') => http.post(path).then(() => (message.success(t(done)), onChanged(), onClose()), (e) => { const d = describeError(e, t); message.error(d.detail ?? d.title); });
  const m = asset?.metadata ?? {};
  return (
    <Drawer open={!!asset} onClose={onClose} title={asset?.name} size="large" destroyOnHidden data-testid="asset-drawer">
      {asset && (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          {asset.error && (
            <Space orientation="vertical" size={0}>
              {asset.errorCode && <Typography.Text strong type={asset.status === 'quarantined' ? 'warning' : 'danger'}>{t(`assets.errorCodes.${asset.errorCode}`)}</Typography.Text>}
              <Typography.Text type={asset.status === 'quarantined' ? 'warning' : 'danger'}>{asset.error}</Typography.Text>
            </Space>
          )}
          {/* Only a failure or a quarantine has something to do about it; no empty row otherwise. */}
          {(asset.status === 'failed' || asset.status === 'quarantined') && (
            <Space>
              {asset.status === 'failed' && canUpload && <Button icon={<RedoOutlined aria-hidden />} loading={retry.isPending} onClick={() => retry.mutate(asset.id, { onSuccess: onClose })}>{t('assets.retry')}</Button>}
              {asset.status === 'quarantined' && canRelease && <Button icon={<UnlockOutlined aria-hidden />} onClick={() => act(`/assets/${asset.id}/release`, 'assets.released')}>{t('assets.release')}</Button>}
            </Space>
          )}
          {asset.status === 'ready' && (
            <Button type="primary" icon={<TeamOutlined aria-hidden />} data-testid="open-live" onClick={() => navigate(`/projects/${asset.projectId}/assets/${asset.id}/live`)}>
              {t('live.open')}
            </Button>
          )}
          {canGold && asset.status === 'ready' && <GoldSwitch key={asset.id} asset={asset} />}
          {url && <img src={url} alt={asset.name} style={{ maxWidth: '100%', border: '1px solid #f0f0f0' }} />}
          {text !== null && <pre className="tessera-asset-fulltext" tabIndex={0}>{text}</pre>}
          <Descriptions column={1} size="small" bordered items={[
            { key: 'status', label: t('assets.status'), children: t(`assets.statuses.${asset.status}`) },
            { key: 'kind', label: t('assets.kind'), children: t(`mediaTypes.${asset.kind}`) },
            ...(asset.width ? [{ key: 'size', label: t('assets.dimensions'), children: `${asset.width} × ${asset.height}` }] : []),
            ...(asset.kind !== 'dicom' ? [{ key: 'bytes', label: t('assets.fileSize'), children: formatBytes(asset.size) }] : []),
            ...(asset.contentType ? [{ key: 'type', label: t('assets.contentType'), children: asset.contentType }] : []),
            ...(asset.kind === 'dicom' ? [
              { key: 'modality', label: t('assets.modality'), children: String(m.modality ?? '') },
              { key: 'count', label: t('assets.instances'), children: String(m.instanceCount ?? '') },
              { key: 'volume', label: t('assets.geometry'), children: m.volume ? t('assets.volume', { spacing: Number(m.sliceSpacing ?? 0).toFixed(2) }) : t('assets.stackOnly', { reason: String(m.stackReason ?? '') }) },
            ] : [{ key: 'sha', label: 'SHA-256', children: <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{asset.sha256}</Typography.Text> }]),
          ]} />
          {canDelete && (
            <DeleteButton title={t('assets.deleteConfirm', { name: asset.name })} consequence={t('assets.deleteConsequence')} label={t('assets.delete')}
              loading={remove.isPending} onConfirm={() => remove.mutateAsync(asset.id).then(() => (onDeleted(asset.id), onClose()), () => undefined)} testId="delete-asset" />
          )}
        </Space>
      )}
    </Drawer>
  );
}
