import type { JobContext, JobName, JobPayload, JobResult } from '@tessera/contracts';

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<JobResult>;

/** A handler for every job name; the compiler insists on all of them, and the worker checks again at start. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };
