import { Button, Divider, Popover, Select, Slider, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  AimOutlined, BorderOutlined, BulbOutlined, ClearOutlined, ColumnWidthOutlined, DragOutlined, ExpandOutlined, FilterOutlined, HighlightOutlined,
  LineOutlined, RadiusSettingOutlined, AppstoreOutlined, CaretRightOutlined, PauseOutlined, SearchOutlined, SwapOutlined, ZoomInOutlined, ZoomOutOutlined, EllipsisOutlined, SunOutlined,
} from '@ant-design/icons';
import { DICOM_VIEWER_KEYS } from '@tessera/contracts';
import { NumberInput } from '@tessera/web/editor-ui';
import { NAMESPACE } from '../i18n';
import { MEASURE_TOOLS, SEGMENT_TOOLS, VIEWER_TOOLS, type DicomEngine, type ViewerTool } from '../engine/viewer';
import { BRUSH_TOOLS } from '../engine/tools';
import { isOwnSegTool } from '../engine/seg-interaction';
import { SegToolbar } from './SegToolbar';
import { PRESET_NAMES, type PresetName } from '../engine/presets';

const ICON: Partial<Record<ViewerTool, React.ReactNode>> = {
  windowLevel: <SunOutlined aria-hidden />, pan: <DragOutlined aria-hidden />, zoom: <SearchOutlined aria-hidden />, brush: <HighlightOutlined aria-hidden />, eraser: <ClearOutlined aria-hidden />,
  threshold: <FilterOutlined aria-hidden />, length: <LineOutlined aria-hidden />, rectangle: <BorderOutlined aria-hidden />, ellipse: <EllipsisOutlined aria-hidden />, angle: <RadiusSettingOutlined aria-hidden />,
  bidirectional: <ColumnWidthOutlined aria-hidden />, probe: <AimOutlined aria-hidden />,
};

const keysOf = (id: keyof typeof DICOM_VIEWER_KEYS): readonly string[] => DICOM_VIEWER_KEYS[id].keys;

