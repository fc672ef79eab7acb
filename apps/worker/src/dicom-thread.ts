// Runs in a worker thread: parsing untrusted DICOM is the one place a crafted
// file could spin or balloon, so it happens where it can be stopped and bounded.
import { parentPort } from 'node:worker_threads';
import { deidentifyInThread, transferable, type DeidRequest } from '@tessera/dicom';

parentPort!.on('message', (req: DeidRequest) => {
  const answer = deidentifyInThread(req);
  parentPort!.postMessage(answer, answer.ok ? transferable(answer.outcome.bytes) : []);
});
