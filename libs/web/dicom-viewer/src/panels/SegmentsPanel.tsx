import { Button, Slider, Switch, Tooltip, Typography } from 'antd';
import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import type { DicomEngine } from '../engine/viewer';
import { isPrediction } from '@tessera/web/editor-ui/core';
import { isSegment } from '../engine/segments';
import './seg.css';

/** The schema's segment labels: visibility, lock and opacity of each, how many slices each has (people's work: predictions are counted in their own panel), and the labelmap's opacity. */
export function SegmentsPanel({ engine, annotations }: { engine: DicomEngine; annotations: readonly Annotation[] }) {
  const { t } = useTranslation(NAMESPACE);
  const slicesOf = (labelId: string) => {
    const keys = new Set<string>();
    for (const a of annotations) if (isSegment(a) && a.labelId === labelId && !isPrediction(a)) for (const k of Object.keys(a.geometry.slices)) keys.add(k);
    return keys.size;
  };
  return (
    <div>
      {engine.segmentLabels().map((l) => {
        const count = slicesOf(l.id);
        const locked = engine.isLocked(l.id);
        return (
          <div key={l.id} className="dv-row" data-testid="dicom-segment" data-label={l.id} data-slices={count} data-locked={locked} data-hidden={engine.hidden.has(l.id)}>
            <button type="button" className="dv-row-main" onClick={() => engine.chooseLabel(l.id)} aria-pressed={engine.labelId === l.id}>
              <span>
                <span className="dv-swatch" style={{ background: l.color }} aria-hidden />
                <Typography.Text strong={engine.labelId === l.id}>{l.name}</Typography.Text>
              </span>
              <span className="dv-row-value">{t('segmentSlices', { count })}</span>
            </button>
            <span className="dv-seg-controls">
              <Slider
                className="dv-seg-opacity"
                min={0}
                max={1}
                step={0.05}
                value={engine.segmentOpacity(l.id)}
                onChange={(v: number) => engine.setSegmentOpacity(l.id, v)}
                ariaLabelForHandle={t('segmentOpacity', { name: l.name })}
                tooltip={{ formatter: (v) => `${Math.round((v ?? 0) * 100)}%` }}
              />
              <Tooltip title={t(locked ? 'unlock' : 'lock', { name: l.name })}>
                <Button
                  size="small"
                  type="text"
                  aria-pressed={locked}
                  aria-label={t('lock', { name: l.name })}
                  icon={locked ? <LockOutlined aria-hidden /> : <UnlockOutlined aria-hidden />}
                  onClick={() => engine.setLocked(l.id, !locked)}
                  data-testid="dicom-segment-lock"
                />
              </Tooltip>
              <Switch size="small" checked={!engine.hidden.has(l.id)} onChange={(on) => engine.setHidden(l.id, !on)} aria-label={t('show', { name: l.name })} />
            </span>
          </div>
        );
      })}
      <div className="dv-row">
        <span>{t('opacity')}</span>
        <Slider style={{ flex: 1 }} min={0} max={1} step={0.05} value={engine.opacity} onChange={(v: number) => engine.setOpacity(v)} ariaLabelForHandle={t('opacity')} />
      </div>
    </div>
  );
}
