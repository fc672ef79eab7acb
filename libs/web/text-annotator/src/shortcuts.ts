import type { TFunction } from 'i18next';
import { TEXT_EDITOR_KEYS, type Label } from '@tessera/contracts';
import { labelShortcuts, type Shortcut } from '@tessera/web/editor-ui';
import { NAMESPACE } from './i18n';

export type TextAction = keyof typeof TEXT_EDITOR_KEYS;

/** The editor's keys (TEXT_EDITOR_KEYS) bound to its actions, and the span labels' hotkeys. */
export function shortcutsOf(actions: Record<TextAction, () => boolean | void>, labels: readonly Label[], apply: (l: Label) => boolean, t: TFunction<typeof NAMESPACE>, relating: () => boolean): Shortcut[] {
  const keys = Object.entries(TEXT_EDITOR_KEYS) as [TextAction, (typeof TEXT_EDITOR_KEYS)[TextAction]][];
  return [
    ...keys.map(
      ([id, spec]): Shortcut => ({
        id: `text.${id}`, scope: spec.scope, keys: spec.keys, title: t(`actions.${id}`), group: t(`sheet.groups.${spec.group}`), run: () => actions[id](),
        // The tool-scope keys (a relation's target and label) are live only while a relation is being made.
        ...(spec.scope === 'tool' ? { when: relating } : {}),
      }),
    ),
    ...labelShortcuts(labels, apply, t('sheet.groups.labels')),
  ];
}
