import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MediaEditorProps } from './index';
import { PreviewFrame, usePreviewSelection } from './PreviewFrame';

/**
 * A DICOM series described, its annotations listed, in the editors' frame:
 * the place libs/web/dicom-viewer takes when it exists.
 */
export default function DicomPreview(props: MediaEditorProps) {
  const { t } = useTranslation();
  const [selection, select] = usePreviewSelection(props);
  const { asset } = props;
  const m = asset.metadata;
  return (
    <PreviewFrame testId="dicom-preview" editor={props} selection={selection} onSelect={select}>
      <div className="dicom-preview" data-testid="dicom-card">
        {asset.thumbnailUrl && <img src={asset.thumbnailUrl} alt={asset.name} />}
        <Descriptions
          size="small"
          column={1}
          title={t('tasks.task.dicomSeries')}
          items={[
            { key: 'modality', label: t('tasks.task.modality'), children: String(m.modality ?? '—') },
            { key: 'count', label: t('assets.instances'), children: t('tasks.task.instances', { count: Number(m.instanceCount ?? 0) }) },
          ]}
        />
      </div>
    </PreviewFrame>
  );
}
