import { useMemo, useSyncExternalStore } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EditOp } from '@tessera/contracts';
import { DOCUMENT_LABELS, documentFromQuery, makeDocument, TextAnnotator } from '@tessera/web/text-annotator';
import { Replica, applyEditOps } from '@tessera/web/sync';

/**
 * The text editor on its own, with no server: a seeded document of English
 * and Chinese (`?chars=1000000&spans=50000&seed=1`) edited through an
 * in-memory replica, so undo and redo work as they do live. The `text`
 * benchmark opens this page.
 */
export function TextAnnotatorPlayground() {
  const { t } = useTranslation();
  const spec = useMemo(() => documentFromQuery(window.location.search), []);
  const doc = useMemo(() => makeDocument(spec), [spec]);
  const replica = useMemo(() => {
    const r = new Replica({ clientId: 'playground-client', actorId: 'playground' });
    r.load({ serverSeq: 0, annotations: doc.annotations });
    return r;
  }, [doc]);
  useSyncExternalStore(
    (fn) => replica.subscribe(fn),
    () => replica.version,
  );
  const annotations = useMemo(() => [...replica.view.values()], [replica.version]);

  const onOps = (ops: EditOp[]) => applyEditOps(replica, ops);

  return (
    <div style={{ padding: 16 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('playground.text', { chars: doc.text.length, count: doc.annotations.length })}
      </Typography.Title>
      <TextAnnotator
        text={doc.text}
        labels={DOCUMENT_LABELS}
        annotations={annotations}
        onOps={onOps}
        readOnly={false}
        history={{ canUndo: replica.canUndo, canRedo: replica.canRedo, undo: () => replica.undo(), redo: () => replica.redo() }}
        height="calc(100vh - 170px)"
        onReady={() => (document.documentElement.dataset.annotatorReady = 'true')}
      />
    </div>
  );
}
