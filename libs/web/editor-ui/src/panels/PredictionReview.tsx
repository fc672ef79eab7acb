import { Button, Slider, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import { byThreshold } from '../predictions';

export interface PredictionReviewProps {
  predictions: readonly Annotation[];
  threshold: number;
  onThreshold: (t: number) => void;
  readOnly: boolean;
  onAccept: (list: readonly Annotation[]) => void;
  onReject: (list: readonly Annotation[]) => void;
}

/** A model's predictions by score: accept everything at or above a threshold, reject everything below it. */
export function PredictionReview({ predictions, threshold, onThreshold, readOnly, onAccept, onReject }: PredictionReviewProps) {
  const { t } = useTranslation(NAMESPACE);
  const { above, below } = byThreshold(predictions, threshold);
  const shown = threshold.toFixed(2);
  return (
    <div>
      <label className="eu-row-field">
        <span id="eu-threshold">{t('threshold')}</span>
        <Slider min={0} max={1} step={0.05} value={threshold} onChange={onThreshold} style={{ flex: 1 }} ariaLabelledByForHandle="eu-threshold" />
        <Typography.Text>{shown}</Typography.Text>
      </label>
      <Space wrap>
        <Button size="small" type="primary" disabled={readOnly || !above.length} onClick={() => onAccept(above)} data-testid="accept-above">
          {t('acceptAbove', { t: shown })}
        </Button>
        <Button size="small" danger disabled={readOnly || !below.length} onClick={() => onReject(below)} data-testid="reject-below">
          {t('rejectBelow', { t: shown })}
        </Button>
      </Space>
    </div>
  );
}
