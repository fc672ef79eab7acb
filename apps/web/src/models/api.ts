import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AutoAnnotateRequest, JobRun, Model, ModelAccuracy, ModelCreateRequest, ModelKindInfo, ModelList, ModelUpdateRequest, PreannotationRequest, ProjectModel } from '@tessera/contracts';
import { http } from '../api/client';

export const modelKeys = {
  all: ['models'] as const,
  kinds: ['models', 'kinds'] as const,
  accuracy: (id: string) => ['models', id, 'accuracy'] as const,
};

export function useModels() {
  return useQuery({ queryKey: modelKeys.all, queryFn: () => http.get<ModelList>('/models') });
}

export function useModelKinds() {
  return useQuery({ queryKey: modelKeys.kinds, queryFn: () => http.get<{ items: ModelKindInfo[] }>('/model-kinds'), staleTime: Infinity });
}

export function useModelAccuracy(id: string) {
  return useQuery({ queryKey: modelKeys.accuracy(id), queryFn: () => http.get<ModelAccuracy>(`/models/${id}/accuracy`), staleTime: 0 });
}

export function useModelMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: modelKeys.all, exact: true });
  return {
    create: useMutation({ mutationFn: (body: ModelCreateRequest) => http.post<Model>('/models', body), onSuccess: refresh }),
    update: useMutation({ mutationFn: ({ id, ...body }: ModelUpdateRequest & { id: string }) => http.patch<Model>(`/models/${id}`, body), onSettled: refresh }),
    /** An onnx-yolo model's file, multipart (the server loads and checks it: 422 if it is not a detector fitting the classes). */
    upload: useMutation({
      mutationFn: ({ id, file }: { id: string; file: File }) => {
        const form = new FormData();
        form.append('file', file, file.name);
        return http.put<Model>(`/models/${id}/file`, undefined, { formData: form });
      },
      onSettled: refresh,
    }),
    remove: useMutation({ mutationFn: (id: string) => http.delete(`/models/${id}`), onSettled: refresh }),
  };
}

export function usePreannotate(projectId: string) {
  return useMutation({ mutationFn: (body: PreannotationRequest) => http.post<JobRun>(`/projects/${projectId}/preannotations`, body) });
}

/** The models enabled in a project, for an editor's *Auto-annotate* (anyone who may annotate there). */
export function useProjectModels(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['models', 'project', projectId] as const,
    queryFn: () => http.get<{ items: ProjectModel[] }>(`/projects/${projectId}/models`),
    enabled,
    staleTime: 60_000,
  });
}

/** Runs one model on the asset open in the editor: on the task's asset, or on the asset's own set. */
export function useAutoAnnotate(target: { taskId?: string; assetId: string }) {
  return useMutation({
    mutationFn: (body: AutoAnnotateRequest) =>
      http.post<JobRun>(target.taskId ? `/tasks/${target.taskId}/auto-annotate` : `/assets/${target.assetId}/auto-annotate`, body),
  });
}
