import { usePrefetchQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { LivePage } from '../pages';
import { projectQuery } from '../projects/api';
import { editorAssetQuery } from './asset-query';

/**
 * The live page's route: its project and asset are asked for as it renders. The page's own queries start only when
 * React shows it, and React holds a page that arrives after its spinner back until the spinner has shown for 300 ms
 * (Suspense's reveal throttle): on the dicom bench the asset was asked for ~200 ms after the page's code had come.
 */
export function LiveRoute() {
  const { id = '', assetId = '' } = useParams();
  usePrefetchQuery(projectQuery(id));
  usePrefetchQuery(editorAssetQuery(assetId));
  return <LivePage />;
}
