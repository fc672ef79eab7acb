import { Slider, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import type { DicomEngine } from '../engine/viewer';
import { isSegment } from '../engine/segments';

/** The schema's segment labels: visibility, how many slices each has, and the labelmap's opacity. */
export function SegmentsPanel({ engine, annotations }: { engine: DicomEngine; annotations: readonly Annotation[] }) {
  const { t } = useTranslation(NAMESPACE);
  const slicesOf = (labelId: string) => {
    const keys = new Set<string>();
    for (const a of annotations) if (isSegment(a) && a.labelId === labelId) for (const k of Object.keys(a.geometry.slices)) keys.add(k);
    return keys.size;
  };
  return (
    <div>
      {engine.segmentLabels().map((l) => {
        const count = slicesOf(l.id);
        return (
          <div key={l.id} className="dv-row" data-testid="dicom-segment" data-label={l.id} data-slices={count}>
            <button type="button" className="dv-row-main" onClick={() => engine.chooseLabel(l.id)} aria-pressed={engine.labelId === l.id}>
              <span>
                <span className="dv-swatch" style={{ background: l.color }} aria-hidden />
                <Typography.Text strong={engine.labelId === l.id}>{l.name}</Typography.Text>
              </span>
              <span className="dv-row-value">{t('segmentSlices', { count })}</span>
            </button>
            <Switch size="small" checked={!engine.hidden.has(l.id)} onChange={(on) => engine.setHidden(l.id, !on)} aria-label={t('show', { name: l.name })} />
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
