import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useEngine } from './engine-hooks';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DICOM_VIEWER_KEYS, type DicomInstanceGeometry, type Label } from '@tessera/contracts';
import { acceptOps, EditorFrame, isPrediction, labelShortcuts, rejectOps, useNotSavedNotice, useShortcuts, type EditorPanel, type EditorProps, type Shortcut } from '@tessera/web/editor-ui';
import { DicomEngine, MEASURE_TOOLS, SEGMENT_TOOLS, VIEWER_TOOLS, type ViewerTool } from './engine/viewer';
import { BRUSH_TOOLS, type CanvasWords } from './engine/tools';
import { segShortcuts } from './seg-shortcuts';
import { CT_PRESETS, type PresetName } from './engine/presets';
import { NAMESPACE } from './i18n';
import { Toolbar } from './panels/Toolbar';
import { SegmentsPanel } from './panels/SegmentsPanel';
import { MeasurementsPanel } from './panels/MeasurementsPanel';
import { Overlay, SliceSlider } from './panels/Overlay';
import { MprPanes } from './panels/MprPanes';
import { CommentPins } from './panels/CommentPins';
import { PeerCursors } from './panels/PeerCursors';
import { PredictionsPanel } from './panels/PredictionsPanel';
import './dicom-viewer.css';

export interface DicomViewerProps extends EditorProps {
  /** The series' instances in slice order: signed URLs (or object URLs on the playground). */
  urls: readonly string[];
  /** The first slice is drawn: the viewer is usable. */
  onReady?: () => void;
  /** CSS height of the viewport; without it the viewport fills what its container gives. */
  height?: number | string;
  /** Ingest marked the series a volume (regular spacing, one orientation): MPR is offered. */
  volume?: boolean;
  /** Each instance's plane and pixel format from the file list (one per URL): MPR then opens before every slice is loaded. */
  geometry?: readonly (DicomInstanceGeometry | null | undefined)[];
  /** The series' modality (the asset's metadata). */
  modality?: string;
}

export { useEngine, useEngineView } from './engine-hooks';

/**
 * The DICOM viewer: a Cornerstone3D stack viewport (engine/viewer.ts) with
 * window/level, presets, slices, the schema's segment labels as a labelmap
 * and the measurement tools, in the frame every editor shares. Like the other
 * editors it knows nothing of HTTP: the host passes the annotations in and
 * takes ops out.
 */
