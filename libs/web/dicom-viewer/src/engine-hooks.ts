import { useSyncExternalStore } from 'react';
import type { DicomEngine } from './engine/viewer';

/** Subscribes a component to every change of the engine's state. */
export function useEngine(engine: DicomEngine | null) {
  useSyncExternalStore(
    (fn) => engine?.subscribe(fn) ?? (() => undefined),
    () => engine?.revision ?? -1,
  );
}

/** Subscribes a component that shows the view (slice, position, window, zoom, loading) to the view's changes too. */
export function useEngineView(engine: DicomEngine | null) {
  useSyncExternalStore(
    (fn) => engine?.subscribeView(fn) ?? (() => undefined),
    () => engine?.viewRevision ?? -1,
  );
}
