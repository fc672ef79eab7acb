#!/usr/bin/env node
// `npx tessera …`: runs the CLI (libs/client/src/cli.ts), bundled on first use into dist/.
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..', '..', '..');
const out = join(root, 'dist', 'libs', 'client', 'cli.cjs');
const src = join(__dirname, '..', 'src', 'cli.ts');
if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
  require('esbuild').buildSync({
    absWorkingDir: root, entryPoints: [src], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out,
    tsconfig: join(root, 'tsconfig.base.json'), logLevel: 'warning',
  });
}
require(out);