export function DicomViewer(props: DicomViewerProps) {
  const { t, i18n } = useTranslation(NAMESPACE);
  const canvasWords = () => t('canvas', { returnObjects: true }) as unknown as CanvasWords;
  const elementRef = useRef<HTMLDivElement>(null);
  const pressedAt = useRef<{ x: number; y: number } | null>(null);
  const [engine, setEngine] = useState<DicomEngine | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const notSaved = useNotSavedNotice();

  useLayoutEffect(() => {
    const e = new DicomEngine({
      element: elementRef.current!,
      labels: props.labels,
      readOnly: props.readOnly,
      onOps: (ops) => latest.current.onOps(ops),
      onNotSaved: notSaved,
      onSelectionChange: (ids) => latest.current.onSelectionChange?.(ids),
      onReady: () => latest.current.onReady?.(),
      canvasWords: canvasWords(),
    });
    setEngine(e);
    (globalThis as { __dicomViewer?: DicomEngine }).__dicomViewer = e;
    return () => e.destroy();
  }, []);

  useEffect(() => {
    if (engine && props.urls.length) void engine.open(props.urls, { geometry: latest.current.geometry, modality: latest.current.modality });
  }, [engine, props.urls]);
  useEffect(() => engine?.setAnnotations(props.annotations), [engine, props.annotations]);
  useEffect(() => engine?.setCanvasWords(canvasWords()), [engine, i18n.language]);
  useEffect(() => engine?.setLabels(props.labels), [engine, props.labels]);
  useEffect(() => engine?.setReadOnly(props.readOnly), [engine, props.readOnly]);
  useEffect(() => {
    if (!engine) return;
    // The host's selection (a comment's link, or ours reported back): shown, not reported again.
    engine.select(props.focusId ?? null, false);
    const a = props.focusId ? props.annotations.find((x) => x.id === props.focusId) : undefined;
    if (a) engine.jumpTo(a);
  }, [engine, props.focusId]);
  useEffect(() => {
    const el = elementRef.current;
    if (!engine || !el) return;
    const ro = new ResizeObserver(() => engine.resize());
    ro.observe(el);
    return () => ro.disconnect();
  }, [engine]);

  useEngine(engine);
  useShortcuts(engine ? shortcutsOf(engine, props.labels, t, !!props.volume) : []);

  const panels: EditorPanel[] = [];
  if (engine) {
    const segLabels = engine.segmentLabels();
    if (segLabels.length) {
      panels.push({ key: 'dicom.segments', testId: 'dicom-segments', title: t('segments', { count: segLabels.length }), children: <SegmentsPanel engine={engine} annotations={props.annotations} /> });
    }
    const measured = props.annotations.filter((a) => MEASURE_TOOLS.some((m) => m === a.geometry.type));
    panels.push({ key: 'dicom.measurements', testId: 'dicom-measurements', title: t('measurements', { count: measured.length }), children: <MeasurementsPanel engine={engine} annotations={measured} labels={props.labels} /> });
    const predictions = props.annotations.filter(isPrediction);
    if (predictions.length) {
      panels.push({
        key: 'dicom.predictions',
        testId: 'dicom-predictions',
        open: true,
        title: t('predictions', { count: predictions.length }),
        children: <PredictionsPanel predictions={predictions} labels={props.labels} readOnly={props.readOnly} onAccept={(l) => props.onOps(acceptOps(l))} onReject={(l) => props.onOps(rejectOps(l))} />,
      });
    }
  }

  const s = engine?.state;
  return (
    <EditorFrame
      testId="dicom-viewer"
      toolbar={engine && <Toolbar engine={engine} volume={!!props.volume} />}
      history={props.history}
      readOnly={props.readOnly}
      connection={props.connection}
      peers={props.peers}
      pins={props.pins}
      hint={engine ? (engine.state.mpr !== 'closed' ? t('mprHint') : engine.readOnly ? t('hints.readOnly') : SEGMENT_TOOLS.includes(engine.tool) && !s?.segmentationReady ? t('segmentationLoading') : t(`hints.${engine.tool}`)) : ''}
      panels={[...panels, ...(props.panels ?? [])]}
      labels={props.labels}
    >
      <div className="dv-work" style={props.height === undefined ? undefined : { height: props.height, flex: 'none' }}>
        <div
          className="dv-stage"
          data-testid="dicom-stage"
          tabIndex={0}
          role="application"
          aria-label={t('viewport')}
          aria-describedby="dicom-viewer-hint"
          onContextMenu={(e) => e.preventDefault()}
          // Presence: the pixel and slice under the pointer (the sync layer throttles what goes out).
          onPointerMove={(e) => engine && props.onPresence?.({ cursor: engine.imagePointAt(e.clientX, e.clientY) })}
          onPointerLeave={() => props.onPresence?.({ cursor: null })}
          // Read-only: a click (not a drag of window/level) on a measurement selects it (Cornerstone's own click
          // selection skips the locked ones); elsewhere, with somewhere to comment, it pins a point on the slice shown.
          onPointerDown={(e) => (pressedAt.current = { x: e.clientX, y: e.clientY })}
          onPointerUp={(e) => {
            const from = pressedAt.current;
            pressedAt.current = null;
            if (!engine || !props.readOnly || !from || Math.hypot(e.clientX - from.x, e.clientY - from.y) > 4) return;
            const hit = engine.measurementAt(e.clientX, e.clientY);
            if (hit) return engine.select(hit);
            if (engine.selectedId) engine.select(null);
            const p = props.onPoint && engine.imagePointAt(e.clientX, e.clientY);
            if (p) props.onPoint!({ x: p.x, y: p.y, z: p.slice });
          }}
        >
          {/* Cornerstone's element: not focusable itself, so its own key handling (which swallows keys) never sees them. */}
          <div
            ref={elementRef}
            className="dv-viewport"
            data-testid="dicom-viewport"
            // data-slice, data-window and data-invert are the engine's to write (engine/viewer.ts `readView`).
            data-tool={engine?.tool}
            data-slices={s?.slices ?? 0}
            data-mpr-state={s?.mpr ?? 'closed'}
          />
          {engine && <Overlay engine={engine} />}
          {engine && props.peers && <PeerCursors engine={engine} peers={props.peers} />}
          {engine && props.pins && <CommentPins engine={engine} pins={props.pins} />}
          {engine && engine.state.mpr !== 'closed' && <MprPanes engine={engine} />}
        </div>
        {engine && <SliceSlider engine={engine} slices={props.urls.length} />}
      </div>
    </EditorFrame>
  );
}

