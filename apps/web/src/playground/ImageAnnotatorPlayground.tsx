import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EditOp } from '@tessera/contracts';
import { ImageAnnotator, SCENE_LABELS, sceneAnnotations, sceneFromQuery, sceneImage } from '@tessera/web/image-annotator';
import { Replica, applyEditOps } from '@tessera/web/sync';

/**
 * The image editor on its own, with no server: a seeded scene
 * (`?objects=10000&vertices=20&width=4000&height=3000&seed=1`) edited
 * through an in-memory replica, so undo and redo work as they do live.
 * The canvas benchmark opens this page.
 */
export function ImageAnnotatorPlayground() {
  const { t } = useTranslation();
  const spec = useMemo(() => sceneFromQuery(window.location.search), []);
  const [url, setUrl] = useState<string | null>(null);
  const replica = useMemo(() => {
    const r = new Replica({ clientId: 'playground-client', actorId: 'playground' });
    r.load({ serverSeq: 0, annotations: sceneAnnotations(spec) });
    return r;
  }, [spec]);
  useSyncExternalStore(
    (fn) => replica.subscribe(fn),
    () => replica.version,
  );
  const annotations = useMemo(() => [...replica.view.values()], [replica.version]);

  useEffect(() => {
    let made: string | null = null;
    void sceneImage(spec).then((u) => setUrl((made = u)));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [spec]);

  const onOps = (ops: EditOp[]) => applyEditOps(replica, ops);

  return (
    <div style={{ padding: 16 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('playground.title', { count: spec.objects })}
      </Typography.Title>
      {!url ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin aria-label={t('common.loading')} />
        </Flex>
      ) : (
        <ImageAnnotator
          image={{ width: spec.width, height: spec.height, url }}
          labels={SCENE_LABELS}
          annotations={annotations}
          onOps={onOps}
          readOnly={false}
          history={{ canUndo: replica.canUndo, canRedo: replica.canRedo, undo: () => replica.undo(), redo: () => replica.redo() }}
          height="calc(100vh - 170px)"
          onReady={() => (document.documentElement.dataset.annotatorReady = 'true')}
        />
      )}
    </div>
  );
}
