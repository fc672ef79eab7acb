import { Suspense, useEffect, useMemo, useRef } from 'react';
import { Alert, Flex, Result, Spin } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Annotation, Asset, Label, Project } from '@tessera/contracts';
import type { CommentPin, EditorPanel, EditorProps, PinPoint } from '@tessera/web/editor-ui';
import type { SyncClientOptions } from '@tessera/web/sync';
import { useEditorBinding, useSyncClient } from '@tessera/web/sync/react';
import { refreshSession } from '../api/client';
import { describeProblem } from '../api/ErrorAlert';
import { useSession } from '../auth/session-store';
import { useAutoAnnotatePanel } from '../models/AutoAnnotatePanel';
import { EDITORS, prepareEditor } from './editors';
import { pendingStore } from './pending-store';
import './annotations.css';
import { SIGN, useMessage } from '../shell/icon-labels';

/** The annotation set as it is live, for the host's panels (a comment's object, a problem's object). */
export interface LiveSet {
  annotations: readonly Annotation[];
  byId: ReadonlyMap<string, Annotation>;
  /** The label's name of an object, or '?' when it is gone. */
  nameOf: (annotationId: string) => string;
}

export interface AnnotationEditorProps {
  asset: Asset;
  project: Pick<Project, 'labelSchema' | 'schemaVersion'>;
  /** The task whose annotation set is edited (a review's is its annotate task's); without one, the asset's own set. */
  taskId?: string;
  /** Shown without edit tools even where the server would take edits (a review, submitted work). */
  viewOnly?: boolean;
  pins?: readonly CommentPin[];
  focusId?: string | null;
  onSelect?: (id: string | null) => void;
  /** A click on the asset outside any object while read-only: where a comment gets pinned. */
  onPoint?: (p: PinPoint) => void;
  /** The page's sections for the editor's side column (comments, history), made from the live set. */
  panels?: (set: LiveSet) => EditorPanel[];
  /**
   * The server changed what this person may do with the set (a hand-in, a lapsed lease or a reassignment,
   * here or elsewhere): the page reads the task again rather than show a state that no longer holds.
   */
  onRightsChange?: (canEdit: boolean) => void;
}

const NO_PINS: readonly CommentPin[] = [];

/**
 * The one place an editor meets `libs/web/sync`: opens the annotation set
 * (a task's, or the asset's own), turns it into the binding props every
 * editor takes (`EditorProps`, libs/web/editor-ui), and mounts the editor of
 * the asset's kind (editors/index.ts), loaded when first needed. The page
 * keeps no copy of the set; what it shows of it, it shows through `panels`.
 */
export function AnnotationEditor({ asset, project, taskId, viewOnly = false, pins = NO_PINS, focusId, onSelect, onPoint, panels, onRightsChange }: AnnotationEditorProps) {
  const { t } = useTranslation();
  const message = useMessage();
  const userId = useSession((s) => s.user?.id);
  const opts = useMemo<SyncClientOptions>(
    () => ({ assetId: asset.id, taskId, getToken: () => useSession.getState().accessToken, refreshToken: refreshSession, store: pendingStore, schemaVersion: project.schemaVersion, userId }),
    [asset.id, taskId, project.schemaVersion, userId],
  );
  const qc = useQueryClient();
  // The editor's code, the file list and the first slice load while the annotation set opens, not after it.
  useEffect(() => prepareEditor(qc, asset), [qc, asset.id, asset.status]);
  const client = useSyncClient(asset.status === 'ready' ? opts : null);
  const b = useEditorBinding(client);
  // A refusal is final and the view has already dropped the change: say so.
  useEffect(() => client?.on('rejected', (r) => void message.error({ content: t('live.rejected', { message: r.message }), key: `rej-${r.op.clientSeq}` })), [client, message, t]);

  const labels = project.labelSchema.labels;
  const set = useMemo(() => liveSet(b.annotations, labels), [b.annotations, labels]);
  // Made again only when the set or the page's panels change, not on every cursor a peer moves.
  const pagePanels = useMemo(() => panels?.(set), [panels, set]);
  const editable = !!client && !viewOnly && b.canEdit;
  useRightsChange(client ? b.canEdit : null, onRightsChange);
  const autoAnnotate = useAutoAnnotatePanel({ assetId: asset.id, projectId: asset.projectId, taskId }, editable);
  const hostPanels = useMemo(() => (autoAnnotate ? [autoAnnotate, ...(pagePanels ?? [])] : pagePanels), [autoAnnotate, pagePanels]);
  const Editor = EDITORS[asset.kind];

  if (asset.status !== 'ready') return <Result status="info" icon={SIGN.info} title={t('live.notReady')} />;
  if (client?.problem) {
    const { title, detail } = describeProblem(client.problem, t);
    return <Alert type="warning" showIcon title={title} description={detail} />;
  }
  const loading = (
    <Flex justify="center" align="center" className="annotation-host">
      <Spin aria-label={t('common.loading')} />
    </Flex>
  );
  // The editor opens once it knows whether this person may edit (or that the server cannot say, offline): opened before,
  // a read-only toolbar grew when the answer came and moved the work area under them (the DICOM viewer then sized its
  // canvas, and drew the slice, again). Their files load meanwhile (prepareEditor).
  if (!client || !(client.rightsKnown || client.status === 'offline')) return loading;
  const props: EditorProps = {
    labels,
    annotations: b.annotations,
    onOps: b.onOps,
    readOnly: viewOnly || !b.canEdit,
    history: b.history,
    peers: b.peers,
    onPresence: b.onPresence,
    connection: b.connection,
    pins,
    onPoint,
    focusId,
    onSelectionChange: onSelect && ((ids) => onSelect(ids.length === 1 ? ids[0] : null)),
    panels: hostPanels,
  };
  return (
    <div className="annotation-host" data-kind={asset.kind}>
      <Suspense fallback={loading}>
        <Editor asset={asset} {...props} />
      </Suspense>
    </div>
  );
}

function liveSet(annotations: readonly Annotation[], labels: readonly Label[]): LiveSet {
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const names = new Map(labels.map((l) => [l.id, l.name]));
  return {
    annotations,
    byId,
    nameOf: (id) => {
      const a = byId.get(id);
      return a ? (names.get(a.labelId) ?? a.labelId) : '?';
    },
  };
}

/** Calls back when the rights the server pushed change after the first answer (null: no set open yet). */
function useRightsChange(canEdit: boolean | null, onChange: ((canEdit: boolean) => void) | undefined) {
  const last = useRef<boolean | null>(null);
  useEffect(() => {
    if (canEdit === null) return;
    const before = last.current;
    last.current = canEdit;
    if (before !== null && before !== canEdit) onChange?.(canEdit);
  }, [canEdit, onChange]);
}
