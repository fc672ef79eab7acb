import { useMemo } from 'react';
import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { DicomViewer } from '@tessera/web/dicom-viewer';
import { useAssetFiles } from '../../assets/api';
import type { MediaEditorProps } from './index';

/**
 * The DICOM viewer on the asset's series: every instance through its signed
 * URL, in slice order. The URLs are kept from the first answer (a re-signed
 * list every few minutes must not reopen the series; Cornerstone has the
 * bytes by then).
 */
export default function DicomEditor({ asset, ...props }: MediaEditorProps) {
  const { t } = useTranslation();
  const files = useAssetFiles(asset.id, true);
  const ready = files.data?.assetId === asset.id;
  const first = ready ? files.data!.items : null;
  const urls = useMemo(() => (first ? first.filter((f) => f.kind === 'instance').map((f) => f.url) : []), [asset.id, !!first]);
  if (!ready) {
    performance.mark('tessera:dicom:editor-waits-for-files');
    return (
      <Flex justify="center" align="center" style={{ flex: 1 }}>
        <Spin aria-label={t('common.loading')} />
      </Flex>
    );
  }
  // Ingest decides whether the series is a volume (one orientation, regular spacing): only then is MPR offered.
  return <DicomViewer urls={urls} volume={asset.metadata?.volume === true} {...props} />;
}
