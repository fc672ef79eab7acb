import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '@tessera/server/config';
import { poolDemoWork } from './demo-work';
import { loadDemoAssets, login } from './load-demo-assets';

/**
 * `node dist/seeds/load.js`: once the API and worker run, uploads the demo
 * projects' generated images, texts and CT series through the API (projects
 * that have assets already are skipped), and once they are in, puts each
 * project's data in its pool as a batch (projects with a batch are skipped).
 * `npm run up` runs it.
 */
async function main() {
  const config = loadConfig();
  const url = process.env.TESSERA_URL ?? `http://127.0.0.1:${config.PORT}`;
  const cacheDir = join(resolve(config.DATA_DIR), 'seed-cache');
  const email = 'manager@demo.local';
  const password = process.env.TESSERA_DEMO_PASSWORD || 'demo-password';
  const loaded = await loadDemoAssets({ url, email, password, cacheDir, log: (m) => console.log(`demo assets: ${m}`) });
  const kept = loaded.filter((l) => !l.uploaded).map((l) => l.project);
  if (kept.length) console.log(`demo assets: ${kept.join(', ')} already had data; left as they are`);
  if (loaded.some((l) => l.uploaded)) console.log(`demo assets: ground truth (boxes, spans, phantom) in ${cacheDir}`);
  // A fresh token: ingest of the CT can outlast the first one.
  await poolDemoWork(loaded, { url, token: await login(url, email, password), log: (m) => console.log(`demo work: ${m}`) });
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : `loading demo assets failed: ${(e as Error).message}`);
  process.exit(1);
});
