import { App, Button, Select, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { BlockOutlined, BorderOutlined, ClearOutlined, ExperimentOutlined, FormatPainterOutlined, InfoCircleFilled, NodeExpandOutlined, ScissorOutlined, StopOutlined } from '@ant-design/icons';
import { DICOM_VIEWER_KEYS } from '@tessera/contracts';
import { NumberInput } from '@tessera/web/editor-ui';
import { NAMESPACE } from '../i18n';
import { OWN_SEG_TOOLS, type OwnSegTool } from '../engine/seg-interaction';
import type { DicomEngine } from '../engine/viewer';
import './seg.css';

const ICON: Record<OwnSegTool, React.ReactNode> = {
  regionGrow: <NodeExpandOutlined aria-hidden />, sphereBrush: <FormatPainterOutlined aria-hidden />, sphereEraser: <ClearOutlined aria-hidden />,
  rectScissors: <BorderOutlined aria-hidden />, circleScissors: <ScissorOutlined aria-hidden />, sphereScissors: <ExperimentOutlined aria-hidden />,
};
const keysOf = (id: keyof typeof DICOM_VIEWER_KEYS): readonly string[] => DICOM_VIEWER_KEYS[id].keys;

/** The segmentation tools beyond Cornerstone's brush, and their settings while one is chosen. */
export function SegToolbar({ engine }: { engine: DicomEngine }) {
  const { t } = useTranslation(NAMESPACE);
  const { message } = App.useApp();
  if (engine.readOnly) return null;
  const noLabel = !engine.segmentLabels().length;
  const seg = engine.segTools;
  const tool = engine.tool as string;
  const tip = (label: string, id: keyof typeof DICOM_VIEWER_KEYS) => `${label} (${keysOf(id).join(' / ')})`;
  const fill = () => {
    const n = engine.fillHoles();
    // antd's own sign would be read out as "info-circle" before the notice.
    void message.info({ content: t('fillHolesDone', { count: n }), icon: <InfoCircleFilled aria-hidden /> });
  };
  return (
    <>
      <Space.Compact>
        {OWN_SEG_TOOLS.map((name) => (
          <Tooltip key={name} title={noLabel ? t('noLabel') : tip(t(`tools.${name}`), `tool.${name}`)}>
            <Button
              type={tool === name ? 'primary' : 'default'}
              aria-pressed={tool === name}
              aria-label={t(`tools.${name}`)}
              aria-keyshortcuts={keysOf(`tool.${name}`).join(' ')}
              disabled={noLabel}
              onClick={() => engine.setTool(name)}
              data-testid={`dicom-tool-${name}`}
            >
              {ICON[name]}
            </Button>
          </Tooltip>
        ))}
        <Tooltip title={tip(t('fillHoles'), 'fillHoles')}>
          <Button aria-label={t('fillHoles')} aria-keyshortcuts={keysOf('fillHoles').join(' ')} disabled={noLabel || !engine.state.segmentationReady} onClick={fill} icon={<BlockOutlined aria-hidden />} data-testid="dicom-fill-holes" />
        </Tooltip>
      </Space.Compact>
      {tool === 'regionGrow' && (
        <Space size={4}>
          <Tooltip title={tip(t('toleranceLabel'), 'toleranceUp')}>
            <NumberInput
              size="small"
              min={1}
              max={1000}
              step={5}
              value={seg.grow.tolerance}
              onChange={(v) => v && engine.setGrow({ tolerance: v })}
              aria-label={t('toleranceLabel')}
              prefix="±"
              suffix="HU"
              style={{ width: 100 }}
            />
          </Tooltip>
          <span className="dv-sr-only" data-testid="dicom-tolerance">{t('tolerance', { hu: seg.grow.tolerance })}</span>
          <Select
            size="small"
            aria-label={t('growModeLabel')}
            value={seg.grow.mode}
            onChange={(mode) => engine.setGrow({ mode })}
            options={(['2d', '3d'] as const).map((m) => ({ value: m, label: t(`growMode.${m}`) }))}
            data-testid="dicom-grow-mode"
            style={{ width: 130 }}
          />
          <Select
            size="small"
            aria-label={t('connectivityLabel')}
            value={seg.grow.connectivity}
            onChange={(connectivity) => engine.setGrow({ connectivity })}
            options={([6, 26] as const).map((c) => ({ value: c, label: t(`connectivity.c${c}`) }))}
            data-testid="dicom-connectivity"
            popupMatchSelectWidth={false}
            style={{ width: 150 }}
          />
        </Space>
      )}
      {(tool === 'sphereBrush' || tool === 'sphereEraser') && (
        <Space size={4}>
          <span>{t('radius')}</span>
          <NumberInput size="small" min={1} max={100} value={engine.brushSize} onChange={(v) => v && engine.setBrushSize(v)} aria-label={t('radius')} style={{ width: 64 }} />
        </Space>
      )}
      {engine.segTools.lastGrow && tool === 'regionGrow' && (
        <span className="dv-grow-result" role="status" data-testid="dicom-grow-result" data-voxels={engine.segTools.lastGrow.voxels}>
          {engine.segTools.lastGrow.truncated ? (
            <>
              <StopOutlined aria-hidden /> {t('grownTruncated', { voxels: engine.segTools.lastGrow.voxels })}
            </>
          ) : (
            t('grown', { voxels: engine.segTools.lastGrow.voxels, slices: engine.segTools.lastGrow.slices, hu: engine.segTools.lastGrow.seedHu })
          )}
        </span>
      )}
    </>
  );
}
