// Preload for a memory look (`node --require ./bench/tools/memory-trace.cjs …`): every
// MEMORY_TRACE_MS (500) the process writes its RSS, V8 heap (used / total), external and
// array-buffer memory and the sizes of V8's new and old spaces to stderr, in MB, so a bench
// shows where a peak RSS comes from.
'use strict';
const v8 = require('node:v8');
const every = Number(process.env.MEMORY_TRACE_MS ?? 500);
const mb = (n) => Math.round(n / 1048576);
let last = '';
setInterval(() => {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s]));
  const space = (name) => `${mb(spaces[name]?.space_used_size ?? 0)}/${mb(spaces[name]?.space_size ?? 0)}`;
  const line = `mem rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} (new ${space('new_space')} old ${space('old_space')} large ${space('large_object_space')}) external ${mb(m.external)} buffers ${mb(m.arrayBuffers)}`;
  if (line !== last) process.stderr.write(`${line}\n`);
  last = line;
}, every).unref();
