import { loadConfig, type Config } from '@tessera/server/config';
import type { TestServer } from './test-server';

/**
 * The configuration a test server's processes run with, for services a test
 * starts in its own process beside them (the same database, Redis prefix and
 * secrets): what they write, the processes see, and the other way round.
 */
export function configOf(server: TestServer): Config {
  return loadConfig(server.env);
}
