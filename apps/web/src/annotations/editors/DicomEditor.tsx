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
  const instances = useMemo(() => (first ? first.filter((f) => f.kind === 'instance') : []), [asset.id, !!first]);
  const urls = useMemo(() => instances.map((f) => f.url), [instances]);
  // Where each slice lies: MPR builds its volume from it at once instead of after every file is loaded.
  const geometry = useMemo(() => instances.map((f) => f.geometry), [instances]);
  if (!ready) {
    performance.mark('tessera:dicom:editor-waits-for-files');
    return (
      <Flex justify="center" align="center" style={{ flex: 1 }}>
        <Spin aria-label={t('common.loading')} />
      </Flex>
    );
  }
  // Ingest decides whether the series is a volume (one orientation, regular spacing): only then is MPR offered.
  return <DicomViewer urls={urls} geometry={geometry} modality={typeof asset.metadata?.modality === 'string' ? asset.metadata.modality : undefined} volume={asset.metadata?.volume === true} {...props} />;
}
