import type { Logger } from '@nestjs/common';

export interface Repeating {
  /** No more passes; answers once the pass under way, if any, has ended. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `everyMs` until stopped, for the sweeps a process keeps up while it runs: one pass at a time
 * (a slow one, Redis away, is not piled on), a failure logged and tried again at the next tick. The timer keeps no
 * process alive.
 */
export function repeatEvery(everyMs: number, log: Logger, what: string, pass: () => Promise<unknown>): Repeating {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= pass()
      .then(() => undefined, (e: Error) => log.warn(`${what} failed, next in ${everyMs} ms: ${e.message}`))
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
