#!/usr/bin/env node
// `npm run bench` runs every bench/*.bench.mjs; `npm run bench -- NAME` runs one.
// Each writes bench/results/NAME.json:
// {"bench", "at", "machine": {"cpus", "node"}, "metrics": {"NAME.metric": n}, "notes": []}
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const all = readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).map((f) => f.replace('.bench.mjs', ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; have: ${all.join(', ')}`);
  process.exit(2);
}

const build = spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
await mkdir(join(here, 'results'), { recursive: true });

for (const name of wanted.length ? wanted : all) {
  console.log(`\n# bench ${name}`);
  const mod = await import(pathToFileURL(join(here, `${name}.bench.mjs`)).href);
  const { metrics, notes = [] } = await mod.run({ root });
  const result = { bench: name, at: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version }, metrics, notes };
  console.table(Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, { value: v }])));
  for (const n of notes) console.log(`  note: ${n}`);
  await writeFile(join(here, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  console.log(`  → bench/results/${name}.json`);
}
