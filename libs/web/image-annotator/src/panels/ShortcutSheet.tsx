import { Modal, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Label } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import { SHORTCUTS, type ActionId } from '../shortcuts';

/** `?`: every action and its keys, with the project's label hotkeys, and which built-in keys a label has taken. */
export function ShortcutSheet({ open, onClose, labels }: { open: boolean; onClose: () => void; labels: readonly Label[] }) {
  const { t } = useTranslation(NAMESPACE);
  const taken = new Map(labels.filter((l) => l.hotkey).map((l) => [l.hotkey!.toUpperCase().replace('SHIFT+', 'Shift+').replace('ALT+', 'Alt+'), l.name]));
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('sheet.title')} width={760} data-testid="shortcut-sheet">
      <div className="ia-sheet">
        {labels.some((l) => l.hotkey) && (
          <section>
            <h4>{t('sheet.groups.labels')}</h4>
            <dl>
              {labels.filter((l) => l.hotkey).map((l) => (
                <div key={l.id} className="ia-sheet-row">
                  <dt><kbd className="ia-kbd">{l.hotkey}</kbd></dt>
                  <dd><span className="ia-swatch" style={{ background: l.color }} aria-hidden />{l.name}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        {(Object.keys(SHORTCUTS) as (keyof typeof SHORTCUTS)[]).map((group) => (
          <section key={group}>
            <h4>{t(`sheet.groups.${group}`)}</h4>
            <dl>
              {Object.entries(SHORTCUTS[group]).map(([id, keys]) => (
                <div key={id} className="ia-sheet-row">
                  <dt>{(keys as readonly string[]).map((k) => <kbd key={k} className="ia-kbd">{k}</kbd>)}</dt>
                  <dd>
                    {t(`actions.${id as ActionId}`)}
                    {(keys as readonly string[]).filter((k) => taken.has(k)).map((k) => <Tag key={k} color="warning">{t('sheet.shadowed', { name: taken.get(k) })}</Tag>)}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}
