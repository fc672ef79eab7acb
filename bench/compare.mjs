#!/usr/bin/env node
// Compares two sets of bench results and prints each metric's change.
//
//   node bench/compare.mjs BEFORE AFTER
//
// BEFORE and AFTER are result folders (as written by `npm run bench -- --out DIR`)
// or comma-separated lists of them: with several folders a side, each metric is the
// median of the runs that have it, and the spread (min–max) is shown, because on a
// shared machine one run says little. A single NAME.json file works as a side too.
//
// Whether up is better is read from the metric's name (…_ms, errors, … lower;
// …_per_s, …_rps, … higher); a change smaller than the spread of either side is
// reported as noise rather than better or worse.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LOWER_IS_BETTER = [/_ms(_|$)/, /_us_per_/, /_s$/, /errors/, /double_assignments/, /_bytes/, /_mb$/, /longest_task/, /_us(_|$)/, /failures/, /lost/];
const HIGHER_IS_BETTER = [/_per_s/, /_rps/, /ops_per/, /throughput/, /_x$/, /speedup/];

function direction(metric) {
  if (HIGHER_IS_BETTER.some((r) => r.test(metric))) return 1;
  if (LOWER_IS_BETTER.some((r) => r.test(metric))) return -1;
  return 0;
}

function readResults(path) {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.json')).map((f) => join(path, f))
    : [path];
  const metrics = {};
  const load = [];
  for (const f of files) {
    let r;
    try {
      r = JSON.parse(readFileSync(f, 'utf8'));
    } catch {
      continue; // not a result file
    }
    if (!r || typeof r !== 'object' || !r.metrics) continue;
    Object.assign(metrics, r.metrics);
    if (r.machine?.loadavg) load.push(r.machine.loadavg[0]);
  }
  return { metrics, load };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One side: the median of each metric over its runs, with the runs' min and max. */
function side(arg) {
  const runs = arg.split(',').filter(Boolean).map(readResults);
  const names = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  const out = new Map();
  for (const n of names) {
    const xs = runs.map((r) => r.metrics[n]).filter((x) => typeof x === 'number' && Number.isFinite(x));
    if (xs.length) out.set(n, { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
  }
  return { metrics: out, runs: runs.length, load: runs.flatMap((r) => r.load) };
}

const fmt = (x) => (Math.abs(x) >= 100 ? String(Math.round(x)) : String(Math.round(x * 100) / 100));
const spread = (s) => (s.n > 1 ? ` (${fmt(s.min)}–${fmt(s.max)})` : '');

export function compare(beforeArg, afterArg) {
  const before = side(beforeArg);
  const after = side(afterArg);
  const names = [...new Set([...before.metrics.keys(), ...after.metrics.keys()])].sort();
  const rows = [];
  for (const name of names) {
    const b = before.metrics.get(name);
    const a = after.metrics.get(name);
    if (!b || !a) {
      rows.push({ metric: name, before: b ? fmt(b.median) + spread(b) : '—', after: a ? fmt(a.median) + spread(a) : '—', change: b ? 'gone' : 'new', verdict: '' });
      continue;
    }
    const diff = a.median - b.median;
    const pct = b.median === 0 ? (diff === 0 ? 0 : Infinity) : (100 * diff) / Math.abs(b.median);
    const dir = direction(name);
    // Overlapping ranges mean the runs cannot tell the two apart.
    const overlaps = before.runs > 1 && after.runs > 1 && a.min <= b.max && b.min <= a.max;
    let verdict = '';
    if (diff === 0) verdict = 'same';
    else if (dir === 0) verdict = '';
    else if (overlaps) verdict = 'noise';
    else verdict = Math.sign(diff) === dir ? 'better' : 'worse';
    const ratio = b.median !== 0 && a.median !== 0 && dir !== 0 ? ` ×${fmt(dir > 0 ? a.median / b.median : b.median / a.median)}` : '';
    rows.push({
      metric: name,
      before: fmt(b.median) + spread(b),
      after: fmt(a.median) + spread(a),
      change: `${diff >= 0 ? '+' : ''}${Number.isFinite(pct) ? fmt(pct) : '∞'}%${verdict === 'better' || verdict === 'worse' ? ratio : ''}`,
      verdict,
    });
  }
  return { rows, before, after };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [beforeArg, afterArg] = process.argv.slice(2);
  if (!beforeArg || !afterArg) {
    console.error('usage: node bench/compare.mjs BEFORE_DIR[,DIR…] AFTER_DIR[,DIR…]');
    process.exit(2);
  }
  const { rows, before, after } = compare(beforeArg, afterArg);
  if (!rows.length) {
    console.error('no metrics found on either side');
    process.exit(1);
  }
  const loadOf = (s) => (s.load.length ? ` load ${s.load.map(fmt).join(', ')}` : '');
  console.log(`before: ${before.runs} run(s)${loadOf(before)}; after: ${after.runs} run(s)${loadOf(after)}; medians, (min–max) over the runs`);
  const cols = ['metric', 'before', 'after', 'change', 'verdict'];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (r) => cols.map((c, i) => String(r[c]).padEnd(width[i])).join('  ').trimEnd();
  console.log(line(Object.fromEntries(cols.map((c) => [c, c]))));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
