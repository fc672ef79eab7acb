import { canonicalKey, type KeyScope } from '@tessera/contracts';
import { belongsToFocus, comboOf, type KeyPress } from './keys';

/** One key binding of a page, an editor or a tool. Its keys come from a keymap in libs/contracts (keymap.ts). */
export interface Shortcut {
  /** Unique among what is registered at once: "task.skip", "image.tool.box", "label.car". */
  id: string;
  scope: KeyScope;
  /** As the keymap spells them ("Ctrl+Shift+Z"); the sheet shows them so. */
  keys: readonly string[];
  /** Does the thing. Returns false when there was nothing to do: the key then goes to the enclosing scope. */
  run: (e: KeyPress) => boolean | void;
  /** A held key (Space to pan): called when it goes up, or the window loses focus. */
  release?: () => void;
  /** Whether the binding is live now (a tool's keys while that tool is active). */
  when?: () => boolean;
  /** What the sheet calls it, in the reader's language. */
  title: string;
  /** The sheet's heading it goes under, in the reader's language. */
  group: string;
  /** A label's hotkey: the sheet shows its colour. */
  color?: string;
}

interface Entry {
  shortcut: Shortcut;
  combos: ReadonlySet<string>;
  order: number;
}

/** Innermost first: a tool's key before its editor's, an editor's before its page's. */
const RANK: Record<KeyScope, number> = { tool: 0, editor: 1, page: 2 };

/**
 * The one place keys are decided. Pages, editors and tools register their
 * shortcuts; one window listener (attach) hands every key press to the
 * innermost live binding of its combination, and on outward while bindings
 * say they had nothing to do. Keys typed into fields, dialogs and sliders
 * are left to them. Which keys may share a combination is decided in the
 * keymaps (libs/contracts, `keymapConflicts`), and checked by their tests.
 */
export class ShortcutRegistry {
  private entries: Entry[] = [];
  private held = new Map<string, Entry>();
  private listeners = new Set<() => void>();
  private counter = 0;
  /** Bumped by every change of what is registered, for the sheet. */
  revision = 0;

  /** Registers shortcuts until the returned function is called. */
  register(shortcuts: readonly Shortcut[]): () => void {
    const added: Entry[] = shortcuts.map((shortcut) => ({ shortcut, combos: new Set(shortcut.keys.map(canonicalKey)), order: ++this.counter }));
    this.entries = [...this.entries, ...added];
    this.changed();
    return () => {
      for (const [combo, e] of this.held) {
        if (!added.includes(e)) continue;
        this.held.delete(combo);
        e.shortcut.release?.();
      }
      this.entries = this.entries.filter((e) => !added.includes(e));
      this.changed();
    };
  }

  /** What is registered, in the order it was, for the sheet. */
  list(): readonly Shortcut[] {
    return this.entries.map((e) => e.shortcut);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  /** A key went down. True when a shortcut took it (and its default action was prevented). */
  keydown(e: KeyPress): boolean {
    if (belongsToFocus(e)) return false;
    const combo = comboOf(e);
    const live = this.entries
      .filter((x) => x.combos.has(combo) && x.shortcut.when?.() !== false)
      .sort((a, b) => RANK[a.shortcut.scope] - RANK[b.shortcut.scope] || b.order - a.order);
    for (const entry of live) {
      if (entry.shortcut.run(e) === false) continue;
      e.preventDefault?.();
      if (entry.shortcut.release) this.held.set(combo.split('+').pop()!, entry);
      return true;
    }
    return false;
  }

  /** A key went up: a held shortcut on that key lets go, whatever the modifiers are by now. */
  keyup(e: KeyPress) {
    const key = comboOf(e).split('+').pop()!;
    const entry = this.held.get(key);
    if (!entry) return;
    this.held.delete(key);
    entry.shortcut.release?.();
  }

  /** The window lost focus: keys that went up elsewhere never say so. */
  releaseAll() {
    const held = [...this.held.values()];
    this.held.clear();
    for (const e of held) e.shortcut.release?.();
  }

  /** Listens on a window; returns the function that stops it. */
  attach(win: Window): () => void {
    const down = (e: KeyboardEvent) => void this.keydown(e);
    const up = (e: KeyboardEvent) => this.keyup(e);
    const blur = () => this.releaseAll();
    win.addEventListener('keydown', down);
    win.addEventListener('keyup', up);
    win.addEventListener('blur', blur);
    return () => {
      win.removeEventListener('keydown', down);
      win.removeEventListener('keyup', up);
      win.removeEventListener('blur', blur);
    };
  }

  private changed() {
    this.revision++;
    for (const fn of this.listeners) fn();
  }
}
