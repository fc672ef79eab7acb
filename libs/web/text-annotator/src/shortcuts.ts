import type { TFunction } from 'i18next';
import { TEXT_EDITOR_KEYS, type Label } from '@tessera/contracts';
import { labelShortcuts, type Shortcut } from '@tessera/web/editor-ui';
import { NAMESPACE } from './i18n';

export type TextAction = keyof typeof TEXT_EDITOR_KEYS;

/** The sheet's words for the editor's keys, translated once per language rather than on every render (a key press renders the editor). */
export interface ShortcutWords {
  title: Record<TextAction, string>;
  group: Record<TextAction, string>;
  labels: string;
}

const KEYS = Object.entries(TEXT_EDITOR_KEYS) as [TextAction, (typeof TEXT_EDITOR_KEYS)[TextAction]][];

export function shortcutWords(t: TFunction<typeof NAMESPACE>): ShortcutWords {
  return {
    title: Object.fromEntries(KEYS.map(([id]) => [id, t(`actions.${id}`)])) as Record<TextAction, string>,
    group: Object.fromEntries(KEYS.map(([id, spec]) => [id, t(`sheet.groups.${spec.group}`)])) as Record<TextAction, string>,
    labels: t('sheet.groups.labels'),
  };
}

/** The editor's keys (TEXT_EDITOR_KEYS) bound to its actions, and the span labels' hotkeys. */
export function shortcutsOf(actions: Record<TextAction, () => boolean | void>, labels: readonly Label[], apply: (l: Label) => boolean, words: ShortcutWords, relating: () => boolean): Shortcut[] {
  return [
    ...KEYS.map(
      ([id, spec]): Shortcut => ({
        id: `text.${id}`, scope: spec.scope, keys: spec.keys, title: words.title[id], group: words.group[id], run: () => actions[id](),
        // The tool-scope keys (a relation's target and label) are live only while a relation is being made.
        ...(spec.scope === 'tool' ? { when: relating } : {}),
      }),
    ),
    ...labelShortcuts(labels, apply, words.labels),
  ];
}
