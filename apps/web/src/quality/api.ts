import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AssetQuality, JobRun, PersonStatus, QualificationStatus, QualityReport, TaskQuality, assetQualityList, duplicateList } from '@tessera/contracts';
import { http } from '../api/client';

export type AssetQualityList = z.infer<typeof assetQualityList>;
export type DuplicateList = z.infer<typeof duplicateList>;

export const qualityKeys = {
  report: (projectId: string) => ['quality', 'report', projectId] as const,
  assets: (projectId: string, state?: string) => ['quality', 'assets', projectId, state ?? 'all'] as const,
  asset: (assetId: string) => ['quality', 'asset', assetId] as const,
  task: (taskId: string) => ['quality', 'task', taskId] as const,
  duplicates: (projectId: string) => ['quality', 'duplicates', projectId] as const,
  qualification: (projectId: string) => ['quality', 'qualification', projectId] as const,
};

/** The report; polled while a newer one is being computed. */
export function useQualityReport(projectId: string) {
  return useQuery({
    queryKey: qualityKeys.report(projectId),
    queryFn: () => http.get<QualityReport>(`/projects/${projectId}/quality`),
    refetchInterval: (q) => (q.state.data?.runningJobId ? 1500 : false),
  });
}

export function useRecomputeReport(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => http.post<JobRun>(`/projects/${projectId}/quality/report`),
    onSuccess: () => qc.invalidateQueries({ queryKey: qualityKeys.report(projectId) }),
  });
}

export function useSetPersonStatus(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ...body }: { userId: string; fullReview?: boolean; paused?: boolean }) => http.put<PersonStatus>(`/projects/${projectId}/quality/people/${userId}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: qualityKeys.report(projectId) }),
  });
}

export function useAssetQualityList(projectId: string, state?: string) {
  return useQuery({
    queryKey: qualityKeys.assets(projectId, state),
    queryFn: () => http.get<AssetQualityList>(`/projects/${projectId}/quality/assets${state ? `?state=${state}` : ''}`),
  });
}

export function useAssetQuality(assetId: string | null) {
  return useQuery({ queryKey: qualityKeys.asset(assetId ?? ''), queryFn: () => http.get<AssetQuality>(`/assets/${assetId}/quality`), enabled: !!assetId });
}

export function useAcceptConsensus(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (assetId: string) => http.post<AssetQuality>(`/assets/${assetId}/quality/accept`),
    onSuccess: (a) => {
      qc.setQueryData(qualityKeys.asset(a.assetId), a);
      void qc.invalidateQueries({ queryKey: ['quality', 'assets', projectId] });
      void qc.invalidateQueries({ queryKey: qualityKeys.report(projectId) });
    },
  });
}

/** Accept every agreed consensus of the project: a job, whose run the caller follows. */
export function useAcceptAgreed(projectId: string) {
  return useMutation({ mutationFn: () => http.post<JobRun>(`/projects/${projectId}/quality/accept`) });
}

export function useTaskQuality(taskId: string, enabled = true) {
  return useQuery({ queryKey: qualityKeys.task(taskId), queryFn: () => http.get<TaskQuality>(`/tasks/${taskId}/quality`), enabled: enabled && !!taskId, refetchInterval: (q) => (q.state.data?.rules ? false : 2000) });
}

/**
 * One page of a project's near-duplicate groups' members, largest groups first. Read again every few seconds
 * while new assets still wait for their fingerprints (for a few minutes at most: an asset whose fingerprint job
 * failed for good would otherwise keep the page asking).
 */
export function useDuplicates(projectId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...qualityKeys.duplicates(projectId), page, pageSize],
    queryFn: () => http.get<DuplicateList>(`/projects/${projectId}/duplicates`, { limit: pageSize, offset: page * pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => ((q.state.data?.pending ?? 0) > 0 && q.state.dataUpdateCount < 100 ? 3000 : false),
  });
}

/** Looks for near-duplicates among the project's unchecked assets; the list then counts them as pending and is read again. */
export function useDuplicateCheck(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => http.post<JobRun>(`/projects/${projectId}/duplicates/check`),
    onSettled: () => qc.invalidateQueries({ queryKey: qualityKeys.duplicates(projectId) }),
  });
}

export function useQualification(projectId: string | undefined) {
  return useQuery({ queryKey: qualityKeys.qualification(projectId ?? ''), queryFn: () => http.get<QualificationStatus>(`/projects/${projectId}/qualification`), enabled: !!projectId });
}

export function useQualificationMutations(projectId: string) {
  const qc = useQueryClient();
  const done = (s: QualificationStatus) => qc.setQueryData(qualityKeys.qualification(projectId), s);
  return {
    attempt: useMutation({ mutationFn: () => http.post<QualificationStatus>(`/projects/${projectId}/qualification/attempts`), onSuccess: done }),
    setItems: useMutation({ mutationFn: (assetIds: string[]) => http.put<QualificationStatus>(`/projects/${projectId}/qualification/items`, { assetIds }), onSuccess: done }),
  };
}
