import { useMemo } from 'react';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Asset, Label } from '@tessera/contracts';
import { ImageAnnotator, type CommentPin } from '@tessera/web/image-annotator';
import type { SyncClientOptions } from '@tessera/web/sync';
import { useEditorBinding, useSyncClient } from '@tessera/web/sync/react';
import { refreshSession } from '../api/client';
import { useSession } from '../auth/session-store';
import { useAssetFiles } from '../assets/api';
import { pendingStore } from '../annotations/pending-store';

interface Props {
  asset: Asset;
  /** The task whose annotation set is edited (a review's is its annotate task's). */
  taskId: string;
  labels: readonly Label[];
  schemaVersion: number;
  pins: readonly CommentPin[];
  focusId: string | null;
  onSelect: (id: string | null) => void;
}

/** The image editor on a task: the task's annotation set, live with everyone else on it. */
export function TaskImageEditor({ asset, taskId, labels, schemaVersion, pins, focusId, onSelect }: Props) {
  const { t } = useTranslation();
  const userId = useSession((s) => s.user?.id);
  const files = useAssetFiles(asset.id, true);
  const url = files.data?.assetId === asset.id ? (files.data.items[0]?.url ?? null) : null;
  const opts = useMemo<SyncClientOptions>(
    () => ({ assetId: asset.id, taskId, getToken: () => useSession.getState().accessToken, refreshToken: refreshSession, store: pendingStore, schemaVersion, userId }),
    [asset.id, taskId, schemaVersion, userId],
  );
  const client = useSyncClient(opts);
  const b = useEditorBinding(client);
  if (client?.problem) return <Alert type="warning" showIcon title={client.problem.title} description={client.problem.detail} />;
  if (!client || !asset.width || !asset.height || files.isPending) return <Spin aria-label={t('common.loading')} />;
  return (
    <ImageAnnotator
      image={{ width: asset.width, height: asset.height, url }}
      labels={labels}
      annotations={b.annotations}
      onOps={b.onOps}
      readOnly={!b.canEdit}
      history={b.history}
      peers={b.peers}
      onPresence={b.onPresence}
      connection={b.connection}
      pins={pins}
      focusId={focusId}
      onSelectionChange={(ids) => onSelect(ids.length === 1 ? ids[0] : null)}
      height="calc(100vh - 330px)"
    />
  );
}
