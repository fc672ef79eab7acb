import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { CANCELLABLE_JOBS, type JobRun, type JobState, type jobRunList } from '@tessera/contracts';
import { http } from '../api/client';
import { downloadWithAuth } from '../api/download';
import { jobRunsArePushed } from './live';

/** Poll a moving run every second, or every ten while progress is pushed over the socket. */
export const pollInterval = (run: JobRun | undefined) => (run && isFinished(run.state) ? false : jobRunsArePushed() ? 10_000 : 1000);

export const isFinished = (s: JobState) => s === 'succeeded' || s === 'failed' || s === 'cancelled';

export function useJobRuns(query: { state?: JobState; limit: number; offset: number }) {
  return useQuery({
    queryKey: ['job-runs', query],
    queryFn: () => http.get<z.infer<typeof jobRunList>>('/job-runs', query),
    // Keep the table live while anything on it is still moving.
    refetchInterval: (q) => (q.state.data?.items.some((r) => !isFinished(r.state)) ? 2000 : false),
  });
}

/** One run, polled every second until it is done. */
export function useJobRun(id: string | null) {
  return useQuery({
    queryKey: ['job-runs', 'one', id],
    queryFn: () => http.get<JobRun>(`/job-runs/${id}`),
    enabled: !!id,
    refetchInterval: (q) => pollInterval(q.state.data),
  });
}

export function downloadJobResult(run: JobRun) {
  return downloadWithAuth(`/job-runs/${run.id}/download`, run.result?.fileName ?? `${run.type}-${run.id}`);
}

/** Whether the run is of a kind that may be stopped, and still moving. */
export const isCancellable = (run: JobRun) => CANCELLABLE_JOBS.includes(run.type) && !isFinished(run.state);

/** Stops a queued or running run (an export); the server keeps no file of it. */
export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => http.post<JobRun>(`/job-runs/${runId}/cancel`),
    onSuccess: (run) => {
      qc.setQueryData(['job-runs', 'one', run.id], run);
      void qc.invalidateQueries({ queryKey: ['job-runs'] });
    },
  });
}
