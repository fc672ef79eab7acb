import { useEffect, useMemo, useRef } from 'react';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Annotation, Asset, Label } from '@tessera/contracts';
import { ImageAnnotator, type CommentPin } from '@tessera/web/image-annotator';
import type { SyncClientOptions } from '@tessera/web/sync';
import { useEditorBinding, useSyncClient } from '@tessera/web/sync/react';
import { refreshSession } from '../api/client';
import { useSession } from '../auth/session-store';
import { useAssetFiles } from '../assets/api';
import { pendingStore } from './pending-store';

interface Props {
  asset: Asset;
  /** The task whose annotation set is edited (a review's is its annotate task's); without one, the asset's own set. */
  taskId?: string;
  labels: readonly Label[];
  schemaVersion: number;
  /** Shown without edit tools even where the server would take edits (a review, submitted work). */
  viewOnly?: boolean;
  pins?: readonly CommentPin[];
  /** Where the comment being written will be pinned. */
  draftPoint?: { x: number; y: number } | null;
  focusId?: string | null;
  onSelect?: (id: string | null) => void;
  /** A click on empty canvas in view-only mode: where a comment gets pinned. */
  onPoint?: (p: { x: number; y: number }) => void;
  /** The set as it is live, for the page's legend and comment targets. */
  onAnnotations?: (annotations: readonly Annotation[]) => void;
  /** CSS height of the canvas. */
  height?: string;
}

const NO_PINS: readonly CommentPin[] = [];

/** The image editor on an annotation set (a task's, or the asset's own), live with everyone else on it. */
export function SyncedImageEditor({ asset, taskId, labels, schemaVersion, viewOnly = false, pins = NO_PINS, draftPoint = null, focusId, onSelect, onPoint, onAnnotations, height }: Props) {
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
  // Not before the set has been joined once: an empty replica is not an empty set.
  const joined = useRef(false);
  joined.current ||= b.connection.status === 'online';
  useEffect(() => {
    if (joined.current) onAnnotations?.(b.annotations);
  }, [b.annotations, joined.current]);
  const shown = useMemo(() => (draftPoint ? [...pins, { n: 0, annotationId: null, point: draftPoint, resolved: false, draft: true }] : pins), [pins, draftPoint]);
  if (client?.problem) return <Alert type="warning" showIcon title={client.problem.title} description={client.problem.detail} />;
  if (!client || !asset.width || !asset.height || files.isPending) return <Spin aria-label={t('common.loading')} />;
  return (
    <ImageAnnotator
      image={{ width: asset.width, height: asset.height, url }}
      labels={labels}
      annotations={b.annotations}
      onOps={b.onOps}
      readOnly={viewOnly || !b.canEdit}
      history={b.history}
      peers={b.peers}
      onPresence={b.onPresence}
      connection={b.connection}
      pins={shown}
      focusId={focusId}
      onPoint={onPoint}
      onSelectionChange={onSelect && ((ids) => onSelect(ids.length === 1 ? ids[0] : null))}
      height={height ?? 'calc(100vh - 330px)'}
    />
  );
}
