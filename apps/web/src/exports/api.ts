import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AnnotationImportReport, ExportRequest, JobRun, Release, ReleaseCreateRequest, releaseDownload, releaseGrant, releaseGrantList, releaseList,
} from '@tessera/contracts';
import { apiFetch, http } from '../api/client';

export const releaseKeys = {
  project: (projectId: string) => ['releases', 'project', projectId] as const,
  mine: ['releases', 'mine'] as const,
  one: (id: string) => ['releases', 'one', id] as const,
  grants: (id: string) => ['releases', 'grants', id] as const,
};

/** A release still building is polled until it settles, so its row turns ready without a reload. */
const whileBuilding = (items: Release[] | undefined) => (items?.some((r) => r.state === 'building') ? 1500 : false);

export function useReleases(projectId: string, enabled = true) {
  return useQuery({
    queryKey: releaseKeys.project(projectId),
    queryFn: () => http.get<z.infer<typeof releaseList>>(`/projects/${projectId}/releases`),
    enabled,
    refetchInterval: (q) => whileBuilding(q.state.data?.items),
  });
}

export function useMyReleases() {
  return useQuery({
    queryKey: releaseKeys.mine,
    queryFn: () => http.get<z.infer<typeof releaseList>>('/me/releases'),
  });
}

export function useReleaseGrants(releaseId: string, enabled: boolean) {
  return useQuery({
    queryKey: releaseKeys.grants(releaseId),
    queryFn: () => http.get<z.infer<typeof releaseGrantList>>(`/releases/${releaseId}/grants`),
    enabled,
  });
}

export function useStartExport(projectId: string) {
  return useMutation({ mutationFn: (body: ExportRequest) => http.post<JobRun>(`/projects/${projectId}/exports`, body) });
}

export interface ImportForm {
  file: File;
  format: string;
  as: 'annotations' | 'predictions';
  modelName?: string;
  modelVersion?: string;
  mapping: Record<string, string | null>;
  skipBad: boolean;
  dryRun: boolean;
}

/** Multipart, so not through http.post (which sends JSON); apiFetch still adds the token and refreshes it. */
async function postImport(projectId: string, f: ImportForm): Promise<AnnotationImportReport | JobRun> {
  const form = new FormData();
  form.append('format', f.format);
  form.append('as', f.as);
  if (f.as === 'predictions') {
    if (f.modelName) form.append('modelName', f.modelName);
    if (f.modelVersion) form.append('modelVersion', f.modelVersion);
  }
  form.append('mapping', JSON.stringify(f.mapping));
  form.append('skipBad', String(f.skipBad));
  form.append('dryRun', String(f.dryRun));
  // The fields go first: the server reads the parts in order and stores the file as it streams past.
  form.append('file', f.file, f.file.name);
  const res = await apiFetch('POST', `/projects/${projectId}/annotation-imports`, { formData: form });
  return (await res.json()) as AnnotationImportReport | JobRun;
}

export function useImportAnnotations(projectId: string) {
  return useMutation({ mutationFn: (f: ImportForm) => postImport(projectId, f) });
}

export function useReleaseMutations(projectId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ['releases'] });
  return {
    cut: useMutation({
      mutationFn: (body: ReleaseCreateRequest) => http.post<Release>(`/projects/${projectId}/releases`, body),
      onSettled: refresh,
    }),
    grant: useMutation({
      mutationFn: ({ releaseId, ...body }: { releaseId: string; userId: string; expiresAt: string | null; watermark: boolean }) =>
        http.post<z.infer<typeof releaseGrant>>(`/releases/${releaseId}/grants`, body),
      onSettled: (_d, _e, v) => qc.invalidateQueries({ queryKey: releaseKeys.grants(v.releaseId) }),
    }),
    revoke: useMutation({
      mutationFn: ({ releaseId, userId }: { releaseId: string; userId: string }) => http.delete(`/releases/${releaseId}/grants/${userId}`),
      onSettled: (_d, _e, v) => qc.invalidateQueries({ queryKey: releaseKeys.grants(v.releaseId) }),
    }),
  };
}

/**
 * A release's archive comes through a short-lived signed link, which the
 * browser can follow itself (no bearer token needed), so a large archive
 * streams to disk instead of through memory.
 */
export async function downloadRelease(release: Release): Promise<void> {
  const link = await http.post<z.infer<typeof releaseDownload>>(`/releases/${release.id}/download`);
  const a = document.createElement('a');
  a.href = link.url;
  a.download = release.file?.fileName ?? `release-${release.number}.zip`;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
