import { Button, Empty, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Annotation, Label } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import type { DicomEngine } from '../engine/viewer';
import { angleAt, distance } from '../engine/stats';

const r1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/** Each measurement with its value (length, angle, axes, or the ROI's HU statistics), its slice, and a way to it. */
export function MeasurementsPanel({ engine, annotations, labels }: { engine: DicomEngine; annotations: readonly Annotation[]; labels: readonly Label[] }) {
  const { t } = useTranslation(NAMESPACE);
  if (!annotations.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noMeasurements')} />;
  const label = (id: string) => labels.find((l) => l.id === id);
  return (
    <div>
      {annotations.map((a) => {
        const g = a.geometry as { type: string; sliceIndex: number; points: number[][] };
        let value = '';
        let data: Record<string, string> = {};
        if (g.type === 'length') value = t('lengthValue', { mm: r1(distance(g.points[0], g.points[1])) });
        else if (g.type === 'angle') value = t('angleValue', { deg: r1(angleAt(g.points[0], g.points[1], g.points[2])) });
        else if (g.type === 'bidirectional') value = t('bidirectionalValue', { long: r1(distance(g.points[0], g.points[1])), short: r1(distance(g.points[2], g.points[3])) });
        else {
          const s = engine.statsOf(a);
          if (s) {
            value = t('stats', { mean: r1(s.mean), sd: r1(s.sd), min: Math.round(s.min), max: Math.round(s.max), area: r1(s.area) });
            data = { 'data-mean': String(s.mean), 'data-area': String(s.area) };
          }
        }
        const l = label(a.labelId);
        const selected = engine.selectedId === a.id;
        return (
          <div key={a.id} className={`dv-row${selected ? ' is-selected' : ''}`} data-testid="dicom-measurement" data-id={a.id} data-type={g.type} data-slice={g.sliceIndex} data-selected={selected} {...data}>
            {/* Goes to its slice and selects it: a review comment written now pins to it. */}
            <button type="button" className="dv-row-main" aria-pressed={selected} onClick={() => (engine.jumpTo(a), engine.select(a.id))} title={t('go', { n: g.sliceIndex + 1 })}>
              <span>
                <span className="dv-swatch" style={{ background: l?.color ?? '#999' }} aria-hidden />
                <Typography.Text>{`${l?.name ?? a.labelId} · ${t(`tools.${g.type as 'length'}`)}`}</Typography.Text>
              </span>
              <span className="dv-row-value">{`${value} · ${t('onSlice', { n: g.sliceIndex + 1 })}`}</span>
            </button>
            {!engine.readOnly && <Button size="small" type="text" icon={<DeleteOutlined aria-hidden />} aria-label={t('remove')} onClick={() => engine.deleteAnnotation(a.id)} />}
          </div>
        );
      })}
    </div>
  );
}
