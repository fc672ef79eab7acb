import { ConfigError, loadConfig } from '@tessera/server/config';
import { migrate } from '@tessera/server/db';

/** `node dist/apps/api/migrate.js`: creates the database if needed and runs pending migrations. */
async function main() {
  const config = loadConfig();
  const ran = await migrate(config.DATABASE_URL);
  console.log(ran.length ? `migrations run: ${ran.join(', ')}` : 'database is up to date');
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
