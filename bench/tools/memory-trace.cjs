// Preload for a memory look (`node --require ./bench/tools/memory-trace.cjs …`): every
// MEMORY_TRACE_MS (500) the process writes its RSS, V8 heap (used / total), external and
// array-buffer memory to stderr, in MB, so a bench shows where a peak RSS comes from.
'use strict';
const every = Number(process.env.MEMORY_TRACE_MS ?? 500);
const mb = (n) => Math.round(n / 1048576);
let last = '';
setInterval(() => {
  const m = process.memoryUsage();
  const line = `mem rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} buffers ${mb(m.arrayBuffers)}`;
  if (line !== last) process.stderr.write(`${line}\n`);
  last = line;
}, every).unref();
