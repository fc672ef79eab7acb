import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EditOp, Peer } from '@tessera/contracts';
import { ImageAnnotator, prepareImageEditor, SCENE_LABELS, sceneAnnotations, sceneFromQuery, sceneId, scenePicture, scenePictureFile } from '@tessera/web/image-annotator';
import { Replica, applyEditOps } from '@tessera/web/sync';

/**
 * The image editor on its own, with no server: a seeded scene
 * (`?objects=10000&vertices=20&width=4000&height=3000&seed=1`) edited
 * through an in-memory replica, so undo and redo work as they do live.
 * `select=1` selects the first object; `peer=1` puts one other person in the
 * room, whose cursor circles the picture (presence at 20 Hz) with the second
 * object selected; `picture=/path` downloads the picture from this server
 * instead of making it. The canvas benchmark opens this page.
 */
export function ImageAnnotatorPlayground() {
  const { t } = useTranslation();
  // The editor's workers start before the scene is built, as a task page's start while its annotations arrive.
  useMemo(prepareImageEditor, []);
  const spec = useMemo(() => sceneFromQuery(window.location.search), []);
  const file = useMemo(() => scenePictureFile(window.location.search), []);
  // Started before the scene is built, so that the picture is made (in a worker) while the page builds and renders it.
  const picture = useMemo(() => (file ? null : scenePicture(spec)), [file, spec]);
  const [url, setUrl] = useState<string | null>(file);
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
    if (!picture) return;
    let made: string | null = null;
    let gone = false;
    void picture.then((blob) => {
      if (!gone) setUrl((made = URL.createObjectURL(blob)));
    });
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [picture]);

  const room = useMemo(() => new URLSearchParams(window.location.search), []);
  // `?refuse=1`: the host turns every change away, as one whose rights just went does (the editor must say so).
  const refuse = room.get('refuse') === '1';
  const onOps = (ops: EditOp[]) => {
    if (refuse) return false;
    applyEditOps(replica, ops);
    return true;
  };
  const focusId = room.get('select') === '1' && spec.objects > 0 ? sceneId(0) : undefined;
  const peers = usePlaygroundPeer(room.get('peer') === '1', spec);

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
          focusId={focusId}
          peers={peers}
          history={{ canUndo: replica.canUndo, canRedo: replica.canRedo, undo: () => replica.undo(), redo: () => replica.redo() }}
          height="calc(100vh - 170px)"
          onReady={() => (document.documentElement.dataset.annotatorReady = 'true')}
        />
      )}
    </div>
  );
}

const NO_PEERS: Peer[] = [];

/** One simulated person in the room: a cursor going round the picture, and an object selected. */
function usePlaygroundPeer(on: boolean, spec: { objects: number; width: number; height: number }): Peer[] {
  const [peers, setPeers] = useState<Peer[]>(NO_PEERS);
  useEffect(() => {
    if (!on) return;
    let n = 0;
    const tick = () => {
      const a = (n++ / 100) * Math.PI * 2;
      const cursor = { x: Math.round(spec.width / 2 + Math.cos(a) * spec.width * 0.3), y: Math.round(spec.height / 2 + Math.sin(a) * spec.height * 0.3) };
      setPeers([{ sessionId: 'playground-peer', userId: 'peer', name: 'Peer', color: '#13c2c2', canEdit: true, cursor, selection: spec.objects > 1 ? [sceneId(1)] : [], at: Date.now() }]);
    };
    tick();
    const timer = setInterval(tick, 50);
    return () => clearInterval(timer);
  }, [on, spec]);
  return peers;
}
