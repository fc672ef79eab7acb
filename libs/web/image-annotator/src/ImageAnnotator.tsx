import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type MutableRefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { IMAGE_EDITOR_KEYS, type Annotation, type Peer } from '@tessera/contracts';
import {
  AttributesPanel, EditorFrame, EDITOR_NAMESPACE, isPrediction, labelShortcuts, ObjectList, PredictionReview, useSendOps, useShortcuts,
  type EditorPanel, type EditorProps, type Shortcut,
} from '@tessera/web/editor-ui';
import { Editor, type EditorImage } from './engine/editor';
import { ACTIONS, type ImageAction } from './actions';
import { NAMESPACE } from './i18n';
import { Toolbar } from './panels/Toolbar';
import { TagsPanel } from './panels/TagsPanel';
import './annotator.css';

export interface ImageAnnotatorProps extends EditorProps {
  image: EditorImage;
  /** Every object drawn once, and the picture: the editor is usable. */
  onReady?: () => void;
  /** CSS height of the canvas; without it the canvas fills the height its container gives the editor. */
  height?: number | string;
}

/** Subscribes a component to the editor's panel state (not to its frames). */
export function useEditorState(editor: Editor | null) {
  useSyncExternalStore(
    (fn) => editor?.subscribe(fn) ?? (() => undefined),
    () => editor?.revision ?? -1,
  );
}

const NO_PANELS: readonly EditorPanel[] = [];
const NO_PEERS: readonly Peer[] = [];

/** The peers as the panels show them: the same array while only cursors (and `at`) moved. */
function useRoster(peers: readonly Peer[]): readonly Peer[] {
  const key = JSON.stringify(peers.map((p) => [p.sessionId, p.userId, p.name, p.color, p.canEdit, p.selection, p.activity]));
  const last = useRef({ key, peers });
  if (last.current.key !== key) last.current = { key, peers };
  return last.current.peers;
}

/** Callbacks the body reads through its `latest` ref: a new function each render needs no new render. */
const READ_LATEST = new Set(['onOps', 'onPresence', 'onPoint', 'onReady', 'onSelectionChange']);

function shallowSame(a: unknown, b: unknown) {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  // Functions inside (history's undo and redo) are read through `latest` too.
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k] || (typeof x[k] === 'function' && typeof y[k] === 'function'));
}

function sameProps(a: BodyProps, b: BodyProps) {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (x[k] === y[k]) continue;
    if (READ_LATEST.has(k) && typeof x[k] === 'function' && typeof y[k] === 'function') continue;
    if ((k === 'image' || k === 'history') && shallowSame(x[k], y[k])) continue;
    return false;
  }
  return true;
}

interface BodyProps extends ImageAnnotatorProps {
  editorBox: MutableRefObject<Editor | null>;
}

/**
 * The image editor: the picture and its annotations on layered canvases
 * (engine/editor.ts) with every tool, in the frame the editors share
 * (libs/web/editor-ui) with its object list, attributes and prediction
 * panels. It knows nothing of HTTP; the host passes the annotations in and
 * takes ops out.
 */
export function ImageAnnotator(props: ImageAnnotatorProps) {
  const editorBox = useRef<Editor | null>(null);
  const peers = props.peers ?? NO_PEERS;
  // Presence goes to the canvas at once; the panels and the frame render again only when who is here, or what
  // they select or do, changes. A peer's cursor at 20 Hz re-rendered the whole editor each time: 100-300 ms
  // tasks on the main thread at 10,000 objects (docs/performance.md).
  useEffect(() => {
    editorBox.current?.setPeers(peers);
    // The roster's cursor attribute (what tools and tests read) follows without that render.
    for (const p of peers) {
      const chip = document.querySelector(`[data-testid="annotator-peer"][data-user="${CSS.escape(p.userId)}"]`);
      if (!chip) continue;
      if (p.cursor) chip.setAttribute('data-cursor', `${Math.round(p.cursor.x)},${Math.round(p.cursor.y)}`);
      else chip.removeAttribute('data-cursor');
    }
  }, [peers]);
  const roster = useRoster(peers);
  return <Body {...props} peers={roster} editorBox={editorBox} />;
}

const Body = memo(ImageAnnotatorBody, sameProps);

