import { queryOptions } from '@tanstack/react-query';
import type { Asset } from '@tessera/contracts';
import { http } from '../api/client';

/** An asset an editor page shows; as soon as it is known, its editor's chunk, file list and first slice are asked for too. */
export const editorAssetQuery = (assetId: string) =>
  queryOptions({
    queryKey: ['asset', assetId],
    queryFn: async ({ client }) => {
      const asset = await http.get<Asset>(`/assets/${assetId}`);
      void import('./editors').then((m) => m.prepareEditor(client, asset));
      return asset;
    },
  });
