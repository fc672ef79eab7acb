import { hotkeyOwner, type Label } from '@tessera/contracts';
import type { Shortcut } from './registry';

const owners = new Map<string, boolean>();
/** Whether a page or an editor holds the key: the keymaps are constant, so each answer is kept (editors ask on every render). */
function ownerOf(hotkey: string, tools: readonly string[]): boolean {
  const key = `${hotkey} ${tools.join(',')}`;
  let held = owners.get(key);
  if (held === undefined) owners.set(key, (held = !!hotkeyOwner(hotkey, tools)));
  return held;
}

/**
 * A shortcut for every label hotkey that no page or editor key holds. The
 * schema contract refuses such hotkeys when a schema is saved; a version
 * saved before a key was taken may still have one, and it is left out here
 * rather than allowed to shadow the key (the sheet says why it does nothing).
 */
export function labelShortcuts(labels: readonly Label[], run: (label: Label) => boolean | void, group: string): Shortcut[] {
  return labels
    .filter((l) => l.hotkey && !ownerOf(l.hotkey, l.tools))
    .map((l) => ({ id: `label.${l.id}`, scope: 'editor' as const, keys: [l.hotkey!], run: () => run(l), title: l.name, group, color: l.color }));
}
