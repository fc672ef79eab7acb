import { ConfigError, loadConfig } from '@tessera/server/config';
import { openDataSource } from '@tessera/server/db';
import { seedDemo } from './seed-demo';

/** `node dist/seeds/seed.js`: loads the demo data (run after migrate). */
async function main() {
  const config = loadConfig();
  const db = await openDataSource(config.DATABASE_URL);
  try {
    const report = await seedDemo(db, process.env.TESSERA_DEMO_PASSWORD || 'demo-password');
    console.log(`demo data: ${report.createdUsers} users and ${report.createdProjects} projects added (organisation ${report.orgId})`);
  } finally {
    await db.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
