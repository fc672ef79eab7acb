import { memo, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Divider, Space, Tag, Tooltip, Typography } from 'antd';
import { MenuFoldOutlined, MenuUnfoldOutlined, QuestionOutlined, RedoOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EDITOR_FRAME_KEYS, type Label, type Peer } from '@tessera/contracts';
import type { CommentPin, EditorConnection, EditorHistory, EditorPanel } from '../editor-props';
import { NAMESPACE } from '../i18n';
import { ShortcutSheet } from '../panels/ShortcutSheet';
import { useShortcuts } from '../shortcuts/react';
import { SidePanels } from './SidePanels';
import '../editor-ui.css';

export interface EditorFrameProps {
  /** On the frame's root: which editor this is ("image-annotator"). */
  testId: string;
  /** The editor's own tools, first in the toolbar. */
  toolbar?: ReactNode;
  history?: EditorHistory;
  readOnly: boolean;
  connection?: EditorConnection;
  peers?: readonly Peer[];
  pins?: readonly CommentPin[];
  /** One line on what the current tool does; its element's id is `${testId}-hint`, for the work area's aria-describedby. */
  hint?: ReactNode;
  /** The side column: the editor's sections, then the host's. */
  panels: readonly EditorPanel[];
  /** For the shortcut sheet: label hotkeys that do nothing, and why. */
  labels: readonly Label[];
  /** The work area: a canvas, a text, a viewport. */
  children: ReactNode;
}

const SIDE_KEY = 'tessera.editor.side';

/**
 * What every editor has around its work area: the toolbar with undo, redo,
 * the shortcut sheet and the side column's switch; the side column of
 * collapsible sections; the connection's state, who else is here, and the
 * comment pins as a list for assistive tech. It binds the keys every editor
 * shares (EDITOR_FRAME_KEYS): undo, redo and `?`.
 */
export function EditorFrame({ testId, toolbar, history, readOnly, connection, peers = NO_PEERS, pins = NO_PINS, hint, panels, labels, children }: EditorFrameProps) {
  const { t } = useTranslation(NAMESPACE);
  const [sheet, setSheet] = useState(false);
  const [side, setSide] = useState(() => localStorage.getItem(SIDE_KEY) !== 'hidden');
  // The history's handlers as of the latest render: the buttons are drawn again only when what they show changes.
  const historyNow = useRef(history);
  historyNow.current = history;
  const undo = useCallback(() => historyNow.current?.undo(), []);
  const redo = useCallback(() => historyNow.current?.redo(), []);
  const openSheet = useCallback(() => setSheet(true), []);
  const closeSheet = useCallback(() => setSheet(false), []);
  const toggleSide = useCallback(
    () =>
      setSide((shown) => {
        localStorage.setItem(SIDE_KEY, shown ? 'hidden' : 'shown');
        return !shown;
      }),
    [],
  );

  useShortcuts([
    { id: 'frame.undo', scope: 'editor', keys: EDITOR_FRAME_KEYS.undo.keys, title: t('undo'), group: t('sheet.groups.edit'), run: () => (history && !readOnly ? history.undo() : false) },
    { id: 'frame.redo', scope: 'editor', keys: EDITOR_FRAME_KEYS.redo.keys, title: t('redo'), group: t('sheet.groups.edit'), run: () => (history && !readOnly ? history.redo() : false) },
    { id: 'frame.sheet', scope: 'editor', keys: EDITOR_FRAME_KEYS.sheet.keys, title: t('sheet.open'), group: t('sheet.groups.help'), run: () => setSheet(true) },
  ]);

  const status = connection?.status;
  const pending = connection?.pending ?? 0;

  // The work area changes with every key press; the parts around it are drawn again only when what they show does.
  return (
    <div className="eu-frame" data-testid={testId}>
      <div className="eu-toolbar">
        {toolbar}
        <FrameButtons testId={testId} canUndo={!!history?.canUndo && !readOnly} canRedo={!!history?.canRedo && !readOnly} side={side} undo={undo} redo={redo} openSheet={openSheet} toggleSide={toggleSide} />
      </div>
      {status === 'offline' && <Alert type="warning" showIcon className="eu-banner" data-testid="offline-banner" title={t('offline', { count: pending })} />}
      <div className="eu-body">
        <div className="eu-work">{children}</div>
        <aside id={`${testId}-side`} className="eu-side" hidden={!side} aria-label={t('panels')}>
          <MemoSidePanels panels={panels} />
        </aside>
      </div>
      <PinList pins={pins} />
      <StatusBar testId={testId} hint={hint} readOnly={readOnly} status={status} pending={pending} peers={peers} />
      <MemoShortcutSheet open={sheet} onClose={closeSheet} labels={labels} />
    </div>
  );
}

