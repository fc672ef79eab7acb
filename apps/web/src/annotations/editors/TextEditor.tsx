import { Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { TextAnnotator } from '@tessera/web/text-annotator';
import { useAssetFiles, useSignedText } from '../../assets/api';
import type { MediaEditorProps } from './index';

/** The text editor on the asset's document, fetched through its signed URL. */
export default function TextEditor({ asset, ...props }: MediaEditorProps) {
  const { t } = useTranslation();
  const files = useAssetFiles(asset.id, true);
  const url = files.data?.assetId === asset.id ? files.data.items[0]?.url : undefined;
  const text = useSignedText(asset.id, url).data;
  if (text === undefined) return <Skeleton aria-label={t('tasks.task.loadingAsset')} />;
  return <TextAnnotator text={text} {...props} />;
}
