import type { Batch } from '@tessera/contracts';
import { call, type LoadedProject } from './load-demo-assets';

interface WorkOptions {
  url: string;
  /** a manager's access token */
  token: string;
  /** how long to wait for a project's ingest before pooling what is ready (the CT takes longest) */
  waitSeconds?: number;
  log?: (message: string) => void;
}

/**
 * Puts each demo project's data in its pool as one batch, so an annotator who
 * logs in can take work at once (My tasks → Next task). Waits for the
 * project's ingest first; a project that has a batch already is left alone.
 */
export async function poolDemoWork(projects: readonly LoadedProject[], o: WorkOptions): Promise<void> {
  const log = o.log ?? (() => undefined);
  await Promise.all(projects.map(async ({ project, projectId }) => {
    const existing = await call<{ items: unknown[] }>(o.url, o.token, `/api/v1/projects/${projectId}/batches`);
    if (existing.items.length) return;
    const deadline = Date.now() + (o.waitSeconds ?? 180) * 1000;
    let counts = { pending: 1, ready: 0 };
    // Nothing pending and nothing ready is not done: a DICOM upload's series asset is made by its ingest job, so
    // just after the upload the project can have no asset at all yet.
    const waiting = () => counts.pending > 0 || counts.ready === 0;
    while (waiting() && Date.now() < deadline) {
      counts = (await call<{ counts: { pending: number; ready: number } }>(o.url, o.token, `/api/v1/projects/${projectId}/assets?limit=1`)).counts;
      if (waiting()) await new Promise((r) => setTimeout(r, 1000));
    }
    if (!counts.ready) return log(`${project}: nothing ready yet to put in the pool`);
    const batch = await call<Batch>(o.url, o.token, `/api/v1/projects/${projectId}/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Demo batch', selection: { filter: {} } }),
    });
    log(`${project}: ${batch.assetCount} asset${batch.assetCount === 1 ? '' : 's'} in the pool as "${batch.name}"${counts.pending ? ` (${counts.pending} still coming in, not in it)` : ''}`);
  }));
}
