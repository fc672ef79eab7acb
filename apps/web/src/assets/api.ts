import { queryOptions, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { AssetChoice, AssetDeletion, AssetFileList, assetList, AssetListQuery, JobRun } from '@tessera/contracts';
import { http } from '../api/client';
import { describeError } from '../api/ErrorAlert';
import { useMessage } from '../shell/icon-labels';

export type AssetPage = z.infer<typeof assetList>;
export type AssetFilters = Omit<AssetListQuery, 'limit' | 'offset'>;
export const PAGE_SIZE = 120;

function assetPageQuery(projectId: string, filters: AssetFilters, page: number) {
  return queryOptions({
    queryKey: ['assets', projectId, filters, page],
    queryFn: () => http.get<AssetPage>(`/projects/${projectId}/assets`, { ...filters, limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    staleTime: 5000,
    // While anything on the page is still being ingested, keep it fresh. Otherwise refresh it now and
    // then anyway: its signed thumbnail URLs work for about five minutes, and cells scrolled into view
    // later take them from this page.
    refetchInterval: (q) => (q.state.data?.items.some((a) => a.status === 'pending') ? 2000 : 4 * 60_000),
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

/** Deletes an asset (with its annotations and tasks); the list is read again. */
export function useDeleteAsset(projectId: string) {
  return useDeletion(projectId, (assetId: string) => http.delete(`/assets/${assetId}`));
}

/**
 * Deletes the assets a person chose at once; the list is read again, also when the server refused because the
 * choice has changed meanwhile (the counts then show what is there now).
 */
export function useDeleteAssets(projectId: string) {
  return useDeletion(projectId, (choice: AssetDeletion) => http.post<{ deleted: number }>(`/projects/${projectId}/assets/delete`, choice));
}

function useDeletion<T>(projectId: string, mutationFn: (what: T) => Promise<unknown>) {
  const qc = useQueryClient();
  const message = useMessage();
  const { t } = useTranslation();
  return useMutation({
    mutationFn,
    onSuccess: () => message.success(t('assets.deleted')),
    onError: (e) => {
      const d = describeError(e, t);
      message.error(d.detail ?? d.title);
    },
    onSettled: () => invalidateAssets(qc, projectId),
  });
}

/** Sends a failed asset through ingest again and hands back the run to follow. */
export function useRetryAsset(projectId: string, onRun: (runId: string) => void) {
  return useRetry(projectId, onRun, (assetId: string) => http.post<JobRun>(`/assets/${assetId}/retry`));
}

/** Sends the failed ones among the chosen assets through ingest again, as one run to follow. */
export function useRetryAssets(projectId: string, onRun: (runId: string) => void) {
  return useRetry(projectId, onRun, (choice: AssetChoice) => http.post<JobRun>(`/projects/${projectId}/assets/retry`, choice));
}

function useRetry<T>(projectId: string, onRun: (runId: string) => void, mutationFn: (what: T) => Promise<JobRun>) {
  const qc = useQueryClient();
  const message = useMessage();
  const { t } = useTranslation();
  return useMutation({
    mutationFn,
    onSuccess: (run) => {
      message.success(t('assets.retried', { count: run.counts.total }));
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
 * The opened asset's bytes as signed URLs (GET /assets/{id}/files): fetched
 * only for the drawer, never for grid cells, whose thumbnails come signed with
 * the list. The URLs need no Authorization header, so <img src> (and later
 * Cornerstone's wadouri: loader) use them as they are. Refetched before they expire.
 */
export function useAssetFiles(assetId: string | undefined, enabled: boolean) {
  return useQuery({ ...assetFilesQuery(assetId), enabled: enabled && !!assetId, refetchInterval: 4 * 60_000 });
}

function assetFilesQuery(assetId: string | undefined) {
  return queryOptions({
    queryKey: ['asset-files', assetId],
    queryFn: () => http.get<AssetFileList>(`/assets/${assetId}/files`),
    staleTime: 60_000,
  });
}

/** The same list as `useAssetFiles`, asked for ahead of the component that shows it (the editor's host does, while the editor's code loads). */
export function prefetchAssetFiles(qc: ReturnType<typeof useQueryClient>, assetId: string): Promise<AssetFileList> {
  return qc.fetchQuery(assetFilesQuery(assetId));
}

/** An asset's text behind its signed URL: a plain fetch, no token. Keyed by the asset, so a re-signed URL fetches nothing again. */
export function useSignedText(assetId: string | undefined, url: string | undefined) {
  return useQuery({
    queryKey: ['signed-text', assetId],
    queryFn: async () => {
      const res = await fetch(url!);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.text();
    },
    enabled: !!url,
    staleTime: Infinity,
  });
}
