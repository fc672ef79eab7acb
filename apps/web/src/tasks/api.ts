import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AnnotationSnapshot,
  AssignRequest,
  Batch,
  BatchCreateRequest,
  BatchPreview,
  Comment,
  Task,
  TaskStage,
  assignResult,
  batchList,
  commentCreateRequest,
  commentList,
  heartbeatResult,
  myDashboard,
  projectDashboard,
  reviewRequest,
  submitResult,
  taskList,
  transitionList,
} from '@tessera/contracts';
import { http } from '../api/client';
import { editorAssetQuery } from '../annotations/asset-query';
import { projectQuery } from '../projects/api';

export type BatchList = z.infer<typeof batchList>;
export type TaskList = z.infer<typeof taskList>;
export type AssignResult = z.infer<typeof assignResult>;
export type SubmitResult = z.infer<typeof submitResult>;
export type HeartbeatResult = z.infer<typeof heartbeatResult>;
export type MyDashboard = z.infer<typeof myDashboard>;
export type ProjectDashboard = z.infer<typeof projectDashboard>;
export type CommentList = z.infer<typeof commentList>;
export type CommentCreate = z.input<typeof commentCreateRequest>;
export type ReviewRequest = z.input<typeof reviewRequest>;
export type TransitionList = z.infer<typeof transitionList>;

/** Query filters of GET /tasks as the browser sends them (strings on the wire). */
export interface TaskFilters {
  projectId?: string;
  batchId?: string;
  stage?: TaskStage;
  state?: Task['state'];
  mine?: boolean;
  limit?: number;
  offset?: number;
}

export const taskKeys = {
  batches: (projectId: string) => ['batches', projectId] as const,
  tasks: (f: TaskFilters) => ['tasks', 'list', f] as const,
  task: (id: string) => ['tasks', 'one', id] as const,
  transitions: (id: string) => ['tasks', 'one', id, 'transitions'] as const,
  annotations: (id: string) => ['tasks', 'one', id, 'annotations'] as const,
  comments: (id: string) => ['task-comments', id] as const,
  projectDashboard: (id: string) => ['dashboard', 'project', id] as const,
  myDashboard: (projectId?: string) => ['dashboard', 'me', projectId ?? null] as const,
};

export function useBatches(projectId: string) {
  return useQuery({
    queryKey: taskKeys.batches(projectId),
    queryFn: () => http.get<BatchList>(`/projects/${projectId}/batches`, { limit: 500 }),
    // Progress moves while people work; a slow poll keeps the bars honest without a socket.
    refetchInterval: 15_000,
  });
}

/** What a batch of this selection would hold now, as the server would make it (kept while the next answer comes). */
export function useBatchPreview(projectId: string, selection: BatchCreateRequest['selection']) {
  return useQuery({
    queryKey: [...taskKeys.batches(projectId), 'preview', selection],
    queryFn: () => http.post<BatchPreview>(`/projects/${projectId}/batches/preview`, { selection }),
    placeholderData: keepPreviousData,
  });
}

