import { useEffect, useRef } from 'react';
import { Progress, Space, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { JobRun, JobState } from '@tessera/contracts';
import { http } from '../api/client';
import { isFinished, pollInterval } from '../jobs/api';
import { JobStateTag } from '../jobs/JobRunStatus';

/**
 * Every upload (one per file) and every retry starts its own ingest run, so a
 * drop of 500 files means 500 runs: one bar over all of them says more than
 * 500 bars. Progress is pushed over the socket; each run is also polled until
 * it is done (the same query as useJobRun, so the upload list's per-file tags
 * share the requests), every second when nothing is pushed.
 */
export function IngestProgress({ runIds, onFinished }: { runIds: string[]; onFinished: () => void }) {
  const { t } = useTranslation();
  const runs = useQueries({
    queries: runIds.map((id) => ({
      queryKey: ['job-runs', 'one', id],
      queryFn: () => http.get<JobRun>(`/job-runs/${id}`),
      refetchInterval: (q: { state: { data?: JobRun } }) => pollInterval(q.state.data),
    })),
  })
    .map((q) => q.data)
    .filter((r): r is JobRun => !!r);

  // Refresh the grid whenever another run finishes: its assets just changed status.
  const finished = runs.filter((r) => isFinished(r.state)).length;
  const seen = useRef(0);
  useEffect(() => {
    if (finished > seen.current) onFinished();
    seen.current = finished;
  }, [finished]);

  if (runIds.length === 0) return null;
  const sum = (f: (r: JobRun) => number) => runs.reduce((n, r) => n + f(r), 0);
  const total = sum((r) => r.counts.total);
  const processed = sum((r) => r.counts.processed);
  const failed = sum((r) => r.counts.failed);
  const allDone = runs.length === runIds.length && finished === runIds.length;
  // One unreadable file fails its own run; the batch as a whole failed only if nothing got through.
  const state: JobState = !allDone ? 'running' : processed > 0 || total === 0 ? 'succeeded' : 'failed';
  const fraction = total ? (processed + failed) / total : 0;
  return (
    <div data-testid="ingest-run" aria-live="polite">
      <Space wrap>
        <Typography.Text>{t('jobs.types.assets.ingest')}</Typography.Text>
        <JobStateTag state={state} />
        <Typography.Text type={failed ? 'danger' : 'secondary'}>{t('assets.runCounts', { processed, failed, total })}</Typography.Text>
        <Typography.Text type="secondary">{t('assets.runCount', { count: runIds.length })}</Typography.Text>
      </Space>
      <Progress
        percent={Math.round(fraction * 100)}
        size="small"
        status={!allDone ? 'normal' : state === 'failed' ? 'exception' : 'success'}
        aria-label={t('jobs.progressOf', { type: t('jobs.types.assets.ingest') })}
      />
    </div>
  );
}