function ImageAnnotatorBody({ editorBox, ...props }: BodyProps) {
  const { t } = useTranslation(NAMESPACE);
  const { t: te } = useTranslation(EDITOR_NAMESPACE);
  const stageRef = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [threshold, setThreshold] = useState(0.5);
  const latest = useRef(props);
  latest.current = props;
  const sendOps = useSendOps(props.onOps);

  useLayoutEffect(() => {
    const ed = new Editor({
      container: stageRef.current!,
      image: props.image,
      labels: props.labels,
      readOnly: props.readOnly,
      onOps: sendOps,
      onPresence: (p) => latest.current.onPresence?.(p),
      onPoint: (p) => latest.current.onPoint?.(p),
      onReady: () => {
        stageRef.current?.setAttribute('data-ready', 'true');
        latest.current.onReady?.();
      },
    });
    editorBox.current = ed;
    setEditor(ed);
    return () => {
      editorBox.current = null;
      ed.destroy();
    };
  }, []);

  useEffect(() => editor?.setAnnotations(props.annotations), [editor, props.annotations]);
  useEffect(() => editor?.setLabels(props.labels), [editor, props.labels]);
  useEffect(() => editor?.setPins(props.pins ?? []), [editor, props.pins]);
  useEffect(() => editor?.setReadOnly(props.readOnly), [editor, props.readOnly]);
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

  const history = useMemo(
    () => props.history && { canUndo: props.history.canUndo, canRedo: props.history.canRedo, undo: () => latest.current.history?.undo(), redo: () => latest.current.history?.redo() },
    [!!props.history, props.history?.canUndo, props.history?.canRedo],
  );
  const predictions = useMemo(() => props.annotations.filter(isPrediction), [props.annotations]);
  useShortcuts(editor ? shortcutsOf(editor, { annotations: props.annotations, threshold, labels: props.labels, t }) : []);

  const panels: EditorPanel[] = [];
  if (editor) {
    const tagLabels = editor.labels.filter((l) => l.tools.includes('tag'));
    if (tagLabels.length) {
      panels.push({ key: 'image.tags', testId: 'tags', title: t('tags'), children: <TagsPanel labels={tagLabels} annotations={props.annotations} readOnly={editor.readOnly} onToggle={(id) => editor.toggleTag(id, props.annotations)} /> });
    }
    const sel = editor.selected;
    panels.push({
      key: 'attributes',
      title: te('attributes'),
      children: (
        <AttributesPanel
          selected={sel}
          labels={editor.labels}
          disabled={editor.readOnly || (sel.length === 1 && editor.locked.has(sel[0].id))}
          peers={props.peers}
          onLabel={(id, labelId) => editor.setLabelOf(id, labelId)}
          onAttribute={(id, key, v) => editor.setAttribute(id, key, v)}
          onAccept={(a) => editor.acceptPredictions([a])}
          onReject={(a) => editor.rejectPredictions([a])}
        />
      ),
    });
    panels.push({
      key: 'objects',
      title: te('objects', { count: editor.scene.order.length }),
      children: (
        <ObjectList
          objects={editor.scene.order}
          labels={editor.labels}
          selection={editor.selection}
          hidden={editor.hidden}
          locked={editor.locked}
          onSelect={(ids, clicked) => {
            editor.setSelection(ids);
            editor.reveal(clicked);
          }}
          onHidden={(id, hidden) => editor.setHidden(id, hidden)}
          onLocked={(id) => editor.toggleLocked([id])}
          rowData={(a) => rowData(editor, a)}
        />
      ),
    });
    if (predictions.length) {
      panels.push({
        key: 'predictions',
        testId: 'predictions',
        title: te('predictions', { count: predictions.length }),
        children: <PredictionReview predictions={predictions} threshold={threshold} onThreshold={setThreshold} readOnly={editor.readOnly} onAccept={(l) => editor.acceptPredictions(l)} onReject={(l) => editor.rejectPredictions(l)} />,
      });
    }
  }

  return (
    <EditorFrame
      testId="image-annotator"
      toolbar={editor && <Toolbar editor={editor} />}
      history={history}
      readOnly={props.readOnly}
      connection={props.connection}
      peers={props.peers}
      pins={props.pins}
      hint={editor ? hintOf(editor, t, !!props.onPoint) : ''}
      panels={[...panels, ...(props.panels ?? NO_PANELS)]}
      labels={props.labels}
    >
      <div
        ref={stageRef}
        className={`ia-stage${editor?.readOnly ? ' is-readonly' : ''}`}
        style={props.height === undefined ? undefined : { height: props.height, flex: 'none' }}
        data-testid="annotator-stage"
        data-tool={editor?.tool}
        data-selected={editor?.selection.join(',')}
        data-objects={editor?.scene.order.length ?? 0}
        tabIndex={0}
        role="application"
        aria-label={t('canvas')}
        aria-describedby="image-annotator-hint"
      />
    </EditorFrame>
  );
}

/** The editor's keys (IMAGE_EDITOR_KEYS) bound to its actions, and the labels' hotkeys. */
function shortcutsOf(editor: Editor, c: { annotations: readonly Annotation[]; threshold: number; labels: EditorProps['labels']; t: TFunction<typeof NAMESPACE> }): Shortcut[] {
  const context = { editor, annotations: c.annotations, threshold: c.threshold };
  const keys = Object.entries(IMAGE_EDITOR_KEYS) as [ImageAction, (typeof IMAGE_EDITOR_KEYS)[ImageAction]][];
  return [
    ...keys.map(([id, spec]): Shortcut => {
      const tools = 'tools' in spec ? (spec.tools as readonly string[]) : null;
      return {
        id: `image.${id}`,
        scope: spec.scope,
        keys: spec.keys,
        title: c.t(`actions.${id}`),
        group: c.t(`sheet.groups.${spec.group}`),
        run: (e) => ACTIONS[id](context, e),
        when: tools ? () => tools.includes(editor.tool) : undefined,
        release: 'hold' in spec ? () => editor.setSpace(false) : undefined,
      };
    }),
    ...labelShortcuts(
      c.labels,
      (l) => (l.tools.length === 1 && l.tools[0] === 'tag' ? editor.toggleTag(l.id, c.annotations) : editor.chooseLabel(l.id)),
      c.t('sheet.groups.labels'),
    ),
  ];
}

/** Where an object is and how many vertices it has, for tests and assistive tech reading the list. */
function rowData(editor: Editor, a: Annotation) {
  const b = editor.scene.boundsOf(a.id);
  return {
    bounds: b ? [b.minX, b.minY, b.maxX, b.maxY].map(Math.round).join(',') : undefined,
    vertices: 'points' in a.geometry ? a.geometry.points.length : undefined,
  };
}

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
