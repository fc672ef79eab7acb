import { ConfigError, loadConfig } from '@tessera/server/config';
import { createApi } from './app';

async function main() {
  const config = loadConfig();
  const app = await createApi(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.PORT, host: config.HOST });
  app.getHttpAdapter().getInstance().log.info({ url: `http://localhost:${config.PORT}` }, 'Tessera API listening');
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
