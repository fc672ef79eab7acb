/**
 * The editor's workers, started ahead of the editor that uses them. While the
 * editor opened, the settle worker handled its first message 155-258 ms after
 * it was made (its script and thread starting while the main thread went on
 * with the editor's first render), and its first bitmap is the last thing the
 * open waits for. A host that knows an image editor is coming (the task page
 * as it loads the editor's code, the playground before it builds its scene)
 * calls prepareWorkers(), and the editor then takes workers already running.
 */

type Kind = 'settle' | 'mip';

// Each `new Worker(new URL(…))` stays literal: that is how the bundler finds and builds the worker's script.
const start: Record<Kind, () => Worker> = {
  settle: () => new Worker(new URL('./settle.worker.ts', import.meta.url), { type: 'module', name: 'tessera-settle' }),
  mip: () => new Worker(new URL('./mip.worker.ts', import.meta.url), { type: 'module', name: 'tessera-mip' }),
};

/**
 * One waiting worker of each kind, at most. One an editor did not take (a small scene has no settle worker) waits for
 * the next editor: ending it with the editor that closed would also end what a host had already prepared for the next
 * asset (the task page prepares as soon as it knows the next task's asset).
 */
const spares = new Map<Kind, Worker>();

/** Whether the editor's workers can run here (not in jsdom, nor where OffscreenCanvas is missing). */
export const workersRun = () => typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined';

/** Starts one worker of each kind, unless one is already waiting. Never throws: the editor starts its own then. */
export function prepareWorkers() {
  if (!workersRun()) return;
  for (const kind of Object.keys(start) as Kind[]) {
    if (spares.has(kind)) continue;
    try {
      spares.set(kind, start[kind]());
    } catch {
      return;
    }
  }
}

/** A waiting worker of this kind (`prepared`), or a new one (which may throw, as `new Worker` does). */
export function takeWorker(kind: Kind): { worker: Worker; prepared: boolean } {
  const spare = spares.get(kind);
  spares.delete(kind);
  return spare ? { worker: spare, prepared: true } : { worker: start[kind](), prepared: false };
}
