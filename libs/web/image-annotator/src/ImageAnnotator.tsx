import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Alert, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Annotation, EditOp, Label, Peer } from '@tessera/contracts';
import { Editor, type CommentPin, type EditorImage, type PresenceOut } from './engine/editor';
import { actionOf, labelComboOf, type ActionId } from './shortcuts';
import { NAMESPACE } from './i18n';
import { Toolbar } from './panels/Toolbar';
import { SidePanel } from './panels/SidePanel';
import { ShortcutSheet } from './panels/ShortcutSheet';
import './annotator.css';

export interface ImageAnnotatorProps {
  image: EditorImage;
  labels: readonly Label[];
  /** The annotations as they stand (the sync layer's view); image kinds are drawn, tags listed. */
  annotations: readonly Annotation[];
  /** One call is one undo step. */
  onOps: (ops: EditOp[]) => void;
  readOnly?: boolean;
  /** Undo and redo are the sync layer's: each person undoes only their own changes. */
  history?: { canUndo: boolean; canRedo: boolean; undo: () => void; redo: () => void };
  peers?: readonly Peer[];
  onPresence?: (p: PresenceOut) => void;
  connection?: { status: 'online' | 'offline' | 'connecting'; pending: number };
  pins?: readonly CommentPin[];
  /** Reviewing: a click on the picture outside any object (for a comment pinned there). */
  onPoint?: (p: { x: number; y: number }) => void;
  onSelectionChange?: (ids: string[]) => void;
  /** Selects and reveals an object from outside (a comment's link). */
  focusId?: string | null;
  onReady?: () => void;
  /** CSS height of the canvas. */
  height?: number | string;
}

/** Subscribes a component to the editor's panel state (not to its frames). */
export function useEditorState(editor: Editor | null) {
  useSyncExternalStore(
    (fn) => editor?.subscribe(fn) ?? (() => undefined),
    () => editor?.revision ?? -1,
  );
}

/**
 * The image editor: the picture and its annotations on layered canvases
 * (engine/editor.ts) with every tool, the object list, the attributes and
 * predictions panels and the shortcut sheet. It knows nothing of HTTP; the
 * host passes the annotations in and takes ops out.
 */
