import { memo, type KeyboardEvent as ReactKeyboardEvent, type MutableRefObject, type RefObject } from 'react';
import { Button, Input, Switch, Tooltip, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import { hotkeyOwner, type Label } from '@tessera/contracts';
import type { Precision } from './engine/tokens';
import { NAMESPACE } from './i18n';
import { clearButton } from '@tessera/web/editor-ui';

/** What the toolbar's controls do, as of the editor's latest render (the toolbar is drawn again only when what it shows changes). */
export interface ToolbarHandlers {
  applyLabel: (l: Label) => boolean;
  startRelation: () => boolean;
  stopRelating: () => void;
  labelEveryMatch: () => void;
  onSearchKey: (e: ReactKeyboardEvent) => void;
  onQuery: (q: string) => void;
  onPrecision: (p: Precision) => void;
}

export interface ToolbarProps {
  spanLabels: readonly Label[];
  relationLabels: readonly Label[];
  /** The label the mouse applies. */
  current: Label | undefined;
  readOnly: boolean;
  relating: boolean;
  query: string;
  matchIndex: number;
  matchCount: number;
  precision: Precision;
  searchRef: RefObject<InputRef | null>;
  handlers: MutableRefObject<ToolbarHandlers>;
}

/** The span labels, the relation button, the search (with "label every match") and the precision switch. */
export const Toolbar = memo(function Toolbar({ spanLabels, relationLabels, current, readOnly, relating, query, matchIndex, matchCount, precision, searchRef, handlers }: ToolbarProps) {
  const { t } = useTranslation(NAMESPACE);
  return (
  <div className="ta-toolbar" role="toolbar" aria-label={t('toolbar')}>
    {spanLabels.map((l) => (
      <Tooltip key={l.id} title={t('apply', { name: l.name })}>
        <Button
          size="small"
          type={current?.id === l.id ? 'primary' : 'default'}
          ghost={current?.id === l.id}
          disabled={readOnly}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => handlers.current.applyLabel(l)}
          data-testid="text-label"
          data-label={l.id}
        >
          <span className="ta-swatch" style={{ background: l.color }} aria-hidden />
          {l.name}
          {l.hotkey && !hotkeyOwner(l.hotkey, l.tools) && <kbd className="ta-kbd">{l.hotkey}</kbd>}
        </Button>
      </Tooltip>
    ))}
    {relationLabels.length > 0 && (
      <Tooltip title={t('relationHelp')}>
        <Button size="small" disabled={readOnly} onMouseDown={(e) => e.preventDefault()} onClick={() => (relating ? handlers.current.stopRelating() : handlers.current.startRelation())} aria-pressed={relating} data-testid="text-relation">
          {t('relation')}
          <kbd className="ta-kbd">R</kbd>
        </Button>
      </Tooltip>
    )}
    <span className="ta-search" role="search">
      <Input
        ref={searchRef}
        size="small"
        allowClear={clearButton(t('clear'))}
        value={query}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        onChange={(e) => handlers.current.onQuery(e.target.value)}
        onKeyDown={(e) => handlers.current.onSearchKey(e)}
        suffix={query ? <span className="ta-search-count" data-testid="search-count">{t('search.count', { n: matchIndex + 1, count: matchCount })}</span> : <kbd className="ta-kbd">/</kbd>}
        data-testid="text-search"
        style={{ width: 220 }}
      />
      {query && (
        <Tooltip title={current ? t('search.labelAllHelp', { label: current.name }) : undefined}>
          <Button size="small" disabled={readOnly || !current || !matchCount} onClick={() => handlers.current.labelEveryMatch()} data-testid="label-every-match">
            {t('search.labelAll')}
          </Button>
        </Tooltip>
      )}
    </span>
    <Tooltip title={t('precisionHelp')}>
      <label className="ta-precision">
        <Switch size="small" checked={precision === 'char'} onChange={(on) => handlers.current.onPrecision(on ? 'char' : 'word')} data-testid="text-precision" />
        {t('precision')}
      </label>
    </Tooltip>
  </div>
  );
});
