import { Button, Descriptions, Empty, Space, Spin, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Model, ModelVersionAccuracy } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { downloadWithAuth } from '../api/download';
import { useModelAccuracy } from './api';
import { useProjectLabels } from './project-labels';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/** Each version's figures against the work people accepted, and the CSV of them. */
export function AccuracyPanel({ model }: { model: Model }) {
  const { t } = useTranslation();
  const accuracy = useModelAccuracy(model.id);
  const { nameOf } = useProjectLabels(model.projectIds);
  if (accuracy.isPending) return <Spin />;
  if (accuracy.error) return <ErrorAlert error={accuracy.error} />;
  const versions = accuracy.data.versions;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="model-accuracy-panel">
      <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void downloadWithAuth(`/models/${model.id}/accuracy.csv`, `${model.name}-accuracy.csv`)}>
        {t('models.csv')}
      </Button>
      {!versions.length && <Empty description={t('models.noPredictions')} />}
      {versions.map((v: ModelVersionAccuracy) => (
        <div key={v.version}>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} title={t('models.versionTitle', { version: v.version })}>
            <Descriptions.Item label={t('models.figures.assets')}>{t('models.figures.assetsText', { assets: v.assets, compared: v.comparedAssets })}</Descriptions.Item>
            <Descriptions.Item label={t('models.figures.predictions')}>{v.predictions}</Descriptions.Item>
            <Descriptions.Item label={t('models.figures.accepted')}>
              <span data-testid="accepted-share">{pct(v.acceptedShare)}</span> ({v.accepted})
            </Descriptions.Item>
            {v.boxes && (
              <>
                <Descriptions.Item label={t('models.figures.map50')}><span data-testid="map50">{pct(v.boxes.mAP50)}</span></Descriptions.Item>
                <Descriptions.Item label={t('models.figures.map')}>{pct(v.boxes.mAP)}</Descriptions.Item>
              </>
            )}
            {v.spans && (
              <>
                <Descriptions.Item label={t('models.figures.spanExact')}>{t('models.figures.prf', { p: num(v.spans.exact.precision), r: num(v.spans.exact.recall), f: num(v.spans.exact.f1) })}</Descriptions.Item>
                <Descriptions.Item label={t('models.figures.spanOverlap')}>{t('models.figures.prf', { p: num(v.spans.overlap.precision), r: num(v.spans.overlap.recall), f: num(v.spans.overlap.f1) })}</Descriptions.Item>
              </>
            )}
            {v.masks && <Descriptions.Item label={t('models.figures.dice')}>{num(v.masks.dice)}</Descriptions.Item>}
            {v.ocr && <Descriptions.Item label={t('models.figures.cer')}>{pct(v.ocr.cer)}</Descriptions.Item>}
            <Descriptions.Item label={t('models.figures.activeTime')}>
              {t('models.figures.activeText', {
                with: v.activeSeconds.withPredictions ?? '—', without: v.activeSeconds.withoutPredictions ?? '—',
                nWith: v.activeSeconds.tasksWith, nWithout: v.activeSeconds.tasksWithout,
              })}
            </Descriptions.Item>
          </Descriptions>
          {v.boxes && v.boxes.perLabel.length > 0 && (
            <Table
              size="small"
              rowKey="labelId"
              pagination={false}
              dataSource={v.boxes.perLabel}
              style={{ marginTop: 8 }}
              columns={[
                { key: 'label', title: t('models.figures.label'), render: (_, l) => <Typography.Text data-label-id={l.labelId}>{nameOf(l.labelId)}</Typography.Text> },
                { key: 'ap50', title: t('models.figures.ap50'), render: (_, l) => pct(l.ap50) },
                { key: 'ap', title: t('models.figures.ap'), render: (_, l) => pct(l.ap) },
              ]}
            />
          )}
        </div>
      ))}
    </Space>
  );
}
