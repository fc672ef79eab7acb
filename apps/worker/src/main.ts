import { ConfigError, loadConfig } from '@tessera/server/config';
import { createWorker } from './worker';

async function main() {
  const worker = await createWorker(loadConfig());
  // SIGTERM/SIGINT close the workers, which wait for running jobs, then the connections.
  worker.enableShutdownHooks();
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
