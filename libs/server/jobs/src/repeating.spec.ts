import { Logger } from '@nestjs/common';
import { repeatEvery } from './repeating';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A logger that keeps its warnings. */
function keeping() {
  const warnings: string[] = [];
  const log = new Logger('test');
  log.warn = (message: string) => void warnings.push(message);
  return { log, warnings };
}

it('runs one pass at a time: a pass slower than the interval is not piled on', async () => {
  const { log } = keeping();
  let running = 0;
  let most = 0;
  let passes = 0;
  const repeating = repeatEvery(10, log, 'slow pass', async () => {
    most = Math.max(most, ++running);
    await sleep(60);
    running--;
    passes++;
  });
  // Some twenty ticks go by in three passes.
  while (passes < 3) await sleep(10);
  await repeating.stop();
  expect(most).toBe(1);
});

it('logs a failed pass and tries again at the next tick', async () => {
  const { log, warnings } = keeping();
  let tries = 0;
  const repeating = repeatEvery(10, log, 'flaky pass', async () => {
    if (++tries === 1) throw new Error('Redis away');
  });
  while (tries < 3) await sleep(10);
  await repeating.stop();
  expect(warnings).toEqual(['flaky pass failed, next in 10 ms: Redis away']);
});

it('stops: answers once the pass under way has ended, and starts no other', async () => {
  const { log } = keeping();
  let started = 0;
  let ended = 0;
  const repeating = repeatEvery(10, log, 'pass', async () => {
    started++;
    await sleep(50);
    ended++;
  });
  while (!started) await sleep(5);
  await repeating.stop();
  expect(ended).toBe(started);
  await sleep(40);
  expect(started).toBe(1);
});
