import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import { ShortcutRegistry, type Shortcut } from './registry';

let documentRegistry: ShortcutRegistry | null = null;

/** The page's registry, listening on the window from its first use: one listener for every page and editor. */
function pageRegistry(): ShortcutRegistry {
  if (!documentRegistry) {
    documentRegistry = new ShortcutRegistry();
    documentRegistry.attach(window);
  }
  return documentRegistry;
}

/** Null: the page's own registry. A test page or a second document may provide another. */
export const ShortcutContext = createContext<ShortcutRegistry | null>(null);

export function useShortcutRegistry(): ShortcutRegistry {
  return useContext(ShortcutContext) ?? pageRegistry();
}

/**
 * Registers shortcuts while the component is mounted. The list may be made
 * anew on every render: what it runs is read from the latest render, and the
 * registration changes only when an id, a key, a title or a scope does.
 */
export function useShortcuts(shortcuts: readonly Shortcut[]) {
  const registry = useShortcutRegistry();
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  const shape = JSON.stringify(shortcuts.map((s) => [s.id, s.scope, s.keys, s.title, s.group, s.color, !!s.release]));
  useEffect(() => {
    const find = (id: string) => latest.current.find((s) => s.id === id);
    return registry.register(
      latest.current.map((s) => ({
        ...s,
        run: (e) => {
          const now = find(s.id);
          return now ? now.run(e) : false;
        },
        when: () => find(s.id)?.when?.() ?? true,
        release: s.release && (() => find(s.id)?.release?.()),
      })),
    );
  }, [registry, shape]);
}

/** Everything registered, kept current (the shortcut sheet). */
export function useRegisteredShortcuts(): readonly Shortcut[] {
  const registry = useShortcutRegistry();
  useSyncExternalStore(
    (fn) => registry.subscribe(fn),
    () => registry.revision,
  );
  return registry.list();
}
