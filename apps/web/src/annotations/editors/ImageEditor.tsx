import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ImageAnnotator, prepareImageEditor } from '@tessera/web/image-annotator';
import { useAssetFiles } from '../../assets/api';
import type { MediaEditorProps } from './index';

/** The editor's workers, started while the annotation set opens (prepareEditor). */
export const prepare = prepareImageEditor;

/** The image editor on the asset's picture. */
export default function ImageEditor({ asset, ...props }: MediaEditorProps) {
  const { t } = useTranslation();
  const files = useAssetFiles(asset.id, true);
  const url = files.data?.assetId === asset.id ? (files.data.items[0]?.url ?? null) : null;
  if (!asset.width || !asset.height || files.isPending) {
    return (
      <Flex justify="center" align="center" style={{ flex: 1 }}>
        <Spin aria-label={t('common.loading')} />
      </Flex>
    );
  }
  return <ImageAnnotator image={{ width: asset.width, height: asset.height, url }} {...props} />;
}
