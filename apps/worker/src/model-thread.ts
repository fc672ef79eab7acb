// Runs in a worker thread: model inference is CPU work (a CT series, a page of
// text) that must not hold the worker's event loop, where job locks are
// renewed and progress is written. Each model is loaded once, on first use,
// and kept for the thread's life.
import { parentPort, workerData } from 'node:worker_threads';
import { ModelCache } from '@tessera/ml';
import { guardedFetch } from '@tessera/server/storage';
import { specConfig, type ThreadAnswer, type ThreadRequest } from '@tessera/server/preannotation';

const cache = new ModelCache();
// Remote models call out only through the outbound guard (OUTBOUND_ALLOW_HOSTS).
const fetch = guardedFetch((workerData as { allowHosts: string[] }).allowHosts);

parentPort!.on('message', async (req: ThreadRequest) => {
  let answer: ThreadAnswer;
  try {
    const { key, config } = specConfig(req.spec);
    const backend = await cache.get(req.spec.kind, { ...config, fetch }, key);
    answer = { id: req.id, predictions: await backend.predict(req.input, req.options) };
  } catch (e) {
    answer = { id: req.id, error: (e as Error).message ?? String(e) };
  }
  parentPort!.postMessage(answer);
});
