import { queryOptions, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { assetList, AssetListQuery, JobRun } from '@tessera/contracts';
import { apiFetch, http } from '../api/client';
import { describeError } from '../api/ErrorAlert';

export type AssetPage = z.infer<typeof assetList>;
export type AssetFilters = Omit<AssetListQuery, 'limit' | 'offset'>;
export const PAGE_SIZE = 120;

function assetPageQuery(projectId: string, filters: AssetFilters, page: number) {
  return queryOptions({
    queryKey: ['assets', projectId, filters, page],
    queryFn: () => http.get<AssetPage>(`/projects/${projectId}/assets`, { ...filters, limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    staleTime: 5000,
    // While anything on the page is still being ingested, keep it fresh.
    refetchInterval: (q) => (q.state.data?.items.some((a) => a.status === 'pending') ? 2000 : false),
  });
}

export function useAssetPage(projectId: string, filters: AssetFilters, page: number) {
  return useQuery(assetPageQuery(projectId, filters, page));
}

/** The pages the grid's visible window touches; pages out of view are neither fetched nor kept fresh. */
export function useAssetPages(projectId: string, filters: AssetFilters, pages: number[]) {
  return useQueries({ queries: pages.map((p) => assetPageQuery(projectId, filters, p)) });
}

export const invalidateAssets = (qc: ReturnType<typeof useQueryClient>, projectId: string) => qc.invalidateQueries({ queryKey: ['assets', projectId] });

/** Sends a failed asset through ingest again and hands back the run to follow. */
export function useRetryAsset(projectId: string, onRun: (runId: string) => void) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (assetId: string) => http.post<JobRun>(`/assets/${assetId}/retry`),
    onSuccess: (run) => {
      message.success(t('assets.retried'));
      onRun(run.id);
      void invalidateAssets(qc, projectId);
    },
    onError: (e) => {
      const d = describeError(e, t);
      message.error(d.detail ?? d.title);
    },
  });
}

/**
 * Object URLs for thumbnails. The thumbnail route needs the bearer token, so
 * an <img src> cannot fetch it; we fetch the blob and keep the most recently
 * shown few hundred (far more than fit on a screen), revoking older ones so a
 * long scroll through 100,000 assets does not hold 100,000 blobs.
 */
const cache = new Map<string, Promise<string>>();
const MAX_CACHED = 400;

export function thumbnailUrl(assetId: string): Promise<string> {
  const hit = cache.get(assetId);
  if (hit) {
    // Re-insert: Map keeps insertion order, so this makes it the newest.
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
