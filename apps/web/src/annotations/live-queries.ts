import { queryOptions, usePrefetchQuery } from '@tanstack/react-query';
import type { Asset } from '@tessera/contracts';
import { http } from '../api/client';
import { projectQuery } from '../projects/api';

/** The live page's asset; as soon as it is known, its editor's chunk, file list and first slice are asked for too. */
export const liveAssetQuery = (assetId: string) =>
  queryOptions({
    queryKey: ['asset', assetId],
    queryFn: async ({ client }) => {
      const asset = await http.get<Asset>(`/assets/${assetId}`);
      void import('./editors').then((m) => m.prepareEditor(client, asset));
      return asset;
    },
  });

/**
 * Asks for the live page's project and asset as its route renders. The page's own queries start only when React
 * shows it, and React holds a page that arrives after its spinner back until the spinner has shown for 300 ms
 * (Suspense's reveal throttle): on the dicom bench the asset was asked for ~200 ms after the page's code had come.
 */
export function usePrefetchLivePage(projectId: string, assetId: string) {
  usePrefetchQuery(projectQuery(projectId));
  usePrefetchQuery(liveAssetQuery(assetId));
}
