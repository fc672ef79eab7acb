// Bundles the server entry points (api, worker, front, migrate, seed, demo-asset loader) into dist/ with
// esbuild; SWC compiles each TypeScript file first so decorator metadata exists.
// npm packages stay external and load from node_modules.
import { build } from 'esbuild';
import { transform } from '@swc/core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const swcOptions = require('./swc-options.cjs');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const swcDecorators = {
  name: 'swc-decorators',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const out = await transform(source, { ...swcOptions, filename: args.path, sourceMaps: 'inline' });
      return { contents: out.code, loader: 'js' };
    });
  },
};

export const ENTRY_POINTS = {
  'apps/api/main': 'apps/api/src/main.ts',
  'apps/api/migrate': 'apps/api/src/migrate.ts',
  'apps/worker/main': 'apps/worker/src/main.ts',
  'apps/front/main': 'apps/front/src/main.ts',
  'apps/worker/dicom-thread': 'apps/worker/src/dicom-thread.ts',
  'apps/worker/model-thread': 'apps/worker/src/model-thread.ts',
  'seeds/seed': 'seeds/src/seed.ts',
  'seeds/load': 'seeds/src/load.ts',
};

export async function buildServer() {
  const started = Date.now();
  await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: 'tsconfig.base.json',
    sourcemap: 'inline',
    keepNames: true,
    logLevel: 'warning',
    plugins: [swcDecorators],
  });
  return Date.now() - started;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ms = await buildServer();
  console.log(`server built in ${ms} ms → dist/{apps/api,apps/worker,seeds}`);
}