export function useTasks(filters: TaskFilters, enabled = true) {
  return useQuery({
    queryKey: taskKeys.tasks(filters),
    queryFn: () => http.get<TaskList>('/tasks', { ...filters, mine: filters.mine === undefined ? undefined : String(filters.mine) }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * What the task page shows besides the task, asked for as soon as the task is known (its asset also starts its
 * editor's loads): the page would otherwise ask for them only once its own code has come and React has shown it.
 * Only what is not cached yet: the task is read again after every change and notification, and keeping the rest
 * fresh is the page's own queries' business.
 */
export function prefetchTaskPage(client: QueryClient, task: Pick<Task, 'projectId' | 'assetId'>) {
  void client.prefetchQuery({ ...projectQuery(task.projectId), staleTime: Infinity });
  void client.prefetchQuery({ ...editorAssetQuery(task.assetId), staleTime: Infinity });
}

export const taskQuery = (id: string) =>
  queryOptions({
    queryKey: taskKeys.task(id),
    queryFn: async ({ client }) => {
      const task = await http.get<Task>(`/tasks/${id}`);
      prefetchTaskPage(client, task);
      return task;
    },
  });

export function useTask(id: string) {
  return useQuery({ ...taskQuery(id), enabled: !!id });
}

export function useTransitions(id: string) {
  return useQuery({ queryKey: taskKeys.transitions(id), queryFn: () => http.get<TransitionList>(`/tasks/${id}/transitions`), enabled: !!id });
}

export function useTaskAnnotations(id: string) {
  return useQuery({ queryKey: taskKeys.annotations(id), queryFn: () => http.get<AnnotationSnapshot>(`/tasks/${id}/annotations`), enabled: !!id });
}

/** Comments live on the annotate task; a review task's comments are shown there too. */
export function useComments(annotateTaskId: string | undefined) {
  return useQuery({
    queryKey: taskKeys.comments(annotateTaskId ?? ''),
    queryFn: () => http.get<CommentList>(`/tasks/${annotateTaskId}/comments`),
    enabled: !!annotateTaskId,
    refetchInterval: 30_000,
  });
}

export function useProjectDashboard(projectId: string) {
  return useQuery({
    queryKey: taskKeys.projectDashboard(projectId),
    queryFn: () => http.get<ProjectDashboard>(`/projects/${projectId}/dashboard`),
    refetchInterval: 30_000,
  });
}

/** My figures, open work and review queue in one project (the route needs the project). */
export function useMyDashboard(projectId: string | undefined) {
  return useQuery({
    queryKey: taskKeys.myDashboard(projectId),
    queryFn: () => http.get<MyDashboard>('/me/dashboard', { projectId }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
    enabled: !!projectId,
  });
}

/** Everything that a task move may change: lists, dashboards, the task itself. */
function useInvalidateWork() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['tasks'] }),
      qc.invalidateQueries({ queryKey: ['batches'] }),
      qc.invalidateQueries({ queryKey: ['dashboard'] }),
    ]);
}

export function useBatchMutations(projectId: string) {
  const invalidate = useInvalidateWork();
  return {
    create: useMutation({
      mutationFn: (body: BatchCreateRequest) => http.post<Batch>(`/projects/${projectId}/batches`, body),
      onSuccess: invalidate,
    }),
    assign: useMutation({
      mutationFn: ({ batchId, body }: { batchId: string; body: AssignRequest }) => http.post<AssignResult>(`/batches/${batchId}/assign`, body),
      onSuccess: invalidate,
    }),
  };
}

/** Claims the next task of a stage from a project's pool; null when the pool has nothing for you (204). */
export function useClaimNext() {
  const qc = useQueryClient();
  const invalidate = useInvalidateWork();
  return useMutation({
    mutationFn: async ({ projectId, stage }: { projectId: string; stage: TaskStage }) =>
      (await http.post<Task | undefined>(`/projects/${projectId}/tasks/next`, { stage })) ?? null,
    onSuccess: (task) => {
      // Not awaited: the task page opens at once, while the lists and figures left behind are read again.
      void invalidate();
      // The claim answers with the task as GET /tasks/:id does: the page it opens starts from it (set after the
      // invalidation, which would otherwise mark it stale and have the page ask again).
      if (task) {
        qc.setQueryData(taskKeys.task(task.id), task);
        prefetchTaskPage(qc, task);
      }
    },
  });
}

export function useTaskActions(id: string) {
  const qc = useQueryClient();
  const invalidate = useInvalidateWork();
  const store = (t: Task) => {
    qc.setQueryData(taskKeys.task(t.id), t);
    void invalidate();
  };
  return {
    start: useMutation({ mutationFn: () => http.post<Task>(`/tasks/${id}/start`), onSuccess: store }),
    skip: useMutation({ mutationFn: () => http.post<Task>(`/tasks/${id}/skip`), onSuccess: store }),
    submit: useMutation({ mutationFn: () => http.post<SubmitResult>(`/tasks/${id}/submit`), onSuccess: (r) => store(r.task) }),
    review: useMutation({
      mutationFn: (body: ReviewRequest) => http.post<Task>(`/tasks/${id}/review`, body),
      onSuccess: (t) => {
        store(t);
        void qc.invalidateQueries({ queryKey: ['task-comments'] });
      },
    }),
  };
}

export function heartbeat(id: string, active: boolean) {
  return http.post<HeartbeatResult>(`/tasks/${id}/heartbeat`, { active });
}

/** Posting goes to the task on screen; reading is from the annotate task (see useComments). */
export function useCommentMutations(taskId: string, annotateTaskId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: taskKeys.comments(annotateTaskId) });
  return {
    post: useMutation({ mutationFn: (body: CommentCreate) => http.post<Comment>(`/tasks/${taskId}/comments`, body), onSuccess: refresh }),
    resolve: useMutation({
      mutationFn: ({ id, resolved }: { id: string; resolved: boolean }) => http.patch<Comment>(`/comments/${id}`, { resolved }),
      onSuccess: refresh,
    }),
  };
}

export function setGold(assetId: string, gold: boolean) {
  return http.put<{ assetId: string; gold: boolean }>(`/assets/${assetId}/gold`, { gold });
}
