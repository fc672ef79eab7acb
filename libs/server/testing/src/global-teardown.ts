import { adminQuery, templateName } from './test-db';

/** Drops the run's template; each test file drops its own database. */
export default async function globalTeardown() {
  await adminQuery(`DROP DATABASE IF EXISTS ${templateName()} WITH (FORCE)`).catch(() => undefined);
}
