import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { hotkeyOwner, type Label } from '@tessera/contracts';
import { NAMESPACE } from './i18n';

/** A relation being made from the keyboard or the mouse: its source, the target chosen so far, and (picking) the label highlighted. */
export interface Relating {
  from: string;
  to: string | null;
  picking: boolean;
  pick: number;
}

export interface RelatingBarProps {
  relating: Relating;
  relationLabels: readonly Label[];
  /** A span's text, quoted. */
  spanText: (id: string | null) => string;
  onPick: (l: Label) => void;
}

/** Above the document while a relation is being made: where it runs, and (once the target is chosen) its labels to pick from. */
export function RelatingBar({ relating, relationLabels, spanText, onPick }: RelatingBarProps) {
  const { t } = useTranslation(NAMESPACE);
  return (
  <div className="ta-relating" role="group" aria-label={t('relating.title')} data-testid="text-relating" data-from={relating.from} data-to={relating.to ?? ''} data-picking={relating.picking || undefined}>
    <span>{t(relating.picking ? 'relating.pick' : 'relating.target', { from: spanText(relating.from), to: spanText(relating.to) })}</span>
    {relating.picking && (
      <span role="listbox" aria-label={t('relating.labels')} className="ta-relating-labels">
        {relationLabels.map((l, i) => (
          <Button
            key={l.id}
            size="small"
            role="option"
            aria-selected={i === relating.pick}
            type={i === relating.pick ? 'primary' : 'default'}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(l)}
            data-testid="relation-label"
            data-label={l.id}
          >
            <span className="ta-swatch" style={{ background: l.color }} aria-hidden />
            {l.name}
            {l.symmetric ? ' ↔' : ' →'}
            {l.hotkey && !hotkeyOwner(l.hotkey, l.tools) && <kbd className="ta-kbd">{l.hotkey}</kbd>}
          </Button>
        ))}
      </span>
    )}
    <span className="ta-relating-keys">{t('relating.keys')}</span>
  </div>
  );
}
