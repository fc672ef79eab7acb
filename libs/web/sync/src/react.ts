import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { SyncClient, type SyncClientOptions } from './sync-client';
import { editorBinding, type EditorBinding } from './editor-binding';

export { editorBinding, type EditorBinding, type PresencePatch } from './editor-binding';

/**
 * Opens a SyncClient for an annotation set (an asset's own, or a task's) while
 * the component is mounted (and closes it after), and re-renders on every
 * change of its view, status or peers. `opts` is read again only when
 * `assetId` or `taskId` changes (null: nothing to open yet).
 */
export function useSyncClient(opts: SyncClientOptions | null): SyncClient | null {
  const [client, setClient] = useState<SyncClient | null>(null);
  const assetId = opts?.assetId ?? null;
  const taskId = opts?.taskId ?? null;
  useEffect(() => {
    if (!opts) return;
    let alive = true;
    let opened: SyncClient | null = null;
    void SyncClient.open(opts).then((c) => {
      opened = c;
      if (alive) setClient(c);
      else void c.close();
    });
    return () => {
      alive = false;
      setClient(null);
      void opened?.close();
    };
  }, [assetId, taskId]);
  const subscribe = useCallback((onChange: () => void) => client?.on('revision', onChange) ?? (() => undefined), [client]);
  useSyncExternalStore(subscribe, () => client?.revision ?? -1);
  return client;
}

/**
 * The props an editor needs from a SyncClient (see `editorBinding`), kept
 * current: re-renders when the view, the history, the peers or the
 * connection change, and hands out the same objects while they do not.
 * Null: nothing is open yet (empty, `connecting`, nothing editable).
 */
export function useEditorBinding(client: SyncClient | null): EditorBinding {
  const subscribe = useCallback((onChange: () => void) => client?.on('revision', onChange) ?? (() => undefined), [client]);
  const read = () => editorBinding(client);
  return useSyncExternalStore(subscribe, read, read);
}
