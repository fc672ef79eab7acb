import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { assetList, AssetListQuery } from '@tessera/contracts';
import { apiFetch, http } from '../api/client';

export type AssetPage = z.infer<typeof assetList>;
export const PAGE_SIZE = 120;

export function useAssetPage(projectId: string, filters: Omit<AssetListQuery, 'limit' | 'offset'>, page: number, enabled = true) {
  return useQuery({
    queryKey: ['assets', projectId, filters, page],
    queryFn: () => http.get<AssetPage>(`/projects/${projectId}/assets`, { ...filters, limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    enabled,
    staleTime: 5000,
    // While anything on the page is still being ingested, keep it fresh.
    refetchInterval: (q) => (q.state.data?.items.some((a) => a.status === 'pending') ? 2000 : false),
  });
}

/**
 * Object URLs for thumbnails, fetched with the bearer token and kept for the
 * most recently shown few hundred; older ones are revoked to free memory.
 */
const cache = new Map<string, Promise<string>>();
const MAX_CACHED = 400;

export function thumbnailUrl(assetId: string): Promise<string> {
  const hit = cache.get(assetId);
  if (hit) {
    cache.delete(assetId);
    cache.set(assetId, hit);
    return hit;
  }
  const p = apiFetch('GET', `/assets/${assetId}/thumbnail`).then(async (r) => URL.createObjectURL(await r.blob()));
  cache.set(assetId, p);
  p.catch(() => cache.delete(assetId));
  while (cache.size > MAX_CACHED) {
    const [oldest, url] = cache.entries().next().value as [string, Promise<string>];
    cache.delete(oldest);
    url.then(URL.revokeObjectURL, () => undefined);
  }
  return p;
}

export async function contentBlob(assetId: string): Promise<Blob> {
  return (await apiFetch('GET', `/assets/${assetId}/content`)).blob();
}