const PRESET_KEYS = [...(Object.keys(CT_PRESETS) as PresetName[]), 'auto' as const];

/** The viewer's keys (DICOM_VIEWER_KEYS) bound to the engine, and the labels' hotkeys. */
function shortcutsOf(engine: DicomEngine, labels: readonly Label[], t: TFunction<typeof NAMESPACE>, volume: boolean): Shortcut[] {
  const k = DICOM_VIEWER_KEYS;
  const group = (g: string) => t(`sheet.groups.${g}` as 'sheet.groups.tools');
  const tool = (name: ViewerTool): Shortcut => {
    const spec = k[`tool.${name}`];
    return { id: `dicom.tool.${name}`, scope: spec.scope, keys: spec.keys, title: t(`actions.tool.${name}`), group: group(spec.group), run: () => engine.setTool(name) };
  };
  const one = (id: Exclude<keyof typeof k, `tool.${string}` | `preset.${string}`>, run: () => unknown, when?: () => boolean): Shortcut => ({
    id: `dicom.${id}`, scope: k[id].scope, keys: k[id].keys, title: t(`actions.${id}`), group: group(k[id].group), run: () => void run(), when,
  });
  const painting = () => BRUSH_TOOLS.includes(engine.tool) || engine.tool === 'sphereBrush' || engine.tool === 'sphereEraser';
  return [
    ...VIEWER_TOOLS.map(tool),
    one('brushSmaller', () => engine.setBrushSize(engine.brushSize - 2), painting),
    one('brushLarger', () => engine.setBrushSize(engine.brushSize + 2), painting),
    ...segShortcuts(engine, one),
    one('outline', () => engine.toggleOutline()),
    one('nextSlice', () => engine.scroll(1)),
    one('previousSlice', () => engine.scroll(-1)),
    one('nextSlices', () => engine.scroll(10)),
    one('previousSlices', () => engine.scroll(-10)),
    one('firstSlice', () => engine.setSlice(0)),
    one('lastSlice', () => engine.setSlice(engine.state.slices - 1)),
    ...PRESET_KEYS.map((p): Shortcut => {
      const spec = k[`preset.${p}`];
      return { id: `dicom.preset.${p}`, scope: spec.scope, keys: spec.keys, title: t(`actions.preset.${p}`), group: group(spec.group), run: () => engine.setPreset(p) };
    }),
    one('invert', () => engine.toggleInvert()),
    one('zoomIn', () => engine.zoomBy(1.25)),
    one('zoomOut', () => engine.zoomBy(0.8)),
    one('fit', () => engine.fit()),
    one('mpr', () => engine.toggleMpr(), () => volume),
    one('mprNextView', () => engine.mpr?.nextView(), () => engine.state.mpr === 'ready'),
    one('cine', () => engine.toggleCine()),
    one('cineFaster', () => engine.setFps(engine.fps + 2)),
    one('cineSlower', () => engine.setFps(engine.fps - 2)),
    ...labelShortcuts(labels, (l) => engine.chooseLabel(l.id), group('labels')),
  ];
}