export function ImageAnnotator(props: ImageAnnotatorProps) {
  const { t } = useTranslation(NAMESPACE);
  const stageRef = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [sheet, setSheet] = useState(false);
  const [threshold, setThreshold] = useState(0.5);
  const latest = useRef(props);
  latest.current = props;

  useLayoutEffect(() => {
    const ed = new Editor({
      container: stageRef.current!,
      image: props.image,
      labels: props.labels,
      readOnly: !!props.readOnly,
      onOps: (ops) => latest.current.onOps(ops),
      onPresence: (p) => latest.current.onPresence?.(p),
      onPoint: (p) => latest.current.onPoint?.(p),
      onReady: () => {
        stageRef.current?.setAttribute('data-ready', 'true');
        latest.current.onReady?.();
      },
    });
    setEditor(ed);
    return () => ed.destroy();
  }, []);

  useEffect(() => editor?.setAnnotations(props.annotations), [editor, props.annotations]);
  useEffect(() => editor?.setLabels(props.labels), [editor, props.labels]);
  useEffect(() => editor?.setPeers(props.peers ?? []), [editor, props.peers]);
  useEffect(() => editor?.setPins(props.pins ?? []), [editor, props.pins]);
  useEffect(() => editor?.setReadOnly(!!props.readOnly), [editor, props.readOnly]);
  useEffect(() => editor?.setImage(props.image), [editor, props.image.url]);
  useEffect(() => {
    if (!editor || !props.focusId) return;
    editor.setSelection([props.focusId]);
    editor.reveal(props.focusId);
  }, [editor, props.focusId]);

  useEditorState(editor);
  const selection = editor?.selection;
  useEffect(() => {
    if (selection) latest.current.onSelectionChange?.(selection);
  }, [selection]);

  const predictions = useMemo(() => props.annotations.filter((a) => a.source === 'model'), [props.annotations]);

  // Keys work anywhere on the page but in a text field or a dialog: an annotator's hands stay on the keyboard.
  useEffect(() => {
    if (!editor) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.defaultPrevented || (el && el.closest('input, textarea, select, [contenteditable="true"], .ant-modal, .ant-select-dropdown, [role="slider"]'))) return;
      if (e.code === 'Space' && !(el && el.closest('button, a, [role="button"], [role="switch"], [role="checkbox"]'))) {
        e.preventDefault();
        editor.setSpace(true);
        return;
      }
      const labelCombo = labelComboOf(e);
      const label = labelCombo ? latest.current.labels.find((l) => l.hotkey === labelCombo) : undefined;
      if (label) {
        e.preventDefault();
        if (label.tools.includes('tag') && label.tools.length === 1) editor.toggleTag(label.id, latest.current.annotations);
        else editor.chooseLabel(label.id);
        return;
      }
      const action = actionOf(e);
      if (action && run(editor, action, e)) e.preventDefault();
    };
    const onUp = (e: KeyboardEvent) => {
      if (e.code === 'Space') editor.setSpace(false);
    };
    const run = (ed: Editor, action: ActionId, e: KeyboardEvent): boolean => {
      const p = latest.current;
      const step = e.shiftKey ? 10 : 1;
      switch (action) {
        case 'removeLastPoint':
          if (ed.undoPoint()) return true;
          ed.deleteSelection();
          return true;
        case 'delete':
          ed.deleteSelection();
          return true;
        case 'finish':
          if (!ed.draft) return false;
          ed.finishDraft();
          return true;
        case 'cancel':
          if (!ed.cancelDraft()) ed.setSelection([]);
          return true;
        case 'skipKeypoint':
          ed.skipKeypoint();
          return true;
        case 'brushSmaller':
          ed.setBrushSize(ed.brushSize / 1.25);
          return true;
        case 'brushLarger':
          ed.setBrushSize(ed.brushSize * 1.25);
          return true;
        case 'undo':
          p.history?.undo();
          return true;
        case 'redo':
          p.history?.redo();
          return true;
        case 'copy':
          if (window.getSelection()?.toString()) return false;
          ed.copy();
          return true;
        case 'paste':
          ed.paste();
          return true;
        case 'duplicate':
          ed.duplicate();
          return true;
        case 'selectAll':
          ed.selectAll();
          return true;
        case 'nextObject':
          ed.cycle(1);
          return true;
        case 'previousObject':
          ed.cycle(-1);
          return true;
        case 'nudge':
        case 'nudgeMore': {
          const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key]!;
          ed.nudge(d[0] * step, d[1] * step);
          return true;
        }
        case 'hide':
          ed.toggleHidden();
          return true;
        case 'showAll':
          ed.showAll();
          return true;
        case 'lock':
          ed.toggleLocked();
          return true;
        case 'group':
          ed.group();
          return true;
        case 'ungroup':
          ed.ungroup();
          return true;
        case 'forward':
          ed.reorder('up');
          return true;
        case 'backward':
          ed.reorder('down');
          return true;
        case 'toFront':
          ed.reorder('top');
          return true;
        case 'toBack':
          ed.reorder('bottom');
          return true;
        case 'zoomIn':
          ed.zoomBy(1.25);
          return true;
        case 'zoomOut':
          ed.zoomBy(0.8);
          return true;
        case 'fit':
          ed.fitView();
          return true;
        case 'actualSize':
          ed.actualSize();
          return true;
        case 'grid':
          ed.toggleGrid();
          return true;
        case 'brighter':
        case 'darker':
          ed.setAdjust({ brightness: clamp(ed.adjust.brightness + (action === 'brighter' ? 0.1 : -0.1), 0.2, 3) });
          return true;
        case 'moreContrast':
        case 'lessContrast':
          ed.setAdjust({ contrast: clamp(ed.adjust.contrast + (action === 'moreContrast' ? 0.1 : -0.1), 0.2, 3) });
          return true;
        case 'gammaUp':
        case 'gammaDown':
          ed.setAdjust({ gamma: clamp(ed.adjust.gamma + (action === 'gammaUp' ? 0.1 : -0.1), 0.2, 3) });
          return true;
        case 'resetImage':
          ed.setAdjust({ brightness: 1, contrast: 1, gamma: 1 });
          return true;
        case 'accept':
          ed.acceptPredictions(ed.selected);
          return true;
        case 'reject':
          ed.rejectPredictions(ed.selected);
          return true;
        case 'acceptAbove':
          ed.acceptPredictions(p.annotations.filter((a) => a.source === 'model' && (a.score ?? 0) >= thresholdRef.current));
          return true;
        case 'rejectBelow':
          ed.rejectPredictions(p.annotations.filter((a) => a.source === 'model' && (a.score ?? 0) < thresholdRef.current));
          return true;
        case 'sheet':
          setSheet(true);
          return true;
        case 'pan':
          return false;
        default: {
          const tool = /^tool\.(.+)$/.exec(action)?.[1];
          if (!tool) return false;
          ed.setTool(tool as Editor['tool']);
          return true;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onUp);
    };
  }, [editor]);
  const thresholdRef = useRef(threshold);
  thresholdRef.current = threshold;

  const status = props.connection?.status;
  const pending = props.connection?.pending ?? 0;
  const hint = editor ? hintOf(editor, t, !!props.onPoint) : '';
  // One name per person: the same person in two windows is two peers.
  const others = useMemo(() => [...new Map((props.peers ?? []).map((p) => [p.userId, p])).values()], [props.peers]);

  return (
    <div className="ia-root" data-testid="image-annotator">
      {editor && <Toolbar editor={editor} history={props.history} onShortcuts={() => setSheet(true)} />}
      {status === 'offline' && <Alert type="warning" showIcon className="ia-banner" data-testid="offline-banner" title={t('offline', { count: pending })} />}
      <div className="ia-body">
        <div className="ia-main">
          <div
            ref={stageRef}
            className={`ia-stage${editor?.readOnly ? ' is-readonly' : ''}`}
            style={{ height: props.height ?? 560 }}
            data-testid="annotator-stage"
            data-tool={editor?.tool}
            data-selected={editor?.selection.join(',')}
            data-objects={editor?.scene.order.length ?? 0}
            tabIndex={0}
            role="application"
            aria-label={t('canvas')}
            aria-describedby="ia-hint"
          />
          {/* Pins are drawn on the canvas; this list is how assistive tech (and tests) read them. */}
          <ul className="ia-sr-only" aria-label={t('pins')}>
            {(props.pins ?? []).filter((p) => !p.draft).map((p) => (
              <li key={p.n} data-testid="comment-pin" data-resolved={p.resolved}>
                {t('pin', { n: p.n })}
              </li>
            ))}
          </ul>
          <Typography.Text type="secondary" className="ia-hint" id="ia-hint" data-testid="annotator-hint">
            {hint}
          </Typography.Text>
          <div className="ia-status" role="status" aria-live="polite" data-testid="annotator-status" data-status={status ?? 'local'} data-pending={pending}>
            {props.readOnly && <Tag>{t('readOnly')}</Tag>}
            {status && <span>{status === 'connecting' ? t('connecting') : pending ? t('pending', { count: pending }) : t('saved')}</span>}
            {others.length > 0 && (
              <span className="ia-peers" aria-label={t('here')}>
                {others.map((p) => (
                  <span key={p.userId} className="ia-peer" data-testid="annotator-peer" data-user={p.userId} data-name={p.name} data-cursor={p.cursor ? `${Math.round(p.cursor.x)},${Math.round(p.cursor.y)}` : undefined} data-selection={p.selection?.length ?? 0}>
                    <span className="ia-swatch" style={{ background: p.color }} aria-hidden />
                    {p.name}
                  </span>
                ))}
              </span>
            )}
          </div>
        </div>
        {/* The side's place is kept from the start: the stage getting narrower once the editor exists would draw every object twice on opening. */}
        {editor ? <SidePanel editor={editor} annotations={props.annotations} predictions={predictions} threshold={threshold} onThreshold={setThreshold} peers={props.peers ?? []} /> : <div className="ia-side" aria-hidden />}
      </div>
      <ShortcutSheet open={sheet} onClose={() => setSheet(false)} labels={props.labels} />
    </div>
  );
}

const clamp = (v: number, lo: number, hi: number) => Math.round(Math.max(lo, Math.min(hi, v)) * 100) / 100;

function hintOf(ed: Editor, t: TFunction<typeof NAMESPACE>, canPin: boolean) {
  if (ed.readOnly) return t(canPin ? 'hints.review' : 'hints.readOnly');
  if (ed.tool === 'keypoints') {
    const label = ed.labelId ? ed.label(ed.labelId) : undefined;
    const names = label?.skeleton?.points;
    if (!names) return t('hints.keypointsNone');
    const at = ed.nextKeypoint();
    return t('hints.keypoints', { name: names[at < 0 ? 0 : at] });
  }
  return t(`hints.${ed.tool}` as const);
}
