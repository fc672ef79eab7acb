import { Modal, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { canonicalKey, hotkeyOwner, type Label } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import { useRegisteredShortcuts } from '../shortcuts/react';
import type { Shortcut } from '../shortcuts/registry';

const ORDER = { page: 1, editor: 2, tool: 3 } as const;

/**
 * `?`: every key that is registered now (the page's, the editor's, its tools'
 * and the labels'), read from the registry itself, so the sheet cannot
 * disagree with what the keys do. A label hotkey that a page or an editor key
 * holds is listed with the action that has it.
 */
export function ShortcutSheet({ open, onClose, labels = [] }: { open: boolean; onClose: () => void; labels?: readonly Label[] }) {
  const { t } = useTranslation(NAMESPACE);
  const shortcuts = useRegisteredShortcuts();
  const labelRows = shortcuts.filter((s) => s.id.startsWith('label.'));
  const groups = new Map<string, Shortcut[]>();
  const rest = shortcuts.filter((s) => !s.id.startsWith('label.')).sort((a, b) => ORDER[a.scope] - ORDER[b.scope]);
  for (const s of rest) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  const holderOf = (hotkey: string) => shortcuts.find((s) => !s.id.startsWith('label.') && s.keys.some((k) => canonicalKey(k) === canonicalKey(hotkey)));
  const taken = labels.filter((l) => l.hotkey && hotkeyOwner(l.hotkey, l.tools));
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('sheet.title')} width={780} data-testid="shortcut-sheet">
      <div className="eu-sheet">
        {(labelRows.length > 0 || taken.length > 0) && (
          <section>
            <h4>{t('sheet.labels')}</h4>
            <dl>
              {labelRows.map((s) => (
                <Row key={s.id} shortcut={s} />
              ))}
              {taken.map((l) => (
                <div key={l.id} className="eu-sheet-row" data-testid="taken-hotkey">
                  <dt>
                    <kbd className="eu-kbd">{l.hotkey}</kbd>
                  </dt>
                  <dd>
                    <span className="eu-swatch" style={{ background: l.color }} aria-hidden />
                    {l.name} <Tag color="warning">{t('sheet.taken', { action: holderOf(l.hotkey!)?.title ?? hotkeyOwner(l.hotkey!, l.tools)!.action })}</Tag>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        {[...groups].map(([group, list]) => (
          <section key={group}>
            <h4>{group}</h4>
            <dl>
              {list.map((s) => (
                <Row key={s.id} shortcut={s} />
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}

function Row({ shortcut: s }: { shortcut: Shortcut }) {
  const { t } = useTranslation(NAMESPACE);
  return (
    <div className="eu-sheet-row">
      <dt>
        {s.keys.map((k) => (
          <kbd key={k} className="eu-kbd">
            {k}
          </kbd>
        ))}
        {s.release && <span className="eu-sheet-hold"> {t('sheet.hold')}</span>}
      </dt>
      <dd>
        {s.color && <span className="eu-swatch" style={{ background: s.color }} aria-hidden />}
        {s.title}
      </dd>
    </div>
  );
}
