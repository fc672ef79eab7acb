import { JOB_NAMES, type JobContext, type JobName, type JobPayload, type JobResult } from '@tessera/contracts';

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<JobResult>;

/** A handler for every job name; the compiler insists on all of them, and the worker checks again at start. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/** Refuses to start unless every job name has a handler (and no handler lacks a name). */
export function assertHandlersComplete(handlers: Partial<Record<string, unknown>>): void {
  const missing = JOB_NAMES.filter((n) => typeof handlers[n] !== 'function');
  const unknown = Object.keys(handlers).filter((n) => !(JOB_NAMES as string[]).includes(n));
  if (missing.length || unknown.length) {
    throw new Error(`Job handlers do not match the job contract: missing [${missing.join(', ')}], unknown [${unknown.join(', ')}]`);
  }
}
