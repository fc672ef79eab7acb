import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DICOM_VIEWER_KEYS, type Label } from '@tessera/contracts';
import { EditorFrame, labelShortcuts, useShortcuts, type EditorPanel, type EditorProps, type Shortcut } from '@tessera/web/editor-ui';
import { DicomEngine, MEASURE_TOOLS, SEGMENT_TOOLS, type ViewerTool } from './engine/viewer';
import { CT_PRESETS, type PresetName } from './engine/presets';
import { NAMESPACE } from './i18n';
import { Toolbar } from './panels/Toolbar';
import { SegmentsPanel } from './panels/SegmentsPanel';
import { MeasurementsPanel } from './panels/MeasurementsPanel';
import { Overlay, SliceSlider } from './panels/Overlay';
import './dicom-viewer.css';

export interface DicomViewerProps extends EditorProps {
  /** The series' instances in slice order: signed URLs (or object URLs on the playground). */
  urls: readonly string[];
  /** The first slice is drawn: the viewer is usable. */
  onReady?: () => void;
  /** CSS height of the viewport; without it the viewport fills what its container gives. */
  height?: number | string;
}

/** Subscribes a component to the engine's state. */
export function useEngine(engine: DicomEngine | null) {
  useSyncExternalStore(
    (fn) => engine?.subscribe(fn) ?? (() => undefined),
    () => engine?.revision ?? -1,
  );
}

/**
 * The DICOM viewer: a Cornerstone3D stack viewport (engine/viewer.ts) with
 * window/level, presets, slices, the schema's segment labels as a labelmap
 * and the measurement tools, in the frame every editor shares. Like the other
 * editors it knows nothing of HTTP: the host passes the annotations in and
 * takes ops out.
 */
export function DicomViewer(props: DicomViewerProps) {
  const { t } = useTranslation(NAMESPACE);
  const elementRef = useRef<HTMLDivElement>(null);
  const [engine, setEngine] = useState<DicomEngine | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useLayoutEffect(() => {
    const e = new DicomEngine({
      element: elementRef.current!,
      labels: props.labels,
      readOnly: props.readOnly,
      onOps: (ops) => latest.current.onOps(ops),
      onReady: () => latest.current.onReady?.(),
    });
    setEngine(e);
    (globalThis as { __dicomViewer?: DicomEngine }).__dicomViewer = e;
    return () => e.destroy();
  }, []);

  useEffect(() => {
    if (engine && props.urls.length) void engine.open(props.urls);
  }, [engine, props.urls]);
  useEffect(() => engine?.setAnnotations(props.annotations), [engine, props.annotations]);
  useEffect(() => engine?.setLabels(props.labels), [engine, props.labels]);
  useEffect(() => engine?.setReadOnly(props.readOnly), [engine, props.readOnly]);
  useEffect(() => {
    if (!engine || !props.focusId) return;
    const a = props.annotations.find((x) => x.id === props.focusId);
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
  useShortcuts(engine ? shortcutsOf(engine, props.labels, t) : []);

  const panels: EditorPanel[] = [];
  if (engine) {
    const segLabels = engine.segmentLabels();
    if (segLabels.length) {
      panels.push({ key: 'dicom.segments', testId: 'dicom-segments', title: t('segments', { count: segLabels.length }), children: <SegmentsPanel engine={engine} annotations={props.annotations} /> });
    }
    const measured = props.annotations.filter((a) => MEASURE_TOOLS.some((m) => m === a.geometry.type));
    panels.push({ key: 'dicom.measurements', testId: 'dicom-measurements', title: t('measurements', { count: measured.length }), children: <MeasurementsPanel engine={engine} annotations={measured} labels={props.labels} /> });
  }

  const s = engine?.state;
  return (
    <EditorFrame
      testId="dicom-viewer"
      toolbar={engine && <Toolbar engine={engine} />}
      history={props.history}
      readOnly={props.readOnly}
      connection={props.connection}
      peers={props.peers}
      pins={props.pins}
      hint={engine ? (engine.readOnly ? t('hints.readOnly') : SEGMENT_TOOLS.includes(engine.tool) && !s?.segmentationReady ? t('segmentationLoading') : t(`hints.${engine.tool}`)) : ''}
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
        >
          {/* Cornerstone's element: not focusable itself, so its own key handling (which swallows keys) never sees them. */}
          <div
            ref={elementRef}
            className="dv-viewport"
            data-testid="dicom-viewport"
            data-tool={engine?.tool}
            data-slices={s?.slices ?? 0}
            data-window={s?.window ? `${Math.round(s.window.width)}/${Math.round(s.window.center)}` : ''}
            data-invert={s?.invert ? 'true' : 'false'}
          />
          {engine && <Overlay engine={engine} />}
        </div>
        {engine && <SliceSlider engine={engine} />}
      </div>
    </EditorFrame>
  );
}

const PRESET_KEYS = [...(Object.keys(CT_PRESETS) as PresetName[]), 'auto' as const];

/** The viewer's keys (DICOM_VIEWER_KEYS) bound to the engine, and the labels' hotkeys. */
function shortcutsOf(engine: DicomEngine, labels: readonly Label[], t: TFunction<typeof NAMESPACE>): Shortcut[] {
  const k = DICOM_VIEWER_KEYS;
  const group = (g: string) => t(`sheet.groups.${g}` as 'sheet.groups.tools');
  const tool = (name: ViewerTool): Shortcut => {
    const spec = k[`tool.${name}`];
    return { id: `dicom.tool.${name}`, scope: spec.scope, keys: spec.keys, title: t(`actions.tool.${name}`), group: group(spec.group), run: () => engine.setTool(name) };
  };
  const one = (id: Exclude<keyof typeof k, `tool.${string}` | `preset.${string}`>, run: () => unknown, when?: () => boolean): Shortcut => ({
    id: `dicom.${id}`, scope: k[id].scope, keys: k[id].keys, title: t(`actions.${id}`), group: group(k[id].group), run: () => void run(), when,
  });
  const painting = () => SEGMENT_TOOLS.includes(engine.tool);
  return [
    ...(['windowLevel', 'pan', 'zoom', 'brush', 'eraser', 'threshold', 'length', 'rectangle', 'ellipse', 'angle', 'bidirectional', 'probe'] as const).map(tool),
    one('brushSmaller', () => engine.setBrushSize(engine.brushSize - 2), painting),
    one('brushLarger', () => engine.setBrushSize(engine.brushSize + 2), painting),
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
    ...labelShortcuts(labels, (l) => engine.chooseLabel(l.id), group('labels')),
  ];
}
