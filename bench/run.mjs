#!/usr/bin/env node
// `npm run bench` runs every bench/*.bench.mjs; `npm run bench -- NAME…` runs some.
// `--out DIR` (or BENCH_OUT) writes the results into DIR instead of bench/results,
// so that two runs can be kept side by side and compared with bench/compare.mjs.
// Each bench writes DIR/NAME.json:
// {"bench", "at", "machine": {"cpus", "node", "loadavg"}, "metrics": {"NAME.metric": n}, "notes": []}
// A bench that throws writes {"bench", "at", "machine", "error"} instead and the
// others still run; the exit code says whether any failed.
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
// BENCH_ROOT runs the benches against another checkout's build (e.g. a saved copy of main's dist/, for
// before/after runs taken alternately); BENCH_SKIP_BUILD=1 uses dist/ as it is.
const root = process.env.BENCH_ROOT ? resolve(process.env.BENCH_ROOT) : join(here, '..');
const all = readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).map((f) => f.replace('.bench.mjs', ''));

const args = process.argv.slice(2);
let out = process.env.BENCH_OUT ? resolve(process.env.BENCH_OUT) : join(here, 'results');
const wanted = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = resolve(args[++i] ?? '');
  else if (args[i].startsWith('--out=')) out = resolve(args[i].slice('--out='.length));
  else wanted.push(args[i]);
}
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; have: ${all.join(', ')}`);
  process.exit(2);
}

if (!process.env.BENCH_SKIP_BUILD) {
  const build = spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
await mkdir(out, { recursive: true });

// The load average goes into every result: on a shared machine it is what makes two figures comparable or not.
const machine = () => ({ cpus: cpus().length, node: process.version, loadavg: loadavg().map((l) => Math.round(l * 100) / 100) });
const failed = [];
for (const name of wanted.length ? wanted : all) {
  console.log(`\n# bench ${name}`);
  const file = join(out, `${name}.json`);
  const before = machine();
  let result;
  try {
    const mod = await import(pathToFileURL(join(here, `${name}.bench.mjs`)).href);
    const { metrics, notes = [] } = await mod.run({ root });
    result = { bench: name, at: new Date().toISOString(), machine: { ...machine(), loadavgBefore: before.loadavg }, metrics, notes };
    console.table(Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, { value: v }])));
    for (const n of notes) console.log(`  note: ${n}`);
  } catch (e) {
    failed.push(name);
    console.error(`  bench ${name} failed:`, e);
    result = { bench: name, at: new Date().toISOString(), machine: { ...machine(), loadavgBefore: before.loadavg }, error: String(e?.stack ?? e) };
  }
  await writeFile(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`  → ${file}`);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