const NO_PEERS: readonly Peer[] = [];
const NO_PINS: readonly CommentPin[] = [];
const MemoSidePanels = memo(SidePanels);
const MemoShortcutSheet = memo(ShortcutSheet);

interface FrameButtonsProps {
  testId: string;
  canUndo: boolean;
  canRedo: boolean;
  side: boolean;
  undo: () => void;
  redo: () => void;
  openSheet: () => void;
  toggleSide: () => void;
}

/** Undo, redo, the shortcut sheet and the side column's switch, at the toolbar's end. */
const FrameButtons = memo(function FrameButtons({ testId, canUndo, canRedo, side, undo, redo, openSheet, toggleSide }: FrameButtonsProps) {
  const { t } = useTranslation(NAMESPACE);
  const tip = (label: string, keys: readonly string[]) => `${label} (${keys.join(' / ')})`;
  return (
    <div className="eu-toolbar-end">
      <Space.Compact>
        <Tooltip title={tip(t('undo'), EDITOR_FRAME_KEYS.undo.keys)}>
          <Button aria-label={t('undo')} disabled={!canUndo} onClick={undo} icon={<UndoOutlined aria-hidden />} data-testid="undo" />
        </Tooltip>
        <Tooltip title={tip(t('redo'), EDITOR_FRAME_KEYS.redo.keys)}>
          <Button aria-label={t('redo')} disabled={!canRedo} onClick={redo} icon={<RedoOutlined aria-hidden />} data-testid="redo" />
        </Tooltip>
      </Space.Compact>
      <Divider orientation="vertical" />
      <Tooltip title={tip(t('shortcutsButton'), EDITOR_FRAME_KEYS.sheet.keys)}>
        <Button aria-label={t('shortcutsButton')} onClick={openSheet} icon={<QuestionOutlined aria-hidden />} data-testid="shortcuts-button" />
      </Tooltip>
      <Tooltip title={side ? t('hidePanels') : t('showPanels')}>
        <Button aria-label={t('panels')} aria-expanded={side} aria-controls={`${testId}-side`} onClick={toggleSide} icon={side ? <MenuUnfoldOutlined aria-hidden /> : <MenuFoldOutlined aria-hidden />} data-testid="toggle-panels" />
      </Tooltip>
    </div>
  );
});

/** Pins are drawn in the work area; this list is how assistive tech (and tests) read them. */
const PinList = memo(function PinList({ pins }: { pins: readonly CommentPin[] }) {
  const { t } = useTranslation(NAMESPACE);
  return (
    <ul className="eu-sr-only" aria-label={t('pins')}>
      {pins.filter((p) => !p.draft).map((p) => (
        <li key={p.n} data-testid="comment-pin" data-resolved={p.resolved}>
          {t('pin', { n: p.n })}
        </li>
      ))}
    </ul>
  );
});

interface StatusBarProps {
  testId: string;
  hint: ReactNode;
  readOnly: boolean;
  status: EditorConnection['status'] | undefined;
  pending: number;
  peers: readonly Peer[];
}

/** The current tool's hint, the connection's state and who else is here. */
const StatusBar = memo(function StatusBar({ testId, hint, readOnly, status, pending, peers }: StatusBarProps) {
  const { t } = useTranslation(NAMESPACE);
  // One name per person: the same person in two windows is two peers.
  const others = useMemo(() => [...new Map(peers.map((p) => [p.userId, p])).values()], [peers]);
  return (
    <div className="eu-statusbar">
      <Typography.Text type="secondary" className="eu-hint" id={`${testId}-hint`} data-testid="annotator-hint">
        {hint}
      </Typography.Text>
      <div className="eu-status" role="status" aria-live="polite" data-testid="annotator-status" data-status={status ?? 'local'} data-pending={pending}>
        {readOnly && <Tag>{t('readOnly')}</Tag>}
        {/* Offline, nothing is being saved: the edits wait for the connection (the banner says where they are kept). */}
        {status && <span>{status === 'connecting' ? t('connecting') : pending ? t(status === 'offline' ? 'waiting' : 'pending', { count: pending }) : t('saved')}</span>}
        {others.length > 0 && (
          <span className="eu-peers" aria-label={t('here')}>
            {others.map((p) => (
              <span key={p.userId} className="eu-peer" data-testid="annotator-peer" data-user={p.userId} data-name={p.name} data-cursor={p.cursor ? `${Math.round(p.cursor.x)},${Math.round(p.cursor.y)}` : undefined} data-selection={p.selection?.length ?? 0}>
                <span className="eu-swatch" style={{ background: p.color }} aria-hidden />
                {p.name}
              </span>
            ))}
          </span>
        )}
      </div>
    </div>
  );
});
