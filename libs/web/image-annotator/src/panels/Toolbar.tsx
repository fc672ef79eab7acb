import { useSyncExternalStore } from 'react';
import { Button, Divider, Popover, Select, Slider, Space, Switch, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  AimOutlined, ApartmentOutlined, BgColorsOutlined, BorderOutlined, ClearOutlined, ExpandOutlined, GatewayOutlined, HighlightOutlined,
  NodeIndexOutlined, SelectOutlined, ZoomInOutlined, ZoomOutOutlined,
} from '@ant-design/icons';
import { IMAGE_EDITOR_KEYS } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import type { Editor } from '../engine/editor';
import { TOOLS, type ToolName } from '../engine/tools';
import type { ImageAction } from '../actions';

const keysOf = (id: ImageAction): readonly string[] => IMAGE_EDITOR_KEYS[id].keys;

const ICON: Record<ToolName, React.ReactNode> = {
  select: <SelectOutlined aria-hidden />, box: <BorderOutlined aria-hidden />, polygon: <GatewayOutlined aria-hidden />, polyline: <NodeIndexOutlined aria-hidden />, points: <AimOutlined aria-hidden />,
  keypoints: <ApartmentOutlined aria-hidden />, brush: <HighlightOutlined aria-hidden />, eraser: <ClearOutlined aria-hidden />, fill: <BgColorsOutlined aria-hidden />,
};

/** Tools, the label to draw with, and the view, each with its shortcut in the tooltip (the frame adds undo, redo and the sheet). */
export function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation(NAMESPACE);
  const tip = (label: string, id: ImageAction) => `${label} (${keysOf(id).join(' / ')})`;
  const usable = editor.labelsFor(editor.tool);
  const drawing = editor.tool !== 'select';
  return (
    <div className="ia-toolbar" role="toolbar" aria-label={t('toolbar')} data-testid="annotator-toolbar">
      <Space.Compact>
        {TOOLS.map((tool) => {
          const disabled = (editor.readOnly && tool !== 'select') || editor.labelsFor(tool).length === 0;
          return (
            <Tooltip key={tool} title={disabled && tool !== 'select' && !editor.readOnly ? t('noLabel') : tip(t(`tools.${tool}`), `tool.${tool}` as const)}>
              <Button
                type={editor.tool === tool ? 'primary' : 'default'}
                aria-pressed={editor.tool === tool}
                aria-label={t(`tools.${tool}`)}
                aria-keyshortcuts={keysOf(`tool.${tool}` as const).join(' ')}
                disabled={disabled}
                onClick={() => editor.setTool(tool)}
                data-testid={`tool-${tool}`}
              >
                {ICON[tool]}
              </Button>
            </Tooltip>
          );
        })}
      </Space.Compact>
      {!editor.readOnly && (
        <Select
          className="ia-label-select"
          aria-label={t('label')}
          value={usable.some((l) => l.id === editor.labelId) ? editor.labelId : undefined}
          onChange={(v: string) => editor.chooseLabel(v)}
          data-testid="label-select"
          options={(drawing ? usable : editor.labels).map((l) => ({
            value: l.id,
            label: (
              <span>
                <span className="ia-swatch" style={{ background: l.color }} aria-hidden />
                {l.name}
                {l.hotkey && <kbd className="ia-kbd">{l.hotkey}</kbd>}
              </span>
            ),
          }))}
        />
      )}
      {(editor.tool === 'brush' || editor.tool === 'eraser') && (
        <Space size={6} className="ia-brush">
          <Typography.Text type="secondary" id="ia-brush-size">{t('brushSize')}</Typography.Text>
          <Slider min={1} max={200} value={editor.brushSize} onChange={(v) => editor.setBrushSize(v)} style={{ width: 110 }} ariaLabelledByForHandle="ia-brush-size" />
        </Space>
      )}
      <Divider orientation="vertical" />
      <Space.Compact>
        <Tooltip title={tip(t('zoomOut'), 'zoomOut')}>
          <Button aria-label={t('zoomOut')} icon={<ZoomOutOutlined aria-hidden />} onClick={() => editor.zoomBy(0.8)} />
        </Tooltip>
        <ZoomReadout editor={editor} />
        <Tooltip title={tip(t('zoomIn'), 'zoomIn')}>
          <Button aria-label={t('zoomIn')} icon={<ZoomInOutlined aria-hidden />} onClick={() => editor.zoomBy(1.25)} />
        </Tooltip>
        <Tooltip title={tip(t('fit'), 'fit')}>
          <Button aria-label={t('fit')} icon={<ExpandOutlined aria-hidden />} onClick={() => editor.fitView()} />
        </Tooltip>
        <Tooltip title={tip(t('actualSize'), 'actualSize')}>
          <Button aria-label={t('actualSize')} onClick={() => editor.actualSize()}>1:1</Button>
        </Tooltip>
      </Space.Compact>
      <Popover
        trigger="click"
        title={t('image')}
        content={
          <div className="ia-adjust">
            {(['brightness', 'contrast', 'gamma'] as const).map((k) => (
              <label key={k} className="ia-adjust-row">
                <span id={`ia-adj-${k}`}>{t(k)}</span>
                <Slider min={0.2} max={3} step={0.05} value={editor.adjust[k]} onChange={(v) => editor.setAdjust({ [k]: v })} ariaLabelledByForHandle={`ia-adj-${k}`} style={{ width: 160 }} data-testid={`adjust-${k}`} />
              </label>
            ))}
            <label className="ia-adjust-row">
              <span>{t('grid')}</span>
              <Switch size="small" checked={editor.showGrid} onChange={() => editor.toggleGrid()} aria-label={t('grid')} />
            </label>
            <Button size="small" onClick={() => editor.setAdjust({ brightness: 1, contrast: 1, gamma: 1 })}>{t('reset')}</Button>
          </div>
        }
      >
        <Button data-testid="adjust">{t('image')}</Button>
      </Popover>
    </div>
  );
}

/** Its own component: a wheel notch re-renders this button, not the whole toolbar. */
function ZoomReadout({ editor }: { editor: Editor }) {
  const { t } = useTranslation(NAMESPACE);
  const pct = useSyncExternalStore(
    (fn) => editor.subscribeView(fn),
    () => Math.round(editor.view.scale * 100),
  );
  return (
    <Button aria-label={t('zoom', { pct })} disabled className="ia-zoom" data-testid="zoom">
      {pct}%
    </Button>
  );
}
