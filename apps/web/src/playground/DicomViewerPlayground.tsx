import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EditOp, Label } from '@tessera/contracts';
import { DicomViewer, playgroundSeries, seriesFromQuery } from '@tessera/web/dicom-viewer';
import { Replica, applyEditOps } from '@tessera/web/sync';

/** The demo CT's labels: the liver and its lesion, each painted and measured. */
const LABELS: Label[] = [
  { id: 'liver', name: 'Liver', color: '#a0522d', tools: ['segment', 'rectangle', 'ellipse'], attributes: [] },
  { id: 'lesion', name: 'Lesion', color: '#ff4d4f', tools: ['segment', 'length', 'bidirectional', 'ellipse', 'rectangle', 'angle'], attributes: [] },
] as Label[];

/**
 * The DICOM viewer on its own, with no server: the demo CT's phantom written
 * as Part-10 files on the page (`?slices=120&size=256`) and opened through
 * Cornerstone's `wadouri` loader as the signed URLs are, edited through an
 * in-memory replica so undo and redo work as they do live. The DICOM
 * benchmark (bench/dicom.bench.mjs) opens it on a series it serves itself.
 */
export function DicomViewerPlayground() {
  const { t } = useTranslation();
  const spec = useMemo(() => seriesFromQuery(window.location.search), []);
  const [urls, setUrls] = useState<string[]>([]);
  const replica = useMemo(() => {
    const r = new Replica({ clientId: 'playground-client', actorId: 'playground' });
    r.load({ serverSeq: 0, annotations: [] });
    return r;
  }, []);
  useSyncExternalStore(
    (fn) => replica.subscribe(fn),
    () => replica.version,
  );
  const annotations = useMemo(() => [...replica.view.values()], [replica.version]);

  useEffect(() => {
    // `?series=/path/list.json`: a JSON array of the instances' URLs, served over HTTP (the DICOM benchmark's series).
    const listed = new URLSearchParams(window.location.search).get('series');
    if (listed?.startsWith('/')) {
      void fetch(listed).then((r) => r.json()).then((list: string[]) => setUrls(list));
      return;
    }
    const made = playgroundSeries(spec);
    setUrls(made);
    return () => made.forEach((u) => URL.revokeObjectURL(u));
  }, [spec]);

  const onOps = (ops: EditOp[]) => applyEditOps(replica, ops);

  return (
    <div style={{ padding: 16 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('playground.dicom', { count: spec.slices, size: spec.size })}
      </Typography.Title>
      <DicomViewer
        urls={urls}
        volume
        labels={LABELS}
        annotations={annotations}
        onOps={onOps}
        readOnly={false}
        history={{ canUndo: replica.canUndo, canRedo: replica.canRedo, undo: () => replica.undo(), redo: () => replica.redo() }}
        height="calc(100vh - 170px)"
        onReady={() => (document.documentElement.dataset.dicomReady = 'true')}
      />
    </div>
  );
}
