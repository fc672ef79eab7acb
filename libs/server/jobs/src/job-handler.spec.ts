import { JOB_NAMES } from '@tessera/contracts';
import { assertHandlersComplete } from './job-handler';

const all = () => Object.fromEntries(JOB_NAMES.map((n) => [n, async () => null]));

it('accepts a handler for every job name', () => {
  expect(() => assertHandlersComplete(all())).not.toThrow();
});

it('refuses to start when a job name has no handler', () => {
  const handlers = all();
  delete handlers['audit.export'];
  expect(() => assertHandlersComplete(handlers)).toThrow(/missing \[audit\.export\]/);
});

it('refuses a handler for a job nobody can enqueue', () => {
  expect(() => assertHandlersComplete({ ...all(), 'made.up': async () => null })).toThrow(/unknown \[made\.up\]/);
});
