import type { JobName, JobPayload } from '@tessera/contracts';
import type { RetryOptions } from './job-queues';

/** One item of a job as its handler counts it (`key`, in a job that carries several) and as the run's errors name it. */
export interface JobItem {
  key?: string;
  item: string;
}

const byIndex = (names: string[]): JobItem[] => names.map((item, i) => ({ key: String(i), item }));

/**
 * The items of each job that carries several (started with a `count`), keyed as its handler keys them in
 * `itemsDone`. The runner counts them itself when the handler could not (it failed on its last attempt before
 * counting, or BullMQ gave up on the job without running it), so that the run still closes.
 */
const SEVERAL: { [N in JobName]?: (p: JobPayload<N>) => JobItem[] } = {
  'assets.ingest': (p) => byIndex(p.assetIds),
  'dicom.ingest': (p) => byIndex(p.files.map((f) => f.name)),
  'quality.asset': (p) => byIndex(p.assetIds),
  'quality.fingerprint': (p) => byIndex(p.assetIds),
  'preannotate.run': (p) => p.assetIds.map((id) => ({ key: id, item: id })),
};

/** Whether a kind of job may carry several items (createItems refuses a `count` for one that may not). */
export const carriesSeveral = (name: JobName) => name in SEVERAL;

/** The items a job carries: one, named by the job, unless its kind carries several. */
export function itemsOf<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string): JobItem[] {
  const several = SEVERAL[name] as ((p: JobPayload<N>) => JobItem[]) | undefined;
  return several ? several(payload) : [{ item: jobId }];
}

/** A fanned-out job's id: its run and its key, so a job added twice (a retried request, the reconciler) stays one. */
export const itemJobId = (runId: string, key: string) => `${runId}-${key}`;

/**
 * What an item run keeps of the jobs it fanned out to while it is open (`job_runs.item_jobs`): each job's key,
 * its item count where it carries several, its payload but for the org and run, and how its jobs are retried.
 * The reconciler queues again from it the jobs whose items are not all counted and that BullMQ no longer has.
 */
export interface ItemJobs {
  retry: RetryOptions;
  jobs: { key: string; count?: number; payload: Record<string, unknown> }[];
}
