import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { Config } from '@tessera/server/config';
import { PubSub } from './pubsub';

/** Two processes' PubSubs on one Redis: who hears which messages, and a process's own messages left unread where no one wants them. */

// This library cannot use the testing one's helpers (it depends on this one): the same Redis, a prefix of its own.
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const config = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `tt_${randomBytes(5).toString('hex')}` } as Config;
const connections: Redis[] = [];
const processes: PubSub[] = [];
function aProcess(): PubSub {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  const pubsub = new PubSub(config, redis);
  processes.push(pubsub);
  return pubsub;
}
afterAll(async () => {
  await Promise.all(processes.map((p) => p.onApplicationShutdown()));
  await Promise.all(connections.map((c) => c.quit()));
});

async function listening(p: PubSub) {
  for (let i = 0; i < 100 && !p.listening; i++) await new Promise((r) => setTimeout(r, 20));
  expect(p.listening).toBe(true);
}

/** Resolves once `heard` holds a message with this mark: Redis delivers one channel's messages in the order it took them. */
async function until(heard: { mark: string }[], mark: string) {
  for (let i = 0; i < 100 && !heard.some((m) => m.mark === mark); i++) await new Promise((r) => setTimeout(r, 20));
}

it("hears every process's messages, and with own: false only the others'", async () => {
  const [here, there] = [aProcess(), aProcess()];
  const all: { mark: string }[] = [];
  const others: { mark: string }[] = [];
  here.subscribe<{ mark: string }>('both', (m) => all.push(m));
  const stop = here.subscribe<{ mark: string }>('both', (m) => others.push(m), { own: false });
  await listening(here);
  expect(await here.publish('both', { mark: 'own' })).toBe(true);
  await there.publish('both', { mark: 'theirs' });
  await until(others, 'theirs');
  expect(all.map((m) => m.mark)).toEqual(['own', 'theirs']);
  expect(others.map((m) => m.mark)).toEqual(['theirs']);

  stop();
  await there.publish('both', { mark: 'later' });
  await until(all, 'later');
  expect(others.map((m) => m.mark)).toEqual(['theirs']);
});

it('does not parse its own message where every listener leaves its own out', async () => {
  const [here, there] = [aProcess(), aProcess()];
  const heard: { mark: string }[] = [];
  here.subscribe<{ mark: string }>('others-only', (m) => heard.push(m), { own: false });
  await listening(here);
  const parse = jest.spyOn(JSON, 'parse');
  try {
    await here.publish('others-only', { mark: 'own-unread' });
    await there.publish('others-only', { mark: 'theirs-read' });
    await until(heard, 'theirs-read');
    const parsed = (mark: string) => parse.mock.calls.filter(([raw]) => typeof raw === 'string' && raw.includes(mark)).length;
    expect([parsed('own-unread'), parsed('theirs-read')]).toEqual([0, 1]);
    expect(heard.map((m) => m.mark)).toEqual(['theirs-read']);
  } finally {
    parse.mockRestore();
  }
});
