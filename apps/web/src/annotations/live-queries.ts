import { usePrefetchQuery } from '@tanstack/react-query';
import { projectQuery } from '../projects/api';
import { editorAssetQuery } from './asset-query';

/**
 * Asks for the live page's project and asset as its route renders. The page's own queries start only when React
 * shows it, and React holds a page that arrives after its spinner back until the spinner has shown for 300 ms
 * (Suspense's reveal throttle): on the dicom bench the asset was asked for ~200 ms after the page's code had come.
 */
export function usePrefetchLivePage(projectId: string, assetId: string) {
  usePrefetchQuery(projectQuery(projectId));
  usePrefetchQuery(editorAssetQuery(assetId));
}
