import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  LabelSchemaUpdateRequest,
  Project,
  ProjectCreateRequest,
  ProjectListQuery,
  ProjectMember,
  ProjectMemberAddRequest,
  ProjectUpdateRequest,
  SchemaVersion,
  projectList,
  projectMemberList,
  schemaVersionList,
} from '@tessera/contracts';
import { http } from '../api/client';

export type ProjectList = z.infer<typeof projectList>;
export type SchemaVersionList = z.infer<typeof schemaVersionList>;

export const projectKeys = {
  all: ['projects'] as const,
  list: (q: ProjectListQuery) => ['projects', 'list', q] as const,
  detail: (id: string) => ['projects', 'detail', id] as const,
  versions: (id: string) => ['projects', 'detail', id, 'versions'] as const,
  version: (id: string, v: number) => ['projects', 'detail', id, 'versions', v] as const,
  members: (id: string) => ['projects', 'detail', id, 'members'] as const,
};

export function useProjects(query: ProjectListQuery) {
  return useQuery({
    queryKey: projectKeys.list(query),
    queryFn: () => http.get<ProjectList>('/projects', { ...query }),
    placeholderData: keepPreviousData,
  });
}

/** One project: read by its pages, and asked for ahead of them where a route knows it will be wanted. */
export const projectQuery = (id: string) => queryOptions({ queryKey: projectKeys.detail(id), queryFn: () => http.get<Project>(`/projects/${id}`) });

export function useProject(id: string | undefined) {
  return useQuery({ ...projectQuery(id ?? ''), enabled: !!id });
}

export function useSchemaVersions(id: string | undefined) {
  return useQuery({
    queryKey: projectKeys.versions(id ?? ''),
    queryFn: () => http.get<SchemaVersionList>(`/projects/${id}/schema-versions`),
    enabled: !!id,
  });
}

export function useSchemaVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: projectKeys.version(id, version ?? 0),
    queryFn: () => http.get<SchemaVersion>(`/projects/${id}/schema-versions/${version}`),
    enabled: version !== null,
    staleTime: Infinity, // old versions never change
  });
}

export function useProjectMembers(id: string) {
  return useQuery({
    queryKey: projectKeys.members(id),
    queryFn: () => http.get<z.infer<typeof projectMemberList>>(`/projects/${id}/members`),
  });
}

export function useProjectMutations(id?: string) {
  const qc = useQueryClient();
  const store = (p: Project) => {
    qc.setQueryData(projectKeys.detail(p.id), p);
    void qc.invalidateQueries({ queryKey: ['projects', 'list'] });
  };
  return {
    create: useMutation({
      mutationFn: (body: ProjectCreateRequest) => http.post<Project>('/projects', body),
      onSuccess: store,
    }),
    update: useMutation({
      mutationFn: (body: ProjectUpdateRequest) => http.patch<Project>(`/projects/${id}`, body),
      onSuccess: store,
    }),
    saveSchema: useMutation({
      mutationFn: (body: LabelSchemaUpdateRequest) => http.put<Project>(`/projects/${id}/label-schema`, body),
      onSuccess: (p) => {
        store(p);
        void qc.invalidateQueries({ queryKey: projectKeys.versions(p.id) });
      },
    }),
    archive: useMutation({
      mutationFn: (pid: string) => http.post<Project>(`/projects/${pid}/archive`),
      onSuccess: store,
    }),
    restore: useMutation({
      mutationFn: (pid: string) => http.post<Project>(`/projects/${pid}/restore`),
      onSuccess: store,
    }),
    remove: useMutation({
      mutationFn: (pid: string) => http.delete(`/projects/${pid}`),
      // The page leaves for the list; its project, gone, is not fetched again under it (a flash of "not found").
      onSuccess: () => qc.invalidateQueries({ queryKey: ['projects', 'list'] }),
    }),
    addMember: useMutation({
      mutationFn: (body: ProjectMemberAddRequest) => http.post<ProjectMember>(`/projects/${id}/members`, body),
      onSettled: () => qc.invalidateQueries({ queryKey: projectKeys.members(id ?? '') }),
    }),
    removeMember: useMutation({
      mutationFn: (userId: string) => http.delete(`/projects/${id}/members/${userId}`),
      onSettled: () => qc.invalidateQueries({ queryKey: projectKeys.members(id ?? '') }),
    }),
  };
}
