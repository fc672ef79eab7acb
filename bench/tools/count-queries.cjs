// Preload for a profiling run: counts every statement the process sends through
// the pg driver, by statement shape, with the time from send to answer.
//
//   BENCH_COUNT_QUERIES=/tmp/q.json NODE_OPTIONS="--require ./bench/tools/count-queries.cjs" npm run bench -- pool
//
// Only the API process (dist/apps/api/main.js) counts, or the worker's with BENCH_COUNT_PROCESS=worker;
// it writes the table to BENCH_COUNT_QUERIES every two seconds. Not for the measured runs: it costs a
// little per statement.
'use strict';
const out = process.env.BENCH_COUNT_QUERIES;
const counted = process.env.BENCH_COUNT_PROCESS === 'worker' ? 'worker' : 'api';
if (out && new RegExp(`apps[\\\\/]${counted}[\\\\/]main\\.js$`).test(process.argv[1] ?? '')) {
  const { writeFileSync } = require('node:fs');
  const { performance } = require('node:perf_hooks');
  const pg = require(require.resolve('pg', { paths: [process.cwd()] }));
  const stats = new Map();
  const shape = (text) => String(text).replace(/\s+/g, ' ').trim().slice(0, 140);
  const record = (key, ms) => {
    const s = stats.get(key) ?? stats.set(key, { n: 0, ms: 0 }).get(key);
    s.n++;
    s.ms += ms;
  };
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === 'string' ? config : config?.text;
    if (text === undefined) return original.call(this, config, values, callback);
    const key = shape(text);
    const t0 = performance.now();
    const cb = typeof values === 'function' ? values : callback;
    if (cb) {
      const wrapped = (err, res) => {
        record(key, performance.now() - t0);
        cb(err, res);
      };
      return typeof values === 'function' ? original.call(this, config, wrapped) : original.call(this, config, values, wrapped);
    }
    const p = original.call(this, config, values);
    if (p && typeof p.then === 'function') p.then(() => record(key, performance.now() - t0), () => record(key, performance.now() - t0));
    return p;
  };
  const dump = () => {
    const rows = [...stats].map(([sql, s]) => ({ n: s.n, ms: Math.round(s.ms), sql })).sort((a, b) => b.n - a.n);
    writeFileSync(out, JSON.stringify({ total: rows.reduce((a, r) => a + r.n, 0), rows }, null, 1));
  };
  // Nest's shutdown hooks end the process by re-raising SIGTERM, so no 'exit' event: write as we go.
  setInterval(dump, 2000).unref();
  process.on('exit', dump);
}
