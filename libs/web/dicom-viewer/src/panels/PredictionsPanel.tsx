import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Annotation, Label } from '@tessera/contracts';
import { PredictionReview } from '@tessera/web/editor-ui';
import { NAMESPACE } from '../i18n';

interface Props {
  predictions: readonly Annotation[];
  labels: readonly Label[];
  readOnly: boolean;
  onAccept: (list: readonly Annotation[]) => void;
  onReject: (list: readonly Annotation[]) => void;
}

/**
 * A model's segments and measurements, apart from people's work: each accepted
 * (it becomes the person's, naming the prediction it came from) or rejected on
 * its own, or all of them by a score threshold.
 */
export function PredictionsPanel({ predictions, labels, readOnly, onAccept, onReject }: Props) {
  const { t } = useTranslation(NAMESPACE);
  const [threshold, setThreshold] = useState(0.5);
  const nameOf = (id: string) => labels.find((l) => l.id === id)?.name ?? id;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <PredictionReview predictions={predictions} threshold={threshold} onThreshold={setThreshold} readOnly={readOnly} onAccept={onAccept} onReject={onReject} />
      {predictions.map((p) => (
        <div key={p.id} className="dv-row" data-testid="dicom-prediction" data-id={p.id}>
          <Typography.Text>{`${nameOf(p.labelId)} · ${p.geometry.type === 'segment' ? t('segmentKind') : t(`tools.${p.geometry.type}` as never, { defaultValue: p.geometry.type })} · ${(p.score ?? 0).toFixed(2)}`}</Typography.Text>
          {!readOnly && (
            <Space.Compact>
              <Button size="small" icon={<CheckOutlined aria-hidden />} aria-label={t('acceptPrediction', { name: nameOf(p.labelId) })} onClick={() => onAccept([p])} data-testid="dicom-prediction-accept" />
              <Button size="small" danger icon={<CloseOutlined aria-hidden />} aria-label={t('rejectPrediction', { name: nameOf(p.labelId) })} onClick={() => onReject([p])} data-testid="dicom-prediction-reject" />
            </Space.Compact>
          )}
        </div>
      ))}
    </Space>
  );
}