/** Tools, the label, presets and the view, each with its key in the tooltip (the frame adds undo, redo and the sheet). */
export function Toolbar({ engine, volume = false }: { engine: DicomEngine; volume?: boolean }) {
  const { t } = useTranslation(NAMESPACE);
  const tip = (label: string, id: keyof typeof DICOM_VIEWER_KEYS) => `${label} (${keysOf(id).join(' / ')})`;
  const painting = SEGMENT_TOOLS.includes(engine.tool);
  const measuring = MEASURE_TOOLS.includes(engine.tool);
  const usable = painting ? engine.segmentLabels() : measuring ? engine.labels.filter((l) => l.tools.includes(engine.tool as never)) : engine.labels.filter((l) => l.tools.some((x) => x === 'segment' || MEASURE_TOOLS.includes(x as ViewerTool)));
  const editTool = (tool: ViewerTool) => SEGMENT_TOOLS.includes(tool) || MEASURE_TOOLS.includes(tool);
  return (
    <div className="dv-toolbar" role="toolbar" aria-label={t('toolbar')} data-testid="dicom-toolbar">
      <Space.Compact>
        {VIEWER_TOOLS.filter((tool) => !isOwnSegTool(tool)).map((tool) => {
          const noLabel = editTool(tool) && !engine.readOnly && !(SEGMENT_TOOLS.includes(tool) ? engine.segmentLabels().length : engine.labelFor(tool));
          const disabled = (engine.readOnly && editTool(tool)) || noLabel;
          return (
            <Tooltip key={tool} title={noLabel ? t('noLabel') : tip(t(`tools.${tool}`), `tool.${tool}`)}>
              <Button
                type={engine.tool === tool ? 'primary' : 'default'}
                aria-pressed={engine.tool === tool}
                aria-label={t(`tools.${tool}`)}
                aria-keyshortcuts={keysOf(`tool.${tool}`).join(' ')}
                disabled={disabled}
                onClick={() => engine.setTool(tool)}
                data-testid={`dicom-tool-${tool}`}
              >
                {ICON[tool]}
              </Button>
            </Tooltip>
          );
        })}
      </Space.Compact>
      {!engine.readOnly && usable.length > 0 && (
        <Select
          className="dv-label-select"
          aria-label={t('label')}
          value={usable.some((l) => l.id === engine.labelId) ? engine.labelId : undefined}
          onChange={(v: string) => engine.chooseLabel(v)}
          data-testid="dicom-label-select"
          options={usable.map((l) => ({
            value: l.id,
            label: (
              <span>
                <span className="dv-swatch" style={{ background: l.color }} aria-hidden />
                {l.name}
              </span>
            ),
          }))}
        />
      )}
      <SegToolbar engine={engine} />
      {BRUSH_TOOLS.includes(engine.tool) && (
        <Space size={4} aria-label={t('brushSize')}>
          <span>{t('brushSize')}</span>
          <NumberInput size="small" min={1} max={100} value={engine.brushSize} onChange={(v) => v && engine.setBrushSize(v)} aria-label={t('brushSize')} data-testid="dicom-brush-size" style={{ width: 64 }} />
        </Space>
      )}
      {engine.tool === 'threshold' && (
        <Popover
          trigger="click"
          content={
            <div style={{ width: 220 }}>
              <Slider range min={-1000} max={2000} value={engine.threshold} onChange={(v: number[]) => engine.setThreshold([v[0], v[1]])} ariaLabelForHandle={[t('huRange'), t('huRange')]} />
            </div>
          }
        >
          <Button data-testid="dicom-hu-range">{`${t('huRange')} ${engine.threshold[0]}…${engine.threshold[1]}`}</Button>
        </Popover>
      )}
      <Divider orientation="vertical" />
      <Select<PresetName>
        aria-label={t('preset')}
        placeholder={t('preset')}
        value={engine.preset ?? undefined}
        onChange={(v) => engine.setPreset(v)}
        style={{ minWidth: 130 }}
        data-testid="dicom-preset"
        options={PRESET_NAMES.map((p) => ({ value: p, label: `${t(`presets.${p}`)} (${keysOf(`preset.${p}`)[0]})` }))}
      />
      <Space.Compact>
        <Tooltip title={tip(t('invert'), 'invert')}>
          <Button aria-label={t('invert')} aria-pressed={engine.state.invert} onClick={() => engine.toggleInvert()} data-testid="dicom-invert" icon={<SwapOutlined aria-hidden />} />
        </Tooltip>
        <Tooltip title={tip(t('zoomOut'), 'zoomOut')}>
          <Button aria-label={t('zoomOut')} onClick={() => engine.zoomBy(0.8)} icon={<ZoomOutOutlined aria-hidden />} />
        </Tooltip>
        <Tooltip title={tip(t('zoomIn'), 'zoomIn')}>
          <Button aria-label={t('zoomIn')} onClick={() => engine.zoomBy(1.25)} icon={<ZoomInOutlined aria-hidden />} />
        </Tooltip>
        <Tooltip title={tip(t('fit'), 'fit')}>
          <Button aria-label={t('fit')} onClick={() => engine.fit()} icon={<ExpandOutlined aria-hidden />} data-testid="dicom-fit" />
        </Tooltip>
        <Tooltip title={tip(t('outline'), 'outline')}>
          <Button aria-label={t('outline')} aria-pressed={engine.outline} onClick={() => engine.toggleOutline()} icon={<BulbOutlined aria-hidden />} />
        </Tooltip>
      </Space.Compact>
      <Space.Compact>
        <Tooltip title={tip(engine.playing ? t('cinePause') : t('cinePlay'), 'cine')}>
          <Button
            aria-label={engine.playing ? t('cinePause') : t('cinePlay')}
            aria-pressed={engine.playing}
            aria-keyshortcuts={keysOf('cine').join(' ')}
            onClick={() => engine.toggleCine()}
            icon={engine.playing ? <PauseOutlined aria-hidden /> : <CaretRightOutlined aria-hidden />}
            data-testid="dicom-cine"
          />
        </Tooltip>
        <NumberInput
          min={1}
          max={60}
          value={engine.fps}
          onChange={(v) => v && engine.setFps(v)}
          aria-label={t('fps', { fps: '' }).trim()}
          suffix={t('fps', { fps: '' }).trim()}
          style={{ width: 92 }}
          data-testid="dicom-fps"
        />
      </Space.Compact>
      {volume && (
        <Tooltip title={tip(t('actions.mpr'), 'mpr')}>
          <Button
            type={engine.state.mpr !== 'closed' ? 'primary' : 'default'}
            aria-pressed={engine.state.mpr !== 'closed'}
            aria-keyshortcuts={keysOf('mpr').join(' ')}
            onClick={() => engine.toggleMpr()}
            icon={<AppstoreOutlined aria-hidden />}
            data-testid="dicom-mpr-toggle"
          >
            {t('mpr')}
          </Button>
        </Tooltip>
      )}
    </div>
  );
}
